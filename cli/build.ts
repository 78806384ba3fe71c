// `asyncts build`: every TypeScript file of a project to .js + source map (and .d.ts when
// `declaration` is on); DSL files through the asyncts transform, others as tsc would emit
// them. No type check (that is `check`). Output goes where tsc puts it (outDir, or next to
// the sources) and is written only when the whole build succeeded, as one switch
// (commit.ts): never half-written, never a mix of two builds.
import ts from "typescript";
import { readFileSync, watch as fsWatch } from "node:fs";
import { dirname, relative, resolve, join, basename } from "node:path";
import { compile, formatDiagnostics, hasErrors, clearBindingCache, type Diagnostic } from "../compiler/index.js";
import { readProject } from "./project.js";
import { commitOutputs, journalPathFor, recover, withLock } from "./commit.js";

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

export function buildOnce(opts: BuildOptions): number {
  const started = performance.now();
  const { config, diagnostics } = readProject(opts.project);
  if (!config || hasErrors(diagnostics)) {
    process.stderr.write(formatDiagnostics(diagnostics, { cwd: process.cwd() }));
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
    const result = compile(text, { fileName: file, compilerOptions: emitOptions, lint: true, rewriteSpecifier: (spec) => rewriteExtension(spec, options) });
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
  const journal = journalPathFor(config.configPath);
  return withLock(journal, () => {
    // First finish (or undo) whatever a killed build left, even if this one fails.
    const targets = sources.flatMap((f) => [outPath(f, options, layout), `${outPath(f, options, layout)}.map`]);
    recover(journal, [...targets, ...outputs.map(([p]) => p)]);
    if (hasErrors(all)) {
      process.stderr.write("asyncts: build failed; no files were written.\n");
      return 2;
    }
    commitOutputs(journal, outputs);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const where = outDir ? `into ${relative(process.cwd(), outDir) || "."}` : "next to their sources";
    if (sources.length > 5) process.stderr.write(`asyncts: built ${sources.length} files ${where} in ${seconds}s\n`);
    return 0;
  });
}

export async function build(opts: BuildOptions): Promise<number> {
  const status = buildOnce(opts);
  if (!opts.watch) return status;
  const { config } = readProject(opts.project);
  const dirs = new Set((config?.fileNames ?? []).map((f) => dirname(f)));
  let timer: NodeJS.Timeout | null = null;
  const rebuild = () => {
    timer = null;
    clearBindingCache();
    process.stderr.write(`asyncts: change detected, rebuilding...\n`);
    buildOnce(opts);
  };
  for (const dir of dirs) {
    fsWatch(dir, (_event, name) => {
      if (!name || !/\.(ts|tsx|mts|cts|json)$/.test(name)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(rebuild, 50);
    });
  }
  process.stderr.write("asyncts: watching for changes (Ctrl-C to stop)\n");
  return new Promise<number>(() => {});
}
