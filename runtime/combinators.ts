// gather, wait, wait_for, shield, as_completed, to_thread (asyncio/tasks.py,
// asyncio/threads.py).
//
// Why these are not in tasks.ts, where CPython keeps them: they are clients of tasks,
// not part of them. Each is built only on the public face of a Future/Task
// (add_done_callback, ensure_future, cancel) and never touches the Task's trampoline, so
// tasks.ts stays the hot core it is (stepping, waiting, naming) and this file the
// combinators above it. sleep() stays in tasks.ts: the Task runs it natively.
//
// Rationale of the tricky parts:
// - gather() adds one done-callback per distinct child; the outer future completes with
//   the results in argument order once every child is done, or with the first exception
//   at once (unless return_exceptions). A repeated argument maps to the child made for its
//   first occurrence. Cancelling the outer future cancels the children; if a child then
//   swallows the cancellation, the outer still ends cancelled (_cancel_requested).
// - wait() registers one done callback per distinct future and wakes the caller through a
//   private `waiter` future, so the caller resumes one iteration after the deciding future
//   completes; the callbacks are removed again on the way out (also on cancellation). A
//   timeout only releases the waiter: nothing is cancelled and no error is raised.
// - wait_for() is 3.12's: a `timeout(...)` block around `await aw`, so a timeout is a
//   cancellation of the *calling* task that the Timeout converts into TimeoutError, and a
//   task that swallows the cancellation makes wait_for return its value. timeout <= 0 is
//   special: the awaitable is cancelled at once (a coroutine never starts) and
//   _cancel_and_wait waits on a separate waiter so that wait_for itself stays cancellable.
// - shield() returns an outer future that follows the inner one; cancelling the outer
//   does not touch the inner, and an outer cancelled first just marks the inner's
//   exception as retrieved when it finishes.
// - as_completed() is 3.13's _AsCompletedIterator, set up (argument check, futures made,
//   timeout armed) lazily: at the first next() as 3.12's generator did, or on `async for`
//   entry (3.13 does it at the call; the same moment for `for await (x of as_completed(..))`).
//   Iterated plainly it yields, per input, a fresh coroutine that returns the result of the
//   next future to complete (3.12's behaviour); iterated with `for await` it yields the
//   futures/tasks themselves in completion order (3.13). Completed futures pass through a
//   FIFO with asyncio.Queue's get/put_nowait wake-up order; a timeout puts one `null`
//   sentinel per unfinished future, each raising TimeoutError when reached.
// - to_thread(): Node has no second thread for JS code. CPython runs the callable on a
//   worker thread and the result comes back through call_soon_threadsafe; what the awaiting
//   task observes is "suspends, the callable runs outside its step, then it resumes with the
//   result". We run the callable (in a copy of the caller's context) from a loop callback
//   scheduled with call_soon, set the future's result/exception there, and the caller
//   resumes the iteration after — the order CPython shows when the worker finishes before
//   the loop's next iteration. A to_thread() cancelled before its callable started never
//   runs it (as with a cancelled concurrent.futures job).
import { Coroutine } from "./coroutines.js";
import { Future, isfuture, futureSetResult, futureSetException, _failed } from "./futures.js";
import { CancelledError, StopAsyncIteration, TimeoutError, ValueError } from "./py/exceptions.js";
import { get_running_loop, get_event_loop } from "./events.js";
import { Task, ensure_future, type Awaitable } from "./tasks.js";
import { pyTypeName } from "./py/format.js";
import { timeout as makeTimeout } from "./timeouts.js";
import { copy_context } from "./py/contextvars.js";
import { str, splitKw, KwArgs } from "./py/format.js";
import type { AbstractEventLoop } from "./events.js";
import { Deque } from "./py/deque.js";
import { park, wake_next } from "./mixins.js";

/** wait(): return as soon as any future finishes or is cancelled. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** wait(): return when any future raises (or when all are done). */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** wait(): return when every future is done (the default). */
export const ALL_COMPLETED = "ALL_COMPLETED";
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

type Awaited_<A> = A extends PromiseLike<infer R> ? R : A;

/** Python's type(x).__name__ for the values these functions reject. */
function typeName(x: unknown): string {
  return x instanceof Coroutine ? "coroutine" : pyTypeName(x);
}

function releaseWaiter(waiter: Future<unknown>): void {
  if (!waiter.done()) futureSetResult.call(waiter, null);
}

// ---------------------------------------------------------------- gather

