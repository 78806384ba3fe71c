// The recorder behind `asyncts trace`: an Instrument (runtime/instrument.ts) that writes down
// what the real loop does — iterations with their ready queue and timer heap, task steps
// from resume to suspend with what the task then waits on, callbacks, timers, waits.
// It reads the runtime's objects by shape only (the program may load another copy of the
// runtime than the CLI), and stops keeping details past a budget so a long program still
// finishes; the counts stay exact.
import type { Instrument } from "../../runtime/instrument.js";

export interface TaskInfo {
  id: number;
  name: string;
  coro: string;
  spawnIter: number;
  parent: number | null;
}
export interface IterationInfo {
  i: number;
  /** loop.time() at the start of the iteration */
  t: number;
  /** real time, microseconds since the recorder started */
  us: number;
  ready?: string[];
  timers?: string[];
}
export interface StepInfo {
  task: number;
  iter: number;
  us: number;
  dur: number;
  /** what the task waits on after this step, or how it ended */
  awaited: string;
  outcome: "suspended" | "ready" | "done" | "cancelled" | "error";
}
export interface MarkInfo {
  iter: number;
  us: number;
  kind: "callback" | "timer" | "wait";
  label: string;
  dur?: number;
}
export interface Recording {
  clock: string;
  tasks: TaskInfo[];
  iterations: IterationInfo[];
  steps: StepInfo[];
  marks: MarkInfo[];
  truncated: boolean;
  counts: { iterations: number; steps: number; callbacks: number; timers: number; tasks: number };
}

const MAX_ITERATIONS = 5000; // iterations kept in detail (the HTML shows them all)
const MAX_EVENTS = 50000;
const SNAPSHOT_LIMIT = 40; // entries shown per ready queue / timer heap snapshot

const reprOf = (x: any): string => {
  if (x === null || x === undefined) return "None";
  if (typeof x === "boolean") return x ? "True" : "False";
  if (typeof x === "string") return `'${x}'`;
  try {
    return typeof x?.__repr__ === "function" ? x.__repr__() : String(x);
  } catch {
    return "<?>";
  }
};

function isTask(x: any): boolean {
  return x !== null && typeof x === "object" && typeof x._coro === "object" && typeof x.get_name === "function";
}

export class Recorder {
  readonly rec: Recording;
  private ids = new Map<object, TaskInfo>();
  private t0 = performance.now();
  private iter = -1;
  private stepStart = 0;
  private handleStart = 0;
  private waitStart = 0;
  private waitTimeout: number | null = null;
  private loop: any = null;

  constructor(clock: string) {
    this.rec = { clock, tasks: [], iterations: [], steps: [], marks: [], truncated: false, counts: { iterations: 0, steps: 0, callbacks: 0, timers: 0, tasks: 0 } };
  }

  private now(): number {
    return (performance.now() - this.t0) * 1000;
  }
  private detailed(): boolean {
    const keep = this.rec.iterations.length < MAX_ITERATIONS && this.rec.steps.length + this.rec.marks.length < MAX_EVENTS;
    if (!keep) this.rec.truncated = true;
    return keep;
  }

  taskInfo(task: any): TaskInfo {
    let info = this.ids.get(task);
    if (info === undefined) {
      const parent = this.loop?._tasks?.current ?? null;
      info = { id: this.rec.tasks.length + 1, name: task.get_name(), coro: `${task._coro?.__name__ ?? "?"}()`, spawnIter: this.iter, parent: parent && parent !== task ? (this.ids.get(parent)?.id ?? null) : null };
      this.ids.set(task, info);
      this.rec.tasks.push(info);
    }
    return info;
  }

  /** What a task waits on after a step (read from its state; see tasks.ts). */
  private describeWait(task: any): [string, StepInfo["outcome"]] {
    if (task.done()) {
      if (task.cancelled()) return ["cancelled", "cancelled"];
      // raised is "result() throws", whatever the value: `throw null` fails a task too
      // (exception() returns null then; the runtime's _failed is not this bundle's to import)
      let value: unknown;
      try {
        value = task.result();
      } catch (exc: any) {
        return [exc !== null && typeof exc === "object" ? `raised ${exc.name ?? "Exception"}: ${exc.message ?? ""}` : `raised ${exc == null ? String(exc) : reprOf(exc)}`, "error"];
      }
      return [`returned ${reprOf(value)}`, "done"];
    }
    const fut = task._fut_waiter;
    if (fut === null || fut === undefined) return ["sleep(0): ready again next iteration", "ready"];
    if (task._sleep_handle) return [`sleep until t=${fmtTime(task._sleep_handle._when)}`, "suspended"];
    if (isTask(fut)) return [`awaits task ${fut.get_name()}`, "suspended"];
    if (Array.isArray(fut._children)) {
      const names = fut._children.map((c: any) => (isTask(c) ? c.get_name() : "future")).join(", ");
      return [`awaits gather(${names})`, "suspended"];
    }
    return [`awaits ${reprOf(fut)}`, "suspended"];
  }

