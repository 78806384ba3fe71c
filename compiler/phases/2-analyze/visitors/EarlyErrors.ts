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

export const BinaryExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const b = node as ts.BinaryExpression;
    const op = b.operatorToken.kind;
    if (op < ts.SyntaxKind.FirstAssignment || op > ts.SyntaxKind.LastAssignment) return;
    // `[a, b] = …` nested in a pattern is checked where it sits; only the outermost target here.
    if (!assignable(b.left, op === ts.SyntaxKind.EqualsToken)) st.result.diagnostics.push(diag("notAssignable", where(b.left, st)));
  },
};

export const UpdateExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const u = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
    if (u.operator !== ts.SyntaxKind.PlusPlusToken && u.operator !== ts.SyntaxKind.MinusMinusToken) return;
    if (!assignable(u.operand, false)) st.result.diagnostics.push(diag("notUpdatable", where(u.operand, st)));
  },
};

export function moduleSpecifierIsString(spec: ts.Expression | undefined, st: AnalyzeState): void {
  if (spec && !ts.isStringLiteral(spec)) st.result.diagnostics.push(diag("stringLiteralExpected", where(spec, st)));
}
