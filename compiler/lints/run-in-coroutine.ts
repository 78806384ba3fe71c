// Lint 'runInCoroutine' (error) (code in compiler/diagnostics.ts): `asyncio.run(...)`, `loop.run_until_complete(...)` or
// `loop.run_forever()` inside a coroutine. A loop is already running there: CPython raises
// RuntimeError ("asyncio.run() cannot be called from a running event loop").
import ts from "typescript";
import { apiName } from "../phases/2-analyze/bindings.js";
import type { LintRule } from "./rule.js";

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ctx.inCoroutine || !ts.isCallExpression(node)) return;
    const c = node.expression;
    if (apiName(c, ctx.analysis.bindings) === "run") ctx.report("runInCoroutine", node, "asyncio.run");
    else if (ts.isPropertyAccessExpression(c) && /^run_(until_complete|forever)$/.test(c.name.text) && ctx.oracle.isLoop(c.expression)) {
      ctx.report("runInCoroutine", node, `loop.${c.name.text}`);
    }
  },
};
