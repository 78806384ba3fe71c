// Lint 'unawaitedCoroutine' (code in compiler/diagnostics.ts): a coroutine called and its value thrown away (`f();`, `void f()`, `c ? f() : g()`).
// In asyncio nothing runs until the coroutine is awaited or wrapped in a task, so the body
// silently never runs (CPython only says "coroutine ... was never awaited" at collection).
import ts from "typescript";
import { isDiscarded, callText, type LintRule } from "./rule.js";

export const rule: LintRule = {
  visit(node, ctx) {
    if (ts.isCallExpression(node) && isDiscarded(node) && ctx.oracle.isCoroutineCall(node)) {
      ctx.report("unawaitedCoroutine", node, callText(node, ctx.sf));
    }
  },
};
