// Queues (asyncio/queues.py): Queue (FIFO), PriorityQueue (lowest first, Python's `<`),
// LifoQueue — with 3.13's shutdown(immediate) and QueueShutDown.
import { Coroutine, FrameCoroutine, WatchedImmediateCoroutine, qualifyFrame } from "./coroutines.js";
import { QueueEmpty, QueueFull, QueueShutDown, ValueError } from "./py/exceptions.js";
import { repr } from "./py/format.js";
import { heappushWith, heappopWith } from "./py/heapq.js";
import { pyLt } from "./py/compare.js";
import { Event } from "./locks.js";
import type { Future } from "./futures.js";
import type { AbstractEventLoop } from "./events.js";
import { Deque } from "./py/deque.js";
import { park, wake_next } from "./mixins.js";

type Gen<T> = Generator<unknown, T, unknown>;

/**
 * What Queue.put() and Queue.get() share as frames (FrameCoroutine: no generator per call):
 * the queue while the frame is open, the parked waiter while it is suspended, and the
 * `except:` arm that undoes a wait the frame will not use:
 *
 *         except:
 *             waiter.cancel()                  # in case it is not done yet
 *             waiters.remove(waiter)           # it may have been popped already
 *             if <could proceed> and not waiter.cancelled():
 *                 wake_next(waiters)           # woken, but we will not take it: pass it on
 *             raise
 */
abstract class QueueWait<T, R> extends FrameCoroutine<R> {
  /** @internal null once closed */ declare _q: Queue<T> | null;
  /** @internal the parked waiter while suspended */ declare _fut: Future<null> | null;
  constructor(name: string, q: Queue<T>) {
    super(name);
    this._q = q;
    this._fut = null;
  }
  /** @internal the waiters this frame parks among */ abstract _waiters(q: Queue<T>): Deque<Future<null>>;
  /** @internal whether the queue would let this frame proceed now */ abstract _can_proceed(q: Queue<T>): boolean;
  throw(exc: unknown): IteratorResult<unknown, R> {
    const q = this._q, waiter = this._fut;
    this._q = this._fut = null;
    if (q !== null && waiter !== null) {
      const waiters = this._waiters(q);
      waiter.cancel();
      waiters.remove(waiter);
      if (this._can_proceed(q) && !waiter.cancelled()) wake_next(waiters, null);
    }
    throw exc;
  }
  return(value: R): IteratorResult<unknown, R> {
    this._q = this._fut = null;
    return { done: true, value };
  }
}

/** Queue.put()'s body:
 *
 *     while self.full():
 *         if self._is_shutdown: raise QueueShutDown
 *         putter = park(); await putter        # (QueueWait's except: arm)
 *     self.put_nowait(item)
 */
class QueuePut<T> extends QueueWait<T, null> {
  /** @internal */ declare _item: T;
  constructor(q: Queue<T>, item: T) {
    super("put", q);
    this._item = item;
  }
  _waiters(q: Queue<T>): Deque<Future<null>> {
    return q._putters;
  }
  _can_proceed(q: Queue<T>): boolean {
    return !q.full();
  }
  next(): IteratorResult<unknown, null> {
    const q = this._q;
    if (q === null) return { done: true, value: undefined as unknown as null };
    this._q = this._fut = null; // closed if this step raises; a wait is over: check again
    if (q.full()) {
      if (q._is_shutdown) throw new QueueShutDown();
      this._fut = park(q, q._putters);
      this._q = q;
      return { done: false, value: this._fut };
    }
    q.put_nowait(this._item);
    return { done: true, value: null };
  }
}

/** Queue.get()'s body:
 *
 *     while self.empty():
 *         if self._is_shutdown and self.empty(): raise QueueShutDown
 *         getter = park(); await getter        # (QueueWait's except: arm)
 *     return self.get_nowait()
 */
