// Visitor for calls that start an event loop: `asyncio.run(...)`, `runner.run(...)`,
// `runner.close()`, `loop.run_until_complete(...)`, `loop.run_forever()`. At module level
// the rewrite awaits them (top-level await), so later statements run after the loop ends.
import ts from "typescript";
import { apiName } from "../bindings.js";
import type { Bindings, RunnerVariables } from "../types.js";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";

const LOOP_MAKERS = new Set(["new_event_loop", "get_event_loop"]);
const RUNNER_METHODS = new Set(["run", "close"]);
const LOOP_METHODS = new Set(["run_until_complete", "run_forever"]);

function classify(init: ts.Expression | undefined, b: Bindings, known: RunnerVariables): "runner" | "loop" | null {
  if (!init) return null;
  while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isNonNullExpression(init)) init = init.expression;
  if (ts.isNewExpression(init) && apiName(init.expression, b) === "Runner") return "runner";
  if (ts.isCallExpression(init)) {
    const api = apiName(init.expression, b);
    if (api && LOOP_MAKERS.has(api)) return "loop";
    // runner.get_loop()
    if (ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === "get_loop" &&
        classifyReceiver(init.expression.expression, b, known) === "runner") return "loop";
  }
  if (ts.isIdentifier(init)) {
    if (known.runners.has(init.text)) return "runner";
    if (known.loops.has(init.text)) return "loop";
  }
  return null;
}

function classifyReceiver(expr: ts.Expression, b: Bindings, known: RunnerVariables): "runner" | "loop" | null {
  return classify(expr, b, known);
}

/** Module-level variables that hold a Runner or an event loop (found by their initialisers):
 * `const runner = new asyncio.Runner()`, `loop = asyncio.new_event_loop()`. */
export const RunnerVariable: Visitor<AnalyzeState> = {
  enter(node, st) {
    if (st.scopes.length || st.classDepth || !st.bindings.isDSL) return;
    let name: ts.Node, init: ts.Expression | undefined;
    if (ts.isVariableDeclaration(node)) [name, init] = [node.name, node.initializer];
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) [name, init] = [node.left, node.right];
    else return;
    if (!ts.isIdentifier(name)) return;
    const kind = classify(init, st.bindings, st.runners);
    if (kind === "runner") st.runners.runners.add(name.text);
    if (kind === "loop") st.runners.loops.add(name.text);
  },
};

/** The API a call starts a loop with ("run", "runner.run", "loop.run_until_complete", ...), or null. */
export function runCallKind(call: ts.CallExpression, b: Bindings, known: RunnerVariables): string | null {
  const callee = call.expression;
  if (apiName(callee, b) === "run") return "asyncio.run";
  if (!ts.isPropertyAccessExpression(callee)) return null;
  const method = callee.name.text;
  const receiver = classifyReceiver(callee.expression, b, known);
  if (receiver === "runner" && RUNNER_METHODS.has(method)) return `runner.${method}`;
  if (receiver === "loop" && LOOP_METHODS.has(method)) return `loop.${method}`;
  return null;
}
