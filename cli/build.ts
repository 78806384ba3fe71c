// `asyncts build`: every TypeScript file of a project to .js + source map (and .d.ts when
// `declaration` is on); DSL files through the asyncts transform, others as tsc would emit
// them. No type check (that is `check`). Output is written only when the whole build
// succeeded, each file through a temporary name and a rename: never half-written.
import ts from "typescript";
import { readFileSync, writeFileSync, mkdirSync, renameSync, watch as fsWatch } from "node:fs";
import { dirname, relative, resolve, join, basename } from "node:path";
import { compile, formatDiagnostics, hasErrors, clearBindingCache, type Diagnostic } from "../compiler/index.js";
import { readProject } from "./project.js";

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

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

const JS_EXT: Record<string, string> = { ".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs" };

function outPath(file: string, rootDir: string, outDir: string): string {
  const rel = relative(rootDir, file);
  const ext = Object.keys(JS_EXT).find((e) => rel.endsWith(e)) ?? ".ts";
  return join(outDir, rel.slice(0, -ext.length) + (JS_EXT[ext] ?? ".js"));
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
  const sources = config.fileNames.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !f.endsWith(".d.ts"));
  const outDir = resolve(opts.outDir ?? options.outDir ?? dirname(config.configPath));
  const rootDir = options.rootDir ? resolve(options.rootDir) : commonDir(sources);
  const outputs: [string, string][] = [];
  const all: Diagnostic[] = [...diagnostics];
  const emitOptions: ts.CompilerOptions = { ...options, sourceMap: true, declaration: false };
  delete emitOptions.outDir;
  delete emitOptions.rootDir;
  let done = 0;
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    const result = compile(text, { fileName: file, compilerOptions: emitOptions, lint: true });
    all.push(...result.diagnostics);
    if (result.code !== null) {
      const js = outPath(file, rootDir, outDir);
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
    const program = ts.createProgram(sources, { ...options, declaration: true, emitDeclarationOnly: true, noEmit: false, outDir, rootDir });
    program.emit(undefined, (name, text) => outputs.push([name, text]));
  }
  if (all.length) process.stderr.write(formatDiagnostics(all, { cwd: process.cwd(), color: !!process.stderr.isTTY }));
  if (hasErrors(all)) {
    process.stderr.write("asyncts: build failed; no files were written.\n");
    return 2;
  }
  for (const [path, text] of outputs) writeAtomic(path, text);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (sources.length > 5) process.stderr.write(`asyncts: built ${sources.length} files into ${relative(process.cwd(), outDir) || "."} in ${seconds}s\n`);
  return 0;
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