class QueueGet<T> extends QueueWait<T, T> {
  constructor(q: Queue<T>) {
    super("get", q);
  }
  _waiters(q: Queue<T>): Deque<Future<null>> {
    return q._getters;
  }
  _can_proceed(q: Queue<T>): boolean {
    return !q.empty();
  }
  next(): IteratorResult<unknown, T> {
    const q = this._q;
    if (q === null) return { done: true, value: undefined as T };
    this._q = this._fut = null; // closed if this step raises; a wait is over: check again
    if (q.empty()) {
      if (q._is_shutdown && q.empty()) throw new QueueShutDown();
      this._fut = park(q, q._getters);
      this._q = q;
      return { done: false, value: this._fut };
    }
    return { done: true, value: q.get_nowait() };
  }
}

/** put() on an unbounded queue: `self.put_nowait(item)` (the `while self.full()` never loops). */
class PutArgs<T> {
  constructor(readonly q: Queue<T>, readonly item: T) {}
}
function putUnbounded<T>(a: PutArgs<T>): null {
  a.q.put_nowait(a.item);
  return null;
}

qualifyFrame(QueuePut, "Queue.put");
qualifyFrame(QueueGet, "Queue.get");

/** The container a queue keeps its items in; subclasses choose it in `_init`. */
export interface QueueStorage<T> {
  readonly length: number;
  [Symbol.iterator](): Iterator<T>;
}

/**
 * A queue for producer and consumer tasks. `maxsize <= 0` means unbounded; otherwise
 * put() waits while the queue is full.
 *
 * Waiting getters and putters are futures in FIFO lists; put_nowait wakes the first
 * pending getter, get_nowait the first pending putter (each popped from its list when
 * woken). A woken waiter re-checks the queue when it runs (a `while` loop), so another
 * task may take the slot/item first and it simply waits again. If a woken waiter is
 * cancelled before it runs, it passes the wake-up on to the next waiter, so no item or
 * free slot is left with a task still waiting. shutdown() (3.13) wakes every waiter:
 * putters then raise QueueShutDown, getters raise once the queue is empty (at once with
 * `immediate`, which also drops the items and counts them as done for join()).
 */
export class Queue<T = unknown> {
  /** @internal */ _maxsize: number;
  /** @internal */ _getters = new Deque<Future<null>>();
  /** @internal */ _putters = new Deque<Future<null>>();
  /** @internal */ _unfinished_tasks = 0;
  /** @internal */ _finished = new Event();
  /** @internal */ _is_shutdown = false;
  /** @internal the loop it is bound to on first wait (mixins.ts) */ _loop: AbstractEventLoop | null = null;
  /** @internal */ declare _queue: QueueStorage<T>;

  /** `new Queue(maxsize)` or `new Queue({ maxsize })`; 0 (the default) is unbounded. */
  constructor(maxsize: number | { maxsize?: number } = 0) {
    const size = typeof maxsize === "object" && maxsize !== null ? (maxsize.maxsize ?? 0) : maxsize;
    this._maxsize = size;
    this._finished.set();
    this._init(size);
    this.put_nowait = this.put_nowait.bind(this);
    this.get_nowait = this.get_nowait.bind(this);
    this.task_done = this.task_done.bind(this);
  }

  // These three are overridable in subclasses.

  /** Creates the item container. */
  protected _init(_maxsize: number): void {
    this._queue = new Deque<T>();
  }

  /** Removes and returns the next item. */
  protected _get(): T {
    return (this._queue as Deque<T>).shift() as T;
  }

  /** Adds an item. */
  protected _put(item: T): void {
    (this._queue as Deque<T>).push(item);
  }

  /** @internal */ _format(): string {
    let result = `maxsize=${repr(this._maxsize)}`;
    if (this._queue.length) result += ` _queue=${repr([...this._queue])}`;
    if (this._getters.length) result += ` _getters[${this._getters.length}]`;
    if (this._putters.length) result += ` _putters[${this._putters.length}]`;
    if (this._unfinished_tasks) result += ` tasks=${this._unfinished_tasks}`;
    if (this._is_shutdown) result += " shutdown";
    return result;
  }

  /** `<Queue maxsize=0 ...>` (CPython's repr without the address). */
  __repr__(): string {
    return `<${this.constructor.name} ${this._format()}>`;
  }

