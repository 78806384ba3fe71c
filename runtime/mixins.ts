// Waiter machinery shared by the synchronisation primitives (locks.ts), the queues
// (queues.ts) and as_completed's done-queue (combinators.ts): CPython's
// asyncio/mixins.py (_LoopBoundMixin) plus the waiter loops each of its users writes
// out, gathered here in the manner of trio's _parking_lot.py.
//
// Why it works this way:
// - A waiter is a plain Future of the loop, parked in a FIFO Deque. Waking it means
//   completing that future; the task waiting on it resumes one loop iteration later (the
//   future queues the task). Nobody is ever resumed directly, so every primitive wakes in
//   the order, and after the number of iterations, that CPython's does.
// - A woken waiter may be cancelled before it runs (its future is done, the
//   CancelledError is thrown in anyway). So "wake the first waiter" always means the first
//   *live* one — not done yet — and a waiter that is cancelled after being woken passes
//   the wake-up on (each primitive does that itself, as CPython's do).
// - Two ways to wake, because CPython has both: the lock family leaves a woken waiter in
//   its deque (it removes itself, in a `finally`, when it runs: wake_first, wake_head,
//   wake_up_to, wake_all), the queue family takes it out as it wakes it (wake_next).
// - A primitive binds to the running loop on first use and refuses any other loop
//   afterwards (_LoopBoundMixin._get_loop), with CPython's message.
// - These are the hottest paths of a lock or queue round trip (bench/workloads/lock,
//   pingpong): the helpers take the deque and the value and allocate nothing — no
//   closure, no iterator (index loops, not for-of over the Deque), no helper generator
//   (the `try { yield fut } finally { waiters.remove(fut) }` around each park stays in the
//   primitive's own generator: a shared `yield*` helper would keep a second generator
//   object alive per waiting task).
import { CancelledError, RuntimeError } from "./py/exceptions.js";
import { _get_running_loop, type AbstractEventLoop } from "./events.js";
import { futureSetResult, type Future } from "./futures.js";
import type { Deque } from "./py/deque.js";

/** What a loop-bound primitive carries (mixins._LoopBoundMixin). */
export interface LoopBound {
  _loop: AbstractEventLoop | null;
  __repr__(): string;
}

/** mixins._LoopBoundMixin._get_loop: bind to the running loop on first use, then insist on it. */
function _get_loop(obj: LoopBound): AbstractEventLoop {
  const loop = _get_running_loop();
  if (obj._loop === null) obj._loop = loop;
  if (loop !== obj._loop) throw new RuntimeError(`${obj.__repr__()} is bound to a different event loop`);
  // CPython would fail on None.create_future(); there is no loop to wait on either way.
  if (loop === null) throw new RuntimeError("no running event loop");
  return loop;
}

/** Parks a new waiter: a future of `owner`'s loop, appended to `waiters`. The caller
 * awaits it (`yield fut`) and removes it again in a `finally`. */
export function park<T>(owner: LoopBound, waiters: Deque<Future<T>>): Future<T> {
  const fut = _get_loop(owner).create_future<T>();
  waiters.push(fut);
  return fut;
}

/** Wakes the first live waiter, leaving it parked; false if there was none. */
export function wake_first<T>(waiters: Deque<Future<T>>, value: T): boolean {
  for (let i = 0, n = waiters.length; i < n; i++) {
    const fut = waiters.at(i)!;
    if (!fut.done()) {
      futureSetResult.call(fut, value);
      return true;
    }
  }
  return false;
}

/** Wakes the head waiter unless it is already woken (then it is on its way: Lock). */
export function wake_head<T>(waiters: Deque<Future<T>>, value: T): void {
  const fut = waiters.peek();
  if (fut !== undefined && !fut.done()) futureSetResult.call(fut, value);
}

/** Wakes up to `n` live waiters in order, leaving them parked (Condition.notify); returns how many. */
export function wake_up_to<T>(waiters: Deque<Future<T>>, n: number, value: T): number {
  let woken = 0;
  for (let i = 0, len = waiters.length; i < len && woken < n; i++) {
    const fut = waiters.at(i)!;
    if (!fut.done()) {
      woken += 1;
      futureSetResult.call(fut, value);
    }
  }
  return woken;
}

/** Wakes every live waiter in order, leaving them parked (Event.set). */
export function wake_all<T>(waiters: Deque<Future<T>>, value: T): void {
  for (let i = 0, n = waiters.length; i < n; i++) {
    const fut = waiters.at(i)!;
    if (!fut.done()) futureSetResult.call(fut, value);
  }
}

/** Unparks waiters from the head until one is live and wakes it (the queue family); false if none was. */
export function wake_next<T>(waiters: Deque<Future<T>>, value: T): boolean {
  while (waiters.length) {
    const fut = waiters.shift()!;
    if (!fut.done()) {
      futureSetResult.call(fut, value);
      return true;
    }
  }
  return false;
}

/** all(w.cancelled() for w in waiters): nobody live is queued ahead (Lock/Semaphore fairness). */
export function all_cancelled<T>(waiters: Deque<Future<T>> | null): boolean {
  if (waiters === null) return true;
  for (let i = 0, n = waiters.length; i < n; i++) if (!waiters.at(i)!.cancelled()) return false;
  return true;
}

/** Python's `exc_type is CancelledError`: the class itself, not a subclass (timeouts, task groups). */
export function isExactlyCancelledError(exc: unknown): boolean {
  return exc instanceof CancelledError && Object.getPrototypeOf(exc) === CancelledError.prototype;
}
