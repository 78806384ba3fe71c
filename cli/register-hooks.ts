// Module hooks behind asyncts/register (they run on Node's loader thread).
// resolve: `./x.js` written in TypeScript style finds `./x.ts`; load: `.ts` files compile.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TS = /\.(ts|tsx|mts)$/;

type Next<T> = (specifier: string, context: unknown) => Promise<T>;

export async function resolve(specifier: string, context: { parentURL?: string }, next: Next<{ url: string }>) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (context.parentURL && specifier.startsWith(".")) {
      const base = new URL(specifier, context.parentURL);
      for (const candidate of [base.href.replace(/\.js$/, ".ts"), base.href.replace(/\.mjs$/, ".mts"), `${base.href}.ts`]) {
        if (TS.test(candidate) && existsSync(fileURLToPath(candidate))) return { url: candidate, shortCircuit: true };
      }
    }
    throw err;
  }
}

export async function load(url: string, context: unknown, next: Next<{ format?: string; source?: unknown }>) {
  if (!url.startsWith("file:") || !TS.test(new URL(url).pathname)) return next(url, context);
  const file = fileURLToPath(url);
  const { compile, formatDiagnostics, hasErrors } = await import("../compiler/index.js");
  const { nodeFiles } = await import("./files.js");
  const result = compile(readFileSync(file, "utf8"), { fileName: file, files: nodeFiles });
  if (result.diagnostics.length) process.stderr.write(formatDiagnostics(result.diagnostics, { cwd: process.cwd() }));
  if (hasErrors(result.diagnostics) || result.code === null) {
    throw new SyntaxError(`asyncts: ${file} has errors (see above)`);
  }
  const map = Buffer.from(result.map!).toString("base64");
  return { format: "module", shortCircuit: true, source: `${result.code}//# sourceMappingURL=data:application/json;base64,${map}\n` };
}