  __str__(): string {
    return `<${this.constructor.name} ${this._format()}>`;
  }

  /** Number of items in the queue. */
  qsize(): number {
    return this._queue.length;
  }

  /** Number of items allowed in the queue (<= 0: unbounded). */
  get maxsize(): number {
    return this._maxsize;
  }

  /** True if the queue is empty. */
  empty(): boolean {
    return this._queue.length === 0;
  }

  /** True if the queue holds maxsize items (never for an unbounded queue). */
  full(): boolean {
    if (this._maxsize <= 0) return false;
    return this.qsize() >= this._maxsize;
  }

  /** Puts an item, waiting while the queue is full. QueueShutDown after shutdown(). */
  put(item: T): Coroutine<null> {
    // An unbounded queue is never full, so put() never waits: its body is put_nowait(item),
    // run inline when awaited (no frame), unless a subclass redefines full().
    if (this._maxsize <= 0 && this.full === Queue.prototype.full) return new WatchedImmediateCoroutine(putUnbounded, new PutArgs(this, item), "Queue.put");
    return new QueuePut(this, item);
  }

  /** Puts an item at once; QueueFull if full, QueueShutDown after shutdown(). */
  put_nowait(item: T): void {
    if (this._is_shutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this._unfinished_tasks += 1;
    this._finished.clear();
    wake_next(this._getters, null);
  }

  /** Removes and returns an item, waiting while the queue is empty. QueueShutDown once shut down and empty. */
  get(): Coroutine<T> {
    return new QueueGet(this);
  }

  /** Removes and returns an item at once; QueueEmpty if empty (QueueShutDown if also shut down). */
  get_nowait(): T {
    if (this.empty()) {
      if (this._is_shutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    wake_next(this._putters, null);
    return item;
  }

  /** Marks one item taken with get() as processed (for join()); ValueError if none is pending. */
  task_done(): void {
    if (this._unfinished_tasks <= 0) throw new ValueError("task_done() called too many times");
    this._unfinished_tasks -= 1;
    if (this._unfinished_tasks === 0) this._finished.set();
  }

  /** Waits until every item put has been marked done with task_done(). */
  join(): Coroutine<null> {
    return new Coroutine(this._co_join(), "join");
  }

  private *_co_join(): Gen<null> {
    if (this._unfinished_tasks > 0) yield this._finished.wait();
    return null;
  }

  /**
   * Shuts the queue down (3.13): put()s raise QueueShutDown, get()s raise once the queue is
   * empty — at once with `immediate`, which also discards the items (counting each as done).
   * Every blocked put() and get() is woken.
   */
  shutdown(immediate: boolean | { immediate?: boolean } = false): void {
    const now = typeof immediate === "object" && immediate !== null ? !!immediate.immediate : !!immediate;
    this._is_shutdown = true;
    if (now) {
      while (!this.empty()) {
        this._get();
        if (this._unfinished_tasks > 0) this._unfinished_tasks -= 1;
      }
      if (this._unfinished_tasks === 0) this._finished.set();
    }
    // Every getter re-checks the (empty?) queue and raises.
    while (wake_next(this._getters, null));
    while (wake_next(this._putters, null));
  }
}

/**
 * A Queue that returns the smallest item first, ordered by Python's `<` (numbers,
 * strings, arrays compared like tuples; TypeError for items Python would not order).
 * Items with equal priority come out in heapq's order, as in CPython.
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  protected override _init(_maxsize: number): void {
    this._queue = [] as T[];
  }
  protected override _put(item: T): void {
    heappushWith(this._queue as T[], item, pyLt);
  }
  protected override _get(): T {
    return heappopWith(this._queue as T[], pyLt);
  }
}

/** A Queue that returns the most recently added item first. */
export class LifoQueue<T = unknown> extends Queue<T> {
  protected override _init(_maxsize: number): void {
    this._queue = [] as T[];
  }
  protected override _put(item: T): void {
    (this._queue as T[]).push(item);
  }
  protected override _get(): T {
    return (this._queue as T[]).pop()!;
  }
}
