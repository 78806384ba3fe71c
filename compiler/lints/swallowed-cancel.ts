// Lint 'swallowedCancel' (code in compiler/diagnostics.ts): `try { ... await ... } catch (e) { ... }` in a coroutine whose catch neither
// re-throws nor looks at what it caught (flake8-async ASYNC103/104). A catch-all in
// TypeScript is Python's bare `except:`: it eats CancelledError, and the task goes on after
// being cancelled. The documented `if (!(e instanceof CancelledError)) throw e;` passes
// (it throws), as does any test of the caught value (`instanceof`, `.name`).
import ts from "typescript";
import type { LintRule } from "./rule.js";

function awaitsIn(block: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (ts.isFunctionLike(n) && n !== block)) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier) ||
        (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(block);
  return found;
}

/** Does the catch body re-throw, or inspect the caught value (so it can decide to)? */
function handles(clause: ts.CatchClause): boolean {
  const name = clause.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name) ? clause.variableDeclaration.name.text : null;
  let ok = false;
  const visit = (n: ts.Node): void => {
    if (ok || ts.isFunctionLike(n)) return;
    if (ts.isThrowStatement(n)) ok = true;
    else if (name && ts.isIdentifier(n) && n.text === name) {
      const p = n.parent;
      // e instanceof X, e.name / e.constructor, handed on to a function (which may re-raise)
      if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && p.left === n) ok = true;
      else if (ts.isPropertyAccessExpression(p) && p.expression === n && /^(name|constructor)$/.test(p.name.text)) ok = true;
      else if (ts.isCallExpression(p) && p.arguments.includes(n) && !/^(print|console\.\w+)$/.test(p.expression.getText())) ok = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(clause.block);
  return ok;
}

export const rule: LintRule = {
  visit(node, ctx) {
    if (!ctx.inCoroutine || !ts.isTryStatement(node) || !node.catchClause) return;
    if (!awaitsIn(node.tryBlock) || handles(node.catchClause)) return;
    const c = node.catchClause;
    ctx.report("swallowedCancel", c.getChildAt(0, ctx.sf).kind === ts.SyntaxKind.CatchKeyword ? c.getChildAt(0, ctx.sf) : c);
  },
};
