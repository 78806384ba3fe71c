// A warm `asyncts run` loads the runtime bundle (dist/runtime/asyncts.cjs, one CommonJS file:
// rollup.config.mjs) compiled from a V8 code cache kept in the run cache folder, instead of
// compiling its ~490 KB again: Node 20 has no code cache of its own (module.enableCompileCache
// is Node 22). The script is registered in require.cache under its own path, so the
// runtime's ES-module facades (runtime/index.js, internal.js) find it there: one instance.
// The cache file is named by the bundle's path and its stamp (size, mtime, ctime, inode: a
// rebuilt or reinstalled asyncts gets a new one) and Node's version; V8 itself rejects data
// made by another V8 or for another source length, and the file is then written anew.
// Trust is the cache folder's (cli/cache.ts): private to the user, as the compiled programs are.
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire, Module } from "node:module";
import { hashPath, writeAtomic, type CacheDir } from "./cache.js";

const POSIX = process.platform !== "win32";
const UID = typeof process.getuid === "function" ? process.getuid() : -1;

/** The bytes of a regular file of ours that nobody else can write; null otherwise. */
function readPrivate(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || (POSIX && ((UID >= 0 && st.uid !== UID) || (st.mode & 0o022) !== 0))) return null;
    return readFileSync(fd);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads `runtimeRoot`'s runtime bundle through the code cache, unless it is loaded already
 * or this Node cannot (no `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`, which the bundle's
 * dynamic imports need, or no `process.getBuiltinModule`: Node < 20.16); then the facades
 * simply require it.
 */
export function loadRuntimeCached(runtimeRoot: string, cache: CacheDir): void {
  const file = join(runtimeRoot, "dist", "runtime", "asyncts.cjs");
  const require = createRequire(file);
  if (require.cache[file]) return;
  const vm = (process as any).getBuiltinModule?.("node:vm") as typeof import("node:vm") | undefined;
  const importModuleDynamically = vm?.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!vm || !importModuleDynamically) return;
  let source: string;
  let key: string;
  try {
    const st = statSync(file);
    key = `${process.version}:${process.arch}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    source = readFileSync(file, "utf8");
  } catch {
    return; // an older asyncts without a bundle: its own imports load it
  }
  const dir = join(cache.root, "v8");
  const name = `${hashPath(file)}-${hashPath(key)}.bin`;
  const path = join(dir, name);
  const cachedData = readPrivate(path) ?? undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically });
  const mod = new Module(file);
  mod.filename = file;
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, dirname(file));
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) {
    // Made at exit, it holds the functions this run compiled too (not only the top level).
    process.once("exit", () => {
      try {
        writeAtomic(cache, path, script.createCachedData());
        // The data of this bundle's earlier builds is of no more use.
        for (const other of readdirSync(dir)) if (other !== name && other.startsWith(name.slice(0, 17))) rmSync(join(dir, other), { force: true });
      } catch {} // a cache that cannot be written costs the next run a compile, no more
    });
  }
}