  instrument(loop: any): Instrument {
    this.loop = loop;
    const rec = this.rec;
    return {
      before_run_once: (lp: any, nready: number) => {
        this.iter = rec.counts.iterations++;
        if (!this.detailed()) {
          // Past the budget: only count from now on (no clock reads, no snapshots).
          lp._instrument = this.lean();
          return;
        }
        const it: IterationInfo = { i: this.iter, t: lp.time(), us: this.now() };
        const ready: string[] = [];
        for (let k = 0; k < nready && k < SNAPSHOT_LIMIT; k++) ready.push(this.describeEntry(lp._ready.at(k)));
        if (nready > SNAPSHOT_LIMIT) ready.push(`… ${nready - SNAPSHOT_LIMIT} more`);
        // The heap in `when` order (as it will pop; ties aside); a huge heap shows its first entries in heap order.
        const heap = lp._scheduled.filter((h: any) => !h._cancelled);
        const timers = heap.length <= 1000 ? heap.sort((a: any, b: any) => a._when - b._when) : heap;
        const shown: string[] = timers.slice(0, SNAPSHOT_LIMIT).map((h: any) => `t=${fmtTime(h._when)} ${describeCb(h)}`);
        if (timers.length > SNAPSHOT_LIMIT) shown.push(`… ${timers.length - SNAPSHOT_LIMIT} more`);
        it.ready = ready;
        it.timers = shown;
        rec.iterations.push(it);
      },
      task_spawned: (task) => {
        rec.counts.tasks++;
        this.taskInfo(task);
      },
      before_task_step: () => {
        this.stepStart = this.now();
      },
      after_task_step: (task) => {
        rec.counts.steps++;
        if (!this.detailed()) return;
        const [awaited, outcome] = this.describeWait(task);
        const us = this.stepStart;
        rec.steps.push({ task: this.taskInfo(task).id, iter: this.iter, us, dur: this.now() - us, awaited, outcome });
      },
      before_handle: () => {
        this.handleStart = this.now();
      },
      after_handle: (h) => {
        rec.counts.callbacks++;
        if (!this.detailed()) return;
        rec.marks.push({ iter: this.iter, us: this.handleStart, dur: this.now() - this.handleStart, kind: "callback", label: this.describeEntry(h) });
      },
      timer_scheduled: (timer: any) => {
        rec.counts.timers++;
        if (!this.detailed()) return;
        rec.marks.push({ iter: this.iter, us: this.now(), kind: "timer", label: `call_at t=${fmtTime(timer._when)}: ${describeCb(timer)}` });
      },
      before_io_wait: (lp: any, timeout) => {
        this.waitStart = this.now();
        this.waitTimeout = timeout;
        if (lp._clock === "virtual" && lp._outside === 0 && timeout !== null) {
          this.recordWait(`clock moves ${fmtTime(timeout)} s (virtual)`, 0);
          this.waitStart = 0; // no real wait follows
        }
      },
      after_io_wait: () => {
        if (this.waitStart === 0) return; // the first start, or after a virtual clock move
        const t = this.waitTimeout;
        this.recordWait(t === null ? "wait for outside work" : `wait ${fmtTime(t)} s`, this.now() - this.waitStart);
        this.waitStart = 0;
      },
    };
  }

  /** The instrument once the detail budget is spent: it counts iterations, tasks and timers;
   * with no step hooks the loop runs each entry without wrapping it (steps and callbacks
   * are counted only while details are kept). */
  private lean(): Instrument {
    const c = this.rec.counts;
    return {
      before_run_once: () => void c.iterations++,
      task_spawned: () => void c.tasks++,
      timer_scheduled: () => void c.timers++,
    };
  }

  private recordWait(label: string, dur: number): void {
    if (!this.detailed()) return;
    this.rec.marks.push({ iter: this.iter, us: this.waitStart, dur, kind: "wait", label });
  }

  private describeEntry(e: any): string {
    if (e === undefined) return "?";
    if (isTask(e)) return e._state === 0 ? `step ${e.get_name()} (${e._coro?.__name__}())` : `done-callback of ${e.get_name()}`;
    if (typeof e._cb0 === "function" && e._state !== undefined && e._callback === undefined) return `done-callback ${cbName(e._cb0)} of ${reprOf(e).replace(/^<(\w+).*$/, "$1")}`;
    const cb = e._callback;
    if (cb && typeof cb !== "function" && isTask(cb)) return `step ${cb.get_name()} (throw in)`;
    if (typeof e._when === "number") return `timer t=${fmtTime(e._when)}: ${describeCb(e)}`;
    return describeCb(e);
  }
}

function describeCb(h: any): string {
  return h._callback ? `${cbName(h._callback)}` : "(cancelled)";
}
function cbName(cb: any): string {
  if (typeof cb !== "function") return isTask(cb) ? `step ${cb.get_name()}` : "callback";
  return `${cb.__qualname__ ?? (cb.name?.replace(/^bound /, "") || "<lambda>")}()`;
}
export function fmtTime(t: number): string {
  return Number.isInteger(t) ? t.toFixed(1) : String(Math.round(t * 1e6) / 1e6);
}
