// `asyncts check`: exactly the errors `tsc -p` reports (same program: the tsconfig's
// options, `references`, `paths`, `types`, `lib`; the same diagnostic passes in the same
// order), then asyncts's own diagnostics and asyncio lints for DSL files. Writes nothing.
import ts from "typescript";
import { relative } from "node:path";
import { fromTs, formatDiagnostics, hasErrors, type Diagnostic } from "../compiler/diagnostics.js";
import { parse } from "../compiler/phases/1-parse.js";
import { analyze, type FileAccess } from "../compiler/phases/2-analyze/index.js";
import { lint } from "../compiler/lints/index.js";
import { readProject } from "./project.js";
import { nodeFiles } from "./files.js";
import { colorFor } from "./color.js";

export interface CheckOptions {
  project?: string;
  json?: boolean;
  /** skip the asyncio lints (for measuring their cost) */
  noLint?: boolean;
}

/** tsc's diagnostic passes (emitFilesAndReportErrors): each pass only if the ones before found nothing. */
function tscDiagnostics(program: ts.Program): readonly ts.Diagnostic[] {
  const options = program.getCompilerOptions();
  const all: ts.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
  const configCount = all.length;
  all.push(...program.getSyntacticDiagnostics());
  if (all.length === configCount) {
    all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (all.length === configCount) all.push(...program.getSemanticDiagnostics());
    // tsc reports declaration errors when it emits them (or, with noEmit, once all else is clean)
    if (options.declaration || options.composite) {
      if (!options.noEmit || all.length === configCount) all.push(...program.getDeclarationDiagnostics());
    }
  }
  return ts.sortAndDeduplicateDiagnostics(all);
}

export function collectCheck(opts: CheckOptions): { diagnostics: Diagnostic[]; fatal: boolean } {
  const { config, diagnostics } = readProject(opts.project);
  if (!config || diagnostics.some((d) => d.code.startsWith("ASY"))) return { diagnostics, fatal: true };
  // ASYNCTS_CHECK_TIMING=1: CPU time of tsc's part and of asyncts's (analysis + lints) on stderr
  const timing = process.env.ASYNCTS_CHECK_TIMING ? { tsc: process.cpuUsage(), ours: 0, lint: 0 } : null;
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: config.configErrors,
  });
  const all: Diagnostic[] = tscDiagnostics(program).map((d) => fromTs(d));
  const ours: Diagnostic[] = [];
  const checker = program.getTypeChecker();
  // Dependencies come from the program (already parsed and bound), not parsed again.
  const files: FileAccess = { ...nodeFiles, sourceFile: (p) => program.getSourceFile(p) };
  for (const file of config.fileNames) {
    if (file.endsWith(".d.ts") || !/\.(ts|tsx|mts|cts)$/.test(file)) continue;
    let sf = program.getSourceFile(file);
    if (!sf) continue;
    if (!/["']asyncts["']|from\s+["']\./.test(sf.text)) continue; // cannot be a DSL file
    // The checker's files have parent links once bound; after syntax errors they may not.
    const bound = sf.statements.length === 0 || sf.statements[0].parent === sf;
    if (!bound) sf = parse(file, sf.text).file;
    const t0 = timing ? process.cpuUsage() : null;
    const analysis = analyze(sf, { files });
    if (analysis.isDSL) {
      ours.push(...analysis.diagnostics.filter((d) => d.code.startsWith("ASY"))); // tsc reports the TS ones itself
      const t1 = timing ? process.cpuUsage() : null;
      if (!opts.noLint) ours.push(...lint(sf, analysis, { checker: bound ? checker : undefined, files }));
      if (timing) timing.lint += cpuMs(t1!);
    }
    if (timing) timing.ours += cpuMs(t0!);
  }
  if (timing) {
    const total = cpuMs(timing.tsc);
    process.stderr.write(`asyncts check: CPU ${total.toFixed(0)} ms; tsc's program and diagnostics ${(total - timing.ours).toFixed(0)} ms, asyncts analysis ${(timing.ours - timing.lint).toFixed(0)} ms, lints ${timing.lint.toFixed(0)} ms (${((timing.lint / (total - timing.ours)) * 100).toFixed(1)}% of tsc's)\n`);
  }
  if (ours.length) {
    // one list in file/position order; tsc's own order is kept among its diagnostics
    all.push(...ours);
    const key = (d: Diagnostic) => d.file ?? "";
    all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : (a.start ?? -1) - (b.start ?? -1)));
  }
  return { diagnostics: all, fatal: false };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** A diagnostic as JSON: positions 1-based like the text output. */
export function toJson(d: Diagnostic, cwd: string) {
  const pos = (p: number | undefined) => {
    if (p === undefined || d.source === undefined) return undefined;
    const lc = ts.getLineAndCharacterOfPosition({ text: d.source } as ts.SourceFileLike, p);
    return { line: lc.line + 1, column: lc.character + 1 };
  };
  const start = pos(d.start);
  const end = d.start !== undefined ? pos(d.start + (d.length ?? 0)) : undefined;
  return {
    file: d.file ? relative(cwd, d.file) : null,
    line: start?.line ?? null, column: start?.column ?? null,
    endLine: end?.line ?? null, endColumn: end?.column ?? null,
    code: d.code, severity: d.severity, message: d.message,
  };
}

export async function check(opts: CheckOptions): Promise<number> {
  const { diagnostics } = collectCheck(opts);
  const cwd = process.cwd();
  if (opts.json) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    process.stdout.write(JSON.stringify({ diagnostics: diagnostics.map((d) => toJson(d, cwd)), errors, warnings: diagnostics.length - errors }, null, 2) + "\n");
  } else if (diagnostics.length) {
    process.stderr.write(formatDiagnostics(diagnostics, { cwd, color: colorFor(process.stderr) }));
  }
  return hasErrors(diagnostics) ? 2 : 0;
}
