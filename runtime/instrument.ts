// The loop's recorder hooks (trio's Instrument): trace, explain and --shuffle hang off this
// small set instead of forking the loop. A loop holds one Instrument or null; every hook
// point is a single `if (this._instrument !== null)` test, so a loop nobody watches pays
// one null check per hook point (the handle loop pays none: it takes its slow path, the
// one debug mode uses, only when an instrument or debug is on).
//
// Who installs it: a tool running a program in this process (asyncts trace, run --shuffle)
// puts a factory on globalThis under INSTRUMENT_FACTORY; every loop created afterwards asks
// it for an instrument. A global symbol, not a module variable, because the program may
// load its own copy of the runtime (an installed asyncts beside the file) while the CLI
// loads another.
import type { AbstractEventLoop, Handle, ReadyEntry, TimerHandle } from "./events.js";
import type { Task } from "./tasks.js";

/** The loop as an instrument sees it: the interface plus the queues it may snapshot. */
export type BaseEventLoop = AbstractEventLoop & { readonly _ready: any; readonly _scheduled: any };

declare module "./events.js" {
  interface AbstractEventLoop {
    /** @internal the recorder; null when nobody listens */ _instrument: Instrument | null;
  }
}

export interface Instrument {
  /** An iteration of _run_once starts: due timers are in the ready queue, `nready` entries
   * will run. The instrument may read loop._ready / loop._scheduled (its snapshot) and,
   * for schedule perturbation only, reorder those first `nready` entries. */
  before_run_once?(loop: BaseEventLoop, nready: number): void;
  /** A task was created (before its first step is scheduled). */
  task_spawned?(task: Task<any>): void;
  /** The loop is about to resume `task` / it suspended or finished. An instrument with
   * neither after_task_step nor after_handle is not told of steps or handles at all. */
  before_task_step?(task: Task<any>): void;
  after_task_step?(task: Task<any>): void;
  /** The loop runs a plain callback (a Handle, or a future's first done-callback). */
  before_handle?(entry: ReadyEntry): void;
  after_handle?(entry: ReadyEntry): void;
  /** call_later/call_at put a timer on the heap. */
  timer_scheduled?(timer: TimerHandle): void;
  /** The loop waits (on Node, or by moving its virtual clock) for `timeout` seconds (null: until woken). */
  before_io_wait?(loop: BaseEventLoop, timeout: number | null): void;
  /** The loop resumed after handing control to Node. */
  after_io_wait?(loop: BaseEventLoop): void;
}

export type InstrumentFactory = (loop: BaseEventLoop) => Instrument | null;

export const INSTRUMENT_FACTORY = Symbol.for("asyncts.instrument");

/** @internal The instrument a new loop starts with (null unless a tool installed a factory). */
export function _instrument_for(loop: BaseEventLoop): Instrument | null {
  const factory = (globalThis as any)[INSTRUMENT_FACTORY] as InstrumentFactory | undefined;
  return factory === undefined ? null : factory(loop);
}

/** Installs the factory that gives every loop created from now on its instrument (null removes it). */
export function set_instrument_factory(factory: InstrumentFactory | null): void {
  if (factory === null) delete (globalThis as any)[INSTRUMENT_FACTORY];
  else (globalThis as any)[INSTRUMENT_FACTORY] = factory;
}

/** @internal Runs one ready entry with the instrument told (the loop's slow path). A Task in
 * the ready queue is a task step — unless it is done and queued for its done-callback; a
 * Handle whose callback is a task (not a function) is a step too (a step with an exception
 * thrown in). */
export function _run_instrumented(inst: Instrument, h: ReadyEntry, run: (h: ReadyEntry) => void): void {
  if (inst.after_task_step === undefined && inst.after_handle === undefined) return run(h); // it watches no steps
  const task = stepOf(h);
  if (task !== null) {
    inst.before_task_step?.(task);
    try {
      run(h);
    } finally {
      inst.after_task_step?.(task);
    }
  } else {
    inst.before_handle?.(h);
    try {
      run(h);
    } finally {
      inst.after_handle?.(h);
    }
  }
}

function stepOf(h: ReadyEntry): Task<any> | null {
  const e = h as any;
  if (typeof e._coro === "object" && e._coro !== null && typeof e._state === "number") return e._state === 0 ? e : null;
  const cb = (h as Handle)._callback as any;
  if (cb !== null && cb !== undefined && typeof cb !== "function" && typeof cb._coro === "object") return cb;
  return null;
}

/**
 * Schedule perturbation (trio's): each iteration's batch of ready entries is reversed or
 * shuffled, chosen by a PRNG seeded with `seed`, so code that depends on an order it was
 * never promised shows it. This leaves CPython's order on purpose; `asyncts run --shuffle
 * SEED` installs it, and the same seed gives the same schedule.
 */
export function schedule_perturbation(seed: number): InstrumentFactory {
  let s = seed >>> 0 || 0x9e3779b9;
  const random = (): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const batch: ReadyEntry[] = [];
  const perturb: Instrument = {
    before_run_once(loop, nready) {
      if (nready < 2) return;
      const ready = loop._ready;
      for (let i = 0; i < nready; i++) batch.push(ready.shift()!);
      if (random() < 0.5) batch.reverse();
      else {
        for (let i = batch.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          const t = batch[i];
          batch[i] = batch[j];
          batch[j] = t;
        }
      }
      for (const e of batch) ready.push(e);
      batch.length = 0;
    },
  };
  return () => perturb;
}
