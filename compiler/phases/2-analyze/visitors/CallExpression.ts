// Calls: `import("x")` specifiers, and the calls that start an event loop (see RunCall.ts),
// classified when the walk is over.
import ts from "typescript";
import { checkDynamicImport } from "./EarlyErrors.js";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { atModuleLevel, ownerCoroutine } from "./shared.js";
import { addSpecifier } from "./ImportDeclaration.js";
import { apiName } from "../bindings.js";

export const CallExpression: Visitor<AnalyzeState> = {
  enter(node, st) {
    const call = node as ts.CallExpression;
    if (call.expression.kind === ts.SyntaxKind.ImportKeyword) {
      addSpecifier(call.arguments[0], st);
      checkDynamicImport(call, st);
    }
    if (st.bindings.isDSL && call.arguments.some(ts.isSpreadElement) && apiName(call.expression, st.bindings) === "gather") {
      st.result.spreadCalls.push({ calleeStart: call.expression.getStart(st.sf), calleeEnd: call.expression.getEnd(), argsStart: call.arguments.pos, argsEnd: call.arguments.end, helper: "gatherArgs" });
    }
    if (!st.bindings.isDSL || ts.isAwaitExpression(call.parent)) return; // awaited ones: AwaitExpression
    const callee = call.expression;
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isParenthesizedExpression(callee)) return;
    st.pendingRuns.push({ call, atModule: atModuleLevel(st), inCoroutine: !!ownerCoroutine(st) });
  },
};