/** The Future gather() returns: cancelling it cancels the children. */
class _GatheringFuture<T> extends Future<T> {
  /** @internal */ _children: Future<any>[];
  /** @internal */ _cancel_requested = false;
  constructor(children: Future<any>[], loop: AbstractEventLoop) {
    super({ loop });
    this._children = children;
  }
  override cancel(msg: unknown = null): boolean {
    if (this.done()) return false;
    let ret = false; // (a plain method: cancelling a gather is rarely passed around)
    for (const child of this._children) if (child.cancel(msg)) ret = true;
    if (ret) this._cancel_requested = true;
    return ret;
  }
}

type GatherOptions = { return_exceptions?: boolean };
function isOptionsObject(v: unknown): v is GatherOptions {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as any).then !== "function";
}

export type GatherResult<A extends readonly unknown[]> = { -readonly [K in keyof A]: Awaited_<A[K]> };

/** Run awaitables concurrently; the result list keeps argument order. */
export function gather<A extends readonly Awaitable<unknown>[]>(...args: [...A] | [...A, GatherOptions]): Future<GatherResult<A>> {
  return _gather_args(args) as Future<any>;
}

/** @internal gather(...) with its arguments as one array: the compiler rewrites a call with
 * spread arguments to it (`gather(...coros)` of a million would pass V8's argument limit). */
export function _gather_args(args: readonly unknown[]): Future<unknown[]> {
  let aws = args as unknown[];
  let returnExceptions = false;
  if (aws.length && isOptionsObject(aws[aws.length - 1])) {
    returnExceptions = !!(aws[aws.length - 1] as GatherOptions).return_exceptions;
    aws = aws.slice(0, -1);
  }
  return _gather_list(aws, returnExceptions);
}

/** @internal gather() over an array, for the runtime's own unbounded lists (every pending task at
 * shutdown): spreading them into gather(...) would overflow V8's stack past ~120,000 arguments. */
export function _gather_list(aws: readonly unknown[], returnExceptions: boolean): Future<unknown[]> {
  if (aws.length === 0) {
    const outer = get_event_loop().create_future();
    futureSetResult.call(outer, []);
    return outer as Future<any>;
  }
  let outer: _GatheringFuture<any> | null = null;
  let nfuts = 0;
  let nfinished = 0;
  const children: Future<any>[] = [];
  const doneCallback = (fut: Future<any>): void => {
    nfinished += 1;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception(); // mark retrieved
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        futureSetException.call(outer, fut._make_cancelled_error());
        return;
      }
      const exc = fut.exception();
      if (_failed(fut)) {
        futureSetException.call(outer, exc);
        return;
      }
    }
    if (nfinished === nfuts) {
      const results = children.map((child) => {
        if (child.cancelled()) return new CancelledError(child._cancel_message === null ? "" : child._cancel_message);
        const exc = child.exception();
        return _failed(child) ? exc : child.result();
      });
      if (outer._cancel_requested) futureSetException.call(outer, fut._make_cancelled_error());
      else futureSetResult.call(outer, results);
    }
  };
  // One context copy serves every child's callback: _done_callback never sets a ContextVar,
  // so sharing it cannot be observed (Python copies once per add_done_callback).
  const callbackContext = copy_context();
  const argToFut = new Map<unknown, Future<any>>();
  const doneFuts: Future<any>[] = [];
  let loop: AbstractEventLoop | null = null;
  const doneOptions = { context: callbackContext };
  for (const arg of aws) {
    let fut: Future<any> | undefined;
    let isNew = false;
    if (arg instanceof Coroutine && arg._owner === null) {
      // A fresh coroutine cannot be a duplicate: no dictionary lookup (the common case).
      fut = loop !== null ? loop.create_task(arg) : ensure_future(arg, { loop });
      isNew = true;
    } else {
      // A repeated argument maps to the future made for its first occurrence.
      fut = argToFut.get(arg) ?? (arg instanceof Coroutine ? children.find((c) => c instanceof Task && c._coro === arg) : undefined);
      if (fut === undefined) {
        fut = ensure_future(arg as Awaitable<unknown>, { loop });
        isNew = true;
      }
    }
    if (isNew) {
      if (loop === null) loop = fut.get_loop();
      nfuts += 1;
      if (!(arg instanceof Coroutine)) argToFut.set(arg, fut);
      if (fut.done()) doneFuts.push(fut);
      else fut.add_done_callback(doneCallback, doneOptions);
    }
    children.push(fut);
  }
  outer = new _GatheringFuture(children, loop!);
  for (const fut of doneFuts) doneCallback(fut);
  return outer as Future<any>;
}

