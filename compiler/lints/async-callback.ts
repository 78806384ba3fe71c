// Lint 'asyncCallbackIgnored' (code in compiler/diagnostics.ts): an async function handed to an API that ignores its callback's result
// (`forEach`, Node's timers, event emitters): each call makes a coroutine nobody runs.
import ts from "typescript";
import type { LintRule } from "./rule.js";

const IGNORING_METHODS = new Set(["forEach", "on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener", "nextTick"]);
const IGNORING_FUNCTIONS = new Set(["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]);

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression;
    let api: string | null = null;
    if (ts.isIdentifier(callee) && IGNORING_FUNCTIONS.has(callee.text)) api = callee.text;
    else if (ts.isPropertyAccessExpression(callee) && IGNORING_METHODS.has(callee.name.text)) api = callee.name.text;
    else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "globalThis" && IGNORING_FUNCTIONS.has(callee.name.text)) api = callee.name.text;
    if (!api) return;
    for (const arg of node.arguments) {
      if (ctx.oracle.isCoroutineFunction(arg)) ctx.report("asyncCallbackIgnored", arg, api);
    }
  },
};
