// Synchronisation primitives (asyncio/locks.py, CPython 3.12): Lock, Event, Condition,
// Semaphore, BoundedSemaphore, Barrier.
//
// Every waiter is a Future of the loop the primitive is bound to, parked and woken with
// mixins.ts (see its header for why). Fast paths (an unlocked Lock, a set Event, a Semaphore with room) return at
// once without suspending, exactly where CPython's do, so the number of loop iterations
// per operation matches.
//
// Python coroutine methods return a Coroutine built from a generator (`yield fut` awaits a
// future, `yield coro` runs a coroutine inline); plain methods stay plain.
import { Coroutine, ImmediateCoroutine, FrameCoroutine, qualifyFrame } from "./coroutines.js";
import { BrokenBarrierError, CancelledError, RuntimeError, ValueError } from "./py/exceptions.js";
import type { Future } from "./futures.js";
import { Deque } from "./py/deque.js";
import type { AbstractEventLoop } from "./events.js";
import { park, wake_first, wake_head, wake_up_to, wake_all, all_cancelled } from "./mixins.js";

type Gen<T> = Generator<unknown, T, unknown>;

// Each primitive below waits as `try { yield fut } finally { waiters.remove(fut) }`, written
// out in place: a shared helper generator (`yield*`) would keep a second generator object
// alive per waiting task (~150 bytes each; see bench/ memory).

/** `<asyncio.locks.Lock object [extra]>`: CPython's object repr without the address. */
function objectRepr(obj: object, extra: string): string {
  const ctor = obj.constructor as Function & { __module__?: string };
  const mod = Object.prototype.hasOwnProperty.call(ctor, "__module__") ? ctor.__module__ : "__main__";
  return `<${mod}.${ctor.name} object [${extra}]>`;
}

function withWaiters(extra: string, waiters: { length: number } | null): string {
  return waiters && waiters.length ? `${extra}, waiters:${waiters.length}` : extra;
}

// ---------------------------------------------------------------------------------------

/**
 * A primitive lock, not owned by any task. `acquire()` takes it (waiting in FIFO order
 * while it is held); `release()` frees it and wakes the first waiter.
 *
 * The tricky part is cancellation around the hand-over. release() only completes the
 * first waiter's future; that waiter takes the lock when it runs. If it is cancelled in
 * between (its future already done, so the CancelledError is thrown into it), the lock is
 * still free: the cancelled waiter, on its way out, wakes the next waiter itself, so the
 * lock is never left free with tasks waiting. A new acquire() takes the lock at once only
 * if it is free and every queued waiter is cancelled; otherwise it queues behind them
 * (fairness: a woken waiter is not overtaken).
 */
export class Lock {
  static readonly __module__ = "asyncio.locks";
  /** @internal */ _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _locked = false;
  /** @internal */ _loop: AbstractEventLoop | null = null;

  constructor() {
    this.release = this.release.bind(this);
  }

  __repr__(): string {
    return objectRepr(this, withWaiters(this._locked ? "locked" : "unlocked", this._waiters));
  }

  /** True if the lock is held. */
  locked(): boolean {
    return this._locked;
  }

  /** Waits until the lock is free, takes it and returns true. */
  acquire(): Coroutine<true> {
    return new LockAcquire(this, true, "acquire");
  }

  /** Frees the lock and wakes the first waiter; RuntimeError if it is not held. */
  release(): void {
    if (this._locked) {
      this._locked = false;
      this._wake_up_first();
    } else {
      throw new RuntimeError("Lock is not acquired.");
    }
  }

  /** @internal Wake the first waiter unless it is already done (then it is on its way). */
  _wake_up_first(): void {
    if (this._waiters !== null) wake_head(this._waiters, true);
  }

  /** `async with lock:` entry: acquire(). */
  __aenter__(): Coroutine<null> {
    return new LockEnter(this, null, "__aenter__");
  }

