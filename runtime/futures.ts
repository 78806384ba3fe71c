// Future (asyncio/futures.py, with the C implementation's messages as 3.12 uses it).
// A Future is done once; its callbacks are scheduled with call_soon, in registration
// order, when it completes — never called directly.
import { CancelledError, InvalidStateError, RuntimeError, StopIteration } from "./py/exceptions.js";
import { Context, copy_context, _enter_context, _leave_context } from "./py/contextvars.js";
import { get_event_loop, Handle, reportCallbackError, type AbstractEventLoop, type ReadyEntry } from "./events.js";
import { repr } from "./py/format.js";

// The loop members that hand out futures (see events.ts: declaration merging keeps
// events.ts free of imports from above it).
declare module "./events.js" {
  interface AbstractEventLoop {
    create_future<T = any>(): Future<T>;
    run_in_executor<R>(executor: Executor | null, func: (...args: any[]) => R, ...args: unknown[]): Future<Awaited<R>>;
    /** @internal futures with an exception not yet retrieved, weakly (see below) */ _unretrieved: Set<WeakRef<Future<any>>> | null;
  }
  interface ExceptionContext {
    future?: Future<any>;
  }
}

/** An executor for run_in_executor: anything that runs `func(...args)` somewhere and returns a thenable of its result. */
export interface Executor {
  submit(func: (...args: any[]) => unknown, ...args: unknown[]): PromiseLike<unknown>;
}

const PENDING = 0, CANCELLED = 1, FINISHED = 2;
const STATE_NAMES = ["PENDING", "CANCELLED", "FINISHED"];
/** A done-callback slot: a function, or a Task waiting on the future (queued as itself). */
type CallbackSlot = Function | ReadyEntry;

const NO_OPTIONS: { loop?: AbstractEventLoop | null; context?: Context | null } = Object.freeze({});
/** @internal `_exception` of a future that did not fail: JS can throw any value, null and
 * undefined included, and a task that threw one has failed all the same. */
export const NO_EXCEPTION: unique symbol = Symbol("asyncts.noException");

export class Future<T = any> implements PromiseLike<T>, ReadyEntry {
  // Fields are assigned in the constructor, not initialised as class fields: see Coroutine in coroutines.ts.
  /** @internal */ declare _state: number;
  /** @internal */ declare _result: T | undefined;
  /** @internal */ declare _loop: AbstractEventLoop;
  /** @internal the first done-callback and its context (most futures have just one) */ declare _cb0: CallbackSlot | null;
  /** @internal */ declare _ctx0: Context | null;
  /** @internal the callbacks after the first: fn, ctx pairs, flat (ctx null for a waiting Task) */ declare _callbacks: (CallbackSlot | Context | null)[] | null;
  /** @internal a future in the ready queue is never a cancelled handle (false, on the prototype) */ declare readonly _cancelled: boolean;
  // The state of exceptions and cancellation is rarely set, so it is not carried by every
  // future: its defaults live on the prototype (below) and _own_rare_fields() gives a
  // future its own copies, all at once and in one order, before the first write. Every
  // future is smaller (which is what a program with 100,000 tasks pays for in GC) and
  // V8 sees just two shapes: plain, and with the rare fields.
  /** @internal */ declare _exception: unknown;
  /** @internal */ declare _cancel_message: unknown;
  /** @internal */ declare _cancelled_exc: CancelledError | null;
  /** @internal */ declare _log_traceback: boolean;

  constructor(opts: { loop?: AbstractEventLoop | null } = NO_OPTIONS, /** @internal loop.create_future's fast path */ loop?: AbstractEventLoop) {
    this._state = PENDING;
    this._result = undefined;
    this._loop = loop ?? opts.loop ?? get_event_loop();
    this._cb0 = null;
    this._ctx0 = null;
    this._callbacks = null;
  }

  get_loop(): AbstractEventLoop {
    return this._loop;
  }

  /** @internal Before the first write of a rare field: this future gets its own copies. */
  _own_rare_fields(): void {
    if (!Object.hasOwn(this, "_exception")) this._add_rare_fields();
  }
  /** @internal Adds the rare fields with their defaults (subclasses append theirs). */
  _add_rare_fields(): void {
    this._exception = NO_EXCEPTION;
    this._cancel_message = null;
    this._cancelled_exc = null;
    this._log_traceback = false;
  }

