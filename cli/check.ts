// `asyncts check`: exactly the errors `tsc -p` reports (same program: the tsconfig's
// options, `references`, `paths`, `types`, `lib`; the same diagnostic passes in the same
// order), then asyncts's own diagnostics and asyncio lints for DSL files. Writes nothing.
import ts from "typescript";
import { relative, join, dirname, resolve } from "node:path";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cacheDirFor, hashPath, loadHasher, writeAtomic } from "./cache.js";
import { fromTs, formatDiagnostics, hasErrors, type Diagnostic } from "../compiler/diagnostics.js";
import { parse, parseDependency } from "../compiler/phases/1-parse.js";
import { analyze, type FileAccess } from "../compiler/phases/2-analyze/index.js";
import { lint } from "../compiler/lints/index.js";
import { readProject, type ProjectConfig } from "./project.js";
import { projectTsc7, runTsc, splitPretty, type EarlyTsc, type ProjectTsc, type TscRun } from "./check-tsc.js";
import { formatDiagnostic, formatSummary } from "../compiler/format.js";
import { nodeFiles } from "./files.js";
import { colorFor } from "./color.js";

export interface CheckOptions {
  project?: string;
  json?: boolean;
  /** skip the asyncio lints (for measuring their cost) */
  noLint?: boolean;
}

/** tsc's diagnostic passes (emitFilesAndReportErrors): each pass only if the ones before found nothing. */
function tscDiagnostics(program: ts.Program): readonly ts.Diagnostic[] {
  const options = program.getCompilerOptions();
  const all: ts.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
  const configCount = all.length;
  all.push(...program.getSyntacticDiagnostics());
  if (all.length === configCount) {
    all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (all.length === configCount) all.push(...program.getSemanticDiagnostics());
    // tsc reports declaration errors when it emits them (or, with noEmit, once all else is clean)
    if (options.declaration || options.composite) {
      if (!options.noEmit || all.length === configCount) all.push(...program.getDeclarationDiagnostics());
    }
  }
  return ts.sortAndDeduplicateDiagnostics(all);
}

export function collectCheck(opts: CheckOptions, project = readProject(opts.project)): { diagnostics: Diagnostic[]; fatal: boolean } {
  const { config, diagnostics } = project;
  if (!config || diagnostics.some((d) => d.code.startsWith("ASY"))) return { diagnostics, fatal: true };
  // ASYNCTS_CHECK_TIMING=1: CPU time of tsc's part and of asyncts's (analysis + lints) on stderr
  const timing = process.env.ASYNCTS_CHECK_TIMING ? { tsc: process.cpuUsage(), ours: 0, lint: 0 } : null;
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: config.configErrors,
  });
  const all: Diagnostic[] = tscDiagnostics(program).map((d) => fromTs(d));
  const ours: Diagnostic[] = [];
  const checker = program.getTypeChecker();
  // Dependencies come from the program (already parsed and bound), not parsed again.
  const files: FileAccess = { ...nodeFiles, sourceFile: (p) => program.getSourceFile(p) };
  for (const file of config.fileNames) {
    if (file.endsWith(".d.ts") || !/\.(ts|tsx|mts|cts)$/.test(file)) continue;
    let sf = program.getSourceFile(file);
    if (!sf) continue;
    if (!/["']asyncts["']|from\s+["']\./.test(sf.text)) continue; // cannot be a DSL file
    // The checker's files have parent links once bound; after syntax errors they may not.
    const bound = sf.statements.length === 0 || sf.statements[0].parent === sf;
    if (!bound) sf = parse(file, sf.text).file;
    const t0 = timing ? process.cpuUsage() : null;
    const analysis = analyze(sf, { files });
    if (analysis.isDSL) {
      ours.push(...analysis.diagnostics.filter((d) => d.code.startsWith("ASY"))); // tsc reports the TS ones itself
      const t1 = timing ? process.cpuUsage() : null;
      if (!opts.noLint) ours.push(...lint(sf, analysis, { checker: bound ? checker : undefined, files }));
      if (timing) timing.lint += cpuMs(t1!);
    }
    if (timing) timing.ours += cpuMs(t0!);
  }
  if (timing) {
    const total = cpuMs(timing.tsc);
    process.stderr.write(`asyncts check: CPU ${total.toFixed(0)} ms; tsc's program and diagnostics ${(total - timing.ours).toFixed(0)} ms, asyncts analysis ${(timing.ours - timing.lint).toFixed(0)} ms, lints ${timing.lint.toFixed(0)} ms (${((timing.lint / (total - timing.ours)) * 100).toFixed(1)}% of tsc's)\n`);
  }
  if (ours.length) {
    // one list in file/position order; tsc's own order is kept among its diagnostics
    all.push(...ours);
    const key = (d: Diagnostic) => d.file ?? "";
    all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : (a.start ?? -1) - (b.start ?? -1)));
  }
  return { diagnostics: all, fatal: false };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** A diagnostic as JSON: positions 1-based like the text output. */
