// `asyncts explain [--json] FILE.ts`: runs one DSL program twice, for real — as a JavaScript
// developer would have written it (native async functions and promises: the native shim)
// and as asyncts runs it (asyncio's lazy coroutines on the explicit loop, virtual clock) —
// and shows the two transcripts side by side with the first line where they differ and
// the rule at work. The "why" reads where each line came from in the native run (the shim
// records it from the stack: an async function's eager start, a microtask, a setImmediate
// or setTimeout callback) and what the program uses; it names one of the rules below.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { resolve, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { outputPathFor } from "./graph.js";
import { cacheDirFor } from "./cache.js";
import { OWN_ROOT } from "./run.js";
import { toNative } from "./explain/native.js";

export interface ExplainOptions {
  file: string;
  json?: boolean;
}

export interface Explanation {
  native: string[];
  asyncio: string[];
  first_divergence: { line: number; reason: string; rule: keyof typeof RULES } | null;
  /** the API the native version could not map (then no comparison is made) */
  unsupported?: string;
  /** warnings the asyncio run wrote to stderr (a coroutine never awaited, ...) */
  asyncio_warnings?: string[];
}

export const RULES = {
  lazy: "a coroutine does not run until awaited (lazy vs eager): in JavaScript calling an async function runs its body at once, up to its first await; in asyncio it only creates a coroutine object, whose body runs when it is awaited or when its task's first step comes up in the ready queue.",
  microtask: "microtasks run before the next macrotask: a promise callback (then, await of a promise) is a microtask, and JavaScript runs every pending microtask before any timer or setImmediate callback. asyncio's loop has no microtask queue inside it: it runs its ready callbacks and due timers first, and JavaScript microtasks only when it hands control to Node.",
  fifo: "one FIFO ready queue: in asyncio, callbacks (call_soon) and task steps — a task resuming after what it awaited is done — wait in one queue and run in the order they were scheduled. In Node, an async function resumes as a microtask, ahead of every setImmediate callback scheduled before it.",
  sleep0: "sleep(0) yields exactly one loop iteration: everything else that was ready runs once, then the task resumes. Natively, setTimeout(0) is a timer macrotask that comes after every pending microtask (and at least 1 ms later).",
  inline: "await coro() runs inline (like Python's yield from): a coroutine that does not suspend completes without a trip through the loop, so the awaiting task keeps running. Natively every await of a promise suspends until a microtask, so other async functions take turns at every await.",
  timers: "timers: asyncio keeps call_later/sleep timers in one heap and moves every due timer to the ready queue at the start of an iteration, behind what is already there; Node's setTimeout callbacks run in their own phase, interleaved with microtasks after each one.",
  other: "the two runs schedule these lines differently (no single rule matched); compare the transcripts, or run `asyncts trace` to see the loop's iterations.",
} as const;

const NATIVE_TIMEOUT_MS = 60_000;