  /** @internal The CancelledError to raise for a cancelled future (once; it clears the saved one). */
  _make_cancelled_error(): CancelledError {
    if (this._cancelled_exc !== null) {
      const exc = this._cancelled_exc;
      this._cancelled_exc = null;
      return exc;
    }
    return this._cancel_message === null ? new CancelledError() : new CancelledError(this._cancel_message);
  }

  cancel(msg: unknown = null): boolean {
    if (this._log_traceback) this._retrieved();
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    if (msg !== null) {
      this._own_rare_fields();
      this._cancel_message = msg;
    }
    this._schedule_callbacks();
    return true;
  }

  /** @internal Schedules the done-callbacks, in order, without a Handle for the first one:
   * a Task waiting on this future is registered as itself and goes straight into the ready
   * queue (its step sees the future is done: __wakeup); a plain function callback stays in
   * _cb0 and the future itself is queued, to call it from _run. */
  _schedule_callbacks(): void {
    const cb0 = this._cb0;
    if (cb0 === null) return;
    const loop = this._loop;
    if (typeof cb0 === "function") loop._ready_push(this);
    else {
      loop._ready_push(cb0);
      this._cb0 = this._ctx0 = null;
    }
    const cbs = this._callbacks;
    if (cbs === null) return;
    this._callbacks = null;
    for (let i = 0; i < cbs.length; i += 2) {
      const cb = cbs[i] as CallbackSlot;
      if (typeof cb === "function") loop._call_soon1(cb, this, cbs[i + 1] as Context);
      else loop._ready_push(cb);
    }
  }

  /** @internal The loop runs a done future that it queued for its first done-callback
   * (_schedule_callbacks): that callback, in its context, as a Handle would run it. */
  _run(): void {
    const cb = this._cb0 as Function, ctx = this._ctx0!;
    this._cb0 = this._ctx0 = null;
    const prev = ctx._entered ? null : _enter_context(ctx);
    try {
      cb(this);
    } catch (exc) {
      reportCallbackError(this._loop, exc, cb, new Handle(cb, [this], this._loop, ctx));
    } finally {
      if (prev !== null) _leave_context(ctx, prev);
    }
  }

  cancelled(): boolean {
    return this._state === CANCELLED;
  }
  done(): boolean {
    return this._state !== PENDING;
  }

  result(): T {
    if (this._state === CANCELLED) throw this._make_cancelled_error();
    if (this._state !== FINISHED) throw new InvalidStateError("Result is not set.");
    if (this._log_traceback) this._retrieved();
    if (this._exception !== NO_EXCEPTION) throw this._exception;
    return this._result as T;
  }

  exception(): unknown {
    if (this._state === CANCELLED) throw this._make_cancelled_error();
    if (this._state !== FINISHED) throw new InvalidStateError("Exception is not set.");
    if (this._log_traceback) this._retrieved();
    return this._exception === NO_EXCEPTION ? null : this._exception;
  }

  /** @internal The exception was looked at: no "exception was never retrieved" report. */
  _retrieved(): void {
    if (this._log_traceback) this._log_traceback = false;
    untrackUnretrieved(this);
  }

  /** `fn(fut)` once done; it receives this future, typed as what it is (a Task's callback gets the Task). */
  add_done_callback(fn: (fut: this) => unknown, opts: { context?: Context | null } = NO_OPTIONS): void {
    this._add_done_callback(fn, opts.context ?? null);
  }

  /** @internal add_done_callback without the options object (Tasks call it at every wait). */
  _add_done_callback(fn: Function, context: Context | null): void {
    if (this._state !== PENDING) {
      this._loop._call_soon1(fn, this, context);
      return;
    }
    this._append_callback(fn, context ?? copy_context());
  }

  /** @internal A pending future's waiting Task, as a done-callback: the task is queued
   * itself when this future is done (so no context: its step enters its own). */
  _add_waiter(task: ReadyEntry): void {
    this._append_callback(task, null);
  }

  private _append_callback(fn: CallbackSlot, ctx: Context | null): void {
    if (this._cb0 === null) {
      this._cb0 = fn;
      this._ctx0 = ctx;
    } else if (this._callbacks === null) this._callbacks = [fn, ctx];
    else this._callbacks.push(fn, ctx);
  }

