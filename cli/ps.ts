// `asyncts ps PID` / `asyncts pstree PID` [--json]: the tasks of a running `asyncts run`
// process, in the shape of CPython 3.14's `python -m asyncio ps/pstree`.
//
// How it works: `asyncts run` registers every loop the program creates (through the
// instrument factory, returning no instrument — so the loop itself pays nothing) and listens
// for SIGUSR2. On the signal it writes a snapshot of every loop's pending tasks — names,
// coroutine stacks, who awaits whom (runtime/graph.ts's rule) — to
// $TMPDIR/asyncts-ps-PID.json, which the client reads. Cost: nothing until signalled; a
// snapshot is one walk over the pending tasks. Node delivers the signal when the loop
// hands control back to Node (it waits, or polls outside work), as CPython's signal
// handlers run between bytecodes: a loop spinning in pure CPU work answers when it next
// waits. SIGUSR2 no longer terminates a program run by `asyncts run` (Node's default).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InstrumentFactory } from "../runtime/instrument.js";

/** runtime/instrument.ts's INSTRUMENT_FACTORY, by its registered name: `asyncts run` installs
 * this handler before it loads the runtime (cli/code-cache.ts). */
const INSTRUMENT_FACTORY = Symbol.for("asyncts.instrument");

export interface PsTask {
  id: string;
  name: string;
  /** coroutine names, innermost first */
  coroutine_stack: string[];
  /** ids of the tasks awaiting this one */
  awaited_by: string[];
}
export interface PsSnapshot {
  pid: number;
  tasks: PsTask[];
}

const snapshotPath = (pid: number) => join(tmpdir(), `asyncts-ps-${pid}.json`);

/** In the `asyncts run` process: remember loops, answer SIGUSR2 with a snapshot. */
export function installPsHandler(): void {
  const loops: WeakRef<any>[] = [];
  const g = globalThis as any;
  const prev: InstrumentFactory | undefined = g[INSTRUMENT_FACTORY];
  g[INSTRUMENT_FACTORY] = (loop: any) => {
    loops.push(new WeakRef(loop));
    return prev ? prev(loop) : null;
  };
  process.on("SIGUSR2", () => {
    const snap = takeSnapshot(loops.map((r) => r.deref()).filter((l) => l && !l.is_closed()));
    const path = snapshotPath(process.pid);
    writeFileSync(`${path}.tmp`, JSON.stringify(snap));
    renameSync(`${path}.tmp`, path);
  });
}

function takeSnapshot(loops: any[]): PsSnapshot {
  const ids = new Map<object, string>();
  let n = 0;
  const idOf = (t: object) => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = `0x${(0x1000 + 0x10 * ++n).toString(16)}`));
    return id;
  };
  const tasks: PsTask[] = [];
  for (const loop of loops) {
    const pending: any[] = loop._tasks?.pending ? [...loop._tasks.pending].filter((t: any) => !t.done()) : [];
    for (const t of pending) idOf(t);
    for (const t of pending) {
      const awaited_by = pending
        .filter((w) => {
          const f = w._fut_waiter;
          return f && (f === t || (Array.isArray(f._children) && f._children.includes(t)));
        })
        .map(idOf);
      const stack = (typeof t.get_stack === "function" ? t.get_stack() : []).map((c: any) => c.__name__).reverse();
      tasks.push({ id: idOf(t), name: t.get_name(), coroutine_stack: stack.length ? stack : [t._coro?.__name__ ?? "?"], awaited_by });
    }
  }
  return { pid: process.pid, tasks };
}

function isAsynctsRun(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return argv.includes("run") && argv.some((a) => /asyncts|cli[\\/]main\.js$/.test(a));
  } catch {
    return false;
  }
}

/** In the client: signal PID and wait for its snapshot. */
export async function fetchSnapshot(pid: number, timeoutMs = 5000): Promise<PsSnapshot | string> {
  if (!Number.isInteger(pid) || pid <= 0) return `'${pid}' is not a process id`;
  if (!existsSync(`/proc/${pid}`)) return `no process ${pid}`;
  if (!isAsynctsRun(pid)) return `process ${pid} is not an 'asyncts run' process (only those answer ps/pstree)`;
  const path = snapshotPath(pid);
  rmSync(path, { force: true });
  process.kill(pid, "SIGUSR2");
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const snap = JSON.parse(readFileSync(path, "utf8")) as PsSnapshot;
      rmSync(path, { force: true });
      return snap;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return `process ${pid} did not answer within ${timeoutMs / 1000} s (its loop has not handed control to Node)`;
}

/** `python -m asyncio ps`'s table: a row per (task, awaiter) pair. */
export function formatPs(snap: PsSnapshot): string {
  const byId = new Map(snap.tasks.map((t) => [t.id, t]));
  const rows: string[][] = [];
  for (const t of snap.tasks) {
    const stack = t.coroutine_stack.join(" -> ");
    if (t.awaited_by.length === 0) rows.push([String(snap.pid), t.id, t.name, stack, "", "", "0x0"]);
    for (const a of t.awaited_by) {
      const w = byId.get(a)!;
      rows.push([String(snap.pid), t.id, t.name, stack, w.coroutine_stack.join(" -> "), w.name, w.id]);
    }
  }
  const head = ["tid", "task id", "task name", "coroutine stack", "awaiter chain", "awaiter name", "awaiter id"];
  const widths = [10, 20, 20, 50, 50, 15, 15];
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]) + " ")).join("").trimEnd();
  return [line(head), "-".repeat(widths.reduce((a, b) => a + b + 1, 0)), ...rows.map(line)].join("\n") + "\n";
}

/** `python -m asyncio pstree`'s tree: each task, its coroutines outermost first, then the tasks it awaits. */
export function formatPstree(snap: PsSnapshot): string {
  const awaits = new Map<string, string[]>(); // awaiter → tasks it awaits
  for (const t of snap.tasks) for (const a of t.awaited_by) (awaits.get(a) ?? awaits.set(a, []).get(a)!).push(t.id);
  const byId = new Map(snap.tasks.map((t) => [t.id, t]));
  const out: string[] = [];
  const seen = new Set<string>();
  const node = (id: string, prefix: string, last: boolean): void => {
    const t = byId.get(id)!;
    out.push(`${prefix}${last ? "└── " : "├── "}(T) ${t.name}`);
    let p = prefix + (last ? "    " : "│   ");
    if (seen.has(id)) return;
    seen.add(id);
    const frames = [...t.coroutine_stack].reverse(); // outermost first
    frames.forEach((f, i) => {
      const kids = i === frames.length - 1 ? (awaits.get(id) ?? []) : [];
      out.push(`${p}└──  ${f}`);
      p += "    ";
      kids.forEach((k, j) => node(k, p, j === kids.length - 1));
    });
  };
  const roots = snap.tasks.filter((t) => t.awaited_by.length === 0);
  roots.forEach((t, i) => node(t.id, "", i === roots.length - 1));
  return out.join("\n") + "\n";
}

export async function ps(opts: { pid: string; tree: boolean; json: boolean }): Promise<number> {
  const snap = await fetchSnapshot(Number(opts.pid));
  if (typeof snap === "string") {
    process.stderr.write(`asyncts ${opts.tree ? "pstree" : "ps"}: ${snap}\n`);
    return 1;
  }
  process.stdout.write(opts.json ? JSON.stringify(snap, null, 2) + "\n" : opts.tree ? formatPstree(snap) : formatPs(snap));
  return 0;
}
