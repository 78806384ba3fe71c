// The analysis's data: what phase 2 hands the rewrite (plain, read-only) and the few
// shapes the walk's state shares. No imports, so nothing here can form an import cycle.
import type { Diagnostic } from "../../diagnostics.js";

/** What a coroutine must capture from its function for the generator that holds its body. */
export type Capture = "arguments" | "super" | "newTarget";

export interface CoroutineFunction {
  id: number;
  kind: "declaration" | "expression" | "arrow" | "method";
  /** `async function*` / `async *m()`: a Python async generator */ asyncGenerator: boolean;
  /** the name Python would give it (`__name__`) */ name: string;
  /** remove [asyncStart, asyncEnd): the `async` keyword and the space after it */ asyncStart: number; asyncEnd: number;
  /** remove the `*` of an async generator */ star?: { start: number; end: number };
  /** block body: just after `{` and at `}`; concise arrow body: the expression */ bodyStart: number; bodyEnd: number;
  /** is the function's own name used inside it? (a closure's generator may then not take it) */ nameUsed?: boolean;
  /** a class method: is `#name` free in its class (the generator method may then take it)? */ privateNameFree?: boolean;
  concise: boolean;
  captures: Set<Capture>;
  /** Where the generator that holds the body lives (see the transform's header):
   *  "declaration" — a `function*` declared right after the function (created once per scope);
   *  "method"      — a private generator method right after the class method;
   *  "closure"     — a `function*` expression created at each call (arrows, expressions, object methods). */
  placement: "declaration" | "method" | "closure";
  /** the end of the function (declaration) or class member (method) */ nodeEnd: number;
  /** the names the parameters bind, passed on to a hoisted generator */ paramNames: string[];
  isStatic: boolean;
  /** How iscoroutinefunction() learns about it (transform): a declaration's binding name, a
   *  class method's property key (null: computed or private, not marked), or "wrap" for a
   *  function expression / arrow, whose value is passed through $markCoroutineFunction. */
  mark: { kind: "binding" | "member"; name: string } | { kind: "wrap" } | null;
}

export interface Bindings {
  /** local identifier → asyncts export name (named imports) */
  named: Map<string, string>;
  /** local identifiers that stand for the whole asyncts module (namespace/default imports) */
  namespaces: Set<string>;
  /** does this file import asyncts at all (directly or through re-exports)? */
  isDSL: boolean;
}

export interface RunnerVariables {
  runners: Set<string>;
  loops: Set<string>;
}

/** How the compiler reads other files: re-exported modules, package.json. Passed in by the
 * caller (cli/ gives the real file system); without it nothing outside the source is read. */
export interface FileAccess {
  /** the file's text, or undefined when it does not exist or cannot be read */
  readFile(path: string): string | undefined;
  fileExists?(path: string): boolean;
  /** the file already parsed by the caller (check's program), so it is not parsed again;
   * undefined: read and parse it */
  sourceFile?(path: string): import("typescript").SourceFile | undefined;
}

export interface AwaitSite {
  /** the `await` keyword */ start: number; keywordEnd: number;
  /** end of the whole await expression */ end: number;
  /** where the operand starts (a line break before it needs parentheses after `yield`) */ operandStart?: number;
  /** the await starts an expression statement: `(yield` there needs a `;` before it (ASI) */ statementStart?: boolean;
}
export interface AgenYieldSite {
  start: number; keywordEnd: number; end: number; hasOperand: boolean;
  operandStart?: number; statementStart?: boolean;
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
  /** the bound identifier: the rewrite binds the manager to a hidden name and `name` to
   * what `__aenter__()` returns (Python's `async with E as name`) */ nameStart?: number; nameEnd?: number;
  /** for `await using a = A, b = B`: the next declarator, entered after this one */ nextDeclarator?: { start: number; end: number };
  /** where the `await using` scope ends: the enclosing block's `}` (or the file's end) */ scopeEnd: number;
  mode: "yield" | "await";
}
export interface CaptureSite {
  kind: Capture; start: number; end: number;
  /** for `super.m(...)`: where `.call` and `this` go */ call?: { calleeEnd: number; argsPos: number; hasArgs: boolean };
}
export interface RunCallSite { start: number; end: number; statementStart?: boolean }
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
  /** calls of asyncts APIs with spread arguments that take them as one array instead (V8 caps
   * a call's arguments near 120,000): the callee's range and the argument list's */
  spreadCalls: { calleeStart: number; calleeEnd: number; argsStart: number; argsEnd: number; helper: "gatherArgs" }[];
  specifiers: SpecifierSite[];
  /** constructor parameter properties: `this.x = x;` goes at `insertAt` (fast emit path) */
  parameterProperties: { insertAt: number; names: string[]; /** after a `super()` statement (which may lack its `;`) */ afterStatement: boolean }[];
  /** syntax that only TypeScript's own emit handles (decorators, `using`): no fast emit */
  needsFullEmit: boolean;
  /** imports used only as types: the ranges to delete on the fast emit path */
  typeOnlyImports?: { start: number; end: number }[];
  /** fast emit path: the source with its types blanked, every position unchanged (null:
   * TypeScript's emit is needed) */
  blankedText: string | null;
  /** U+0085 (NEL) between tokens: whitespace to TypeScript, an error to V8; becomes a space */
  nelPositions?: number[];
  diagnostics: Diagnostic[];
}