  remove_done_callback(fn: (fut: this) => unknown): number {
    // Once done, the callbacks are scheduled (even if the first still waits in _cb0).
    if (this._cb0 === null || this._state !== PENDING) return 0;
    const all: (CallbackSlot | Context | null)[] = [this._cb0, this._ctx0, ...(this._callbacks ?? [])];
    const kept: (CallbackSlot | Context | null)[] = [];
    for (let i = 0; i < all.length; i += 2) if (all[i] !== fn) kept.push(all[i], all[i + 1]);
    const removed = (all.length - kept.length) / 2;
    if (removed) {
      this._cb0 = kept.length ? (kept[0] as CallbackSlot) : null;
      this._ctx0 = kept.length ? (kept[1] as Context) : null;
      this._callbacks = kept.length > 2 ? kept.slice(2) : null;
    }
    return removed;
  }

  set_result(result: T): void {
    if (this._state !== PENDING) throw new InvalidStateError("invalid state");
    this._result = result;
    this._state = FINISHED;
    this._schedule_callbacks();
  }

  set_exception(exception: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError("invalid state");
    if (typeof exception === "function") exception = new (exception as any)();
    if (exception instanceof StopIteration) {
      throw new TypeError("StopIteration interacts badly with generators and cannot be raised into a Future");
    }
    this._own_rare_fields();
    this._exception = exception;
    this._state = FINISHED;
    this._schedule_callbacks();
    this._log_traceback = true;
    trackUnretrieved(this);
  }

  /** Plain-JS interop: `await fut` in native code resolves when the future is done. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve, reject) => {
      this.add_done_callback((f) => {
        try {
          resolve(f.result());
        } catch (e) {
          reject(e);
        }
      });
    }).then(onfulfilled, onrejected);
  }

  /** @internal */ _state_name(): string {
    return STATE_NAMES[this._state];
  }

  __repr__(): string {
    const info = [this._state_name().toLowerCase()];
    if (this._state === FINISHED) {
      info.push(this._exception !== NO_EXCEPTION ? `exception=${repr(this._exception)}` : `result=${repr(this._result)}`);
    }
    return `<${this.constructor.name} ${info.join(" ")}>`;
  }
}

// ---- "Future exception was never retrieved" ----
// CPython reports a future that finished with an exception nobody looked at (result(),
// exception()) when the object is garbage-collected (Future.__del__). JS has no refcounting,
// so asyncts approximates it deterministically: such futures are remembered (weakly) by
// their loop, and the report goes to loop.call_exception_handler
//   - when the loop closes (asyncio.run / Runner shutdown, loop.close()), for every one still
//     unretrieved — the usual moment, since CPython's report comes when the last reference
//     (typically a local of a finished coroutine) goes away;
//   - earlier, if V8 collects the future while the loop is still open (FinalizationRegistry);
//     the context's `future` is then a stand-in with the future's repr, as the object is gone.
// Only futures that got an exception pay: a WeakRef and a registry entry, dropped on retrieval.
// Context keys are CPython's: message "<Class> exception was never retrieved", exception, future.

interface Unretrieved {
  loop: AbstractEventLoop;
  exception: unknown;
  cls: string;
  /** what repr() of the future needs once it is gone */ task: { name: unknown; coro: string } | null;
  ref: WeakRef<Future<any>>;
}

const UNRETRIEVED = Symbol("asyncts.unretrieved");

const unretrievedRegistry = new FinalizationRegistry<Unretrieved>((rec) => {
  const set = rec.loop._unretrieved;
  if (set !== null) set.delete(rec.ref);
  const name = rec.task ? (typeof rec.task.name === "number" ? `Task-${rec.task.name}` : String(rec.task.name)) : "";
  const text = rec.task
    ? `<${rec.cls} finished name=${repr(name)} coro=<${rec.task.coro}()> exception=${repr(rec.exception)}>`
    : `<${rec.cls} finished exception=${repr(rec.exception)}>`;
  rec.loop.call_exception_handler({
    message: `${rec.cls} exception was never retrieved`,
    exception: rec.exception,
    future: { __repr__: () => text } as any,
  });
});

function trackUnretrieved(fut: Future<any>): void {
  const loop = fut._loop;
  const ref = new WeakRef(fut);
  const coro = (fut as any)._coro;
  const rec: Unretrieved = {
    loop,
    exception: fut._exception,
    cls: fut.constructor.name,
    task: coro !== undefined ? { name: (fut as any)._name, coro: coro?.__qualname__ ?? "?" } : null,
    ref,
  };
  (fut as any)[UNRETRIEVED] = rec;
  (loop._unretrieved ??= new Set()).add(ref);
  unretrievedRegistry.register(fut, rec, ref);
}

