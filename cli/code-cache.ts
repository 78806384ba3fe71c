// A warm `asyncts run` loads the runtime bundle (dist/runtime/asyncts.cjs, one CommonJS file:
// rollup.config.mjs) compiled from a V8 code cache kept in the run cache folder, instead of
// compiling its ~490 KB again: Node 20 has no code cache of its own (module.enableCompileCache
// is Node 22). The script is registered in require.cache under its own path, so the
// runtime's ES-module facades (runtime/index.js, internal.js) find it there: one instance.
// The cache file is named by the bundle's path and its stamp (size, mtime, ctime, inode: a
// rebuilt or reinstalled asyncts gets a new one) and Node's version; V8 itself rejects data
// made by another V8 or for another source length, and the file is then written anew.
// Trust is the cache folder's (cli/cache.ts): private to the user, as the compiled programs are.
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire, Module } from "node:module";
import { isAscii } from "node:buffer";
import { Script } from "node:vm";
import { hashPath, readOwnBytes, writeAtomic, type CacheDir } from "./cache.js";

/**
 * Runs CommonJS `file` (its text `source`) as `require(file)` would, compiled from the V8
 * code cache at `cachePath` when there is one of ours that V8 accepts, and registers it in
 * require's cache, so every later require of `file` gets this instance. When there was no
 * cache or V8 refused it, the cache is written at exit (then it holds every function this
 * run compiled, not only the top level) and `written` runs. Used for the runtime bundle
 * (below) and for TypeScript (ts-code-cache.ts).
 */
export function requireWithCodeCache(
  file: string,
  source: string,
  cache: CacheDir,
  cachePath: string,
  written?: () => void,
): unknown {
  const require = createRequire(file);
  const M = Module as unknown as { _nodeModulePaths(d: string): string[] };
  const cachedData = readOwnBytes(cachePath) ?? undefined;
  // No importModuleDynamically: a script restored from cached data loses it on Node 20, so
  // the runtime's import() is handed in from the ES side instead (hostImport, runtime/host.ts).
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file) as InstanceType<typeof Module> & { filename: string; paths: string[]; loaded: boolean };
  mod.filename = file;
  mod.paths = M._nodeModulePaths(dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        writeAtomic(cache, cachePath, script.createCachedData());
        written?.();
      } catch {} // a cache that cannot be written costs the next run a compile, no more
    });
  }
  return mod.exports;
}

/** Loads `runtimeRoot`'s runtime bundle through the code cache, unless it is loaded already
 * (then the facades simply find it in require's cache). */
export function loadRuntimeCached(runtimeRoot: string, cache: CacheDir): void {
  const file = join(runtimeRoot, "dist", "runtime", "asyncts.cjs");
  const require = createRequire(file);
  if (require.cache[file]) return;
  let source: string;
  let key: string;
  try {
    const st = statSync(file);
    key = `${process.version}:${process.arch}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    // The bundle is ASCII (rollup.config.mjs): decoded as Latin-1 that is a copy, as UTF-8 a scan.
    const bytes = readFileSync(file);
    source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch {
    return; // an older asyncts without a bundle: its own imports load it
  }
  const dir = join(cache.root, "v8");
  const name = `${hashPath(file)}-${hashPath(key)}.bin`;
  // Once written, the data of this bundle's earlier builds is of no more use.
  requireWithCodeCache(file, source, cache, join(dir, name), () => {
    for (const other of readdirSync(dir)) if (other !== name && other.startsWith(name.slice(0, 17))) rmSync(join(dir, other), { force: true });
  });
}
