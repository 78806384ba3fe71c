// More of tsc's grammar checks that V8 enforces as early errors (tsc's checker reports
// them, and `run`/`build` do not load the checker): an empty or uninitialised `const`, a
// `#name` outside a class, a line break after `throw`, an import without its string.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { where, lineBreakBetween } from "./shared.js";

/** `declare const x: T` and the like (TypeScript's internal NodeFlags.Ambient). */
const AMBIENT: number = (ts.NodeFlags as unknown as Record<string, number>).Ambient ?? 1 << 25;

export const VariableDeclarationList: Visitor<AnalyzeState> = {
  enter(node, st) {
    const list = node as ts.VariableDeclarationList;
    const inForInOf = ts.isForInStatement(list.parent) || ts.isForOfStatement(list.parent);
    if (list.declarations.length === 0) {
      st.result.diagnostics.push(diag("emptyDeclarationList", where(list, st)));
      return;
    }
    if (inForInOf || list.flags & AMBIENT) return;
    const kw = isAwaitUsing(list) ? "await using" : list.flags & ts.NodeFlags.Using ? "using" : list.flags & ts.NodeFlags.Const ? "const" : null;
    if (!kw) return;
    for (const d of list.declarations) if (!d.initializer) st.result.diagnostics.push(diag("constWithoutInitializer", where(d, st), kw));
  },
};

function isAwaitUsing(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing;
}

export const PrivateIdentifier: Visitor<AnalyzeState> = {
  enter(node, st) {
    if (st.classDepth === 0) st.result.diagnostics.push(diag("privateNameOutsideClass", where(node, st)));
  },
};

export const ThrowStatement: Visitor<AnalyzeState> = {
  enter(node, st) {
    const t = node as ts.ThrowStatement;
    const kwEnd = t.getStart(st.sf) + 5;
    // `throw` ⏎ `x`: TypeScript's parser leaves the expression missing (zero width) there.
    const missing = t.expression.getEnd() === t.expression.getStart(st.sf);
    if (missing || lineBreakBetween(st.sf.text, kwEnd, t.expression.getStart(st.sf))) st.result.diagnostics.push(diag("lineBreakAfterThrow", where(t, st)));
  },
};

/** `1 = x`, `f() = x`, `null++`: only a variable, a property or a destructuring pattern
 * can be assigned (TS2364, TS2357). */
function assignable(e: ts.Expression, pattern: boolean): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
    if (pattern && ts.isParenthesizedExpression(e) && (ts.isObjectLiteralExpression(e.expression) || ts.isArrayLiteralExpression(e.expression))) return false;
    e = e.expression;
  }
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ||
    (pattern && (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)));
}

/** `a?.b = 1`, `a?.[k]++`: an optional chain is never a target (TS2779, TS2777). */
function optionalChainTarget(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && ts.isOptionalChain(e);
}

export const BinaryExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const b = node as ts.BinaryExpression;
    const op = b.operatorToken.kind;
    if (op < ts.SyntaxKind.FirstAssignment || op > ts.SyntaxKind.LastAssignment) return;
    // `[a, b] = …` nested in a pattern is checked where it sits; only the outermost target here.
    if (!assignable(b.left, op === ts.SyntaxKind.EqualsToken)) st.result.diagnostics.push(diag("notAssignable", where(b.left, st)));
    else if (optionalChainTarget(b.left)) st.result.diagnostics.push(diag("optionalChainAssigned", where(b.left, st)));
  },
};

export const UpdateExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const u = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
    if (u.operator !== ts.SyntaxKind.PlusPlusToken && u.operator !== ts.SyntaxKind.MinusMinusToken) return;
    if (!assignable(u.operand, false)) st.result.diagnostics.push(diag("notUpdatable", where(u.operand, st)));
    else if (optionalChainTarget(u.operand)) st.result.diagnostics.push(diag("optionalChainUpdated", where(u.operand, st)));
  },
};

export function moduleSpecifierIsString(spec: ts.Expression | undefined, st: AnalyzeState): void {
  if (spec && !ts.isStringLiteral(spec)) st.result.diagnostics.push(diag("stringLiteralExpected", where(spec, st)));
}

/** A function's parameter list: a rest parameter last, without an initializer or a trailing
 * comma; accessors' parameter counts (a `this` parameter is a type, blanked). */
export function checkParameters(fn: ts.SignatureDeclaration, st: AnalyzeState): void {
  const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
  if (ts.isGetAccessorDeclaration(fn) && params.length) st.result.diagnostics.push(diag("getterParameters", where(fn.name, st)));
  if (ts.isSetAccessorDeclaration(fn)) {
    if (params.length !== 1) st.result.diagnostics.push(diag("setterParameterCount", where(fn.name, st)));
    else if (params[0].dotDotDotToken) st.result.diagnostics.push(diag("setterRest", where(params[0], st)));
  }
  fn.parameters.forEach((p, i) => {
    if (!p.dotDotDotToken) return;
    if (i !== fn.parameters.length - 1) st.result.diagnostics.push(diag("restNotLast", where(p, st)));
    else if (fn.parameters.hasTrailingComma) st.result.diagnostics.push(diag("restTrailingComma", where(p, st)));
    if (p.initializer) st.result.diagnostics.push(diag("restParameterInitializer", where(p.name, st)));
  });
}

