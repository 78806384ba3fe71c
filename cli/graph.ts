// Where the compiled files of a graph go and how their imports are written. A graph keeps
// the sources' relative layout (under the cache's `base`), so relative imports between
// compiled files still work; each output keeps its source's extension in its name
// (a.ts → a.ts.js, a.tsx → a.tsx.js), so no two sources share an output. Imports of
// `asyncts` point at the runtime that resolves from the source's folder.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve, relative, join, isAbsolute, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire, isBuiltin } from "node:module";
import type { CacheDir } from "./cache.js";

const TS_EXT = /\.(ts|tsx|mts|cts)$/;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Resolves `./x`, `./x.js`, `./x.ts` from a TS file to an existing TypeScript file, in
 * TypeScript's order. Candidates tried before the one found (or all, if none is) go to
 * `absent`: if one of them appears later, the import means something else.
 */
export function resolveTsImport(fromFile: string, spec: string, absent?: Set<string>): string | null {
  if (!spec.startsWith(".") && !spec.startsWith("/")) return null;
  const base = resolve(dirname(fromFile), spec);
  const candidates = TS_EXT.test(base) ? [base] : [];
  const stem = base.replace(/\.(m?js|jsx|cjs)$/, "");
  const mapped = base.endsWith(".mjs") ? [`${stem}.mts`] : base.endsWith(".cjs") ? [`${stem}.cts`] : [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`];
  if (!TS_EXT.test(base)) candidates.push(...mapped, join(base, "index.ts"), join(base, "index.tsx"));
  for (const c of candidates) {
    if (isFile(c)) return c;
    absent?.add(c);
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

/** A source's compiled file, relative to the graph folder. */
export function outputPathFor(source: string, cache: CacheDir): string {
  const rel = relative(cache.base, source);
  const safe = rel.startsWith("..") || isAbsolute(rel) ? join("__abs__", source.replace(/^[A-Za-z]:/, (d) => d[0]).split(sep).filter(Boolean).join(sep)) : rel;
  return safe + (safe.endsWith(".mts") ? ".mjs" : safe.endsWith(".cts") ? ".cjs" : ".js");
}

/** How a specifier in `fromFile` is written in the compiled output. */
export function rewriteSpecifierFor(fromFile: string, spec: string, runtimeRoot: string, cache: CacheDir, absent: Set<string>): string | null {
  if (spec === "asyncts" || spec.startsWith("asyncts/")) {
    const sub = spec === "asyncts" ? "runtime/index.js" : spec === "asyncts/internal" ? "runtime/internal.js" : null;
    if (sub) return pathToFileURL(join(runtimeRoot, "dist", sub)).href;
    return null;
  }
  if (!spec.startsWith(".") && !spec.startsWith("/")) {
    // Outside a project's node_modules the compiled file cannot find packages by itself:
    // point it at what the source's folder resolves (Node's built-ins stay as they are).
    if (cache.inNodeModules || isBuiltin(spec)) return null;
    try {
      return pathToFileURL(createRequire(fromFile).resolve(spec)).href;
    } catch {
      return null;
    }
  }
  const ts = resolveTsImport(fromFile, spec, absent);
  if (ts) {
    let rel = relative(dirname(outputPathFor(fromFile, cache)), outputPathFor(ts, cache)).split(sep).join("/");
    if (!rel.startsWith(".")) rel = `./${rel}`;
    return rel;
  }
  // Anything else (a .js or .json beside the source, or a missing file) is the original
  // path, so a missing import is reported where the source's folder says it should be.
  return pathToFileURL(resolve(dirname(fromFile), spec)).href;
}

export function readSource(file: string): { text: string; size: number } {
  const text = readFileSync(file, "utf8");
  return { text, size: Buffer.byteLength(text) };
}