  /** `async with lock:` exit: release(). */
  __aexit__(_exc: unknown): Coroutine<null> {
    return aexitRelease(this);
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}

/** Lock.acquire()'s body as its own frame (FrameCoroutine); `__aenter__` runs it too,
 * returning None instead of True:
 *
 *     if not self._locked and all(w.cancelled() for w in self._waiters):
 *         self._locked = True; return True
 *     fut = park()
 *     try:
 *         try: await fut
 *         finally: self._waiters.remove(fut)   # leave the queue before handling a cancellation,
 *     except CancelledError:                   # so _wake_up_first never picks this waiter
 *         if not self._locked: self._wake_up_first()
 *         raise
 *     self._locked = True; return True
 */
class LockAcquire<R> extends FrameCoroutine<R> {
  /** @internal null once closed */ declare _lock: Lock | null;
  /** @internal the parked waiter while suspended */ declare _fut: Future<boolean> | null;
  /** @internal */ declare readonly _value: R;
  constructor(lock: Lock, value: R, name: string) {
    super(name);
    this._lock = lock;
    this._fut = null;
    (this as { _value: R })._value = value;
  }
  next(): IteratorResult<unknown, R> {
    const lock = this._lock;
    if (lock === null) return { done: true, value: undefined as R };
    this._lock = null; // closed if this step raises
    const fut = this._fut;
    if (fut !== null) {
      this._fut = null;
      lock._waiters!.remove(fut);
      lock._locked = true;
      return { done: true, value: this._value };
    }
    if (!lock._locked && all_cancelled(lock._waiters)) {
      lock._locked = true;
      return { done: true, value: this._value };
    }
    if (lock._waiters === null) lock._waiters = new Deque();
    this._fut = park(lock, lock._waiters);
    this._lock = lock;
    return { done: false, value: this._fut };
  }
  throw(exc: unknown): IteratorResult<unknown, R> {
    const lock = this._lock, fut = this._fut;
    this._lock = this._fut = null;
    if (lock !== null && fut !== null) {
      lock._waiters!.remove(fut);
      if (exc instanceof CancelledError && !lock._locked) lock._wake_up_first();
    }
    throw exc;
  }
  return(value: R): IteratorResult<unknown, R> {
    const lock = this._lock, fut = this._fut;
    this._lock = this._fut = null;
    if (lock !== null && fut !== null) lock._waiters!.remove(fut); // the finally only
    return { done: true, value };
  }
}
/** Lock.__aenter__: the same body, shown under the name CPython's mixin gives it. */
class LockEnter<R> extends LockAcquire<R> {}
qualifyFrame(LockAcquire, "Lock.acquire");
qualifyFrame(LockEnter, "_ContextManagerMixin.__aenter__");

/** _ContextManagerMixin.__aenter__: `await self.acquire(); return None`. */
function* aenterAcquire(cm: { acquire(): Coroutine<unknown> }): Gen<null> {
  yield cm.acquire();
  return null;
}

/** _ContextManagerMixin.__aexit__: `self.release()` (it never awaits: run inline, no generator). */
function releaseReturningNone(cm: { release(): void }): null {
  cm.release();
  return null;
}
function aexitRelease(cm: { release(): void }): Coroutine<null> {
  return new ImmediateCoroutine(releaseReturningNone, cm, "__aexit__");
}

// ---------------------------------------------------------------------------------------

/**
 * An event flag. `wait()` returns at once while the flag is set; otherwise it waits for
 * `set()`, which wakes every waiter (in the order they started waiting). `clear()` only
 * resets the flag: waiters already woken still return true.
 */
export class Event {
  static readonly __module__ = "asyncio.locks";
  /** @internal */ _waiters = new Deque<Future<boolean>>();
  /** @internal */ _value = false;
  /** @internal */ _loop: AbstractEventLoop | null = null;

  constructor() {
    this.set = this.set.bind(this);
    this.clear = this.clear.bind(this);
  }

  __repr__(): string {
    return objectRepr(this, withWaiters(this._value ? "set" : "unset", this._waiters));
  }