/** `let [...a,] = x`, `let [...a = 1] = x` (V8: "Rest element must be last element"). */
export const BindingPattern: Visitor<AnalyzeState> = {
  enter(node, st) {
    const els = (node as ts.ArrayBindingPattern | ts.ObjectBindingPattern).elements;
    const last = els[els.length - 1];
    if (!last || ts.isOmittedExpression(last) || !last.dotDotDotToken) return;
    if (els.hasTrailingComma) st.result.diagnostics.push(diag("restTrailingComma", where(last, st)));
    if (last.initializer) st.result.diagnostics.push(diag("restElementInitializer", where(last, st)));
  },
};

/** `(a)` ⏎ `=> a`: no line break before an arrow (also inside a comment there). */
export const ArrowHead: Visitor<AnalyzeState> = {
  enter(node, st) {
    const arrow = (node as ts.ArrowFunction).equalsGreaterThanToken;
    if (lineBreakBetween(st.sf.text, arrow.pos, arrow.getStart(st.sf))) st.result.diagnostics.push(diag("lineBreakBeforeArrow", where(arrow, st)));
  },
};

/** `import()`, `import(a, b, c)`, `import(...a)`. */
export function checkDynamicImport(call: ts.CallExpression, st: AnalyzeState): void {
  if (call.expression.kind !== ts.SyntaxKind.ImportKeyword) return;
  const spread = call.arguments.find(ts.isSpreadElement);
  if (spread) st.result.diagnostics.push(diag("dynamicImportSpread", where(spread, st)));
  else if (call.arguments.length === 0 || call.arguments.length > 2) st.result.diagnostics.push(diag("dynamicImportArguments", where(call, st)));
}

/** `super(...)` only in a derived class's constructor (arrows inside count); `super.x` only
 * in methods, accessors, constructors, field initialisers and static blocks (arrows inside
 * count) — V8 rejects the rest as it parses. */
export const SuperPlacement: Visitor<AnalyzeState> = {
  enter(node, st) {
    const isCall = ts.isCallExpression(node.parent) && node.parent.expression === node;
    let c: ts.Node = node.parent;
    while (c && !ts.isSourceFile(c) && !(ts.isFunctionLike(c) && !ts.isArrowFunction(c)) && !ts.isPropertyDeclaration(c) && !ts.isClassStaticBlockDeclaration(c)) {
      if (ts.isComputedPropertyName(c)) {
        st.result.diagnostics.push(diag("superInComputedName", where(node, st)));
        return;
      }
      c = c.parent;
    }
    if (isCall) {
      if (!ts.isConstructorDeclaration(c)) st.result.diagnostics.push(diag("superCallNotInConstructor", where(node, st)));
      else if (!c.parent.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) st.result.diagnostics.push(diag("superNotDerived", where(node, st)));
      return;
    }
    const member = ts.isMethodDeclaration(c) || ts.isGetAccessorDeclaration(c) || ts.isSetAccessorDeclaration(c) ||
      ts.isConstructorDeclaration(c) || ts.isPropertyDeclaration(c) || ts.isClassStaticBlockDeclaration(c);
    if (!member) st.result.diagnostics.push(diag("superOutsideMember", where(node, st)));
  },
};

/** Modifiers TypeScript's parser takes where nothing may carry them: `static import ...`,
 * `{ export name: 1 }` (object literal methods: misplacedExportModifier). */
export const StrayModifiers: Visitor<AnalyzeState> = {
  enter(node, st) {
    // a property assignment keeps them only for error reporting (not in its public type)
    const mods = (ts.canHaveModifiers(node) ? ts.getModifiers(node) : (node as { modifiers?: ts.NodeArray<ts.Modifier> }).modifiers)?.filter(ts.isModifier);
    if (!mods?.length) return;
    const name = ts.tokenToString(mods[0].kind) ?? "";
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isExportAssignment(node)) st.result.diagnostics.push(diag("modifierOnModuleElement", where(mods[0], st), name));
    else st.result.diagnostics.push(diag("modifierCannotBeUsedHere", where(mods[0], st), name));
  },
};

/** Two constructors with bodies in one class (overload signatures have none). */
export function checkConstructors(cls: ts.ClassLikeDeclaration, st: AnalyzeState): void {
  const bodies = cls.members.filter((m) => ts.isConstructorDeclaration(m) && m.body);
  if (bodies.length > 1) for (const m of bodies) st.result.diagnostics.push(diag("multipleConstructors", where(m.getFirstToken(st.sf) ?? m, st)));
}
