// `asyncts port FILE.py... [-o OUT]`: writes FILE.ts beside each Python file (or OUT for one
// file, or into OUT as a folder for several), and reports what could not be translated.
import { readFileSync, writeFileSync, statSync, readdirSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname, relative, basename } from "node:path";
import { formatDiagnostics, diag, type Diagnostic } from "../compiler/diagnostics.js";

function pythonFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "__pycache__") continue;
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(p));
    else if (e.name.endsWith(".py")) out.push(p);
  }
  return out.sort();
}

export async function portCommand(opts: { files: string[]; out?: string }): Promise<number> {
  const { port, PORTED_TSCONFIG } = await import("../porter/index.js");
  const all: Diagnostic[] = [];
  const inputs: [string, string][] = [];
  for (const f of opts.files) {
    if (!existsSync(f)) {
      all.push(diag("fileNotFound", {}, f));
      continue;
    }
    for (const py of pythonFiles(f)) inputs.push([f, py]);
  }
  const several = inputs.length > 1 || opts.files.some((f) => existsSync(f) && statSync(f).isDirectory());
  let written = 0;
  for (const [root, py] of inputs) {
    const source = readFileSync(py, "utf8");
    const r = await port(source, py);
    all.push(...r.diagnostics);
    if (!r.code) continue;
    let target = py.replace(/\.py$/, ".ts");
    if (opts.out) target = several ? join(opts.out, statSync(root).isDirectory() ? relative(root, target) : basename(target)) : opts.out;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, r.code);
    written++;
  }
  // A ported folder is a project: give it the tsconfig `asyncts check` needs, unless it has one.
  for (const f of new Set(opts.files)) {
    if (!existsSync(f) || !statSync(f).isDirectory() || !written) continue;
    const dir = opts.out ?? f;
    const cfg = join(dir, "tsconfig.json");
    if (!existsSync(cfg)) writeFileSync(cfg, JSON.stringify(PORTED_TSCONFIG, null, 2) + "\n");
  }
  if (all.length) process.stderr.write(formatDiagnostics(all, { cwd: process.cwd(), color: !!process.stderr.isTTY }));
  process.stderr.write(`Ported ${written} of ${inputs.length} file${inputs.length === 1 ? "" : "s"}.\n`);
  return all.some((d) => d.severity === "error") ? 2 : 0;
}
