// Phase 2: analyse. One walk over the syntax tree → plain read-only data that says what
// the rewrite must do: which functions become coroutine functions, where each `await`,
// `for await`, `await using` and async-generator `yield` sits, which `arguments` /
// `super` / `new.target` a coroutine must capture, and which module-level run calls
// must be awaited. The rewrite (phase 3) never asks the syntax tree new questions.
import ts from "typescript";
import { findBindings, apiName, type Bindings } from "./bindings.js";
import { diag, type Diagnostic } from "../../diagnostics.js";
import { coroutineFunctionOf, type CoroutineFunction, type Capture } from "./visitors/FunctionLike.js";
import { findRunnerVariables, runCallKind } from "./visitors/RunCall.js";

export type { CoroutineFunction, Capture } from "./visitors/FunctionLike.js";

export interface AwaitSite {
  /** the `await` keyword */ start: number; keywordEnd: number;
  /** end of the whole await expression */ end: number;
}
export interface AgenYieldSite {
  start: number; keywordEnd: number; end: number; hasOperand: boolean;
}
export interface ForAwaitSite {
  id: number; start: number; exprStart: number; exprEnd: number; bodyStart: number; bodyEnd: number;
  /** `const x` / `let [a, b]` / `x.y` — the loop's binding as written */ head: string;
  mode: "yield" | "await";
  /** the iterable is a temporary (`for await (x of gen())`): nothing else holds it, so when
   * the loop is left early CPython finalises it at once (refcount); the rewrite does too.
   * `outerStart` is where the loop statement begins, labels included. */
  temporary: boolean; outerStart: number; outerEnd: number;
}
export interface AwaitUsingSite {
  id: number; start: number; keywordsEnd: number; stmtEnd: number; name: string;
  /** for `await using a = A, b = B`: the next declarator, entered after this one */ nextDeclarator?: { start: number; end: number };
  /** where the `await using` scope ends: the enclosing block's `}` (or the file's end) */ scopeEnd: number;
  mode: "yield" | "await";
}
export interface CaptureSite {
  kind: Capture; start: number; end: number;
  /** for `super.m(...)`: where `.call` and `this` go */ call?: { calleeEnd: number; argsPos: number; hasArgs: boolean };
}
export interface RunCallSite { start: number; end: number }
export interface SpecifierSite { start: number; end: number; text: string }

export interface Analysis {
  isDSL: boolean;
  bindings: Bindings;
  functions: CoroutineFunction[];
  awaits: AwaitSite[];
  agenYields: AgenYieldSite[];
  forAwaits: ForAwaitSite[];
  awaitUsings: AwaitUsingSite[];
  captures: CaptureSite[];
  runCalls: RunCallSite[];
  specifiers: SpecifierSite[];
  /** constructor parameter properties: `this.x = x;` goes at `insertAt` (fast emit path) */
  parameterProperties: { insertAt: number; names: string[] }[];
  /** syntax that only TypeScript's own emit handles (decorators, `using`): no fast emit */
  needsFullEmit: boolean;
  diagnostics: Diagnostic[];
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node);
}

