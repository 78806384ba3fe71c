// asyncts/compiler: compile(source, options) → { code, map, diagnostics }.
// Wires the phases together and nothing else: parse → analyse → transform → emit.
import { parse, isStackOverflow } from "./phases/1-parse.js";
import { analyze, type FileAccess } from "./phases/2-analyze/index.js";
import { compiledFiles } from "./phases/2-analyze/state.js";
import { transform, type TransformOptions } from "./phases/3-transform/index.js";
import { emit, canBlankTypes } from "./phases/4-emit.js";
import { diag, fromTs, hasErrors, type Diagnostic } from "./diagnostics.js";
import { lint } from "./lints/index.js";
import type ts from "typescript";

export { formatDiagnostic, formatDiagnostics, hasErrors, type Diagnostic } from "./diagnostics.js";
export { RUNTIME_INTERNAL, helpers, helperNames } from "./helpers.js";
export { reset, reset as clearBindingCache, forget as forgetFiles } from "./phases/2-analyze/state.js";
export type { FileAccess } from "./phases/2-analyze/index.js";

export interface CompileOptions extends Omit<TransformOptions, "elideTypeOnlyImports" | "assignParameterProperties"> {
  fileName: string;
  /** TypeScript options for the emit (target, jsx, ...). */
  compilerOptions?: ts.CompilerOptions;
  /** How the compiler may read other files (modules that re-export asyncts, package.json).
   * cli/ passes the real file system; without it compile() reads nothing but `source`. */
  files?: FileAccess;
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
  const { fileName, files } = options;
  const compilerOptions = options.compilerOptions ?? {};
  try {
    const parsed = parse(fileName, source);
    // A later file of the same build that imports this one reads this tree instead of parsing it again.
    if (files && !parsed.diagnostics.length) compiledFiles.set(fileName, parsed.file);
    // Fast path: types blanked in place (positions never move, one source map); otherwise
    // the rewritten TypeScript goes through TypeScript's own emit.
    const analysis = analyze(parsed.file, { files, blankTypes: canBlankTypes(fileName, compilerOptions, files) });
    const diagnostics = [...parsed.diagnostics, ...analysis.diagnostics];
    if (options.lint && !hasErrors(parsed.diagnostics)) diagnostics.push(...lint(parsed.file, analysis, { files }));
    const imports = analysis.specifiers.map((sp) => sp.text);
    if (hasErrors(diagnostics)) return { code: null, map: null, diagnostics, isDSL: analysis.isDSL, rewritten: null, imports };
    const fast = analysis.blankedText !== null;
    const s = transform(source, analysis, fileName, {
      ...options,
      elideTypeOnlyImports: fast && !compilerOptions.verbatimModuleSyntax,
      assignParameterProperties: fast,
    });
    const out = emit(s, { fileName, source, fast, compilerOptions, files });
    const all = [...diagnostics, ...out.diagnostics.map((d) => fromTs(d, source))];
    const ok = !hasErrors(all);
    return { code: ok ? out.code : null, map: ok ? out.map : null, diagnostics: all, isDSL: analysis.isDSL, rewritten: s.toString(), imports };
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    const d = diag("nestingTooDeep", { file: fileName, start: 0, length: 0, source }, "the compiler ran out of stack");
    return { code: null, map: null, diagnostics: [d], isDSL: false, rewritten: null, imports: [] };
  }
}
