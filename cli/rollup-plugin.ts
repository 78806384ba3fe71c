// asyncts/rollup: a rollup (and vite, and vitest) plugin that compiles TypeScript files
// through the asyncts compiler; DSL files get the coroutine transform, with source maps.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createFilter, type FilterPattern } from "@rollup/pluginutils";
import { compile, formatDiagnostics, hasErrors } from "../compiler/index.js";
import { nodeFiles } from "./files.js";

export interface AsynctsPluginOptions {
  /** which module ids to compile: globs, RegExps or arrays of them, as in other rollup
   * plugins (@rollup/pluginutils createFilter), or a predicate. Default: .ts, .tsx, .mts */
  include?: FilterPattern | ((id: string) => boolean);
  /** ids never to compile (default: anything under node_modules) */
  exclude?: FilterPattern;
}

export default function asyncts(options: AsynctsPluginOptions = {}) {
  const { include, exclude } = options;
  const filter = typeof include === "function"
    ? (id: string) => include(id) && createFilter(null, exclude ?? /[\\/]node_modules[\\/]/)(id)
    : createFilter(include ?? /\.(ts|tsx|mts)$/, exclude ?? /[\\/]node_modules[\\/]/);
  return {
    name: "asyncts",
    enforce: "pre" as const,
    /** TypeScript-style imports: `./x.js` written in a .ts file means `./x.ts`. */
    resolveId(source: string, importer: string | undefined) {
      if (!importer || !source.startsWith(".") || !/\.(ts|tsx|mts)$/.test(importer.split("?")[0])) return null;
      const base = resolve(dirname(importer.split("?")[0]), source);
      for (const candidate of [base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"), base.replace(/\.mjs$/, ".mts"), `${base}.ts`]) {
        if (candidate !== base && existsSync(candidate)) return candidate;
      }
      return null;
    },
    transform(this: { error(msg: string): never; warn(msg: string): void }, code: string, id: string) {
      const file = id.split("?")[0]; // vite adds queries (?v=..., ?import)
      if (!/\.(ts|tsx|mts|cts)$/.test(file) || !filter(file)) return null;
      const result = compile(code, { fileName: file, files: nodeFiles });
      const text = formatDiagnostics(result.diagnostics);
      if (hasErrors(result.diagnostics) || result.code === null) this.error(text);
      if (result.diagnostics.length) this.warn(text);
      return { code: result.code, map: result.map };
    },
  };
}
