// `asyncts run [--clock real|virtual] FILE.ts [ARGS...]`: compile FILE and the DSL files it
// imports into the cache (or find them there, unchanged), then execute FILE in this process.
// cache.ts says where the cache is and why a warm run can trust it.
import { existsSync, statSync, readFileSync, mkdirSync } from "node:fs";
import { resolve, dirname, join, basename } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import {
  cacheDirFor, emptyDir, graphDir, hashPath, installGraph, loadHasher, manifestPath, readFreshManifest, runtimeStampOf, stampOf, sweep, tmpName, writeAtomic, writeNew,
  type CacheDir, type Manifest, type SourceRecord,
} from "./cache.js";
import { installPsHandler } from "./ps.js";
import { loadRuntimeCached } from "./code-cache.js";

// The runtime is loaded once the program's graph is known (loadRuntimeCached), not statically.
let formatTraceback: typeof import("../runtime/py/traceback.js").formatTraceback = (err) => `${(err as any)?.stack ?? err}\n`;

const here = dirname(fileURLToPath(import.meta.url));
/** The asyncts package this CLI belongs to (dist/cli/ or dist/chunks/ → package root). */
export const OWN_ROOT = resolve(here, "..", "..");
// Compiled output depends on the compiler build: a rebuilt asyncts invalidates the cache.
const VERSION = `${JSON.parse(readFileSync(join(OWN_ROOT, "package.json"), "utf8")).version}:${basename(fileURLToPath(import.meta.url))}:${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;

export interface RunOptions {
  file: string;
  args: string[];
  clock?: "real" | "virtual";
  /** Called right before the program is imported (trace and --shuffle install their instrument here). */
  before?: () => void | Promise<void>;
}

/** Compiles the import graph of `entry` into a new graph folder; returns its manifest, or prints diagnostics and returns null. */
async function compileGraph(entry: string, runtimeRoot: string, cache: CacheDir): Promise<Manifest | null> {
  const { compile, formatDiagnostics, hasErrors } = await import("../compiler/index.js");
  // Only a compile needs these: a warm run loads neither.
  const { outputPathFor, resolveTsImport, rewriteSpecifierFor } = await import("./graph.js");
  const { nodeFiles } = await import("./files.js");
  const hash = await loadHasher();
  const sources: SourceRecord[] = [];
  const files = new Map<string, string>([["package.json", `{"type":"module"}\n`]]);
  const absent = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  const allDiagnostics = [];
  while (queue.length) {
    const source = queue.shift()!;
    if (seen.has(source)) continue;
    seen.add(source);
    // Stat before reading: if the file changes in between, the next run sees a new stamp.
    const when = Date.now();
    const st = statSync(source);
    const bytes = readFileSync(source);
    const out = outputPathFor(source, cache);
    const result = compile(bytes.toString("utf8"), {
      fileName: source,
      files: nodeFiles,
      rewriteSpecifier: (spec) => rewriteSpecifierFor(source, spec, runtimeRoot, cache, absent),
      runtimeInternal: "asyncts/internal",
    });
    allDiagnostics.push(...result.diagnostics);
    for (const spec of result.imports) {
      const dep = resolveTsImport(source, spec, absent);
      if (dep) queue.push(dep);
    }
    if (result.code !== null) {
      files.set(out, `${result.code}//# sourceMappingURL=${basename(out)}.map\n`);
      files.set(`${out}.map`, result.map!);
    }
    sources.push({ path: source, out, hash: hash(bytes), seen: when, ...stampOf(st) });
  }
  if (allDiagnostics.length) process.stderr.write(formatDiagnostics(allDiagnostics, { cwd: process.cwd(), color: !!process.stderr.isTTY }));
  if (hasErrors(allDiagnostics)) return null;
  for (const s of sources) absent.delete(s.path);
  // The graph's name is its content: identical compiles share it, different ones never do.
  const ids = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, text]) => `${name}\0${hash(text)}`);
  const entryKey = hashPath(entry);
  const graph = `${entryKey}-${hash(ids.join("\n")).slice(0, 20)}`;
  const store = () => {
    const staged = tmpName(cache, "graph");
    mkdirSync(staged, { recursive: true, mode: 0o700 });
    for (const [rel, text] of files) {
      mkdirSync(dirname(join(staged, rel)), { recursive: true, mode: 0o700 });
      writeNew(join(staged, rel), text);
    }
    installGraph(cache, staged, graph, files, hash);
    const dir = graphDir(cache, graph);
    const outputs = [...files].map(([rel, text]) => ({ out: rel, hash: hash(text), ...stampOf(statSync(join(dir, rel))) }));
    const manifest: Manifest = { format: 2, version: VERSION, entry, runtimeRoot, runtimeStamp: runtimeStampOf(runtimeRoot), graph, sources, outputs, absent: [...absent] };
    writeAtomic(cache, manifestPath(cache, entry), JSON.stringify(manifest));
    return manifest;
  };
  let manifest: Manifest;
  try {
    manifest = store();
  } catch {
    // Whatever broke the cache folder (it is ours and private), start it afresh once.
    emptyDir(cache.root);
    manifest = store();
  }
  sweep(cache, entryKey, graph);
  return manifest;
}