/** Collects import/export specifiers (the CLI may point them at compiled files). */
function collectSpecifiers(sf: ts.SourceFile): SpecifierSite[] {
  const out: SpecifierSite[] = [];
  const add = (lit: ts.Expression | undefined) => {
    if (lit && ts.isStringLiteral(lit)) out.push({ start: lit.getStart(sf) + 1, end: lit.end - 1, text: lit.text });
  };
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) add(stmt.moduleSpecifier);
  }
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) add(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function analyze(file: ts.SourceFile): Analysis {
  const sf = file;
  const bindings = findBindings(file);
  const result: Analysis = {
    isDSL: bindings.isDSL, bindings, functions: [], awaits: [], agenYields: [], forAwaits: [], awaitUsings: [],
    captures: [], runCalls: [], specifiers: collectSpecifiers(sf), needsFullEmit: needsFullEmit(sf, bindings.isDSL), parameterProperties: findParameterProperties(sf), diagnostics: [],
  };
  if (!bindings.isDSL) return result;

  const where = (node: ts.Node) => ({ file: sf.fileName, start: node.getStart(sf), length: node.getEnd() - node.getStart(sf), source: sf.text });
  const runners = findRunnerVariables(sf, bindings);
  const fnInfo = new Map<ts.Node, CoroutineFunction>();
  let ids = 0;

  // The function scopes from a node outward: [innermost, ..., outermost].
  const scopes: ts.FunctionLikeDeclaration[] = [];
  const owner = () => scopes[scopes.length - 1];
  const ownerCoroutine = () => {
    const f = owner();
    return f ? fnInfo.get(f) ?? null : null;
  };

  /** `arguments`, `super`, `new.target` belong to the nearest non-arrow function; if a
   * coroutine wrapper stands between, the outermost such coroutine captures them. */
  const captureOwner = (kind: Capture): CoroutineFunction | null => {
    let outermost: CoroutineFunction | null = null;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const f = fnInfo.get(scopes[i]);
      // A class method's generator is itself a method: `super` works there as written.
      if (f && !(kind === "super" && f.placement === "method")) outermost = f;
      if (!ts.isArrowFunction(scopes[i])) break;
    }
    return outermost;
  };

  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node)) {
      const info = coroutineFunctionOf(node, sf, ids);
      if (info) {
        ids++;
        fnInfo.set(node, info);
        result.functions.push(info);
      }
      scopes.push(node);
      ts.forEachChild(node, visit);
      scopes.pop();
      return;
    }
    if (ts.isClassStaticBlockDeclaration(node) || ts.isPropertyDeclaration(node)) {
      // Their own scope for `await`/`arguments`: not module level, not a coroutine.
      scopes.push(node as unknown as ts.FunctionLikeDeclaration);
      ts.forEachChild(node, visit);
      scopes.pop();
      return;
    }
    if (ts.isAwaitExpression(node)) {
      const co = ownerCoroutine();
      if (co) {
        result.awaits.push({ start: node.getStart(sf), keywordEnd: node.getStart(sf) + 5, end: node.getEnd() });
      } else if (scopes.length === 0 && !(ts.isCallExpression(node.expression) && runCallKind(node.expression, bindings, runners))) {
        result.diagnostics.push(diag("topLevelAwait", where(node)));
      }
    } else if (ts.isYieldExpression(node)) {
      const co = ownerCoroutine();
      if (co?.asyncGenerator) {
        if (node.asteriskToken) result.diagnostics.push(diag("asyncGenDelegation", where(node)));
        else result.agenYields.push({ start: node.getStart(sf), keywordEnd: node.getStart(sf) + 5, end: node.getEnd(), hasOperand: !!node.expression });
      }
    } else if (ts.isForOfStatement(node) && node.awaitModifier) {
      const co = ownerCoroutine();
      if (co || scopes.length === 0) {
        if (!co) result.diagnostics.push(diag("topLevelAwait", where(node.awaitModifier)));
        else result.forAwaits.push({
          id: result.forAwaits.length,
          start: node.getStart(sf),
          exprStart: node.expression.getStart(sf),
          exprEnd: node.expression.getEnd(),
          bodyStart: node.statement.getStart(sf),
          bodyEnd: node.statement.getEnd(),
          head: node.initializer.getText(sf),
          mode: "yield",
          temporary: ts.isCallExpression(node.expression) || ts.isNewExpression(node.expression),
          outerStart: (ts.isLabeledStatement(node.parent) ? node.parent : node).getStart(sf),
          outerEnd: node.getEnd(),
        });
      }
    } else if (ts.isVariableStatement(node) && (node.declarationList.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing) {
      const co = ownerCoroutine();
      const decls = node.declarationList.declarations;
      const parent = node.parent;
      const atModule = scopes.length === 0;
      const scopeEnd = ts.isBlock(parent) || ts.isModuleBlock(parent) ? parent.getEnd() - 1
        : ts.isSourceFile(parent) ? sf.text.length
        : ts.isCaseClause(parent) || ts.isDefaultClause(parent) ? parent.getEnd() : -1;
      if (scopeEnd < 0 || !decls.every((d) => ts.isIdentifier(d.name))) {
        result.diagnostics.push(diag("awaitUsingPlacement", where(node)));
      } else if (co || atModule) {
        // `await using a = A, b = B;` enters a, then b (nested), like `async with A as a, B as b:`.
        decls.forEach((d, i) => {
          const next = decls[i + 1];
          result.awaitUsings.push({
            id: result.awaitUsings.length,
            start: i === 0 ? node.getStart(sf) : d.getStart(sf),
            keywordsEnd: d.getStart(sf),
            stmtEnd: next ? d.getEnd() : node.getEnd(),
            name: (d.name as ts.Identifier).text,
            scopeEnd,
            mode: co ? "yield" : "await",
            nextDeclarator: next ? { start: d.getEnd(), end: next.getStart(sf) } : undefined,
          });
        });
      }
    } else if (ts.isCallExpression(node)) {
      const kind = runCallKind(node, bindings, runners);
      if (kind) {
        if (scopes.length === 0) {
          if (!ts.isAwaitExpression(node.parent)) result.runCalls.push({ start: node.getStart(sf), end: node.getEnd() });
        } else if (!ownerCoroutine() && !ts.isAwaitExpression(node.parent) && !ts.isReturnStatement(node.parent)) {
          result.diagnostics.push(diag("runInSyncFunction", where(node), kind));
        }
      }
    } else if (ts.isIdentifier(node) && node.text === "arguments" && isReference(node)) {
      const co = captureOwner("arguments");
      if (co) {
        co.captures.add("arguments");
        result.captures.push({ kind: "arguments", start: node.getStart(sf), end: node.getEnd() });
      }
    } else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.NewKeyword) {
      const co = captureOwner("newTarget");
      if (co) {
        co.captures.add("newTarget");
        result.captures.push({ kind: "newTarget", start: node.getStart(sf), end: node.getEnd() });
      }
      return;
    } else if (node.kind === ts.SyntaxKind.SuperKeyword && (ts.isPropertyAccessExpression(node.parent) || ts.isElementAccessExpression(node.parent))) {
      const co = captureOwner("super");
      if (co) {
        co.captures.add("super");
        const access = node.parent;
        const call = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : null;
        result.captures.push({
          kind: "super", start: node.getStart(sf), end: node.getEnd(),
          call: call ? { calleeEnd: access.getEnd(), argsPos: call.arguments.pos, hasArgs: call.arguments.length > 0 } : undefined,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return result;
}

/** Constructors with parameter properties (`constructor(public x: T)`): which names to
 * assign, and where — after the `super(...)` call in a derived class, else at the start. */
function findParameterProperties(sf: ts.SourceFile): { insertAt: number; names: string[] }[] {
  const out: { insertAt: number; names: string[] }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isConstructorDeclaration(n) && n.body) {
      const names = n.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, n) && ts.isIdentifier(p.name)).map((p) => (p.name as ts.Identifier).text);
      if (names.length) {
        const superCall = n.body.statements.find((st) => ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword);
        out.push({ insertAt: superCall ? superCall.getEnd() : n.body.getStart(sf) + 1, names });
      }
    }
    ts.forEachChild(n, visit);
  };
  if (/\b(public|private|protected|readonly|override)\b/.test(sf.text)) visit(sf);
  return out;
}

/** Decorators and `using` declarations need TypeScript's downlevel emit on Node 20
 * (DSL files' `await using` is rewritten by asyncts before emit). */
function needsFullEmit(sf: ts.SourceFile, isDSL: boolean): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isDecorator(n)) found = true;
    else if (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.Using) !== 0) {
      const isAwaitUsing = (n.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing;
      if (!isAwaitUsing || !isDSL) found = true;
    } else ts.forEachChild(n, visit);
  };
  if (/@|\busing\b/.test(sf.text)) visit(sf);
  return found;
}

function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id)) return false;
  if (ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p)) return p.name !== id;
  return true;
}

export { apiName };
