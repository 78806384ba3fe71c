// What a lint rule is and the small syntax helpers rules share (kept apart from index.ts,
// which imports every rule, so that rules and their driver form no import cycle).
import ts from "typescript";
import type { Analysis } from "../phases/2-analyze/index.js";
import type { Oracle } from "./oracle.js";

export type LintKey = "unawaitedCoroutine" | "asyncCallbackIgnored" | "droppedTask" | "swallowedCancel" | "blockingCall" |
  "promiseCombinator" | "nativeTimer" | "runInCoroutine" | "moduleRunValue";

export interface LintContext {
  sf: ts.SourceFile;
  analysis: Analysis;
  oracle: Oracle;
  /** the innermost function around the node (null at module level) */
  fn: ts.SignatureDeclaration | null;
  /** is that function a coroutine function (async, in this DSL file)? */
  inCoroutine: boolean;
  report(key: LintKey, node: ts.Node, ...args: string[]): void;
}

export interface LintRule {
  visit(node: ts.Node, ctx: LintContext): void;
}

export function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** Is the value of `expr` thrown away (an expression statement, `void`, a ternary arm or a
 * comma operand in such a place, the right side of `&&`/`||`/`??` there)? */
export function isDiscarded(expr: ts.Expression): boolean {
  let node: ts.Node = expr;
  for (;;) {
    const p = node.parent;
    if (ts.isParenthesizedExpression(p)) { node = p; continue; }
    if (ts.isExpressionStatement(p) || ts.isVoidExpression(p)) return true;
    if (ts.isConditionalExpression(p) && p.condition !== node) { node = p; continue; }
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.CommaToken) {
        if (p.left === node) return true;
        node = p; continue;
      }
      if ((op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) && p.right === node) {
        node = p; continue;
      }
    }
    return false;
  }
}

/** The callee as a short readable string for messages (`obj.m()` → "obj.m()"). */
export function callText(call: ts.CallExpression, sf: ts.SourceFile): string {
  const text = call.getText(sf);
  return text.length <= 60 && !text.includes("\n") ? text : `${call.expression.getText(sf).split("\n")[0].slice(0, 50)}(...)`;
}
