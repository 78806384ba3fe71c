// Import and export declarations: their specifiers (the CLI may point them at compiled
// files); an import's names are declarations, not uses, so its children are not walked.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { where } from "./shared.js";
import { moduleSpecifierIsString } from "./EarlyErrors.js";

export function addSpecifier(lit: ts.Expression | undefined, st: AnalyzeState): void {
  if (lit && ts.isStringLiteral(lit)) st.result.specifiers.push({ start: lit.getStart(st.sf) + 1, end: lit.end - 1, text: lit.text });
}

/** Imports and exports belong at the top of a file or namespace (tsc's checker says so;
 * the parser takes them anywhere). */
function topLevel(node: ts.Node): boolean {
  return ts.isSourceFile(node.parent) || ts.isModuleBlock(node.parent);
}

export const ImportDeclaration: Visitor<AnalyzeState> = {
  enter(node, st) {
    if (!topLevel(node)) st.result.diagnostics.push(diag("importNotTopLevel", where(node, st)));
    moduleSpecifierIsString((node as ts.ImportDeclaration).moduleSpecifier, st);
    addSpecifier((node as ts.ImportDeclaration).moduleSpecifier, st);
    return false;
  },
};

export const ExportAssignment: Visitor<AnalyzeState> = {
  enter(node, st) {
    if (!topLevel(node)) st.result.diagnostics.push(diag("exportNotTopLevel", where(node, st)));
  },
};

/** `export` / `export default` as a modifier away from the top level (`{ export const x = 1 }`). */
export function misplacedExportModifier(node: ts.Node, st: AnalyzeState): void {
  if (!ts.canHaveModifiers(node) || topLevel(node)) return;
  const m = ts.getModifiers(node)?.find((x) => x.kind === ts.SyntaxKind.ExportKeyword || x.kind === ts.SyntaxKind.DefaultKeyword);
  if (m && (ts.isStatement(node) || ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node))) st.result.diagnostics.push(diag("modifiersNotHere", where(m, st)));
}

export const ExportDeclaration: Visitor<AnalyzeState> = {
  enter(node, st) {
    const e = node as ts.ExportDeclaration;
    if (!topLevel(node)) st.result.diagnostics.push(diag("exportNotTopLevel", where(node, st)));
    moduleSpecifierIsString(e.moduleSpecifier, st);
    addSpecifier(e.moduleSpecifier, st);
    if (e.isTypeOnly) return false;
    if (e.exportClause && ts.isNamedExports(e.exportClause)) {
      for (const el of e.exportClause.elements) if (!el.isTypeOnly) st.valueNames.add((el.propertyName ?? el.name).text);
    }
    return false;
  },
};