/** Paths of compiled files in a message, as the sources they came from. */
function inSourceTerms(text: string, cache: CacheDir, manifest: Manifest): string {
  const dir = graphDir(cache, manifest.graph);
  for (const s of manifest.sources) {
    const out = join(dir, s.out);
    text = text.split(pathToFileURL(out).href).join(pathToFileURL(s.path).href).split(out).join(s.path);
  }
  return text;
}

function reportUncaught(err: unknown): never {
  const name = err instanceof Error ? err.name : "";
  if (name === "SystemExit") {
    const code = (err as any).code;
    if (code !== null && code !== undefined && typeof code !== "number") process.stderr.write(`${String(code)}\n`);
    process.exit(typeof code === "number" ? code : code == null ? 0 : 1);
  }
  process.stderr.write(formatTraceback(err));
  if (name === "KeyboardInterrupt") {
    // CPython ends an uncaught KeyboardInterrupt by SIGINT's default action, so the parent
    // sees "killed by SIGINT" (a shell shows 130). Last of the exit handlers: stdout is flushed.
    process.once("exit", () => {
      process.removeAllListeners("SIGINT");
      process.kill(process.pid, "SIGINT");
    });
    process.exit(130);
  }
  process.exit(1);
}

export interface Prepared {
  manifest: Manifest;
  cache: CacheDir;
  /** the compiled entry file */
  output: string;
}

/** Finds FILE's compiled graph in the cache, compiling if anything changed; null after printing diagnostics. */
export async function prepareGraph(file: string): Promise<Prepared | null> {
  const entry = resolve(file);
  if (!existsSync(entry)) {
    // (the diagnostics module loads TypeScript: only on this path)
    const { formatDiagnostics, diag } = await import("../compiler/diagnostics.js");
    process.stderr.write(formatDiagnostics([diag("fileNotFound", {}, file)]));
    return null;
  }
  const cache = cacheDirFor(entry);
  if ("error" in cache) {
    process.stderr.write(`asyncts: error: ${cache.error}\n`);
    return null;
  }
  // A warm run trusts the asyncts the manifest was compiled against (if it is unchanged)
  // instead of resolving `asyncts` again.
  let manifest = process.env.ASYNCTS_NO_CACHE ? null : await readFreshManifest(cache, entry, VERSION);
  if (!manifest) {
    const runtimeRoot = (await import("./graph.js")).resolveAsynctsFrom(dirname(entry)) ?? OWN_ROOT;
    manifest = await compileGraph(entry, runtimeRoot, cache);
    if (!manifest) return null;
  }
  return { manifest, cache, output: join(graphDir(cache, manifest.graph), manifest.sources[0].out) };
}

/** Programmatic form used by test drivers: the manifest, or null after diagnostics. */
export async function prepare(file: string): Promise<Manifest | null> {
  return (await prepareGraph(file))?.manifest ?? null;
}

export async function run(opts: RunOptions): Promise<number> {
  const prepared = await prepareGraph(opts.file);
  if (!prepared) return 2;
  const { manifest, cache, output } = prepared;
  const entry = manifest.entry;
  loadRuntimeCached(manifest.runtimeRoot, cache);
  const traceback = await import("../runtime/py/traceback.js");
  formatTraceback = traceback.formatTraceback;
  traceback.hideFramesOf(manifest.runtimeRoot);
  if (opts.clock) process.env.ASYNCTS_CLOCK = opts.clock;
  process.argv = [process.argv[0], entry, ...opts.args];
  process.setSourceMapsEnabled(true);
  process.on("uncaughtException", reportUncaught);
  process.on("unhandledRejection", reportUncaught);
  await opts.before?.();
  installPsHandler(); // asyncts ps/pstree PID: nothing until signalled (cli/ps.ts)
  try {
    await import(pathToFileURL(output).href);
  } catch (err) {
    // A module that cannot be found is named from the .ts file that imports it.
    if (err instanceof Error && (err as any).code === "ERR_MODULE_NOT_FOUND") {
      err.message = inSourceTerms(err.message, cache, manifest);
      if (err.stack) err.stack = inSourceTerms(err.stack, cache, manifest);
    }
    reportUncaught(err);
  }
  return 0;
}