function lines(text: string): string[] {
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

/** Async function names declared in the source (to tell an async function's resumption from a plain callback). */
function asyncNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/async\s+function\s*\*?\s*([\w$]+)|([\w$]+)\s*=\s*async\b|async\s+([\w$#]+)\s*\(/g)) names.add(m[1] ?? m[2] ?? m[3]);
  return names;
}

/** The rule behind the first divergence, from where the two lines came from in the native run. */
export function reasonFor(source: string, origins: (string | undefined)[]): keyof typeof RULES {
  const asyncs = asyncNames(source);
  const parsed = origins.filter((o): o is string => !!o).map((o) => o.split(" "));
  // An async function's body printing while called synchronously by other code: its eager start.
  // (Called from module code is main's own start, which asyncio.run also runs first.)
  if (parsed.some(([how, fn, caller]) => how === "called" && asyncs.has(fn) && caller !== "<module>")) return "lazy";
  if (parsed.some(([how, fn]) => how === "microtask" && !asyncs.has(fn))) return "microtask";
  if (parsed.some(([how]) => how === "immediate") && /\bcall_soon\b/.test(source)) return "fifo";
  if (/\bsleep\(\s*0\s*[,)]/.test(source) && parsed.some(([how]) => how === "timeout" || how === "microtask")) return "sleep0";
  const awaitsLocal = [...source.matchAll(/await\s+(?:this\.)?([\w$]+)\s*\(/g)].some((m) => asyncs.has(m[1]));
  if (awaitsLocal && parsed.every(([how]) => how === "microtask")) return "inline";
  if (parsed.some(([how]) => how === "timeout")) return "timers";
  return "other";
}

export function explainRuns(file: string): Explanation | { error: string } {
  const entry = resolve(file);
  if (!existsSync(entry)) return { error: `File '${file}' not found.` };
  const source = readFileSync(entry, "utf8");
  const shim = pathToFileURL(join(OWN_ROOT, "dist", "runtime", "native_shim.js")).href;
  const native = toNative(source, entry, shim);
  if (native.code === null) return { error: native.error! };
  // Next to the compiled cache, so bare imports resolve from the project as in `asyncts run`.
  // (in the private cache folder's tmp/, which cold runs sweep)
  const cache = cacheDirFor(entry);
  if ("error" in cache) return { error: cache.error };
  const nativeFile = join(cache.root, "tmp", "native", outputPathFor(entry, cache)).replace(/\.[cm]?js$/, ".native.mjs");
  mkdirSync(dirname(nativeFile), { recursive: true });
  writeFileSync(nativeFile, native.code);
  const metaFile = `${nativeFile}.${process.pid}.meta.json`;
  const env = { ...process.env };
  delete env.ASYNCTS_CLOCK;
  const n = spawnSync(process.execPath, [nativeFile], { cwd: dirname(entry), encoding: "utf8", timeout: NATIVE_TIMEOUT_MS, env: { ...env, ASYNCTS_EXPLAIN_META: metaFile } });
  const a = spawnSync(process.execPath, [join(OWN_ROOT, "dist", "cli", "main.js"), "run", "--clock", "virtual", entry], { cwd: dirname(entry), encoding: "utf8", timeout: NATIVE_TIMEOUT_MS, env });
  let origins: string[] = [];
  try {
    origins = JSON.parse(readFileSync(metaFile, "utf8"));
    rmSync(metaFile);
  } catch {}
  const warnings = lines(a.stderr ?? "").filter((l) => /Warning/.test(l));
  const result: Explanation = { native: lines(n.stdout ?? ""), asyncio: lines(a.stdout ?? ""), first_divergence: null };
  const mark = /asyncts-native-unsupported: (\S+)/.exec(n.stderr ?? "");
  if (mark) {
    result.unsupported = mark[1];
    return result;
  }
  if (warnings.length) result.asyncio_warnings = warnings;
  const len = Math.max(result.native.length, result.asyncio.length);
  for (let i = 0; i < len; i++) {
    if (result.native[i] === result.asyncio[i]) continue;
    // Where the asyncio line was printed in the native run (its first occurrence not yet matched).
    const other = result.asyncio[i] === undefined ? -1 : result.native.indexOf(result.asyncio[i], i);
    const rule = reasonFor(source, [origins[i], other >= 0 ? origins[other] : undefined]);
    result.first_divergence = { line: i + 1, reason: RULES[rule], rule };
    break;
  }
  return result;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = "     " + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function sideBySide(r: Explanation, file: string): string {
  const width = Math.min(48, Math.max(24, ...r.native.map((l) => l.length), ...r.asyncio.map((l) => l.length)));
  const pad = (s: string) => (s.length > width ? s.slice(0, width - 1) + "…" : s.padEnd(width));
  const out = [`asyncts explain ${file}`, "", `     ${pad("native JavaScript")}   asyncio (asyncts run)`, `     ${"─".repeat(width)}   ${"─".repeat(width)}`];
  const len = Math.max(r.native.length, r.asyncio.length);
  const first = r.first_divergence?.line ?? 0;
  for (let i = 0; i < len; i++) {
    const nl = r.native[i] ?? "", al = r.asyncio[i] ?? "";
    const sep = nl === al ? "   " : i + 1 === first ? " ≠ " : " · ";
    out.push(`${String(i + 1).padStart(3)}  ${pad(nl)}${sep}${al}`);
  }
  out.push("");
  if (r.unsupported) {
    out.push(`native: asyncio.${r.unsupported} has no natural native counterpart, so there is no JavaScript version to compare with (the native run stopped there).`);
  } else if (r.first_divergence === null) {
    out.push("The two runs print the same lines in the same order.");
  } else {
    const i = r.first_divergence.line - 1;
    out.push(`First divergence at line ${i + 1}:`);
    out.push(`  native:  ${r.native[i] ?? "(nothing more)"}`);
    out.push(`  asyncio: ${r.asyncio[i] ?? "(nothing more)"}`);
    out.push(...wrap(`Why: ${r.first_divergence.reason}`, 92));
  }
  for (const w of r.asyncio_warnings ?? []) out.push(`asyncio also warned: ${w}`);
  return out.join("\n") + "\n";
}

export async function explain(opts: ExplainOptions): Promise<number> {
  if (!existsSync(resolve(opts.file))) {
    const { formatDiagnostics, diag } = await import("../compiler/diagnostics.js");
    process.stderr.write(formatDiagnostics([diag("fileNotFound", {}, opts.file)]));
    return 2;
  }
  const r = explainRuns(opts.file);
  if ("error" in r) {
    process.stderr.write(`asyncts explain: ${opts.file}: ${r.error}\n`);
    return 2;
  }
  process.stdout.write(opts.json ? JSON.stringify(r, null, 2) + "\n" : sideBySide(r, opts.file));
  return 0;
}
