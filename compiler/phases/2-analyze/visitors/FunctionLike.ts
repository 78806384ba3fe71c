// Function-like nodes (declarations, expressions, arrows, methods, accessors, constructors):
// is this an async function (a coroutine function to be), and where are the pieces the
// rewrite needs (the `async` keyword, `*`, the body)? Each opens a scope for `await`,
// `arguments`, `break`/`continue`.
import ts from "typescript";
import type { AnalyzeState } from "../state.js";
import type { CoroutineFunction } from "../types.js";
import type { Visitor } from "../walk.js";
import { diag } from "../../../diagnostics.js";
import { misplacedExportModifier } from "./ImportDeclaration.js";
import { checkParameters } from "./EarlyErrors.js";

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

function paramNamesOf(node: ts.FunctionLikeDeclaration): string[] {
  const out: string[] = [];
  for (const p of node.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === "this") continue; // TypeScript's `this` parameter
    bindingNames(p.name, out);
  }
  return out;
}

function nameOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  if (node.name) return node.name.getText(sf);
  const p = node.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p.name.getText(sf);
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left.getText(sf).split(".").pop()!;
  return ts.isArrowFunction(node) ? "<lambda>" : "<anonymous>";
}

export function coroutineFunctionOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile, id: number): CoroutineFunction | null {
  const asyncMod = ts.canHaveModifiers(node) ? ts.getModifiers(node)?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword) : undefined;
  if (!asyncMod || !node.body) return null;
  const text = sf.text;
  let asyncEnd = asyncMod.getEnd();
  while (asyncEnd < text.length && /[ \t\v\f\u00a0\ufeff\u0085]/.test(text[asyncEnd])) asyncEnd++;
  const kind = ts.isFunctionDeclaration(node) ? "declaration" : ts.isFunctionExpression(node) ? "expression" : ts.isArrowFunction(node) ? "arrow" : "method";
  const concise = !ts.isBlock(node.body);
  const star = node.asteriskToken ? { start: node.asteriskToken.getStart(sf), end: node.asteriskToken.getEnd() } : undefined;
  const inClass = ts.isMethodDeclaration(node) && ts.isClassLike(node.parent);
  const placement = ts.isFunctionDeclaration(node) ? "declaration" : inClass ? "method" : "closure";
  return {
    id,
    kind,
    asyncGenerator: !!node.asteriskToken,
    name: nameOf(node, sf),
    asyncStart: asyncMod.getStart(sf),
    asyncEnd,
    star,
    bodyStart: concise ? node.body.getStart(sf) : node.body.getStart(sf) + 1,
    bodyEnd: concise ? node.body.getEnd() : node.body.getEnd() - 1,
    concise,
    captures: new Set(),
    placement,
    nodeEnd: node.getEnd(),
    paramNames: paramNamesOf(node),
    isStatic: !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword),
    mark: node.asteriskToken ? null : markOf(node),
    privateNameFree: inClass ? privateNameFree(node as ts.MethodDeclaration, nameOf(node, sf)) : undefined,
  };
}

function privateNameFree(m: ts.MethodDeclaration, name: string): boolean {
  const want = "#" + name.replace(/^#/, "");
  return !(m.parent as ts.ClassLikeDeclaration).members.some((x) => x.name && ts.isPrivateIdentifier(x.name) && x.name.text === want);
}

function markOf(node: ts.FunctionLikeDeclaration): CoroutineFunction["mark"] {
  if (ts.isFunctionDeclaration(node)) return node.name ? { kind: "binding", name: node.name.text } : null;
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return { kind: "wrap" };
  if (ts.isMethodDeclaration(node) && ts.isClassLike(node.parent) && node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isNumericLiteral(node.name))) {
    return { kind: "member", name: node.name.text };
  }
  return null; // object-literal, computed and private methods
}

/** Deeper nesting of coroutine functions than this would overflow V8's parser on the
 * output (each level becomes a function, a call and a generator: V8 takes ~350). */
export const MAX_COROUTINE_DEPTH = 200;

export const FunctionLike: Visitor<AnalyzeState> = {
  enter(node, st) {
    const fn = node as ts.FunctionLikeDeclaration;
    misplacedExportModifier(node, st);
    checkParameters(fn, st);
    const info = st.bindings.isDSL ? coroutineFunctionOf(fn, st.sf, st.result.functions.length) : null;
    if (info) {
      st.fnInfo.set(node, info);
      st.result.functions.push(info);
      if (++st.coroutineDepth === MAX_COROUTINE_DEPTH + 1) {
        const start = node.getStart(st.sf);
        st.result.diagnostics.push(diag("nestingTooDeep", { file: st.sf.fileName, start, length: 5, source: st.sf.text }, `more than ${MAX_COROUTINE_DEPTH} nested async functions`));
      }
      if (info.placement === "closure" && /^[A-Za-z_$][\w$]*$/.test(info.name)) {
        let list = st.closureNames.get(info.name);
        if (!list) st.closureNames.set(info.name, (list = []));
        list.push(info);
      }
    }
    if (ts.isConstructorDeclaration(node) && node.body) parameterProperties(node, st);
    st.scopes.push(node);
    st.jumps.push({ loops: 0, switches: 0, labels: [] });
  },
  leave(node, st) {
    st.scopes.pop();
    st.jumps.pop();
    const info = st.fnInfo.get(node);
    if (info) {
      st.coroutineDepth--;
      if (info.placement === "closure") st.closureNames.get(info.name)?.pop();
    }
  },
};

/** `constructor(public x: T)`: which names to assign, and where — after the `super(...)`
 * call in a derived class, else at the start. */
function parameterProperties(n: ts.ConstructorDeclaration, st: AnalyzeState): void {
  const names = n.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, n) && ts.isIdentifier(p.name)).map((p) => (p.name as ts.Identifier).text);
  if (!names.length) return;
  const superCall = n.body!.statements.find((s) => ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && s.expression.expression.kind === ts.SyntaxKind.SuperKeyword);
  st.result.parameterProperties.push({ insertAt: superCall ? superCall.getEnd() : n.body!.getStart(st.sf) + 1, names, afterStatement: !!superCall });
}

/** Class static blocks and property initialisers: their own scope for `await` and
 * `arguments` (not module level, not a coroutine). */
export const MemberScope: Visitor<AnalyzeState> = {
  enter(node, st) {
    misplacedExportModifier(node, st);
    st.scopes.push(node);
    st.jumps.push({ loops: 0, switches: 0, labels: [] });
  },
  leave(_node, st) {
    st.scopes.pop();
    st.jumps.pop();
  },
};
