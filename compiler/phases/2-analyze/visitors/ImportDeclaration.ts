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

const K = ts.SyntaxKind;
/** The modifiers a declaration statement may carry (TypeScript's parser takes any, e.g. a
 * stray `static` before `const`; its checker and V8 do not). */
const ACCESS = [K.PublicKeyword, K.PrivateKeyword, K.ProtectedKeyword];
const ALLOWED: Partial<Record<ts.SyntaxKind, ts.SyntaxKind[]>> = {
  [K.VariableStatement]: [K.ExportKeyword, K.DeclareKeyword],
  [K.FunctionDeclaration]: [K.ExportKeyword, K.DefaultKeyword, K.DeclareKeyword, K.AsyncKeyword],
  [K.ClassDeclaration]: [K.ExportKeyword, K.DefaultKeyword, K.DeclareKeyword, K.AbstractKeyword],
  [K.FunctionExpression]: [K.AsyncKeyword],
  [K.ArrowFunction]: [K.AsyncKeyword],
  [K.PropertyDeclaration]: [...ACCESS, K.StaticKeyword, K.ReadonlyKeyword, K.AbstractKeyword, K.OverrideKeyword, K.DeclareKeyword, K.AccessorKeyword],
  [K.MethodDeclaration]: [...ACCESS, K.StaticKeyword, K.AbstractKeyword, K.OverrideKeyword, K.AsyncKeyword],
  [K.GetAccessor]: [...ACCESS, K.StaticKeyword, K.AbstractKeyword, K.OverrideKeyword],
  [K.SetAccessor]: [...ACCESS, K.StaticKeyword, K.AbstractKeyword, K.OverrideKeyword],
  [K.Constructor]: ACCESS,
};
/** Parameter properties: only a constructor's parameters take modifiers. */
const PARAMETER_PROPERTY = [...ACCESS, K.ReadonlyKeyword, K.OverrideKeyword];

export const Parameter: Visitor<AnalyzeState> = {
  enter(node, st) {
    const mods = ts.getModifiers(node as ts.ParameterDeclaration);
    if (!mods?.length) return;
    const allowed = ts.isConstructorDeclaration(node.parent) ? PARAMETER_PROPERTY : [];
    const bad = mods.find((m) => !allowed.includes(m.kind));
    if (bad) st.result.diagnostics.push(diag("modifiersNotHere", where(bad, st)));
  },
};

/** Modifiers where they cannot be: `export` away from the top level (`{ export const x = 1 }`),
 * or one the declaration cannot take. */
export function misplacedExportModifier(node: ts.Node, st: AnalyzeState): void {
  if (!ts.canHaveModifiers(node)) return;
  if (ts.isObjectLiteralElement(node) && ts.isObjectLiteralExpression(node.parent)) {
    // an object literal's methods take only `async`, its accessors nothing
    const bad = ts.getModifiers(node)?.find((m) => !(ts.isMethodDeclaration(node) && m.kind === K.AsyncKeyword));
    if (bad) st.result.diagnostics.push(diag("modifierCannotBeUsedHere", where(bad, st), ts.tokenToString(bad.kind) ?? ""));
    return;
  }
  const allowed = ALLOWED[node.kind];
  if (!allowed) return;
  const atTop = topLevel(node);
  const bad = ts.getModifiers(node)?.find((x) => !allowed.includes(x.kind) || (!atTop && (x.kind === K.ExportKeyword || x.kind === K.DefaultKeyword)));
  if (bad) st.result.diagnostics.push(diag("modifiersNotHere", where(bad, st)));
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
