// TypeScript (one 9 MB CommonJS file) loaded with a V8 code cache. Node 20 has no
// module.enableCompileCache, and compiling typescript.js is most of what loading it costs
// (~0.7 s of `check` beside TypeScript 7, and again in every build worker). rollup.config.mjs
// points every `import ts from "typescript"` of asyncts here.
// - The cache is the compiled code of the functions one process used, written at its exit
//   (only when there was none, or V8 refused it) into the cache folder `run` uses for a file
//   at TypeScript's path (cache.ts: a private folder of ours, files read without following
//   symlinks, written by rename): code from there is trusted as the compiled files are.
// - Keyed by TypeScript's path, size and mtime and by node's version; V8 checks its own
//   version, flags and the source's length too, and refuses (then we compile as usual).
// - Registered in require's cache as the module require("typescript") gives, so anything else
//   in the process that requires TypeScript shares this instance.
// ASYNCTS_TS_CODE_CACHE=0 turns it off (require as usual).
import { createRequire, Module } from "node:module";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isAscii } from "node:buffer";
import { cacheDirFor, hashPath } from "./cache.js";
import { requireWithCodeCache } from "./code-cache.js";

type TS = typeof import("typescript");
const require = createRequire(import.meta.url);

function load(): TS {
  const file = require.resolve("typescript");
  const M = Module as unknown as { _cache: Record<string, unknown>; wrap(s: string): string; _nodeModulePaths(d: string): string[] };
  if (process.env.ASYNCTS_TS_CODE_CACHE === "0" || M._cache[file] || typeof M.wrap !== "function") return require(file);
  let dir: ReturnType<typeof cacheDirFor>, key: string, source: string;
  try {
    const st = statSync(file);
    dir = cacheDirFor(file, true);
    key = join("error" in dir ? "" : dir.root, "v8", `typescript-${hashPath(`${file} ${st.size}:${st.mtimeMs} ${process.version} ${process.arch}`)}.bin`);
    // typescript.js is ASCII: decoded as Latin-1 that is ~1 ms, as UTF-8 ~200-300 ms (Node 20)
    const bytes = readFileSync(file);
    source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch {
    return require(file);
  }
  if ("error" in dir) return require(file);
  return requireWithCodeCache(file, source, dir, key) as TS;
}

const ts: TS = load();
export default ts;
