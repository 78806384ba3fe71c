// `await using x = E`: Python's `async with E as x` (x is what `__aenter__()` returns), in a
// coroutine or — for `await using runner = new asyncio.Runner()` — at module level.
// Also notes `using` declarations, which only TypeScript's emit can lower.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { misplacedExportModifier } from "./ImportDeclaration.js";
import { atModuleLevel, ownerCoroutine, where } from "./shared.js";

export const VariableStatement: Visitor<AnalyzeState> = {
  enter(node, st) {
    const v = node as ts.VariableStatement;
    misplacedExportModifier(v, st);
    const flags = v.declarationList.flags;
    if ((flags & ts.NodeFlags.Using) === 0) return;
    const isAwaitUsing = (flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing;
    if (!isAwaitUsing || !st.bindings.isDSL) {
      st.result.needsFullEmit = true;
      return;
    }
    const sf = st.sf;
    const co = ownerCoroutine(st);
    const decls = v.declarationList.declarations;
    const parent = v.parent;
    const scopeEnd = ts.isBlock(parent) || ts.isModuleBlock(parent) ? parent.getEnd() - 1
      : ts.isSourceFile(parent) ? sf.text.length
      : ts.isCaseClause(parent) || ts.isDefaultClause(parent) ? parent.getEnd() : -1;
    if (scopeEnd < 0 || !decls.every((d) => ts.isIdentifier(d.name))) {
      st.result.diagnostics.push(diag("awaitUsingPlacement", where(v, st)));
      return;
    }
    if (!co && !atModuleLevel(st)) {
      st.result.diagnostics.push(diag("awaitUsingOutsideAsync", where(v, st)));
      return;
    }
    if (ts.isSourceFile(parent)) {
      // Its scope (a try block) runs to the end of the file: no import or export may follow.
      for (const later of parent.statements.slice(parent.statements.indexOf(v) + 1)) {
        const exported = ts.canHaveModifiers(later) && ts.getModifiers(later)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (exported || ts.isImportDeclaration(later) || ts.isExportDeclaration(later) || ts.isExportAssignment(later) || ts.isImportEqualsDeclaration(later)) {
          st.result.diagnostics.push(diag("declarationAfterModuleAwaitUsing", where(later, st)));
        }
      }
    }
    // `await using a = A, b = B;` enters a, then b (nested), like `async with A as a, B as b:`.
    decls.forEach((d, i) => {
      const next = decls[i + 1];
      const name = d.name as ts.Identifier;
      st.result.awaitUsings.push({
        id: st.result.awaitUsings.length,
        start: i === 0 ? v.getStart(sf) : d.getStart(sf),
        keywordsEnd: d.getStart(sf),
        stmtEnd: next ? d.getEnd() : v.getEnd(),
        name: name.text,
        nameStart: name.getStart(sf),
        nameEnd: name.getEnd(),
        scopeEnd,
        mode: co ? "yield" : "await",
        nextDeclarator: next ? { start: d.getEnd(), end: next.getStart(sf) } : undefined,
      });
    });
  },
};
