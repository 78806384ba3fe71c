// asyncts/rollup: a rollup (and vite) plugin that compiles TypeScript files through the
// asyncts compiler; DSL files get the coroutine transform, with source maps.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { compile, formatDiagnostics, hasErrors } from "../compiler/index.js";
import { nodeFiles } from "./files.js";

export interface AsynctsPluginOptions {
  /** which module ids to compile (default: .ts, .tsx, .mts outside node_modules) */
  include?: (id: string) => boolean;
}

export default function asyncts(options: AsynctsPluginOptions = {}) {
  const include = options.include ?? ((id: string) => /\.(ts|tsx|mts)$/.test(id) && !id.includes("/node_modules/"));
  return {
    name: "asyncts",
    enforce: "pre" as const,
    /** TypeScript-style imports: `./x.js` written in a .ts file means `./x.ts`. */
    resolveId(source: string, importer: string | undefined) {
      if (!importer || !source.startsWith(".") || !/\.(ts|tsx|mts)$/.test(importer)) return null;
      const base = resolve(dirname(importer), source);
      for (const candidate of [base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"), base.replace(/\.mjs$/, ".mts"), `${base}.ts`]) {
        if (candidate !== base && existsSync(candidate)) return candidate;
      }
      return null;
    },
    transform(this: { error(msg: string): never; warn(msg: string): void }, code: string, id: string) {
      if (!include(id)) return null;
      const result = compile(code, { fileName: id, files: nodeFiles });
      const text = formatDiagnostics(result.diagnostics);
      if (hasErrors(result.diagnostics) || result.code === null) this.error(text);
      if (result.diagnostics.length) this.warn(text);
      return { code: result.code, map: result.map };
    },
  };
}
