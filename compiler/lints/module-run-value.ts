// Lint 'moduleRunValue' (code in compiler/diagnostics.ts): the value of a module-level `asyncio.run(...)` used without `await`. The compiler
// awaits module-level run calls (top-level await, so later statements run after the loop),
// so `const n = asyncio.run(main())` holds the result while its type says Promise<T>:
// `n.then(...)` would fail at run time. `await asyncio.run(main())` means the same thing to
// the compiler and gives the type the value has.
import ts from "typescript";
import { apiName } from "../phases/2-analyze/bindings.js";
import type { LintRule, LintContext } from "./rule.js";

/** A variable initialised with `new asyncio.Runner()` (`using runner = ...` included), or typed Runner. */
function isRunner(e: ts.Expression, ctx: LintContext): boolean {
  if (!ts.isIdentifier(e)) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === e.text && n.initializer &&
        ts.isNewExpression(n.initializer) && apiName(n.initializer.expression, ctx.analysis.bindings) === "Runner") found = true;
    else ts.forEachChild(n, visit);
  };
  visit(ctx.sf);
  return found;
}

export const rule: LintRule = {
  visit(node, ctx) {
    if (ctx.fn !== null || !ts.isCallExpression(node)) return;
    const c = node.expression;
    let api: string | null = null;
    if (apiName(c, ctx.analysis.bindings) === "run") api = c.getText(ctx.sf);
    else if (ts.isPropertyAccessExpression(c) && c.name.text === "run_until_complete" && ctx.oracle.isLoop(c.expression)) api = c.getText(ctx.sf);
    else if (ts.isPropertyAccessExpression(c) && c.name.text === "run" && isRunner(c.expression, ctx)) api = c.getText(ctx.sf);
    if (!api) return;
    let p: ts.Node = node.parent;
    while (ts.isParenthesizedExpression(p)) p = p.parent;
    if (ts.isExpressionStatement(p) || ts.isAwaitExpression(p) || ts.isVoidExpression(p)) return;
    ctx.report("moduleRunValue", node, api);
  },
};
