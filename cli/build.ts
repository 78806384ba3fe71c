// `asyncts build`: every TypeScript file of a project to .js + source map (and .d.ts when
// `declaration` is on); DSL files through the asyncts transform, others as tsc would emit
// them. No type check (that is `check`). Output goes where tsc puts it (outDir, or next to
// the sources) and is written only when the whole build succeeded, as one switch
// (commit.ts): never half-written, never a mix of two builds.
import ts from "typescript";
import { readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve, join, basename } from "node:path";
import { nodeFiles } from "./files.js";
import { compile, formatDiagnostics, hasErrors, clearBindingCache, forgetFiles, type Diagnostic } from "../compiler/index.js";
import { parseDependency } from "../compiler/phases/1-parse.js";
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

/** What `build --watch` keeps between builds: each file's compiled result and outputs by
 * source text, and what is on disk, so that a one-file edit compiles and writes one file. */
export interface WatchState {
  compiled: Map<string, Compiled>;
  written: Map<string, string>;
  /** every output of the last build (the watcher ignores its own writes) */
  outputs: Set<string>;
  outDir: string | null;
  configPath: string | null;
  errors: number;
  /** the sources of the last build (a file added or removed: every file is compiled again) */
  sources: string[] | null;
  /** the tsconfig as last read; the watcher sets `projectStale` when it or the set of files may have changed */
  project: ReturnType<typeof readProject> | null;
  projectStale: boolean;
  /** files the watcher saw change (read again whatever their timestamps say) */
  touched: Set<string>;
}

interface Compiled {
  text: string;
  result: ReturnType<typeof compile>;
  /** what other files' compilation reads of this one (interfaceKey; computed when first needed) */
  key?: string;
  /** size and mtime of the file when `text` was read */
  stamp: string;
  /** its .js and .map, as written */
  outputs: [string, string][];
}

export function newWatchState(): WatchState {
  return { compiled: new Map(), written: new Map(), outputs: new Set(), outDir: null, configPath: null, errors: 0, sources: null, project: null, projectStale: true, touched: new Set() };
}

/** What compiling another file reads of FILE: its imports and re-exports (which names are
 * asyncts's: bindings.ts) and which exported names are async functions (the lints). An edit
 * that keeps this key (a function body, a type, a message) recompiles only that file. */
function interfaceKey(file: string, text: string): string {
  const sf = parseDependency(file, text);
  if (!sf) return `unparsable ${text.length}`;
  const parts: string[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isAsyncFn = (n: ts.Node) => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) || ts.isExportDeclaration(st) || ts.isExportAssignment(st) || ts.isImportEqualsDeclaration(st)) parts.push(st.getText(sf));
    else if (ts.isFunctionDeclaration(st) && exported(st)) parts.push(`fn ${st.name?.text ?? "default"} ${isAsyncFn(st)}`);
    else if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) {
        let init = d.initializer;
        while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isNonNullExpression(init))) init = init.expression;
        parts.push(`var ${d.name.getText(sf)} ${st.declarationList.flags & ts.NodeFlags.Const} ${!!init && isAsyncFn(init)}`);
      }
    }
  }
  return parts.join("\n");
}

/** The source file a relative import names (the rules of bindings.ts), among `sources`. */
function importTarget(from: string, spec: string, sources: Set<string>): string | null {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, "");
  for (const cand of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}/index.ts`]) if (sources.has(cand)) return cand;
  return null;
}

/** Files to compile again in a watch rebuild: the changed ones, and when what one of them
 * exports changed, every file that imports it (transitively). Drops stale cache entries. */
function invalidate(state: WatchState, sources: string[], texts: Map<string, string>): Map<string, string> {
  const keys = new Map<string, string>();
  const known = state.sources ? new Set(state.sources) : null;
  if (!known || known.size !== sources.length || sources.some((f) => !known.has(f))) {
    // a file came or went: imports may resolve differently anywhere
    state.compiled.clear();
    clearBindingCache();
    return keys;
  }
  const changed = sources.filter((f) => state.compiled.get(f)?.text !== texts.get(f));
  if (!changed.length) return keys;
  const reexports = changed.filter((f) => {
    const old = state.compiled.get(f);
    keys.set(f, interfaceKey(f, texts.get(f)!));
    return !old || (old.key ?? interfaceKey(f, old.text)) !== keys.get(f);
  });
  forgetFiles(changed, reexports.length > 0);
  if (!reexports.length) return keys;
  const sourceSet = new Set(sources);
  const importers = new Map<string, string[]>();
  for (const [f, c] of state.compiled) {
    for (const spec of c.result.imports) {
      const t = importTarget(f, spec, sourceSet);
      if (t) importers.set(t, [...(importers.get(t) ?? []), f]);
    }
  }
  const stack = [...reexports];
  const seen = new Set(stack);
  while (stack.length) {
    for (const imp of importers.get(stack.pop()!) ?? []) {
      if (seen.has(imp)) continue;
      seen.add(imp);
      stack.push(imp);
      state.compiled.delete(imp);
    }
  }
  forgetFiles(seen, true);
  return keys;
}

export function buildOnce(opts: BuildOptions, state?: WatchState): number {
  const started = performance.now();
  const cached = !!state && !state.projectStale && !!state.project;
  const project = cached ? state!.project! : readProject(opts.project);
  if (state) {
    state.project = project;
    state.projectStale = false;
  }
  const { config, diagnostics } = project;
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
  // Watching: a file is read again only when the watcher saw it or its size or mtime moved.
  const stamps = new Map<string, string>();
  if (state) {
    for (const f of sources) {
      try {
        const st = statSync(f);
        stamps.set(f, `${st.size}:${st.mtimeMs}`);
      } catch {
        // gone since the tsconfig was read: read it (and the file list) again
        if (cached) {
          state.projectStale = true;
          return buildOnce(opts, state);
        }
      }
    }
  }
  const texts = new Map(sources.map((f) => {
    const known = state?.compiled.get(f);
    if (!state) return [f, readFileSync(f, "utf8")];
    const stamp = stamps.get(f);
    return [f, known && stamp && known.stamp === stamp && !state.touched.has(f) ? known.text : readFileSync(f, "utf8")];
  }));
  state?.touched.clear();
  const keys = state ? invalidate(state, sources, texts) : null;
  for (const file of sources) {
    const text = texts.get(file)!;
    let entry = state?.compiled.get(file);
    if (entry && entry.text === text) entry.stamp = stamps.get(file) ?? "";
    else {
      const result = compile(text, { fileName: file, compilerOptions: emitOptions, files: nodeFiles, lint: true, rewriteSpecifier: (spec) => rewriteExtension(spec, options) });
      const fileOutputs: [string, string][] = [];
      if (result.code !== null) {
        const js = outPath(file, options, layout);
        const map = JSON.parse(result.map!);
        map.sources = [relative(dirname(js), file)];
        map.file = basename(js);
        fileOutputs.push([js, `${result.code}//# sourceMappingURL=${basename(js)}.map\n`], [`${js}.map`, JSON.stringify(map)]);
      }
      entry = { text, result, key: keys?.get(file), stamp: stamps.get(file) ?? "", outputs: fileOutputs };
      state?.compiled.set(file, entry);
    }
    all.push(...entry.result.diagnostics);
    outputs.push(...entry.outputs);
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
    state.sources = sources;
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