export function toJson(d: Diagnostic, cwd: string) {
  const pos = (p: number | undefined) => {
    if (p === undefined || d.source === undefined) return undefined;
    const lc = ts.getLineAndCharacterOfPosition({ text: d.source } as ts.SourceFileLike, p);
    return { line: lc.line + 1, column: lc.character + 1 };
  };
  const start = pos(d.start);
  const end = d.start !== undefined ? pos(d.start + (d.length ?? 0)) : undefined;
  return {
    file: d.file ? relative(cwd, d.file) : null,
    line: start?.line ?? null, column: start?.column ?? null,
    endLine: end?.line ?? null, endColumn: end?.column ?? null,
    code: d.code, severity: d.severity, message: d.message,
  };
}

/** EARLY: the project's TypeScript 7 already started on the tsconfig (main.ts, startProjectTsc). */
export async function check(opts: CheckOptions, early?: EarlyTsc | null): Promise<number> {
  const project = readProject(opts.project);
  const cwd = process.cwd();
  const config = project.config;
  // The project's own TypeScript 7, if it has one (check-tsc.ts); else TypeScript 6 in-process.
  const usable = !!config && !project.diagnostics.some((d) => d.code.startsWith("ASY"));
  if (early && (!usable || early.configPath !== config!.configPath)) {
    early.running.kill();
    early = null;
  }
  const tsc = early?.tsc ?? (usable ? await projectTsc7(config!.configPath) : null);
  if (tsc && config) {
    const status = await checkWithTsc(tsc, config, opts, cwd, early?.running);
    if (status !== null) return status;
  }
  const { diagnostics } = collectCheck(opts, project);
  if (opts.json) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    process.stdout.write(JSON.stringify({ diagnostics: diagnostics.map((d) => toJson(d, cwd)), errors, warnings: diagnostics.length - errors }, null, 2) + "\n");
  } else if (diagnostics.length) {
    process.stderr.write(formatDiagnostics(diagnostics, { cwd, color: colorFor(process.stderr) }));
  }
  return hasErrors(diagnostics) ? 2 : 0;
}

/** asyncts's diagnostics and the lints without a type checker (what runs beside TypeScript 7).
 * A file's results are kept in the private cache folder, keyed by its text and the texts of
 * the files it imports (transitively) and by this asyncts: an unchanged file is not parsed. */