// ---------------------------------------------------------------- wait

export type WaitOptions = { timeout?: number | null; return_when?: ReturnWhen };

/**
 * Wait for the futures/tasks in `aws` to complete; returns `[done, pending]` Sets.
 * Never raises TimeoutError: on timeout the unfinished ones are in `pending`.
 */
export function wait<F extends Future<any>>(aws: Iterable<F>, opts: WaitOptions = {}): Coroutine<[Set<F>, Set<F>]> {
  return new Coroutine(waitGen(aws, opts), "wait");
}

function* waitGen<F extends Future<any>>(fs: Iterable<F>, opts: WaitOptions): Generator<unknown, [Set<F>, Set<F>], any> {
  const timeout = opts.timeout ?? null;
  const return_when = opts.return_when === undefined ? ALL_COMPLETED : opts.return_when;
  if (isfuture(fs) || fs instanceof Coroutine) throw new TypeError(`expect a list of futures, not ${typeName(fs)}`);
  // Python's `if not fs` sees the length of a collection; an iterator (a generator) is
  // always true and is consumed only after the return_when check.
  if (isEmptyCollection(fs)) throw new ValueError("Set of Tasks/Futures is empty.");
  if (return_when !== FIRST_COMPLETED && return_when !== FIRST_EXCEPTION && return_when !== ALL_COMPLETED) {
    throw new ValueError(`Invalid return_when value: ${str(return_when)}`);
  }
  const set = new Set<F>(fs);
  if (set.size === 0) throw new ValueError("Set of Tasks/Futures is empty.");
  for (const f of set) {
    if ((f as unknown) instanceof Coroutine) throw new TypeError("Passing coroutines is forbidden, use tasks explicitly.");
  }
  const loop = get_running_loop();
  return yield* _wait(set, timeout, return_when, loop);
}

function isEmptyCollection(x: unknown): boolean {
  if (Array.isArray(x) || typeof x === "string") return x.length === 0;
  if (x instanceof Set || x instanceof Map) return x.size === 0;
  return false;
}

function* _wait<F extends Future<any>>(fs: Set<F>, timeout: number | null, return_when: ReturnWhen, loop: AbstractEventLoop): Generator<unknown, [Set<F>, Set<F>], any> {
  const waiter = loop.create_future<null>();
  const timeout_handle = timeout !== null ? loop.call_later(timeout, releaseWaiter, waiter) : null;
  let counter = fs.size;
  const on_completion = (f: Future<any>): void => {
    counter -= 1;
    if (counter <= 0 || return_when === FIRST_COMPLETED || (return_when === FIRST_EXCEPTION && !f.cancelled() && (f.exception(), _failed(f)))) {
      if (timeout_handle !== null) timeout_handle.cancel();
      if (!waiter.done()) futureSetResult.call(waiter, null);
    }
  };
  for (const f of fs) f.add_done_callback(on_completion);
  try {
    yield waiter;
  } finally {
    if (timeout_handle !== null) timeout_handle.cancel();
    for (const f of fs) f.remove_done_callback(on_completion);
  }
  const done = new Set<F>(), pending = new Set<F>();
  for (const f of fs) (f.done() ? done : pending).add(f);
  return [done, pending];
}

// ---------------------------------------------------------------- wait_for

/**
 * Wait for one awaitable with a timeout (seconds, or null for none). On timeout the
 * awaitable is cancelled and TimeoutError raised; cancelling wait_for cancels it too.
 */
export function wait_for<A extends Awaitable<any>>(aw: A, timeout: number | null): Coroutine<Awaited_<A>> {
  return new Coroutine(waitForGen(aw, timeout ?? null), "wait_for");
}

function* waitForGen<A extends Awaitable<any>>(aw: A, timeout: number | null): Generator<unknown, Awaited_<A>, any> {
  if (timeout !== null && timeout <= 0) {
    const fut = ensure_future(aw);
    if (fut.done()) return fut.result();
    yield* cancelAndWait(fut);
    try {
      return fut.result();
    } catch (exc) {
      if (exc instanceof CancelledError) {
        const err = new TimeoutError();
        err.__cause__ = exc;
        err.__context__ = exc;
        throw err;
      }
      throw exc;
    }
  }
  // async with timeouts.timeout(timeout): return await aw
  const cm = makeTimeout(timeout);
  yield cm.__aenter__();
  let result: Awaited_<A>;
  try {
    result = yield aw;
  } catch (e) {
    if (!(yield cm.__aexit__(e))) throw e;
    return undefined as Awaited_<A>;
  }
  yield cm.__aexit__(null);
  return result;
}

