// `for await (HEAD of X) S`: Python's `async for`. Loops also count for `break`/`continue`.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { atModuleLevel, innermostFunction, isAsyncFunction, ownerCoroutine, where } from "./shared.js";

export const Iteration: Visitor<AnalyzeState> = {
  enter(_node, st) {
    st.jumps[st.jumps.length - 1].loops++;
  },
  leave(_node, st) {
    st.jumps[st.jumps.length - 1].loops--;
  },
};

export const ForOfStatement: Visitor<AnalyzeState> = {
  enter(node, st) {
    Iteration.enter!(node, st);
    const f = node as ts.ForOfStatement;
    if (!f.awaitModifier) return;
    const sf = st.sf;
    const co = ownerCoroutine(st);
    if (!co) {
      if (atModuleLevel(st)) {
        if (st.bindings.isDSL) st.result.diagnostics.push(diag("topLevelAwait", where(f.awaitModifier, st)));
      } else {
        const fn = innermostFunction(st);
        if (fn === "member" || (fn && !isAsyncFunction(fn))) st.result.diagnostics.push(diag("forAwaitOutsideAsync", where(f.awaitModifier, st)));
      }
      return;
    }
    st.result.forAwaits.push({
      id: st.result.forAwaits.length,
      start: f.getStart(sf),
      exprStart: f.expression.getStart(sf),
      exprEnd: f.expression.getEnd(),
      bodyStart: f.statement.getStart(sf),
      bodyEnd: f.statement.getEnd(),
      head: f.initializer.getText(sf),
      mode: "yield",
      temporary: ts.isCallExpression(f.expression) || ts.isNewExpression(f.expression),
      outerStart: (ts.isLabeledStatement(f.parent) ? f.parent : f).getStart(sf),
      outerEnd: f.getEnd(),
    });
  },
  leave: Iteration.leave,
};
