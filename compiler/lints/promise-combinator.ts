// Lint 'promiseCombinator' (code in compiler/diagnostics.ts): `Promise.all/allSettled/race/any` over coroutines or tasks. It works through
// the thenable bridge, but outside asyncio's ordering, and cancelling or failing one child
// does nothing to the others: `asyncio.gather` / `asyncio.wait` are the asyncio forms.
import ts from "typescript";
import type { LintRule, LintContext } from "./rule.js";

const COMBINATORS = new Set(["all", "allSettled", "race", "any"]);

function asyncioValue(e: ts.Expression, ctx: LintContext): boolean {
  if (ts.isSpreadElement(e)) return asyncioValue(e.expression, ctx);
  if (ts.isCallExpression(e)) {
    if (ctx.oracle.isCoroutineCall(e) || ctx.oracle.isTaskLike(e)) return true;
    // xs.map(async (x) => ...), xs.map(worker), xs.map((x) => worker(x))
    if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "map" && e.arguments[0]) {
      const f = e.arguments[0];
      if (ctx.oracle.isCoroutineFunction(f)) return true;
      if (ts.isArrowFunction(f) && !ts.isBlock(f.body) && asyncioValue(f.body, ctx)) return true;
    }
    return false;
  }
  if (ts.isParenthesizedExpression(e)) return asyncioValue(e.expression, ctx);
  return ctx.oracle.isTaskLike(e);
}

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
    const { expression: recv, name } = node.expression;
    if (!ts.isIdentifier(recv) || recv.text !== "Promise" || !COMBINATORS.has(name.text) || !node.arguments[0]) return;
    const arg = node.arguments[0];
    const hit = ts.isArrayLiteralExpression(arg) ? arg.elements.some((el) => asyncioValue(el, ctx)) : asyncioValue(arg, ctx);
    if (hit) ctx.report("promiseCombinator", node.expression, name.text);
  },
};
