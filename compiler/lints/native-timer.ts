// Lint 'nativeTimer' (code in compiler/diagnostics.ts): Node's timers and microtasks inside a coroutine (`setTimeout`, `setInterval`,
// `setImmediate`, `queueMicrotask`, `process.nextTick`). They run outside the loop's ready
// queue, so their order against asyncio callbacks is not CPython's; the loop has
// call_later / call_soon for that, and `await asyncio.sleep(d)` to wait.
import ts from "typescript";
import type { LintRule } from "./rule.js";

const GLOBALS = new Set(["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]);

/** Is `name` declared or imported in the file (then it is not the global)? */
const declared = new WeakMap<ts.SourceFile, Set<string>>();
function localNames(sf: ts.SourceFile): Set<string> {
  let s = declared.get(sf);
  if (s) return s;
  s = new Set();
  const visit = (n: ts.Node): void => {
    if ((ts.isFunctionDeclaration(n) || ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isImportSpecifier(n) || ts.isImportClause(n)) &&
        n.name && ts.isIdentifier(n.name) && GLOBALS.has(n.name.text)) s!.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  if (/setTimeout|setInterval|setImmediate|queueMicrotask/.test(sf.text)) visit(sf);
  declared.set(sf, s);
  return s;
}

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ctx.inCoroutine || !ts.isCallExpression(node)) return;
    const c = node.expression;
    let api: string | null = null;
    if (ts.isIdentifier(c) && GLOBALS.has(c.text) && !localNames(ctx.sf).has(c.text)) api = c.text;
    else if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression)) {
      if (c.expression.text === "process" && c.name.text === "nextTick") api = "process.nextTick";
      else if (c.expression.text === "globalThis" && GLOBALS.has(c.name.text)) api = c.name.text;
    }
    if (api) ctx.report("nativeTimer", c, api);
  },
};
