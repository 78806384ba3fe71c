// `asyncts check`: TypeScript's type errors plus asyncts's own diagnostics; writes nothing.
import ts from "typescript";
import { readFileSync } from "node:fs";
import { fromTs, formatDiagnostics, hasErrors, type Diagnostic } from "../compiler/diagnostics.js";
import { parse } from "../compiler/phases/1-parse.js";
import { analyze } from "../compiler/phases/2-analyze/index.js";
import { readProject } from "./project.js";
import { nodeFiles } from "./files.js";

export async function check(opts: { project?: string }): Promise<number> {
  const { config, diagnostics } = readProject(opts.project);
  const all: Diagnostic[] = [...diagnostics];
  if (config && !hasErrors(diagnostics)) {
    const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
    all.push(...ts.getPreEmitDiagnostics(program).map((d) => fromTs(d)));
    for (const file of config.fileNames) {
      if (file.endsWith(".d.ts") || !/\.(ts|tsx|mts|cts)$/.test(file)) continue;
      const parsed = parse(file, readFileSync(file, "utf8"));
      all.push(...parsed.diagnostics.filter((d) => d.code.startsWith("ASY")), ...analyze(parsed.file, { files: nodeFiles }).diagnostics.filter((d) => d.code.startsWith("ASY")));
    }
  }
  if (all.length) process.stderr.write(formatDiagnostics(all, { cwd: process.cwd(), color: !!process.stderr.isTTY }));
  return hasErrors(all) ? 2 : 0;
}