/** Cancel `fut` and wait until it is done, through a waiter so the caller stays cancellable. */
function* cancelAndWait(fut: Future<any>): Generator<unknown, void, any> {
  const loop = get_running_loop();
  const waiter = loop.create_future<null>();
  const cb = (_f: Future<any>) => releaseWaiter(waiter);
  fut.add_done_callback(cb);
  try {
    fut.cancel();
    yield waiter;
  } finally {
    fut.remove_done_callback(cb);
  }
}

// ---------------------------------------------------------------- shield

/**
 * Protect an awaitable from cancellation: cancelling the returned future (or the task
 * awaiting it) leaves the inner task running.
 */
export function shield<A extends Awaitable<any>>(aw: A): Future<Awaited_<A>> {
  const inner = ensure_future(aw) as Future<Awaited_<A>>;
  if (inner.done()) return inner; // shortcut
  const loop = inner.get_loop();
  const outer = loop.create_future<Awaited_<A>>();
  const inner_done_callback = (inner: Future<Awaited_<A>>): void => {
    if (outer.cancelled()) {
      if (!inner.cancelled()) inner.exception(); // mark it retrieved
      return;
    }
    if (inner.cancelled()) {
      outer.cancel();
    } else {
      const exc = inner.exception();
      if (_failed(inner)) futureSetException.call(outer, exc);
      else futureSetResult.call(outer, inner.result());
    }
  };
  const outer_done_callback = (_outer: Future<Awaited_<A>>): void => {
    if (!inner.done()) inner.remove_done_callback(inner_done_callback);
  };
  inner.add_done_callback(inner_done_callback);
  outer.add_done_callback(outer_done_callback);
  return outer;
}

// ---------------------------------------------------------------- as_completed

/** What `for await` over as_completed yields for an input: the future itself, or its Task. */
export type AsCompletedItem<A> = A extends Future<any> ? A : Task<Awaited_<A>>;

/**
 * A FIFO of completed futures with asyncio.Queue's wake-up order for get()/put_nowait()
 * (as_completed's private `done` queue).
 */
class DoneQueue<T> {
  private _items = new Deque<T>();
  private _getters = new Deque<Future<null>>();
  /** @internal the loop it is bound to on first wait (mixins.ts) */ _loop: AbstractEventLoop | null = null;
  put_nowait(item: T): void {
    this._items.push(item);
    wake_next(this._getters, null);
  }
  *get(): Generator<unknown, T, any> {
    while (this._items.length === 0) {
      const getter = park(this, this._getters);
      try {
        yield getter;
      } catch (e) {
        getter.cancel();
        this._getters.remove(getter);
        if (this._items.length && !getter.cancelled()) wake_next(this._getters, null);
        throw e;
      }
    }
    return this._items.shift()!;
  }
  /** As CPython's as_completed queue names itself in a wrong-loop RuntimeError. */
  __repr__(): string {
    return "<Queue maxsize=0>";
  }
}

/**
 * The object as_completed() returns: an iterator of coroutines giving results in
 * completion order, and (3.13) an async iterator of the futures in completion order.
 */
export class AsCompletedIterator<A extends Awaitable<any>> implements Iterable<Coroutine<Awaited_<A>>>, AsyncIterable<AsCompletedItem<A>> {
  /** @internal */ _done = new DoneQueue<Future<any> | null>();
  /** @internal */ _timeout_handle: { cancel(): void } | null = null;
  /** @internal */ _todo = new Set<Future<any>>();
  /** @internal */ _todo_left = 0;
  /** @internal the arguments, until the first next()/__aiter__ sets the iterator up */ _args: { aws: Iterable<A>; timeout: number | null } | null;

  constructor(aws: Iterable<A>, timeout: number | null) {
    this._handle_completion = this._handle_completion.bind(this);
    this._handle_timeout = this._handle_timeout.bind(this);
    this._args = { aws, timeout };
  }

  /** @internal Checks the argument, wraps every awaitable in a future and arms the timeout. */
  _setup(asyncForm: boolean): void {
    const args = this._args;
    if (args === null) return;
    this._args = null;
    const aws = args.aws;
    if (aws != null && (isfuture(aws) || aws instanceof Coroutine || typeof (aws as any).then === "function")) {
      throw new TypeError(asyncForm
        ? `expects an iterable of awaitables, not ${typeName(aws)}`
        : `expect an iterable of futures, not ${typeName(aws)}`);
    }
    const loop = get_event_loop();
    const todo = this._todo;
    for (const aw of new Set(aws)) todo.add(ensure_future(aw, { loop }));
    for (const f of todo) f.add_done_callback(this._handle_completion);
    if (todo.size && args.timeout !== null) this._timeout_handle = loop.call_later(args.timeout, this._handle_timeout);
    this._todo_left = todo.size;
  }

