// Classes (their bodies are not module level for runner variables) and decorators (which
// only TypeScript's emit lowers for Node 20).
import ts from "typescript";
import { diag } from "../../../diagnostics.js";
import { where } from "./shared.js";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { misplacedExportModifier } from "./ImportDeclaration.js";
import { checkConstructors } from "./EarlyErrors.js";

export const ClassLike: Visitor<AnalyzeState> = {
  enter(node, st) {
    misplacedExportModifier(node, st);
    checkConstructors(node as ts.ClassLikeDeclaration, st);
    if (ts.isClassDeclaration(node) && !node.name && !ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
      st.result.diagnostics.push(diag("classNeedsName", where(node, st)));
    }
    st.classDepth++;
  },
  leave(_n, st) {
    st.classDepth--;
  },
};

export const Decorator: Visitor<AnalyzeState> = {
  enter(_n, st) {
    st.result.needsFullEmit = true;
  },
};
