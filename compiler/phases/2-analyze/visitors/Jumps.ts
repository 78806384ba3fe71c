// `return`, `break`, `continue` and labels where JavaScript forbids them: tsc's grammar
// checks (its checker, which `run` and `build` do not load) with tsc's codes and messages,
// so a program V8 would reject never compiles silently.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { where } from "./shared.js";

const top = (st: AnalyzeState) => st.jumps[st.jumps.length - 1];

export const ReturnStatement: Visitor<AnalyzeState> = {
  enter(node, st) {
    if (st.scopes.length === 0 || ts.isClassStaticBlockDeclaration(st.scopes[st.scopes.length - 1]) || ts.isPropertyDeclaration(st.scopes[st.scopes.length - 1])) {
      st.result.diagnostics.push(diag("returnOutsideFunction", where(node, st)));
    }
  },
};

export const SwitchStatement: Visitor<AnalyzeState> = {
  enter(_n, st) {
    top(st).switches++;
  },
  leave(_n, st) {
    top(st).switches--;
  },
};

export const LabeledStatement: Visitor<AnalyzeState> = {
  enter(node, st) {
    const l = node as ts.LabeledStatement;
    let inner: ts.Statement = l.statement;
    while (ts.isLabeledStatement(inner)) inner = inner.statement;
    const labels = top(st).labels;
    if (labels.some((x) => x.name === l.label.text)) st.result.diagnostics.push(diag("duplicateLabel", where(l.label, st), l.label.text));
    labels.push({ name: l.label.text, loop: ts.isIterationStatement(inner, false) });
  },
  leave(_n, st) {
    top(st).labels.pop();
  },
};

export const BreakOrContinue: Visitor<AnalyzeState> = {
  enter(node, st) {
    const b = node as ts.BreakOrContinueStatement;
    const isBreak = b.kind === ts.SyntaxKind.BreakStatement;
    const j = top(st);
    if (b.label) {
      let target: { loop: boolean } | undefined;
      for (const x of j.labels) if (x.name === b.label.text) target = x;
      if (!target) st.result.diagnostics.push(isBreak ? diag("jumpTargetMissing", where(b, st)) : diag("continueTargetNotLoop", where(b, st)));
      else if (!isBreak && !target.loop) st.result.diagnostics.push(diag("continueTargetNotLoop", where(b, st)));
    } else if (isBreak ? j.loops === 0 && j.switches === 0 : j.loops === 0) {
      st.result.diagnostics.push(diag(isBreak ? "breakOutsideLoop" : "continueOutsideLoop", where(b, st)));
    }
  },
};
