// `asyncts build`: every TypeScript file of a project to .js + source map (and .d.ts when
// `declaration` is on); DSL files through the asyncts transform, others as tsc would emit
// them. No type check (that is `check`). Output goes where tsc puts it (outDir, or next to
// the sources) and is written only when the whole build succeeded, as one switch
// (commit.ts): never half-written, never a mix of two builds.
import ts from "typescript";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, join, basename } from "node:path";
import { nodeFiles } from "./files.js";
import { compile, formatDiagnostics, hasErrors, type Diagnostic } from "../compiler/index.js";
import { readProject } from "./project.js";
import { canSwitchFolder, commitOutputs, journalPathFor, recover, withLock } from "./commit.js";

export interface BuildOptions {
  project?: string;
  outDir?: string;
  watch?: boolean;
}

function commonDir(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let dir = dirname(files[0]);
  for (const f of files) while (!f.startsWith(dir + "/") && dir !== "/") dir = dirname(dir);
  return dir;
}

const TS_SOURCE = /\.(ts|tsx|mts|cts)$/;

function jsExt(file: string, options: ts.CompilerOptions): string {
  if (file.endsWith(".mts")) return ".mjs";
  if (file.endsWith(".cts")) return ".cjs";
  if (file.endsWith(".tsx") && options.jsx === ts.JsxEmit.Preserve) return ".jsx";
  return ".js";
}

/** Where tsc writes FILE's JavaScript: under outDir (by its path from rootDir), or beside it. */
function outPath(file: string, options: ts.CompilerOptions, layout: { rootDir: string; outDir: string | null }): string {
  const stem = file.replace(TS_SOURCE, "");
  const js = stem + jsExt(file, options);
  return layout.outDir ? join(layout.outDir, relative(layout.rootDir, js)) : js;
}

/** `rewriteRelativeImportExtensions`: `./x.ts` is written `./x.js` (tsc's rule: relative, not .d.ts). */
function rewriteExtension(spec: string, options: ts.CompilerOptions): string | null {
  if (!options.rewriteRelativeImportExtensions || !/^\.\.?\//.test(spec) || /\.d\.[cm]?ts$/.test(spec)) return null;
  const m = /\.(ts|tsx|mts|cts)$/.exec(spec);
  if (!m) return null;
  const ext = m[1] === "mts" ? ".mjs" : m[1] === "cts" ? ".cjs" : m[1] === "tsx" && options.jsx === ts.JsxEmit.Preserve ? ".jsx" : ".js";
  return spec.slice(0, -m[0].length) + ext;
}

function progress(done: number, total: number): void {
  if (total <= 5) return;
  if (process.stderr.isTTY) process.stderr.write(`\rasyncts: compiling ${done}/${total} files`);
}

/** What `build --watch` keeps between builds: compiled files by source text, and what is on disk. */
export interface WatchState {
  compiled: Map<string, { text: string; result: ReturnType<typeof compile> }>;
  written: Map<string, string>;
  /** every output of the last build (the watcher ignores its own writes) */
  outputs: Set<string>;
  outDir: string | null;
  configPath: string | null;
  errors: number;
}

export function newWatchState(): WatchState {
  return { compiled: new Map(), written: new Map(), outputs: new Set(), outDir: null, configPath: null, errors: 0 };
}

export function buildOnce(opts: BuildOptions, state?: WatchState): number {
  const started = performance.now();
  const { config, diagnostics } = readProject(opts.project);
  if (!config || hasErrors(diagnostics)) {
    process.stderr.write(formatDiagnostics(diagnostics, { cwd: process.cwd() }));
    if (state) state.errors = diagnostics.filter((d) => d.severity === "error").length;
    return 2;
  }
  const options = config.options;
  const sources = config.fileNames.filter((f) => TS_SOURCE.test(f) && !/\.d\.[cm]?ts$/.test(f));
  const outOption = opts.outDir ?? options.outDir;
  const outDir = outOption ? resolve(outOption) : null;
  const rootDir = options.rootDir ? resolve(options.rootDir) : commonDir(sources);
  const layout = { rootDir, outDir };
  const outputs: [string, string][] = [];
  const all: Diagnostic[] = [...diagnostics];
  const emitOptions: ts.CompilerOptions = { ...options, sourceMap: true, declaration: false };
  delete emitOptions.outDir;
  delete emitOptions.rootDir;
  let done = 0;
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    const known = state?.compiled.get(file);
    const result = known && known.text === text ? known.result : compile(text, { fileName: file, compilerOptions: emitOptions, files: nodeFiles, lint: true, rewriteSpecifier: (spec) => rewriteExtension(spec, options) });
    state?.compiled.set(file, { text, result });
    all.push(...result.diagnostics);
    if (result.code !== null) {
      const js = outPath(file, options, layout);
      const map = JSON.parse(result.map!);
      map.sources = [relative(dirname(js), file)];
      map.file = basename(js);
      outputs.push([js, `${result.code}//# sourceMappingURL=${basename(js)}.map\n`], [`${js}.map`, JSON.stringify(map)]);
    }
    progress(++done, sources.length);
  }
  if (sources.length > 5 && process.stderr.isTTY) process.stderr.write("\n");
  if (!hasErrors(all) && options.declaration) {
    // Declarations need the program; DSL sources keep their types, so emit them from the originals.
    const dtsOptions: ts.CompilerOptions = { ...options, declaration: true, emitDeclarationOnly: true, noEmit: false, rootDir };
    if (outDir) dtsOptions.outDir = outDir;
    const program = ts.createProgram({ rootNames: sources, options: dtsOptions, projectReferences: (config as any).projectReferences });
    program.emit(undefined, (name, text) => outputs.push([resolve(name), text]));
  }
  if (all.length) process.stderr.write(formatDiagnostics(all, { cwd: process.cwd(), color: !!process.stderr.isTTY }));
  if (state) {
    state.errors = all.filter((d) => d.severity === "error").length;
    state.outDir = outDir;
    state.configPath = config.configPath;
    for (const f of state.compiled.keys()) if (!sources.includes(f)) state.compiled.delete(f);
  }
  const journal = journalPathFor(config.configPath);
  return withLock(journal, () => {
    // First finish (or undo) whatever a killed build left, even if this one fails.
    const targets = sources.flatMap((f) => [outPath(f, options, layout), `${outPath(f, options, layout)}.map`]);
    recover(journal, [...targets, ...outputs.map(([p]) => p)], outDir);
    if (hasErrors(all)) {
      process.stderr.write("asyncts: build failed; no files were written.\n");
      return 2;
    }
    // Watching: only what changed is written again (what is on disk is known).
    const changed = state ? outputs.filter(([p, text]) => state.written.get(p) !== text) : outputs;
    const folder = outDir && canSwitchFolder(outDir, journal, sources, changed.map(([p]) => p)) ? outDir : null;
    commitOutputs(journal, changed, folder);
    if (state) {
      for (const [p, text] of changed) state.written.set(p, text);
      state.outputs = new Set(outputs.map(([p]) => p));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const where = outDir ? `into ${relative(process.cwd(), outDir) || "."}` : "next to their sources";
    if (sources.length > 5) process.stderr.write(`asyncts: built ${sources.length} files ${where} in ${seconds}s\n`);
    return 0;
  });
}

export async function build(opts: BuildOptions): Promise<number> {
  if (!opts.watch) return buildOnce(opts);
  const { watchBuild } = await import("./watch.js");
  return watchBuild(opts);
}
