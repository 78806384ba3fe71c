// Lint 'droppedTask' (code in compiler/diagnostics.ts): `asyncio.create_task(...)` / `loop.create_task(...)` / `ensure_future(...)` whose
// task is not kept (ruff RUF006): the loop keeps only a weak reference, and nobody will see
// its exception. `tg.create_task(...)` of a TaskGroup is fine: the group keeps its children.
import ts from "typescript";
import { apiName } from "../phases/2-analyze/bindings.js";
import { isDiscarded, type LintRule } from "./rule.js";

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ts.isCallExpression(node) || !isDiscarded(node)) return;
    const api = apiName(node.expression, ctx.analysis.bindings);
    if (api === "create_task" || api === "ensure_future") {
      ctx.report("droppedTask", node, `asyncio.${api}`);
    } else if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "create_task" &&
               ctx.oracle.isLoop(node.expression.expression)) {
      ctx.report("droppedTask", node, `${node.expression.expression.getText(ctx.sf).slice(0, 40)}.create_task`);
    }
  },
};