  /** True if the flag is set. */
  is_set(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes all waiters. */
  set(): void {
    if (this._value) return;
    this._value = true;
    wake_all(this._waiters, true);
  }

  /** Resets the flag; later wait() calls block until set() again. */
  clear(): void {
    this._value = false;
  }

  /** Returns true at once if the flag is set, else waits until set() is called. */
  wait(): Coroutine<true> {
    return new EventWait(this);
  }
}

/** Event.wait()'s body as its own frame (FrameCoroutine: one object per waiting task):
 *
 *     if self._value: return True
 *     fut = park()
 *     try: await fut; return True
 *     finally: self._waiters.remove(fut)
 */
class EventWait extends FrameCoroutine<true> {
  /** @internal null once closed */ declare _ev: Event | null;
  /** @internal the parked waiter while suspended */ declare _fut: Future<boolean> | null;
  constructor(ev: Event) {
    super("wait");
    this._ev = ev;
    this._fut = null;
  }
  next(): IteratorResult<unknown, true> {
    const ev = this._ev;
    if (ev === null) return { done: true, value: undefined as unknown as true };
    this._ev = null; // closed if this step raises
    const fut = this._fut;
    if (fut !== null) {
      this._fut = null;
      ev._waiters.remove(fut);
      return { done: true, value: true };
    }
    if (ev._value) return { done: true, value: true };
    this._fut = park(ev, ev._waiters);
    this._ev = ev;
    return { done: false, value: this._fut };
  }
  throw(exc: unknown): IteratorResult<unknown, true> {
    this.return(true);
    throw exc;
  }
  return(value: true): IteratorResult<unknown, true> {
    const ev = this._ev, fut = this._fut;
    this._ev = this._fut = null;
    if (ev !== null && fut !== null) ev._waiters.remove(fut);
    return { done: true, value };
  }
}
qualifyFrame(EventWait, "Event.wait");

// ---------------------------------------------------------------------------------------

/**
 * A condition variable over a Lock (a new one, or one shared with other conditions).
 * `acquire`/`release`/`locked` are the lock's.
 *
 * `wait()` releases the lock, waits for notify(), then re-acquires the lock before
 * returning — even when cancelled: a CancelledError that arrives while waiting (or while
 * re-acquiring) is held back until the lock is held again, then a fresh CancelledError
 * is raised. `notify(n)` completes the first n waiters not already done; each returns only
 * once it gets the lock back.
 */
export class Condition {
  static readonly __module__ = "asyncio.locks";
  /** @internal */ _lock: Lock;
  /** @internal */ _waiters = new Deque<Future<boolean>>();
  /** @internal */ _loop: AbstractEventLoop | null = null;

  constructor(lock: Lock | null = null) {
    this._lock = lock ?? new Lock();
    this.release = this._lock.release;
    this.notify = this.notify.bind(this);
    this.notify_all = this.notify_all.bind(this);
  }

  __repr__(): string {
    return objectRepr(this, withWaiters(this.locked() ? "locked" : "unlocked", this._waiters));
  }

  /** The underlying lock's locked(). */
  locked(): boolean {
    return this._lock.locked();
  }

  /** The underlying lock's acquire(). */
  acquire(): Coroutine<true> {
    return this._lock.acquire();
  }

  /** The underlying lock's release(). */
  release: () => void;

  /** Releases the lock, waits to be notified, re-acquires the lock, returns true. */
  wait(): Coroutine<true> {
    return new Coroutine(this._wait(), "wait");
  }

  private *_wait(): Gen<true> {
    if (!this.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
    this.release();
    try {
      const fut = park(this, this._waiters);
      try {
        yield fut;
        return true;
      } finally {
        this._waiters.remove(fut);
      }
    } finally {
      // The lock must be held again on the way out, even if the wait was cancelled.
      let cancelled = false;
      for (;;) {
        try {
          yield this.acquire();
          break;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          cancelled = true;
        }
      }
      if (cancelled) throw new CancelledError();
    }
  }

  /** Waits until `predicate()` is truthy (calling wait() between checks); returns its value. */
  wait_for<R>(predicate: () => R): Coroutine<R> {
    return new Coroutine(this._wait_for(predicate), "wait_for");
  }

  private *_wait_for<R>(predicate: () => R): Gen<R> {
    let result = predicate();
    while (!result) {
      yield this.wait();
      result = predicate();
    }
    return result;
  }

  /** Wakes up to n waiters (default 1); RuntimeError if the lock is not held. */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    wake_up_to(this._waiters, n, false);
  }

