// Handles (a scheduled callback) and the running-loop registry (asyncio/events.py).
import { Context, _enter_context, _leave_context } from "./py/contextvars.js";
import { pyTypeName } from "./py/format.js";
import { RuntimeError, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";
import type { BaseEventLoop } from "./base_events.js";

/** @internal Handle._args marker: the single argument is in Handle._arg. */
export const ONE_ARG: unknown[] = Object.freeze([]) as unknown as unknown[];

/** A callback scheduled on the loop; only the loop's _run_once calls it. */
export class Handle {
  /** @internal */ _callback: Function | null;
  /** @internal */ _args: unknown[] | null;
  /** @internal */ _cancelled = false;
  /** @internal */ _loop: BaseEventLoop;
  /** @internal */ _context: Context;
  /** @internal the argument when _args is ONE_ARG (a future's done-callbacks: no array per call) */ _arg: unknown = undefined;
  constructor(callback: Function, args: unknown[] | null, loop: BaseEventLoop, context: Context) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
    this._context = context;
  }
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      this._callback = null;
      this._args = null;
    }
  }
  cancelled(): boolean {
    return this._cancelled;
  }
  get_context(): Context {
    return this._context;
  }
  /** @internal */ _run(): void {
    const ctx = this._context;
    const cb = this._callback!;
    const args = this._args;
    // Run in the handle's context (Context.run without its argument juggling: this is the hot path).
    const entered = ctx._entered;
    const prev = entered ? null : _enter_context(ctx);
    try {
      // A Task schedules itself rather than a closure (see Task._on_handle).
      if (typeof cb !== "function") (cb as any)._on_handle(args === null ? undefined : args === ONE_ARG ? this._arg : args[0]);
      else if (args === null) cb();
      else if (args === ONE_ARG) cb(this._arg);
      else if (args.length === 1) cb(args[0]);
      else cb(...args);
    } catch (exc) {
      reportCallbackError(this._loop, exc, cb, this);
    } finally {
      if (prev !== null) _leave_context(ctx, prev);
    }
  }
  __repr__(): string {
    const parts = [this instanceof TimerHandle ? `TimerHandle when=${this._when}` : "Handle"];
    if (this._cancelled) parts.push("cancelled");
    if (this._callback) parts.push(describeCallback(this._callback));
    return `<${parts.join(" ")}>`;
  }
}

/** A callback run by the loop raised: KeyboardInterrupt/SystemExit propagate out of the
 * loop; anything else goes to the loop's exception handler (Handle._run, Task._run). */
export function reportCallbackError(loop: BaseEventLoop, exc: unknown, cb: Function, handle: Handle): void {
  if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
  loop.call_exception_handler({ message: `Exception in callback ${describeCallback(cb)}`, exception: exc, handle });
}

export function describeCallback(cb: Function): string {
  if (typeof cb !== "function") return `${(cb as any).constructor?.name ?? "object"}.__step()`;
  const name = (cb as any).__qualname__ ?? cb.name?.replace(/^bound /, "") ?? "callback";
  return `${name || "<lambda>"}()`;
}

/** A Handle due at loop time `when`; the loop keeps these in a heap ordered by `when`. */
export class TimerHandle extends Handle {
  /** @internal */ _when: number;
  /** @internal */ _scheduled = false;
  constructor(when: number, callback: Function, args: unknown[] | null, loop: BaseEventLoop, context: Context) {
    super(callback, args, loop, context);
    this._when = when;
  }
  when(): number {
    return this._when;
  }
  override cancel(): void {
    if (!this._cancelled) this._loop._timer_handle_cancelled(this);
    super.cancel();
  }
}

// --- the running loop ---
let runningLoop: BaseEventLoop | null = null;
let eventLoop: BaseEventLoop | null = null;

/** @internal */
export function _set_running_loop(loop: BaseEventLoop | null): void {
  runningLoop = loop;
}
/** The running loop, or null (asyncio._get_running_loop). */
export function _get_running_loop(): BaseEventLoop | null {
  return runningLoop;
}

/** Returns the running event loop; RuntimeError('no running event loop') if none. */
export function get_running_loop(): BaseEventLoop {
  if (runningLoop === null) throw new RuntimeError("no running event loop");
  return runningLoop;
}

let newLoopFactory: (() => BaseEventLoop) | null = null;
/** @internal base_events registers how loops are made (keeps the import graph one-way). */
export function _set_loop_factory(f: () => BaseEventLoop): void {
  newLoopFactory = f;
}

export function new_event_loop(): BaseEventLoop {
  return newLoopFactory!();
}

// get_event_loop / set_event_loop as CPython 3.12's default policy has them
// (asyncio/events.py BaseDefaultEventLoopPolicy):
// - with a loop running, get_event_loop() returns it;
// - otherwise it returns the loop set by set_event_loop(); if none was ever set, it makes
//   one and sets it (3.12 also emits a DeprecationWarning there; asyncts prints nothing);
// - once set_event_loop() has been called — asyncio.run() and Runner do, and reset it to
//   None when they close — a missing loop is RuntimeError("There is no current event loop
//   in thread 'MainThread'.") instead. A closed loop is returned as it is.
let setCalled = false;

/**
 * The running loop; with none running, the current loop of the (only, main) thread: the
 * one set with set_event_loop(), created on first use if set_event_loop() was never called.
 * RuntimeError after set_event_loop(null) (e.g. after asyncio.run() returned).
 */
export function get_event_loop(): BaseEventLoop {
  if (runningLoop !== null) return runningLoop;
  if (eventLoop === null && !setCalled) set_event_loop(new_event_loop());
  if (eventLoop === null) throw new RuntimeError("There is no current event loop in thread 'MainThread'.");
  return eventLoop;
}

/** Sets the current loop that get_event_loop() returns when no loop is running (null clears it). */
export function set_event_loop(loop: BaseEventLoop | null): void {
  setCalled = true;
  if (loop != null && (typeof loop !== "object" || typeof (loop as any).run_until_complete !== "function")) {
    throw new TypeError(`loop must be an instance of AbstractEventLoop or None, not '${pyTypeName(loop)}'`);
  }
  eventLoop = loop ?? null;
}
