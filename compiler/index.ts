// asyncts/compiler: compile(source, options) → { code, map, diagnostics }.
// Wires the phases together and nothing else: parse → analyse → transform → emit.
import { parse } from "./phases/1-parse.js";
import { analyze, type Analysis } from "./phases/2-analyze/index.js";
import { transform, type TransformOptions } from "./phases/3-transform/index.js";
import { emit, emitBlanked, blankTypes, canBlankTypes } from "./phases/4-emit.js";
import { typeOnlyImportRemovals } from "./phases/2-analyze/visitors/ImportElision.js";
import { fromTs, hasErrors, type Diagnostic } from "./diagnostics.js";
import { lint } from "./lints/index.js";
import type ts from "typescript";

export { formatDiagnostic, formatDiagnostics, hasErrors, type Diagnostic } from "./diagnostics.js";
export { RUNTIME_INTERNAL, helpers, helperNames } from "./helpers.js";
export { clearBindingCache } from "./phases/2-analyze/bindings.js";

export interface CompileOptions extends TransformOptions {
  fileName: string;
  /** TypeScript options for the emit (target, jsx, ...). */
  compilerOptions?: ts.CompilerOptions;
  /** also run the asyncio lints (compiler/lints; `build` does, `run` does not) */
  lint?: boolean;
}

export interface CompileResult {
  /** JavaScript, or null when there were errors */
  code: string | null;
  /** JSON source map, DSL file → JS */
  map: string | null;
  diagnostics: Diagnostic[];
  /** did the file import asyncts (and so get the coroutine transform)? */
  isDSL: boolean;
  /** the TypeScript after the asyncts rewrite, before emit (for snapshots and debugging) */
  rewritten: string | null;
  /** import specifiers found in the file */
  imports: string[];
}

export function compile(source: string, options: CompileOptions): CompileResult {
  const { file, diagnostics: parseDiagnostics } = parse(options.fileName, source);
  const analysis: Analysis = analyze(file);
  const diagnostics = [...parseDiagnostics, ...analysis.diagnostics];
  if (options.lint && !hasErrors(parseDiagnostics)) diagnostics.push(...lint(file, analysis));
  const imports = analysis.specifiers.map((sp) => sp.text);
  if (hasErrors(diagnostics)) {
    return { code: null, map: null, diagnostics, isDSL: analysis.isDSL, rewritten: null, imports };
  }
  // Fast path: blank the types, rewrite, done (positions never move, one source map).
  // Otherwise the rewritten TypeScript goes through TypeScript's own emit.
  const compilerOptions = options.compilerOptions ?? {};
  const blanked = !analysis.needsFullEmit && canBlankTypes(options.fileName, compilerOptions) ? blankTypes(file) : null;
  const s = transform(blanked ?? source, analysis, options.fileName, { ...options, elideTypeOnlyImports: blanked !== null && !compilerOptions.verbatimModuleSyntax ? typeOnlyImportRemovals(file) : [],
    assignParameterProperties: blanked !== null,
  });
  const out = blanked !== null ? emitBlanked(s, options.fileName, source) : emit(s, options.fileName, source, compilerOptions);
  const emitDiagnostics = out.diagnostics.map((d) => fromTs(d, source));
  const all = [...diagnostics, ...emitDiagnostics];
  return {
    code: hasErrors(all) ? null : out.code,
    map: hasErrors(all) ? null : out.map,
    diagnostics: all,
    isDSL: analysis.isDSL,
    rewritten: s.toString(),
    imports,
  };
}
