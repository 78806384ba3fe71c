// `arguments`, `super` and `new.target` inside coroutines: the generator that holds a
// coroutine's body has its own, so the wrapper passes in the function's.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import type { Capture, CoroutineFunction } from "../types.js";
import { diag } from "../../../diagnostics.js";
import { where } from "./shared.js";

/** They belong to the nearest non-arrow function; if a coroutine wrapper stands between,
 * the outermost such coroutine captures them. */
export function captureOwner(kind: Capture, st: AnalyzeState): CoroutineFunction | null {
  let outermost: CoroutineFunction | null = null;
  for (let i = st.scopes.length - 1; i >= 0; i--) {
    const f = st.fnInfo.get(st.scopes[i]);
    // A class method's generator is itself a method: `super` works there as written.
    if (f && !(kind === "super" && f.placement === "method")) outermost = f;
    if (!ts.isArrowFunction(st.scopes[i])) break;
  }
  return outermost;
}

export const MetaProperty: Visitor<AnalyzeState> = {
  enter(node, st) {
    const m = node as ts.MetaProperty;
    if (m.keywordToken !== ts.SyntaxKind.NewKeyword) return false;
    // new.target needs a non-arrow function around it (a class field initialiser counts)
    let i = st.scopes.length - 1;
    while (i >= 0 && ts.isArrowFunction(st.scopes[i])) i--;
    if (i < 0) {
      st.result.diagnostics.push(diag("newTargetOutsideFunction", where(m, st)));
      return false;
    }
    if (!st.bindings.isDSL) return false;
    const co = captureOwner("newTarget", st);
    if (co) {
      co.captures.add("newTarget");
      st.result.captures.push({ kind: "newTarget", start: m.getStart(st.sf), end: m.getEnd() });
    }
    return false;
  },
};

export const SuperKeyword: Visitor<AnalyzeState> = {
  enter(node, st) {
    const access = node.parent;
    if (!st.bindings.isDSL || !access || !(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access))) return;
    const co = captureOwner("super", st);
    if (!co) return;
    co.captures.add("super");
    const call = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : null;
    st.result.captures.push({
      kind: "super", start: node.getStart(st.sf), end: node.getEnd(),
      call: call ? { calleeEnd: access.getEnd(), argsPos: call.arguments.pos, hasArgs: call.arguments.length > 0 } : undefined,
    });
  },
};