  /** Wakes all waiters; RuntimeError if the lock is not held. */
  notify_all(): void {
    this.notify(this._waiters.length);
  }

  /** `async with cond:` entry: acquire(). */
  __aenter__(): Coroutine<null> {
    return new Coroutine(aenterAcquire(this), "__aenter__");
  }

  /** `async with cond:` exit: release(). */
  __aexit__(_exc: unknown): Coroutine<null> {
    return aexitRelease(this);
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}

// ---------------------------------------------------------------------------------------

/**
 * A counting semaphore: acquire() decrements the counter, waiting while it is zero (or
 * while earlier waiters are still queued — no overtaking); release() increments it and
 * wakes the first waiter not already done.
 *
 * Waking a waiter takes the unit on its behalf (release → _wake_up_next decrements
 * `_value` before completing the future). So a woken waiter that is cancelled before it
 * runs gives its unit back and wakes the next one; a waiter cancelled while still queued
 * (its future cancelled) took nothing. A woken waiter that finds units left over wakes
 * the next waiter too.
 */
export class Semaphore {
  static readonly __module__ = "asyncio.locks";
  /** @internal */ _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _value: number;
  /** @internal */ _loop: AbstractEventLoop | null = null;

  constructor(value = 1) {
    if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
    this._value = value;
    this.release = this.release.bind(this);
  }

  __repr__(): string {
    const extra = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    return objectRepr(this, withWaiters(extra, this._waiters));
  }

  /** True if acquire() would have to wait. */
  locked(): boolean {
    return this._value === 0 || !all_cancelled(this._waiters);
  }

  /** Takes one unit, waiting (FIFO) while none is free; returns true. */
  acquire(): Coroutine<true> {
    return new Coroutine(this._acquire(), "acquire");
  }

  private *_acquire(): Gen<true> {
    if (!this.locked()) {
      this._value -= 1;
      return true;
    }
    if (this._waiters === null) this._waiters = new Deque();
    const fut = park(this, this._waiters);
    try {
      // Leave the queue first, so _wake_up_next below never picks this waiter.
      try {
        yield fut;
      } finally {
        this._waiters.remove(fut);
      }
    } catch (e) {
      if (e instanceof CancelledError && !fut.cancelled()) {
        // Woken (a unit was taken for us) but cancelled before running: hand it on.
        this._value += 1;
        this._wake_up_next();
      }
      throw e;
    }
    if (this._value > 0) this._wake_up_next();
    return true;
  }

  /** Returns one unit and wakes the first waiter. */
  release(): void {
    this._value += 1;
    this._wake_up_next();
  }

  /** @internal Wake the first waiter not already done, taking a unit for it. */
  _wake_up_next(): void {
    if (this._waiters !== null && wake_first(this._waiters, true)) this._value -= 1;
  }

  /** `async with sem:` entry: acquire(). */
  __aenter__(): Coroutine<null> {
    return new Coroutine(aenterAcquire(this), "__aenter__");
  }

  /** `async with sem:` exit: release(). */
  __aexit__(_exc: unknown): Coroutine<null> {
    return aexitRelease(this);
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}

/** A Semaphore whose release() raises ValueError above the initial value. */
export class BoundedSemaphore extends Semaphore {
  static override readonly __module__ = "asyncio.locks";
  /** @internal */ _bound_value: number;

  constructor(value = 1) {
    super(value);
    this._bound_value = value;
  }

  /** Returns one unit; ValueError if that would exceed the initial value. */
  override release(): void {
    if (this._value >= this._bound_value) throw new ValueError("BoundedSemaphore released too many times");
    super.release();
  }
}

// ---------------------------------------------------------------------------------------

type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * A barrier for a fixed number of parties: wait() blocks until `parties` tasks wait, then
 * all return, each with a distinct index 0..parties-1 (arrival order).
 *
 * All state changes happen under an internal Condition. The last arrival switches the
 * state to "draining" and notifies everyone; tasks arriving while the barrier drains (or
 * resets) wait in _block until the last leaving task switches it back to "filling".
 * reset() with tasks inside moves to "resetting" (they raise BrokenBarrierError, and the
 * last one out refills); abort() moves to "broken" for good (until reset()). Cancelled
 * waiters still pass through the Condition's re-acquire, so counts stay right.
 */
export class Barrier {
  static readonly __module__ = "asyncio.locks";
  /** @internal */ _cond = new Condition();
  /** @internal */ _parties: number;
  /** @internal */ _state: BarrierState = "filling";
  /** @internal */ _count = 0;
  /** @internal */ _loop: AbstractEventLoop | null = null;