async function syntacticDiagnostics(config: ProjectConfig, opts: CheckOptions): Promise<Diagnostic[]> {
  const texts = new Map<string, string>();
  for (const file of config.fileNames) {
    if (file.endsWith(".d.ts") || !/\.(ts|tsx|mts|cts)$/.test(file)) continue;
    const text = nodeFiles.readFile(file);
    if (text !== undefined && /["']asyncts["']|from\s+["']\./.test(text)) texts.set(file, text); // else cannot be a DSL file
  }
  const cache = opts.noLint ? null : await openLintCache(config.configPath, texts);
  const parsed = new Map<string, { file: ts.SourceFile; ok: boolean } | null>();
  const parsedFile = (file: string) => {
    if (!parsed.has(file)) {
      const text = texts.get(file);
      // parsed, not bound: tsc reports the syntax and binder errors; the rules need the tree only
      const sf = text === undefined ? null : parseDependency(file, text);
      parsed.set(file, sf ? { file: sf, ok: !((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length) } : null);
    }
    return parsed.get(file)!;
  };
  const files: FileAccess = { ...nodeFiles, sourceFile: (p) => parsedFile(p)?.file };
  const ours: Diagnostic[] = [];
  for (const [file, text] of texts) {
    const known = cache?.get(file);
    if (known) {
      ours.push(...known.map((d) => ({ ...d, file, source: text })));
      continue;
    }
    const p = parsedFile(file);
    const mine: Diagnostic[] = [];
    if (p) {
      const analysis = analyze(p.file, { files });
      if (analysis.isDSL) {
        mine.push(...analysis.diagnostics.filter((d) => d.code.startsWith("ASY")));
        if (!opts.noLint && p.ok) mine.push(...lint(p.file, analysis, { files }));
      }
    }
    cache?.set(file, mine);
    ours.push(...mine);
  }
  cache?.save();
  return ours;
}

interface LintCache {
  get(file: string): Diagnostic[] | undefined;
  set(file: string, list: Diagnostic[]): void;
  save(): void;
}

/** The lint cache of one project (cache folder/check/<tsconfig path hash>.json), or null without a usable folder. */
async function openLintCache(configPath: string, texts: Map<string, string>): Promise<LintCache | null> {
  const dir = cacheDirFor(configPath);
  if ("error" in dir) return null;
  const path = join(dir.root, "check", `${hashPath(configPath)}.json`);
  const hash = await loadHasher();
  let self = "";
  try {
    const st = statSync(fileURLToPath(import.meta.url)); // this asyncts: another build lints differently
    self = `${import.meta.url} ${st.size}:${st.mtimeMs}`;
  } catch {}
  const own = new Map([...texts].map(([f, t]) => [f, hash(t)]));
  const imports = new Map<string, string[]>();
  for (const [f, t] of texts) {
    const deps: string[] = [];
    for (const m of t.matchAll(/\b(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)) {
      const base = resolve(dirname(f), m[1]), stem = base.replace(/\.(m?js|jsx)$/, "");
      const target = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}/index.ts`].find((c) => texts.has(c));
      if (target) deps.push(target);
    }
    imports.set(f, deps);
  }
  const keyOf = (f: string) => {
    const closure = new Set([f]);
    const stack = [f];
    while (stack.length) for (const d of imports.get(stack.pop()!) ?? []) if (!closure.has(d)) (closure.add(d), stack.push(d));
    return hash(`${self}\n${[...closure].sort().map((c) => `${c} ${own.get(c)}`).join("\n")}`);
  };
  // One key for the whole set of texts: when it is the stored one, every stored entry holds
  // (no per-file closure keys, which cost O(files × imports) to compute) and nothing is written.
  const projectKey = hash(`${self}\n${[...own].map(([f, h]) => `${f} ${h}`).sort().join("\n")}`);
  let stored: Record<string, { key: string; diagnostics: Diagnostic[] }> = {};
  let storedProject: unknown = null;
  try {
    const j = JSON.parse(readFileSync(path, "utf8"));
    if (j && typeof j === "object" && j.format === 1 && j.files && typeof j.files === "object") (stored = j.files), (storedProject = j.project);
  } catch {}
  const same = storedProject === projectKey;
  let changed = !same;
  const next: typeof stored = {};
  const keys = new Map<string, string>();
  const key = (f: string) => keys.get(f) ?? (keys.set(f, keyOf(f)), keys.get(f)!);
  return {
    get(file) {
      const e = stored[file];
      if (!e || !Array.isArray(e.diagnostics) || !(same || e.key === key(file))) return undefined;
      next[file] = e;
      return e.diagnostics;
    },
    set(file, list) {
      changed = true;
      next[file] = { key: key(file), diagnostics: list.map(({ source: _s, file: _f, ...d }) => d as Diagnostic) };
    },
    save() {
      if (!changed) return;
      try {
        writeAtomic(dir, path, JSON.stringify({ format: 1, project: projectKey, files: next }));
      } catch {} // a cache that cannot be written only costs time
    },
  };
}

const byPlace = (a: Diagnostic, b: Diagnostic) => {
  const fa = a.file ?? "", fb = b.file ?? "";
  return fa < fb ? -1 : fa > fb ? 1 : (a.start ?? -1) - (b.start ?? -1);
};

/** `check` with the project's TypeScript 7; null if it could not be run (then TypeScript 6 checks). */
async function checkWithTsc(tsc: ProjectTsc, config: ProjectConfig, opts: CheckOptions, cwd: string, started?: TscRun): Promise<number | null> {
  const running = started ?? runTsc(tsc, config.configPath); // on its own core while this one lints
  const ours = await syntacticDiagnostics(config, opts);
  const r = await running;
  if (r.error || r.status === null) {
    process.stderr.write(`asyncts: could not run TypeScript ${tsc.version} (${r.error?.message ?? "killed"}); checking with the bundled TypeScript ${ts.version}\n`);
    return null;
  }
  const printed = splitPretty(r.stdout, cwd);
  const failed = r.status !== 0 || hasErrors(ours);
  if (opts.json) {
    const theirs = printed.map((p) => ({ ...toJson(p.diagnostic, cwd), line: p.line ?? null, column: p.column ?? null, endLine: null, endColumn: null, sort: p.diagnostic }));
    const mine = ours.map((d) => ({ ...toJson(d, cwd), sort: d }));
    const all = [...theirs, ...mine].sort((a, b) => byPlace(a.sort, b.sort)).map(({ sort: _, ...j }) => j);
    const errors = all.filter((d) => d.severity === "error").length;
    process.stdout.write(JSON.stringify({ diagnostics: all, errors, warnings: all.length - errors }, null, 2) + "\n");
    return failed ? 2 : 0;
  }
  const color = colorFor(process.stderr);
  const plain = (text: string) => (color ? text : text.replace(/\x1b\[[0-9;]*m/g, ""));
  if (!ours.length) {
    process.stderr.write(plain(r.stdout)); // exactly what the project's tsc printed
    return failed ? 2 : 0;
  }
  const items = [...printed.map((p) => ({ d: p.diagnostic, text: plain(p.text) })), ...ours.map((d) => ({ d, text: formatDiagnostic(d, { cwd, color }) + "\n" }))];
  items.sort((a, b) => byPlace(a.d, b.d));
  process.stderr.write(formatSummary(items.map((i) => i.d), items.map((i) => i.text).join(""), { cwd, color }));
  return failed ? 2 : 0;
}
