// The analyser's state: what one walk accumulates (AnalyzeState, made fresh per file) and
// the compiler's process-wide caches (parsed dependencies, re-export tables, package.json
// types), which only reset() clears — a watcher calls it when files change.
import type ts from "typescript";
import type { Analysis, Bindings, CoroutineFunction, FileAccess, RunnerVariables } from "./types.js";
export type { FileAccess } from "./types.js";

/** A module-level run call or `await run(...)`, classified when the walk is over (a runner
 * variable may be declared after the function that uses it). */
export interface PendingRunCall {
  call: ts.CallExpression;
  atModule: boolean;
  inCoroutine: boolean;
  /** `await` of it at module level: an error unless it is a run call */ topLevelAwait?: ts.AwaitExpression;
}

export interface AnalyzeState {
  sf: ts.SourceFile;
  bindings: Bindings;
  result: Analysis;
  /** function-like scopes from the outside in (class static blocks and property initialisers too) */
  scopes: ts.Node[];
  fnInfo: Map<ts.Node, CoroutineFunction>;
  classDepth: number;
  /** enclosing closure coroutines by name (does a body use its function's own name?) */
  closureNames: Map<string, CoroutineFunction[]>;
  /** nesting of coroutine functions, for the depth limit of the output */
  coroutineDepth: number;
  runners: RunnerVariables;
  pendingRuns: PendingRunCall[];
  /** identifiers used as values (import elision) */
  valueNames: Set<string>;
  /** per function scope: enclosing loops, switches and labels (`break`/`continue` checks) */
  jumps: { loops: number; switches: number; labels: { name: string; loop: boolean }[] }[];
  files?: FileAccess;
}

// ---- caches ----

/** Files that other files import, parsed once (for following re-exports); null if unreadable. */
export const dependencies = new Map<string, ts.SourceFile | null>();
/**
 * A dependency parsed once for the analyser and the lints alike (the lints' oracle used to
 * parse every imported file again for each importer: most of a build's parse time). `parse`
 * is parseDependency; a cached parse of other text (the file changed) is not used.
 */
export function dependencyFile(fileName: string, text: string, parse: (fileName: string, text: string) => ts.SourceFile | null): ts.SourceFile | null {
  const cached = dependencies.get(fileName);
  if (cached && cached.text === text) return cached;
  const sf = compiledFile(fileName, text) ?? parse(fileName, text);
  if (cached === undefined) dependencies.set(fileName, sf);
  return sf;
}
/** Files compiled in this process, by name: a later importer's dependency parse is the same tree. */
export const compiledFiles = new Map<string, ts.SourceFile>();
/** The tree a compile of `fileName` made from this very text, if any. */
export function compiledFile(fileName: string, text: string): ts.SourceFile | undefined {
  const sf = compiledFiles.get(fileName);
  return sf && sf.text === text ? sf : undefined;
}
/** What a module exports of asyncts (see bindings.ts); null: nothing. */
export const exportTables = new Map<string, unknown>();
/** A folder → its nearest package.json's "type" ("module" or "commonjs"). */
export const packageTypes = new Map<string, string>();

/** Forgets every cache (files changed). */
export function reset(): void {
  dependencies.clear();
  compiledFiles.clear();
  exportTables.clear();
  packageTypes.clear();
}

/** Forgets what the caches hold about FILES (a watcher saw them change). A file's re-export
 * table can rest on another file's, so when what a file exports changed every table goes;
 * the other files' parses stay. */
export function forget(files: Iterable<string>, exportsChanged: boolean): void {
  for (const f of files) {
    dependencies.delete(f);
    compiledFiles.delete(f);
    exportTables.delete(f);
  }
  if (exportsChanged) exportTables.clear();
}
