// Small questions the visitors share about where a node sits.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { CoroutineFunction } from "../types.js";

export function where(node: ts.Node, st: AnalyzeState) {
  const start = node.getStart(st.sf);
  return { file: st.sf.fileName, start, length: node.getEnd() - start, source: st.sf.text };
}

export function atModuleLevel(st: AnalyzeState): boolean {
  return st.scopes.length === 0;
}

/** The innermost function scope's coroutine, if it is one. */
export function ownerCoroutine(st: AnalyzeState): CoroutineFunction | null {
  const f = st.scopes[st.scopes.length - 1];
  return f ? st.fnInfo.get(f) ?? null : null;
}

/** The innermost function scope, if it is a function (not a static block or field initialiser). */
export function innermostFunction(st: AnalyzeState): ts.FunctionLikeDeclaration | null | "member" {
  const f = st.scopes[st.scopes.length - 1];
  if (!f) return null;
  return ts.isClassStaticBlockDeclaration(f) || ts.isPropertyDeclaration(f) ? "member" : (f as ts.FunctionLikeDeclaration);
}

export function isAsyncFunction(f: ts.FunctionLikeDeclaration): boolean {
  return !!ts.getModifiers(f as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** Does `node` begin an expression statement in a statement list? Text inserted before it
 * that starts with `(` would then join the previous line when semicolons are omitted (ASI
 * does not split `a` ⏎ `(b)`), so the rewrite puts a `;` first. In other statement
 * positions (`if (c) x`, `else x`, `l: x`) the token before is never an expression's end. */
export function startsStatement(node: ts.Node, sf: ts.SourceFile): boolean {
  const start = node.getStart(sf);
  let n: ts.Node = node;
  while (n.parent && !ts.isExpressionStatement(n)) {
    const p = n.parent;
    if (p.getStart(sf) !== start || (!ts.isExpressionStatement(p) && (ts.isStatement(p) || ts.isFunctionLike(p)))) return false;
    n = p;
  }
  if (!ts.isExpressionStatement(n)) return false;
  const list = n.parent;
  return ts.isBlock(list) || ts.isSourceFile(list) || ts.isModuleBlock(list) || ts.isCaseClause(list) || ts.isDefaultClause(list);
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
/** Is there a line terminator (or a comment holding one) between `from` and `to`? */
export function lineBreakBetween(text: string, from: number, to: number): boolean {
  return LINE_BREAK.test(text.slice(from, to));
}
