// Compiles a DSL file and the TypeScript files it imports (relatively) into a cache folder,
// keeping their relative layout so relative imports between them still work. Imports of
// `asyncts` point at the runtime that resolves from the source's folder; every other bare
// import resolves from the cache folder, which sits inside the project's node_modules.
import { readFileSync, existsSync, statSync } from "node:fs";
import { dirname, resolve, relative, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

export interface GraphFile {
  source: string; // absolute path of the .ts file
  output: string; // absolute path of the .js file in the cache
  mtimeMs: number;
  size: number;
}

const TS_EXT = /\.(ts|tsx|mts|cts)$/;

/** Resolves `./x`, `./x.js`, `./x.ts` from a TS file to an existing TypeScript file. */
export function resolveTsImport(fromFile: string, spec: string): string | null {
  if (!spec.startsWith(".") && !spec.startsWith("/")) return null;
  const base = resolve(dirname(fromFile), spec);
  const candidates = TS_EXT.test(base) ? [base] : [];
  const stem = base.replace(/\.(m?js|jsx|cjs)$/, "");
  const mapped = base.endsWith(".mjs") ? [`${stem}.mts`] : [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`];
  candidates.push(...mapped, join(base, "index.ts"));
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** The asyncts package root that `import "asyncts"` finds from `dir` (or null). */
export function resolveAsynctsFrom(dir: string): string | null {
  try {
    const req = createRequire(join(dir, "__asyncts_resolve__.js"));
    return dirname(req.resolve("asyncts/package.json"));
  } catch {
    return null;
  }
}

/** Where compiled files go: <nearest node_modules>/.cache/asyncts/<path from its parent>. */
export function cacheRootFor(file: string, fallback: string): { root: string; base: string } {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, "node_modules"))) return { root: join(dir, "node_modules", ".cache", "asyncts"), base: dir };
    const parent = dirname(dir);
    if (parent === dir) return { root: fallback, base: "/" };
    dir = parent;
  }
}

export function outputPathFor(source: string, cache: { root: string; base: string }): string {
  const rel = relative(cache.base, source);
  const safe = rel.startsWith("..") ? join("__abs__", source) : rel;
  return join(cache.root, safe).replace(TS_EXT, (m) => (m === ".mts" ? ".mjs" : m === ".cts" ? ".cjs" : ".js"));
}

/** How a specifier in `fromFile` is written in the compiled output. */
export function rewriteSpecifierFor(fromFile: string, outFile: string, spec: string, runtimeRoot: string, cache: { root: string; base: string }): string | null {
  if (spec === "asyncts" || spec.startsWith("asyncts/")) {
    const sub = spec === "asyncts" ? "runtime/index.js" : spec === "asyncts/internal" ? "runtime/internal.js" : null;
    if (sub) return pathToFileURL(join(runtimeRoot, "dist", sub)).href;
    return null;
  }
  if (!spec.startsWith(".") && !spec.startsWith("/")) return null;
  const ts = resolveTsImport(fromFile, spec);
  if (ts) {
    let rel = relative(dirname(outFile), outputPathFor(ts, cache));
    if (!rel.startsWith(".")) rel = `./${rel}`;
    return rel;
  }
  // A plain .js/.json next to the source: point at the original.
  const target = resolve(dirname(fromFile), spec);
  return existsSync(target) ? pathToFileURL(target).href : null;
}

export function readSource(file: string): { text: string; mtimeMs: number; size: number } {
  const st = statSync(file);
  return { text: readFileSync(file, "utf8"), mtimeMs: st.mtimeMs, size: st.size };
}

