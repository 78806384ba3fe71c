// `await X`: inside a coroutine it becomes `(yield X)`; at module level it is an error
// unless X is a run call (`await asyncio.run(main())`, decided when the walk is over).
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { atModuleLevel, innermostFunction, isAsyncFunction, ownerCoroutine, startsStatement, where } from "./shared.js";

export const AwaitExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const aw = node as ts.AwaitExpression;
    const sf = st.sf;
    if (ownerCoroutine(st)) {
      const start = aw.getStart(sf);
      st.result.awaits.push({
        start, keywordEnd: start + 5, end: aw.getEnd(), operandStart: aw.expression.getStart(sf),
        statementStart: startsStatement(aw, sf),
      });
    } else if (atModuleLevel(st)) {
      if (!st.bindings.isDSL) return; // a plain ES module may await at top level
      if (ts.isCallExpression(aw.expression)) st.pendingRuns.push({ call: aw.expression, atModule: true, inCoroutine: false, topLevelAwait: aw });
      else st.result.diagnostics.push(diag("topLevelAwait", where(aw, st)));
    } else {
      const f = innermostFunction(st);
      if (f === "member" || (f && !isAsyncFunction(f))) st.result.diagnostics.push(diag("awaitOutsideAsync", where(aw, st)));
    }
  },
};

export const YieldExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const y = node as ts.YieldExpression;
    const co = ownerCoroutine(st);
    const f = innermostFunction(st);
    if (!f || f === "member" || !f.asteriskToken) {
      st.result.diagnostics.push(diag("yieldOutsideGenerator", where(y, st)));
      return;
    }
    if (!co?.asyncGenerator) return;
    if (y.asteriskToken) {
      st.result.diagnostics.push(diag("asyncGenDelegation", where(y, st)));
      return;
    }
    const start = y.getStart(st.sf);
    st.result.agenYields.push({
      start, keywordEnd: start + 5, end: y.getEnd(), hasOperand: !!y.expression,
      operandStart: y.expression?.getStart(st.sf), statementStart: startsStatement(y, st.sf),
    });
  },
};