  /** A barrier for `parties` tasks (ValueError unless parties >= 1). */
  constructor(parties: number) {
    if (parties < 1) throw new ValueError("parties must be > 0");
    this._parties = parties;
  }

  __repr__(): string {
    let extra: string = this._state;
    if (!this.broken) extra += `, waiters:${this.n_waiting}/${this.parties}`;
    return objectRepr(this, extra);
  }

  /** `async with barrier:` entry: the result of wait(). */
  __aenter__(): Coroutine<number> {
    return new Coroutine(this._aenter(), "__aenter__");
  }

  private *_aenter(): Gen<number> {
    return (yield this.wait()) as number;
  }

  /** `async with barrier:` exit: nothing. */
  __aexit__(_exc: unknown): Coroutine<null> {
    return new Coroutine(nothing(), "__aexit__");
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }

  /** Waits until `parties` tasks wait; returns this task's index (0..parties-1). */
  wait(): Coroutine<number> {
    return new Coroutine(this._waitGen(), "wait");
  }

  private *_waitGen(): Gen<number> {
    const cond = this._cond;
    yield cond.acquire();
    try {
      yield* this._block();
      try {
        const index = this._count;
        this._count += 1;
        if (index + 1 === this._parties) this._release();
        else yield* this._wait();
        return index;
      } finally {
        this._count -= 1;
        this._exit();
      }
    } finally {
      cond.release();
    }
  }

  /** Waits while the barrier drains or resets; BrokenBarrierError if it is broken. */
  private *_block(): Gen<void> {
    yield this._cond.wait_for(() => this._state !== "draining" && this._state !== "resetting");
    if (this._state === "broken") throw new BrokenBarrierError("Barrier aborted");
  }

  /** The last party arrived: drain, waking everyone. */
  private _release(): void {
    this._state = "draining";
    this._cond.notify_all();
  }

  /** Waits for the filling to end; BrokenBarrierError on abort or reset. */
  private *_wait(): Gen<void> {
    yield this._cond.wait_for(() => this._state !== "filling");
    if (this._state === "broken" || this._state === "resetting") {
      throw new BrokenBarrierError("Abort or reset of barrier");
    }
  }

  /** The last task out ends draining/resetting and wakes the tasks blocked meanwhile. */
  private _exit(): void {
    if (this._count === 0) {
      if (this._state === "resetting" || this._state === "draining") this._state = "filling";
      this._cond.notify_all();
    }
  }

  /** Back to the initial state; tasks waiting now get BrokenBarrierError. */
  reset(): Coroutine<void> {
    return new Coroutine(this._reset(), "reset");
  }

  private *_reset(): Gen<void> {
    yield this._cond.acquire();
    try {
      if (this._count > 0) {
        if (this._state !== "resetting") this._state = "resetting";
      } else {
        this._state = "filling";
      }
      this._cond.notify_all();
    } finally {
      this._cond.release();
    }
  }

  /** Breaks the barrier: current and future waiters get BrokenBarrierError. */
  abort(): Coroutine<void> {
    return new Coroutine(this._abort(), "abort");
  }

  private *_abort(): Gen<void> {
    yield this._cond.acquire();
    try {
      this._state = "broken";
      this._cond.notify_all();
    } finally {
      this._cond.release();
    }
  }

  /** The number of tasks needed to pass the barrier. */
  get parties(): number {
    return this._parties;
  }

  /** The number of tasks waiting while the barrier fills. */
  get n_waiting(): number {
    return this._state === "filling" ? this._count : 0;
  }

  /** True if the barrier is broken (abort()). */
  get broken(): boolean {
    return this._state === "broken";
  }
}

// eslint-disable-next-line require-yield
function* nothing(): Gen<null> {
  return null;
}
