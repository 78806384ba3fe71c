// Phase 2: analyse. ONE walk over the syntax tree (walk.ts: an explicit stack, so deep
// nesting cannot overflow it), one visitor per syntax kind (visitors/<Kind>.ts), → plain
// read-only data that says what the rewrite must do: which functions become coroutine
// functions, where each `await`, `for await`, `await using` and async-generator `yield`
// sits, which `arguments` / `super` / `new.target` a coroutine must capture, which
// module-level run calls must be awaited, and which imports only types use. The rewrite
// (phase 3) never asks the syntax tree new questions.
import ts from "typescript";
import { findBindings, apiName, type Bindings } from "./bindings.js";
import { diag, type Diagnostic } from "../../diagnostics.js";
import { where } from "./visitors/shared.js";
import { walk } from "./walk.js";
import { visitors, finish } from "./visitors/index.js";
import type { AnalyzeState, FileAccess } from "./state.js";
import { blankTypes } from "./blank.js";

export type { CoroutineFunction, Capture } from "./visitors/FunctionLike.js";
export type { FileAccess } from "./state.js";
import type { CoroutineFunction, Capture } from "./visitors/FunctionLike.js";

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
  specifiers: SpecifierSite[];
  /** constructor parameter properties: `this.x = x;` goes at `insertAt` (fast emit path) */
  parameterProperties: { insertAt: number; names: string[] }[];
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

export interface AnalyzeOptions {
  /** how other files are read (re-exports of asyncts); without it none are */
  files?: FileAccess;
  /** compute the type blanking of the fast emit path */
  blankTypes?: boolean;
}

/** Deeper syntax would overflow V8's parser on the output (TypeScript's own parser gives up
 * at 700–1,900 levels of most constructs, V8's at 900–2,800). */
export const MAX_DEPTH = 1200;

export function analyze(file: ts.SourceFile, options: AnalyzeOptions = {}): Analysis {
  const bindings = findBindings(file, options.files);
  const result: Analysis = {
    isDSL: bindings.isDSL, bindings, functions: [], awaits: [], agenYields: [], forAwaits: [], awaitUsings: [],
    captures: [], runCalls: [], specifiers: [], needsFullEmit: false, parameterProperties: [], diagnostics: [],
    typeOnlyImports: [], nelPositions: [], blankedText: null,
  };
  const state: AnalyzeState = {
    sf: file, bindings, result, scopes: [], fnInfo: new Map(), classDepth: 0, closureNames: new Map(), coroutineDepth: 0,
    runners: { runners: new Set(), loops: new Set() }, pendingRuns: [], valueNames: new Set(), files: options.files,
    jumps: [{ loops: 0, switches: 0, labels: [] }],
  };
  walk(file, visitors, state, {
    maxDepth: MAX_DEPTH,
    tooDeep: (node) => result.diagnostics.push(diag("nestingTooDeep", where(node, state), `more than ${MAX_DEPTH} levels`)),
  });
  finish(state);
  if (options.blankTypes && !result.needsFullEmit) result.blankedText = blankTypes(file);
  return result;
}

export { apiName };