  __iter__(): this {
    return this;
  }
  [Symbol.iterator](): this {
    return this;
  }
  /** `async for` entry (3.13). */
  __aiter__(): this {
    this._setup(true);
    return this;
  }

  /** Plain iteration: the next coroutine (returns the next result or raises). */
  __next__(): IteratorResult<Coroutine<Awaited_<A>>, undefined> {
    this._setup(false);
    if (!this._todo_left) return { done: true, value: undefined };
    this._todo_left -= 1;
    return { done: false, value: new Coroutine(this._wait_for_one(true), "_wait_for_one") as Coroutine<Awaited_<A>> };
  }
  next(): IteratorResult<Coroutine<Awaited_<A>>, undefined> {
    return this.__next__();
  }

  /** `async for`: the next future to complete (StopAsyncIteration at the end). */
  __anext__(): Coroutine<AsCompletedItem<A>> {
    return new Coroutine(this._anext(), "__anext__");
  }
  private *_anext(): Generator<unknown, AsCompletedItem<A>, any> {
    this._setup(true);
    if (!this._todo_left) throw new StopAsyncIteration();
    this._todo_left -= 1;
    return (yield* this._wait_for_one(false)) as AsCompletedItem<A>;
  }
  /** Plain-JS interop (`for await` in native code). */
  [Symbol.asyncIterator](): AsyncIterator<AsCompletedItem<A>> {
    this._setup(true);
    return {
      next: () => this.__anext__().then((value) => ({ done: false, value }), (e) => {
        if (e instanceof StopAsyncIteration) return { done: true, value: undefined as any };
        throw e;
      }),
    };
  }

  /** @internal */ _handle_timeout(): void {
    for (const f of this._todo) {
      f.remove_done_callback(this._handle_completion);
      this._done.put_nowait(null); // a sentinel for _wait_for_one
    }
    this._todo.clear();
  }

  /** @internal */ _handle_completion(f: Future<any>): void {
    if (!this._todo.size) return; // the timeout came first
    this._todo.delete(f);
    this._done.put_nowait(f);
    if (!this._todo.size && this._timeout_handle !== null) this._timeout_handle.cancel();
  }

  private *_wait_for_one(resolve: boolean): Generator<unknown, any, any> {
    const f = yield* this._done.get();
    if (f === null) throw new TimeoutError();
    return resolve ? f.result() : f;
  }

  __repr__(): string {
    return "<_AsCompletedIterator object>";
  }
}

/**
 * Run awaitables concurrently and get them back in completion order: iterate it for
 * coroutines that return each next result (raising TimeoutError after `timeout`), or
 * `for await` it for the futures/tasks themselves (3.13).
 */
export function as_completed<A extends Awaitable<any>>(aws: Iterable<A>, opts: { timeout?: number | null } = {}): AsCompletedIterator<A> {
  return new AsCompletedIterator(aws, opts.timeout ?? null);
}

// ---------------------------------------------------------------- to_thread

/**
 * Run `func(...args)` outside the current task step and await its result; the caller's
 * context variables are visible to it. Keyword arguments for `func` go in a trailing
 * `kw({...})` and reach it as a trailing options object. See the header comment.
 */
export function to_thread<R>(func: (...args: any[]) => R, ...args: unknown[]): Coroutine<R> {
  return new Coroutine(toThreadGen(func, args), "to_thread");
}

function* toThreadGen<R>(func: (...args: any[]) => R, rawArgs: unknown[]): Generator<unknown, R, any> {
  const loop = get_running_loop();
  const ctx = copy_context();
  const [pos, kwargs] = splitKw<Record<string, unknown>>(rawArgs);
  const callArgs = rawArgs.length && rawArgs[rawArgs.length - 1] instanceof KwArgs ? [...pos, kwargs] : pos;
  const fut = loop.create_future<R>();
  const work = (): void => {
    if (fut.done()) return; // cancelled before it started
    let result: R;
    try {
      result = ctx.run(func, ...callArgs);
    } catch (e) {
      futureSetException.call(fut, e);
      return;
    }
    futureSetResult.call(fut, result);
  };
  loop._call_soon(work, null, null);
  return yield fut;
}