function untrackUnretrieved(fut: Future<any>): void {
  const rec: Unretrieved | undefined = (fut as any)[UNRETRIEVED];
  if (rec === undefined) return;
  (fut as any)[UNRETRIEVED] = undefined;
  rec.loop._unretrieved?.delete(rec.ref);
  unretrievedRegistry.unregister(rec.ref);
}

/** @internal Called by loop.close(): report every future of `loop` whose exception was never retrieved. */
export function _report_unretrieved(loop: AbstractEventLoop): void {
  const set = loop._unretrieved;
  if (set === null) return;
  loop._unretrieved = null;
  for (const ref of set) {
    const fut = ref.deref();
    if (fut === undefined) continue;
    const rec: Unretrieved | undefined = (fut as any)[UNRETRIEVED];
    (fut as any)[UNRETRIEVED] = undefined;
    unretrievedRegistry.unregister(ref);
    // cancel() on a done future clears the flag directly; such entries are stale.
    if (!fut._log_traceback || rec === undefined) continue;
    fut._log_traceback = false;
    loop.call_exception_handler({
      message: `${fut.constructor.name} exception was never retrieved`,
      exception: fut._exception,
      future: fut,
    });
  }
}

/** @internal The plain method bodies, for subclasses and runtime code (`futureCancel.call(task)`). */
export const futureCancel = Future.prototype.cancel;
export const futureSetResult = Future.prototype.set_result;
export const futureSetException = Future.prototype.set_exception;

/** Python code passes `fut.set_result`, `task.cancel`, `event.set`, ... around as bound methods.
 * Reading one of `names` off an instance returns it bound to the instance, made on first read
 * and kept on the instance, so objects whose methods are only ever called pay nothing. */
export function bindOnRead(cls: { prototype: object }, names: string[]): void {
  for (const name of names) {
    const method = (cls.prototype as any)[name] as Function;
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      get(this: object) {
        const bound = method.bind(this);
        Object.defineProperty(this, name, { value: bound, writable: true, configurable: true });
        return bound;
      },
      set(this: object, value: unknown) {
        Object.defineProperty(this, name, { value, writable: true, configurable: true });
      },
    });
  }
}
bindOnRead(Future, ["set_result", "set_exception", "cancel"]);
// The rare fields' defaults (see the class header).
Object.assign(Future.prototype, { _exception: NO_EXCEPTION, _cancel_message: null, _cancelled_exc: null, _log_traceback: false });
// A future (or task) in the ready queue is never a cancelled handle; answering on the
// prototype keeps the loop's `h._cancelled` check a plain hit, not a miss down the chain.
Object.defineProperty(Future.prototype, "_cancelled", { value: false });

/** @internal A done future that was not cancelled failed: raised something, whatever the value
 * (exception() returns null both for success and for a thrown null). */
export function _failed(fut: Future<any>): boolean {
  return fut._exception !== NO_EXCEPTION;
}

/** True for asyncio Futures (and Tasks), and for objects that follow their protocol. */
export function isfuture(obj: unknown): obj is Future<any> {
  return obj instanceof Future || (obj != null && typeof obj === "object" && (obj as any)._asyncio_future_blocking !== undefined);
}

/** @internal Callback for timers that complete a future (sleep, wait_for). */
export function _set_result_unless_cancelled<T>(fut: Future<T>, result: T): void {
  if (fut.cancelled()) return;
  futureSetResult.call(fut, result);
}

/** Wraps a native thenable in a Future of `loop`, resolved via call_soon_threadsafe (SPEC §2.1). */
export function wrap_thenable<T>(thenable: PromiseLike<T>, loop: AbstractEventLoop): Future<T> {
  const fut = new Future<T>({ loop });
  loop._outside_begin();
  thenable.then(
    (v) => {
      loop._outside_end();
      if (!loop.is_closed()) loop.call_soon_threadsafe(copyResult, fut, v, null);
    },
    (e) => {
      loop._outside_end();
      if (!loop.is_closed()) loop.call_soon_threadsafe(copyResult, fut, undefined, e ?? new RuntimeError("promise rejected"));
    },
  );
  return fut;
}

function copyResult<T>(fut: Future<T>, value: T, error: unknown): void {
  if (fut.cancelled()) return;
  if (error !== null) futureSetException.call(fut, error);
  else futureSetResult.call(fut, value);
}

