// The visitor table of the analyser's one walk (one visitor per syntax kind, Svelte's
// phases/2-analyze/visitors), and what is decided once the walk is over.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { Visitor, Visitors } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { FunctionLike, MemberScope } from "./FunctionLike.js";
import { AwaitExpression, YieldExpression } from "./AwaitExpression.js";
import { ForOfStatement, Iteration } from "./ForOfStatement.js";
import { ReturnStatement, SwitchStatement, LabeledStatement, BreakOrContinue } from "./Jumps.js";
import { VariableStatement } from "./VariableStatement.js";
import { CallExpression } from "./CallExpression.js";
import { ImportDeclaration, ExportDeclaration, ExportAssignment, Parameter } from "./ImportDeclaration.js";
import { Identifier } from "./Identifier.js";
import { MetaProperty, SuperKeyword } from "./captures.js";
import { TypeOnly, ExpressionWithTypeArguments, HeritageClause, typeOnlyKinds } from "./TypeNode.js";
import { ClassLike, Decorator } from "./ClassLike.js";
import { RunnerVariable, runCallKind } from "./RunCall.js";
import { typeOnlyImportRemovals } from "./ImportElision.js";
import { where, startsStatement } from "./shared.js";
import { VariableDeclarationList, PrivateIdentifier, ThrowStatement, BinaryExpression, UpdateExpression, BindingPattern, ArrowHead, SuperPlacement, StrayModifiers } from "./EarlyErrors.js";

const K = ts.SyntaxKind;

/** Two visitors for one kind: both run, in order. */
function both(a: Visitor<AnalyzeState>, b: Visitor<AnalyzeState>): Visitor<AnalyzeState> {
  return {
    enter(n, st) {
      const x = a.enter?.(n, st);
      const y = b.enter?.(n, st);
      return x === false || y === false ? false : undefined;
    },
    leave(n, st) {
      b.leave?.(n, st);
      a.leave?.(n, st);
    },
  };
}

export const visitors: Visitors<AnalyzeState> = {};
for (const k of typeOnlyKinds()) visitors[k] = TypeOnly;
Object.assign(visitors, {
  [K.FunctionDeclaration]: FunctionLike, [K.FunctionExpression]: FunctionLike, [K.ArrowFunction]: both(ArrowHead, FunctionLike),
  [K.MethodDeclaration]: FunctionLike, [K.Constructor]: FunctionLike, [K.GetAccessor]: FunctionLike, [K.SetAccessor]: FunctionLike,
  [K.ClassStaticBlockDeclaration]: MemberScope, [K.PropertyDeclaration]: MemberScope,
  [K.ClassDeclaration]: ClassLike, [K.ClassExpression]: ClassLike, [K.Decorator]: Decorator,
  [K.AwaitExpression]: AwaitExpression, [K.YieldExpression]: YieldExpression,
  [K.ForOfStatement]: ForOfStatement, [K.ForStatement]: Iteration, [K.ForInStatement]: Iteration,
  [K.WhileStatement]: Iteration, [K.DoStatement]: Iteration,
  [K.ReturnStatement]: ReturnStatement, [K.SwitchStatement]: SwitchStatement, [K.LabeledStatement]: LabeledStatement,
  [K.BreakStatement]: BreakOrContinue, [K.ContinueStatement]: BreakOrContinue,
  [K.VariableStatement]: VariableStatement, [K.VariableDeclaration]: RunnerVariable, [K.BinaryExpression]: both(RunnerVariable, BinaryExpression),
  [K.PrefixUnaryExpression]: UpdateExpression, [K.PostfixUnaryExpression]: UpdateExpression,
  [K.CallExpression]: CallExpression, [K.ImportDeclaration]: both(StrayModifiers, ImportDeclaration), [K.ExportDeclaration]: both(StrayModifiers, ExportDeclaration), [K.ExportAssignment]: both(StrayModifiers, ExportAssignment), [K.Parameter]: Parameter,
  [K.Identifier]: Identifier, [K.MetaProperty]: MetaProperty, [K.SuperKeyword]: both(SuperPlacement, SuperKeyword),
  [K.VariableDeclarationList]: VariableDeclarationList, [K.PrivateIdentifier]: PrivateIdentifier, [K.ThrowStatement]: ThrowStatement,
  [K.ExpressionWithTypeArguments]: ExpressionWithTypeArguments, [K.HeritageClause]: HeritageClause,
  [K.ArrayBindingPattern]: BindingPattern, [K.ObjectBindingPattern]: BindingPattern,
  [K.PropertyAssignment]: StrayModifiers, [K.ShorthandPropertyAssignment]: StrayModifiers,
} satisfies Visitors<AnalyzeState>);

/** After the walk: run calls (runner variables are known now), type-only imports, NEL. */
export function finish(st: AnalyzeState): void {
  const r = st.result;
  for (const p of st.pendingRuns) {
    const kind = runCallKind(p.call, st.bindings, st.runners);
    if (p.topLevelAwait) {
      if (!kind) r.diagnostics.push(diag("topLevelAwait", where(p.topLevelAwait, st)));
      continue;
    }
    if (!kind) continue;
    if (p.atModule) {
      r.runCalls.push({ start: p.call.getStart(st.sf), end: p.call.getEnd(), statementStart: startsStatement(p.call, st.sf) });
    } else if (!p.inCoroutine && !ts.isReturnStatement(p.call.parent)) {
      r.diagnostics.push(diag("runInSyncFunction", where(p.call, st), kind));
    }
  }
  r.runCalls.sort((a, b) => a.start - b.start);
  r.typeOnlyImports = typeOnlyImportRemovals(st.sf, st.valueNames);
  r.nelPositions = nelBetweenTokens(st.sf);
}

/** U+0085 between tokens (not inside a literal or a comment): TypeScript's scanner takes it
 * as whitespace, V8 rejects it. */
function nelBetweenTokens(sf: ts.SourceFile): number[] {
  const text = sf.text;
  const out: number[] = [];
  for (let p = text.indexOf("\u0085"); p >= 0; p = text.indexOf("\u0085", p + 1)) {
    const tok = (ts as unknown as { getTokenAtPosition(sf: ts.SourceFile, p: number): ts.Node }).getTokenAtPosition(sf, p);
    if (p >= tok.getStart(sf) && p < tok.getEnd()) continue; // inside a string, template, regex, JSX text
    const comments = ts.getLeadingCommentRanges(text, tok.pos) ?? [];
    if (comments.some((c) => p >= c.pos && p < c.end)) continue;
    out.push(p);
  }
  return out;
}
