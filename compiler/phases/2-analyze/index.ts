// Phase 2: analyse. ONE walk over the syntax tree (walk.ts: an explicit stack, so deep
// nesting cannot overflow it), one visitor per syntax kind (visitors/<Kind>.ts), → plain
// read-only data that says what the rewrite must do: which functions become coroutine
// functions, where each `await`, `for await`, `await using` and async-generator `yield`
// sits, which `arguments` / `super` / `new.target` a coroutine must capture, which
// module-level run calls must be awaited, and which imports only types use. The rewrite
// (phase 3) never asks the syntax tree new questions.
import ts from "typescript";
import { findBindings, apiName } from "./bindings.js";
import { diag } from "../../diagnostics.js";
import { where } from "./visitors/shared.js";
import { walk } from "./walk.js";
import { visitors, finish } from "./visitors/index.js";
import type { AnalyzeState } from "./state.js";
import { blankTypes } from "./blank.js";

export type * from "./types.js";
import type { Analysis, FileAccess } from "./types.js";

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
    captures: [], runCalls: [], spreadCalls: [], specifiers: [], needsFullEmit: false, parameterProperties: [], diagnostics: [],
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
