// `asyncts run [--clock real|virtual] FILE.ts [ARGS...]`: compile FILE and the DSL files it
// imports into the cache (or find them there, unchanged), then execute FILE in this process.
import { existsSync, statSync, readFileSync } from "node:fs";
import { resolve, dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { setFlagsFromString } from "node:v8";
import { pathToFileURL, fileURLToPath } from "node:url";
import { cacheRootFor, outputPathFor, readSource, resolveAsynctsFrom, resolveTsImport, rewriteSpecifierFor, type GraphFile } from "./graph.js";
import { manifestPath, readFreshManifest, runtimeStampOf, writeAtomic, type Manifest } from "./cache.js";
import { formatTraceback } from "../runtime/py/traceback.js";
import { installPsHandler } from "./ps.js";
import { nodeFiles } from "./files.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The asyncts package this CLI belongs to (dist/cli/ → package root). */
export const OWN_ROOT = resolve(here, "..", "..");
// Compiled output depends on the compiler build: a rebuilt asyncts invalidates the cache.
const VERSION = `${JSON.parse(readFileSync(join(OWN_ROOT, "package.json"), "utf8")).version}:${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;

export interface RunOptions {
  file: string;
  args: string[];
  clock?: "real" | "virtual";
  /** Called right before the program is imported (trace and --shuffle install their instrument here). */
  before?: () => void | Promise<void>;
}

/** Compiles the import graph of `entry`; returns the manifest, or prints diagnostics and returns null. */
async function compileGraph(entry: string, runtimeRoot: string, cache: { root: string; base: string }): Promise<Manifest | null> {
  const { compile, formatDiagnostics, hasErrors } = await import("../compiler/index.js");
  const files: GraphFile[] = [];
  const outputs: [string, string][] = [];
  const seen = new Set<string>();
  const queue = [entry];
  const allDiagnostics = [];
  while (queue.length) {
    const source = queue.shift()!;
    if (seen.has(source)) continue;
    seen.add(source);
    const { text, mtimeMs, size } = readSource(source);
    const output = outputPathFor(source, cache);
    const result = compile(text, {
      fileName: source,
      files: nodeFiles,
      rewriteSpecifier: (spec) => rewriteSpecifierFor(source, output, spec, runtimeRoot, cache),
      runtimeInternal: "asyncts/internal",
    });
    allDiagnostics.push(...result.diagnostics);
    for (const spec of result.imports) {
      const dep = resolveTsImport(source, spec);
      if (dep) queue.push(dep);
    }
    if (result.code !== null) {
      const mapName = `${output.split("/").pop()}.map`;
      outputs.push([output, `${result.code}//# sourceMappingURL=${mapName}\n`], [`${output}.map`, result.map!]);
    }
    files.push({ source, output, mtimeMs, size });
  }
  if (allDiagnostics.length) process.stderr.write(formatDiagnostics(allDiagnostics, { cwd: process.cwd(), color: !!process.stderr.isTTY }));
  if (hasErrors(allDiagnostics)) return null;
  for (const [path, text] of outputs) writeAtomic(path, text);
  return { version: VERSION, entry, runtimeRoot, runtimeStamp: runtimeStampOf(runtimeRoot), files };
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

/** Finds FILE's compiled graph in the cache, compiling what changed; null after printing diagnostics. */
export async function prepare(file: string): Promise<Manifest | null> {
  const entry = resolve(file);
  if (!existsSync(entry)) {
    const { formatDiagnostics, diag } = await import("../compiler/diagnostics.js");
    process.stderr.write(formatDiagnostics([diag("fileNotFound", {}, file)]));
    return null;
  }
  const cache = cacheRootFor(entry, process.env.ASYNCTS_CACHE_DIR ?? resolve(tmpdir(), "asyncts-cache"));
  const mPath = manifestPath(cache.root, entry);
  // A warm run trusts the asyncts the manifest was compiled against (if it is unchanged)
  // instead of resolving `asyncts` again.
  let manifest = process.env.ASYNCTS_NO_CACHE ? null : readFreshManifest(mPath, VERSION);
  if (!manifest) {
    const runtimeRoot = resolveAsynctsFrom(dirname(entry)) ?? OWN_ROOT;
    manifest = await compileGraph(entry, runtimeRoot, cache);
    if (!manifest) return null;
    writeAtomic(mPath, JSON.stringify(manifest));
  }
  return manifest;
}

/**
 * V8's young generation starts at 1 MB and doubles each time a scavenge finds most of it
 * still alive. An asyncio program keeps many small objects alive at once (tasks, their
 * coroutines and generator frames), so the doubling costs it extra scavenges, each of
 * which also lowers the old-generation limit V8 starts marking at. Growing straight to the
 * full size (16 MB, V8's default maximum) skips them; a program whose objects die young
 * never grows it. V8 reads this flag each time it grows the space. Measured in bench/
 * (spawn, 100,000 tasks): 15 scavenges become 9, and the incremental marking that used to
 * start mid-run does not.
 */
function tuneHeapForTasks(): void {
  setFlagsFromString("--semi-space-growth-factor=16");
}

export async function run(opts: RunOptions): Promise<number> {
  const manifest = await prepare(opts.file);
  if (!manifest) return 2;
  const entry = manifest.entry;
  if (opts.clock) process.env.ASYNCTS_CLOCK = opts.clock;
  process.argv = [process.argv[0], entry, ...opts.args];
  tuneHeapForTasks();
  process.setSourceMapsEnabled(true);
  process.on("uncaughtException", reportUncaught);
  process.on("unhandledRejection", reportUncaught);
  await opts.before?.();
  installPsHandler(); // asyncts ps/pstree PID: nothing until signalled (cli/ps.ts)
  try {
    await import(pathToFileURL(manifest.files[0].output).href);
  } catch (err) {
    reportUncaught(err);
  }
  return 0;
}
