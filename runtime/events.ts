// The loop interface, handles (a scheduled callback) and the running-loop registry
// (asyncio/events.py).
//
// Every runtime file below the loop types against AbstractEventLoop, never against the
// concrete loop in base_events.ts, so the import graph runs one way (py/ → events →
// coroutines → futures → tasks → locks/queues/... → runners, with base_events on top,
// imported by api.ts alone; test/import-cycles.test.ts fails on a cycle). The members whose types live higher up (create_future → Future,
// create_task → Task, shutdown_asyncgens → Coroutine) are added to this same interface by
// the file that defines the type (`declare module "./events.js"`, declaration merging), so
// this file imports nothing above it. base_events.ts registers the class new_event_loop()
// makes (_set_loop_factory).
import { Context, _enter_context, _leave_context } from "./py/contextvars.js";
import { pyTypeName } from "./py/format.js";
import { RuntimeError, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";

/** The context the loop's exception handler receives (CPython's dict, with its keys). */
export interface ExceptionContext {
  message?: string;
  exception?: unknown;
  /** the Handle whose callback raised (a Task for an error in its own step) */ handle?: Handle | ReadyEntry;
  [key: string]: unknown;
}
export type ExceptionHandler = (loop: AbstractEventLoop, context: ExceptionContext) => void;

/**
 * What the ready queue holds. Usually a Handle; but a Task due for a step is queued as
 * itself, and so is a done Future for its first done-callback (no Handle allocated for
 * either: see Task._run and Future._run). The loop only asks an entry whether it was
 * cancelled and runs it.
 */
export interface ReadyEntry {
  /** @internal Task and Future answer false (on their prototype) */ readonly _cancelled: boolean;
  /** @internal */ _run(): void;
  __repr__(): string;
}

/** What a Handle may call instead of a function: a Task scheduled with one argument (the
 * exception to throw into its coroutine), as CPython schedules `task.__step(exc)`. */
export interface StepTarget {
  /** @internal */ _on_handle(arg: unknown): void;
}

/**
 * The event loop as every asyncio module sees it (asyncio.AbstractEventLoop). The concrete
 * loop is base_events.ts's BaseEventLoop; transports (streams, subprocesses) add their
 * methods here as they arrive. Members marked internal are the loop's side of the
 * contract with futures and tasks, not API.
 */
export interface AbstractEventLoop {
  // ---- running and stopping ----
  run_forever(): Promise<void>;
  run_until_complete<T>(future: PromiseLike<T>): Promise<T>;
  stop(): void;
  is_running(): boolean;
  is_closed(): boolean;
  close(): void;
  // ---- scheduling callbacks ----
  time(): number;
  call_soon(callback: Function, ...args: unknown[]): Handle;
  call_soon_threadsafe(callback: Function, ...args: unknown[]): Handle;
  call_later(delay: number, callback: Function, ...args: unknown[]): TimerHandle;
  call_at(when: number, callback: Function, ...args: unknown[]): TimerHandle;
  // ---- signals (unix_events.py) ----
  add_signal_handler(sig: number | string, callback: (...args: any[]) => unknown, ...args: unknown[]): void;
  remove_signal_handler(sig: number | string): boolean;
  /** @internal signal number → its handle and host listener */ _signal_handlers: Map<number, { handle: Handle; listener: () => void; name: string }> | null;
  /** @internal host signal listeners feeding this loop (the Runner's SIGINT, add_signal_handler):
   * while any exist, a busy loop hands control to the host every few ms so they can run */ _signal_watchers: number;
  /** @internal `exc` propagates out of run_forever at the loop's next turn (a signal handler
   * raising, as the Runner's second Ctrl-C raises KeyboardInterrupt). */
  _raise_in_loop(exc: unknown): void;
  // ---- errors and debug ----
  set_exception_handler(handler: ExceptionHandler | null): void;
  get_exception_handler(): ExceptionHandler | null;
  default_exception_handler(context: ExceptionContext): void;
  call_exception_handler(context: ExceptionContext): void;
  get_debug(): boolean;
  set_debug(enabled: boolean): void;
  slow_callback_duration: number;
  __repr__(): string;
  // ---- I/O (create_connection, create_server, subprocess_exec, the _add_reader-style
  // wake-up hooks of the host) goes here too: declared in this interface by the file that
  // brings its types (transports, protocols), as futures.ts and tasks.ts do below, and
  // implemented by the concrete loop.

  // ---- internal: what futures, tasks and the primitives above them use ----
  /** @internal Appends to the ready queue, waking the loop if it waits on the host. */
  _ready_push(entry: ReadyEntry): void;
  /** @internal call_soon without argument parsing; context null means copy_context(). */
  _call_soon(callback: Function | StepTarget, args: unknown[] | null, context: Context | null): Handle;
  /** @internal call_soon(callback, arg) for one argument (future callbacks), without an array. */
  _call_soon1(callback: Function, arg: unknown, context: Context | null): Handle;
  /** @internal call_at without argument parsing. */
  _call_at(when: number, callback: Function, args: unknown[] | null, context: Context | null): TimerHandle;
  /** @internal A scheduled TimerHandle was cancelled (the heap drops it lazily). */
  _timer_handle_cancelled(handle: TimerHandle): void;
  /** @internal RuntimeError('Event loop is closed') if closed. */
  _check_closed(): void;
  /** @internal Outside work (a promise, a socket, a process) started: poll the host while it is pending. */
  _outside_begin(): void;
  /** @internal */ _outside_end(): void;
  /** @internal alive async generators, finalised by shutdown_asyncgens */ _asyncgens: Set<any>;
  /** @internal */ _asyncgens_shutdown_called: boolean;
  /** @internal an async generator started iterating on this loop */ _asyncgen_firstiter(agen: unknown): void;
  /** @internal */ _asyncgen_finished(agen: unknown): void;
}

/** @internal Handle._args marker: the single argument is in Handle._arg. */
export const ONE_ARG: unknown[] = Object.freeze([]) as unknown as unknown[];

/** A callback scheduled on the loop; only the loop's _run_once calls it. */
export class Handle {
  // Fields are assigned in the constructor, not initialised as class fields (faster to
  // construct in V8: see Coroutine in coroutines.ts).
  /** @internal */ declare _callback: Function | StepTarget | null;
  /** @internal */ declare _args: unknown[] | null;
  /** @internal */ declare _cancelled: boolean;
  /** @internal */ declare _loop: AbstractEventLoop;
  /** @internal */ declare _context: Context;
  /** @internal the argument when _args is ONE_ARG (a future's done-callbacks: no array per call) */ declare _arg: unknown;
  constructor(callback: Function | StepTarget, args: unknown[] | null, loop: AbstractEventLoop, context: Context) {
    this._callback = callback;
    this._args = args;
    this._cancelled = false;
    this._loop = loop;
    this._context = context;
    this._arg = undefined;
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
      if (typeof cb !== "function") cb._on_handle(args === null ? undefined : args === ONE_ARG ? this._arg : args[0]);
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
export function reportCallbackError(loop: AbstractEventLoop, exc: unknown, cb: Function | StepTarget, handle: Handle | ReadyEntry): void {
  if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) throw exc;
  loop.call_exception_handler({ message: `Exception in callback ${describeCallback(cb)}`, exception: exc, handle });
}

function describeCallback(cb: Function | StepTarget): string {
  if (typeof cb !== "function") return `${(cb as any).constructor?.name ?? "object"}.__step()`;
  const name = (cb as any).__qualname__ ?? cb.name?.replace(/^bound /, "") ?? "callback";
  return `${name || "<lambda>"}()`;
}

/** A Handle due at loop time `when`; the loop keeps these in a heap ordered by `when`. */
export class TimerHandle extends Handle {
  /** @internal */ declare _when: number;
  /** @internal */ declare _scheduled: boolean;
  constructor(when: number, callback: Function | StepTarget, args: unknown[] | null, loop: AbstractEventLoop, context: Context) {
    super(callback, args, loop, context);
    this._when = when;
    this._scheduled = false;
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
let runningLoop: AbstractEventLoop | null = null;
let eventLoop: AbstractEventLoop | null = null;

/** @internal */
export function _set_running_loop(loop: AbstractEventLoop | null): void {
  runningLoop = loop;
}
/** The running loop, or null (asyncio._get_running_loop). */
export function _get_running_loop(): AbstractEventLoop | null {
  return runningLoop;
}

/** Returns the running event loop; RuntimeError('no running event loop') if none. */
export function get_running_loop(): AbstractEventLoop {
  if (runningLoop === null) throw new RuntimeError("no running event loop");
  return runningLoop;
}

let newLoopFactory: (() => AbstractEventLoop) | null = null;
/** @internal base_events registers how loops are made (keeps the import graph one-way);
 * the checked loop of the tests replaces it. Returns the factory it replaced. */
export function _set_loop_factory(f: () => AbstractEventLoop): (() => AbstractEventLoop) | null {
  const prev = newLoopFactory;
  newLoopFactory = f;
  return prev;
}

/** A new loop of the platform's class (base_events.ts registers it when it loads). */
export function new_event_loop(): AbstractEventLoop {
  if (newLoopFactory === null) throw new RuntimeError("no event loop class registered: import asyncts (or runtime/base_events) first");
  return newLoopFactory();
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
export function get_event_loop(): AbstractEventLoop {
  if (runningLoop !== null) return runningLoop;
  if (eventLoop === null && !setCalled) set_event_loop(new_event_loop());
  if (eventLoop === null) throw new RuntimeError("There is no current event loop in thread 'MainThread'.");
  return eventLoop;
}

/** Sets the current loop that get_event_loop() returns when no loop is running (null clears it). */
export function set_event_loop(loop: AbstractEventLoop | null): void {
  setCalled = true;
  if (loop != null && (typeof loop !== "object" || typeof (loop as any).run_until_complete !== "function")) {
    throw new TypeError(`loop must be an instance of AbstractEventLoop or None, not '${pyTypeName(loop)}'`);
  }
  eventLoop = loop ?? null;
}
