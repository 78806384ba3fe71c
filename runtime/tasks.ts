// Task: runs a coroutine on the loop (asyncio/tasks.py). Plus the helpers that are only a
// few lines on top of it: sleep (run natively by the Task), ensure_future, current_task,
// all_tasks. The combinators (gather, wait, ...) are in combinators.ts.
//
// A Task drives its coroutine with a trampoline: `_top` is the coroutine frame running now;
// each frame's `_owner` links to the frame that awaits it, down to the task's own coroutine,
// whose `_owner` is the task (a list through the frames: no array per task). What the top frame
// yields decides the next move, exactly as Task.__step does in CPython:
//   a Coroutine       → push it and run it inline (Python's `yield from`);
//   a done Future     → resume at once with its result or exception;
//   a pending Future  → wait: __wakeup runs when it is done (scheduled by the future);
//   YIELD_ONCE        → bare `yield`: call_soon(__step), one loop iteration;
//   a thenable        → bridge it into a Future of this loop, then wait on that;
//   anything else     → TypeError at the await.
import { Future, isfuture, wrap_thenable, _failed, NO_EXCEPTION, _set_result_unless_cancelled, futureCancel, futureSetResult, futureSetException, bindOnRead } from "./futures.js";
import { Coroutine, ImmediateCoroutine, CREATED, STARTED, CLOSED, YIELD_ONCE, _started } from "./coroutines.js";
import { CancelledError, InvalidStateError, RuntimeError, ValueError, KeyboardInterrupt, SystemExit } from "./py/exceptions.js";
import { Context, _snapshot, _enter_owned_context, _leave_owned_context, _context_of, type ContextSnapshot } from "./py/contextvars.js";
import { get_running_loop, get_event_loop, reportCallbackError, type AbstractEventLoop, type TimerHandle, type StepTarget } from "./events.js";
import { repr, pyTypeName } from "./py/format.js";
import { writeStderr } from "./host.js";

// The loop members that make and track tasks (see events.ts: declaration merging keeps
// events.ts free of imports from above it).
declare module "./events.js" {
  interface AbstractEventLoop {
    create_task<T>(coro: Coroutine<T> | Awaitable<T>, opts?: CreateTaskOptions): Task<T>;
    set_task_factory(factory: TaskFactory | null): void;
    get_task_factory(): TaskFactory | null;
    /** @internal the running task and the pending ones (kept by this file) */ _tasks: LoopTasks | null;
  }
  interface ExceptionContext {
    task?: Task<any>;
  }
}

export type TaskFactory = (loop: AbstractEventLoop, coro: Coroutine<any>, opts?: { context?: Context }) => Future<any>;

export type Awaitable<T> = PromiseLike<T>;
export type CreateTaskOptions = { name?: string | null; context?: Context | null };

const NO_EXC: unique symbol = Symbol("no exception");
const NO_CREATE_OPTIONS: CreateTaskOptions = Object.freeze({});
const NO_TASK_OPTIONS = Object.freeze({}) as { loop?: null; name?: null; context?: null; eager_start?: false };
let taskNameCounter = 0;

/** @internal Per-loop bookkeeping: the task running now and the tasks not yet done. The
 * pending tasks form a list threaded through the tasks themselves (O(1) in and out). */
export interface LoopTasks {
  current: Task<any> | null;
  pending: PendingTasks;
}

class PendingTasks {
  private head: Task<any> | null = null;
  private tail: Task<any> | null = null;
  add(t: Task<any>): void {
    if (t._pending_next !== undefined) return; // already listed
    t._pending_prev = this.tail;
    t._pending_next = null;
    if (this.tail === null) this.head = t;
    else this.tail._pending_next = t;
    this.tail = t;
  }
  delete(t: Task<any>): void {
    if (t._pending_next === undefined) return; // not listed
    const prev = t._pending_prev!, next = t._pending_next;
    if (prev === null) this.head = next;
    else prev._pending_next = next;
    if (next === null) this.tail = prev;
    else next._pending_prev = prev;
    t._pending_prev = t._pending_next = undefined;
  }
  *[Symbol.iterator](): IterableIterator<Task<any>> {
    for (let t = this.head; t !== null; t = t._pending_next!) yield t;
  }
}
function tasksOf(loop: AbstractEventLoop): LoopTasks {
  return (loop._tasks ??= { current: null, pending: new PendingTasks() });
}


export class Task<T = any> extends Future<T> implements StepTarget {
  // Fields are assigned in the constructor, not initialised as class fields: see Coroutine in coroutines.ts.
  /** @internal */ declare _coro: Coroutine<T>;
  /** @internal the running (or suspended) frame: the top of the frame stack */ declare _top: Coroutine<any> | null;
  /** @internal a number until asked for: "Task-<n>" */ declare _name: string | number;
  /** @internal its Context, or until one is needed, a snapshot of its creator's (contextvars.ts) */ declare _context: Context | ContextSnapshot;
  /** @internal the future the task waits on; its result is what the top frame receives
   * when the task resumes (Python's _fut_waiter, cleared at each step) */ declare _fut_waiter: Future<any> | null;
  /** @internal rare fields, like Future's: defaults on the prototype */ declare _must_cancel: boolean;
  /** @internal */ declare _num_cancels_requested: number;
  /** @internal links of the loop's pending-task list (see PendingTasks); undefined: not listed */
  declare _pending_prev: Task<any> | null | undefined;
  /** @internal */ declare _pending_next: Task<any> | null | undefined;
  /** @internal the timer of a native sleep(delay) in progress, cancelled on resume */ declare _sleep_handle: TimerHandle | null;

  constructor(
    coro: Coroutine<T>,
    opts: { loop?: AbstractEventLoop | null; name?: string | null; context?: Context | null; eager_start?: boolean } = NO_TASK_OPTIONS,
    /** @internal loop.create_task's fast path (no options object) */ loop?: AbstractEventLoop,
  ) {
    super(undefined, loop ?? opts.loop ?? get_event_loop());
    this._top = null;
    this._fut_waiter = null;
    this._pending_prev = undefined;
    this._pending_next = undefined;
    this._sleep_handle = null;
    if (!(coro instanceof Coroutine)) {
      throw new TypeError(`a coroutine was expected, got ${repr(coro)}`);
    }
    // Only an unnamed task takes a number (asyncio.create_task and TaskGroup.create_task
    // create theirs unnamed and then call set_name, so theirs do: see create_task below).
    this._name = opts.name == null ? ++taskNameCounter : String(opts.name);
    this._coro = coro;
    // A running coroutine keeps its _owner: the frame that awaits it (see the header).
    if (coro._state !== STARTED) coro._owner = this;
    this._context = opts.context ?? _snapshot();
    if (this._loop._instrument !== null) this._loop._instrument.task_spawned?.(this);
    if (opts.eager_start && this._loop.is_running()) {
      this.__eager_start();
    } else {
      this._loop._ready_push(this);
      tasksOf(this._loop).pending.add(this);
    }
  }

  /** @internal The loop runs a task that sits in the ready queue itself (no Handle per step,
   * a Handle's job done here): once done, its first done-callback (Future._run); else a step
   * in the task's context — __wakeup if the future it waits on is done (the task was that
   * future's done-callback), else a plain __step. */
  override _run(): void {
    if (this._state !== 0) return super._run(); // done: queued for its first done-callback
    const prev = _enter_owned_context(this);
    try {
      const fut = this._fut_waiter;
      if (fut !== null && fut._state !== 0) this.__wakeup(fut);
      else this.__step(NO_EXC);
    } catch (exc) {
      reportCallbackError(this._loop, exc, this, this);
    } finally {
      if (prev !== null) _leave_owned_context(this, prev);
    }
  }

  /** @internal The loop calls the task itself (no closure per task): as a scheduled step
   * (`arg` undefined, or the exception to throw in), or as the done-callback of the future
   * it awaits (`arg` is that future: Python's __wakeup). */
  _on_handle(arg: unknown): void {
    if (arg === undefined) this.__step(NO_EXC);
    else if (arg === this._fut_waiter) this.__wakeup(arg as Future<any>);
    else this.__step(arg);
  }

  /** @internal */ override _add_rare_fields(): void {
    super._add_rare_fields();
    this._must_cancel = false;
    this._num_cancels_requested = 0;
  }

  get_coro(): Coroutine<T> | null {
    return this._coro;
  }
  get_context(): Context {
    return _context_of(this);
  }
  get_name(): string {
    if (typeof this._name === "number") this._name = `Task-${this._name}`;
    return this._name;
  }
  set_name(value: unknown): void {
    this._name = String(value);
  }
  override set_result(_result: T): void {
    throw new RuntimeError("Task does not support set_result operation");
  }
  override set_exception(_exception: unknown): void {
    throw new RuntimeError("Task does not support set_exception operation");
  }
  /** The coroutines this task is suspended in, outermost first (a summary of Python's frames). */
  get_stack(opts: { limit?: number | null } = {}): Coroutine<any>[] {
    const frames: Coroutine<any>[] = [];
    for (let f: Coroutine<any> | null = this._top; f !== null; f = this._caller_of(f)) frames.push(f);
    frames.reverse();
    if (opts.limit != null) return opts.limit >= 0 ? frames.slice(-opts.limit) : frames.slice(0, -opts.limit);
    return frames;
  }
  print_stack(opts: { limit?: number | null; file?: { write(s: string): unknown } } = {}): void {
    const lines = [`Stack for ${repr(this)} (most recent call last):`];
    for (const c of this.get_stack(opts)) lines.push(`  coroutine ${c.__qualname__}`);
    const text = lines.join("\n") + "\n";
    if (opts.file) opts.file.write(text);
    else writeStderr(text);
  }

  cancelling(): number {
    return this._num_cancels_requested;
  }
  uncancel(): number {
    if (this._num_cancels_requested > 0) this._num_cancels_requested -= 1;
    return this._num_cancels_requested;
  }

  override cancel(msg: unknown = null): boolean {
    if (this._log_traceback) this._retrieved();
    if (this.done()) return false;
    this._own_rare_fields();
    this._num_cancels_requested += 1;
    if (this._fut_waiter !== null && this._fut_waiter.cancel(msg)) {
      // Keep _fut_waiter: it may be a Task that swallows the cancellation.
      return true;
    }
    this._must_cancel = true;
    this._cancel_message = msg;
    return true;
  }

  private __eager_start(): void {
    const tasks = tasksOf(this._loop);
    const prev = tasks.current;
    tasks.current = null; // swapped out while the eager task takes its first step
    try {
      tasks.pending.add(this);
      this.get_context().run(() => this.__step_run_and_handle_result(NO_EXC, tasks, true));
    } finally {
      tasks.current = prev;
    }
    if (this.done()) tasks.pending.delete(this);
  }

  private __step(exc: unknown): void {
    if (this.done()) {
      throw new InvalidStateError(`__step(): already done: ${repr(this)}, ${exc === NO_EXC ? "None" : repr(exc)}`);
    }
    const tasks = tasksOf(this._loop);
    this.__step_run_and_handle_result(exc, tasks, false);
  }

  private __step_run_and_handle_result(exc: unknown, tasks: LoopTasks, eager: boolean): void {
    if (this._must_cancel) {
      if (!(exc instanceof CancelledError)) exc = this._make_cancelled_error();
      this._must_cancel = false;
    }
    const awaited = this._fut_waiter;
    this._fut_waiter = null;
    if (tasks.current !== null && !eager) {
      throw new RuntimeError(`Cannot enter into task ${repr(this)} while another task ${repr(tasks.current)} is being executed.`);
    }
    tasks.current = this;
    try {
      this._trampoline(exc, awaited);
    } finally {
      tasks.current = null;
    }
  }

  /** The trampoline: resume the top frame and follow what it yields (see the header comment). */
  private _trampoline(exc: unknown, awaited: Future<any> | null): void {
    let hasExc = exc !== NO_EXC;
    // What a bare yield resumes with (sleep(0)'s result) waits in _result: unused until done.
    let value: unknown = this._result;
    this._result = undefined;
    if (this._sleep_handle !== null) {
      // sleep()'s `finally: h.cancel()`
      this._sleep_handle.cancel();
      this._sleep_handle = null;
    }
    if (awaited !== null) {
      if (!hasExc) {
        if (!awaited.done()) {
          hasExc = true;
          exc = new RuntimeError("await wasn't used with future");
        } else {
          try {
            value = awaited.result();
          } catch (e) {
            hasExc = true;
            exc = e;
          }
        }
      }
    }
    if (this._top === null) {
      const coro = this._coro;
      if (coro._state !== CREATED) {
        hasExc = true;
        exc = new RuntimeError("cannot reuse already awaited coroutine");
        return this._finish(undefined, true, exc);
      }
      if (coro._gen === null) {
        // The task's own coroutine is a native one (create_task(sleep(1))): run it from a frame.
        this._top = new Coroutine(awaitOnce(coro), coro.__name__, coro._qualname);
        this._top._state = STARTED;
        _started(this._top);
      } else {
        coro._state = STARTED;
        _started(coro);
        coro._owner = this; // the bottom frame (another Task may have wrapped it too)
        this._top = coro;
      }
    }
    for (;;) {
      const frame: Coroutine<any> = this._top!;
      let r: IteratorResult<unknown, unknown>;
      try {
        r = hasExc ? frame._gen!.throw(exc) : frame._gen!.next(value);
      } catch (e) {
        frame._state = CLOSED;
        if (!this._pop_frame()) return this._finish(undefined, true, e);
        hasExc = true;
        exc = e;
        continue;
      }
      if (r.done) {
        frame._state = CLOSED;
        if (!this._pop_frame()) return this._finish(r.value, false, null);
        hasExc = false;
        value = r.value;
        continue;
      }
      const y: unknown = r.value;
      if (y instanceof Coroutine) {
        if (y._state !== CREATED) {
          hasExc = true;
          exc = new RuntimeError("cannot reuse already awaited coroutine");
          continue;
        }
        if (y._gen === null) {
          // A coroutine the runtime implements without a generator (checked first: a
          // generator-backed coroutine then pays no instanceof miss).
          if (y instanceof ImmediateCoroutine) {
            y._state = CLOSED;
            _started(y);
            try {
              value = y._fn(y._arg);
              hasExc = false;
            } catch (e) {
              hasExc = true;
              exc = e;
            }
            continue;
          }
          // sleep()
          const fut = this._start_sleep(y as Sleep<unknown>);
          if (fut === null) return;
          if (fut instanceof Error) {
            hasExc = true;
            exc = fut;
            continue;
          }
          this._wait_on(fut);
          return;
        }
        y._state = STARTED;
        _started(y);
        y._owner = frame; // its caller: where _pop_frame returns to
        this._top = y;
        hasExc = false;
        value = undefined;
        continue;
      }
      if (y === YIELD_ONCE) {
        this._loop._ready_push(this);
        return;
      }
      let fut: Future<any> | null = null;
      if (y instanceof Future) fut = y;
      else if (y !== null && (typeof y === "object" || typeof y === "function") && typeof (y as any).then === "function") {
        fut = wrap_thenable(y as PromiseLike<unknown>, this._loop);
      }
      if (fut === null) {
        hasExc = true;
        exc = new TypeError(`object ${pyTypeName(y)} can't be used in 'await' expression`);
        continue;
      }
      if (fut._state !== 0) {
        // Awaiting a done future does not suspend.
        hasExc = false;
        try {
          value = fut.result();
        } catch (e) {
          hasExc = true;
          exc = e;
        }
        continue;
      }
      if (fut._loop !== this._loop) {
        this._loop._call_soon(this, [new RuntimeError(`Task ${repr(this)} got Future ${repr(fut)} attached to a different loop`)], this.get_context());
        return;
      }
      if (fut === this) {
        this._loop._call_soon(this, [new RuntimeError(`Task cannot await on itself: ${repr(this)}`)], this.get_context());
        return;
      }
      this._wait_on(fut);
      return;
    }
  }

  /** Drops the top frame; false when it was the task's own coroutine (the task is finishing). */
  private _pop_frame(): boolean {
    const frame = this._top!;
    const caller = this._caller_of(frame);
    this._top = caller;
    if (caller === null) return false;
    frame._owner = null; // as before it was awaited (combinators.ts reads it)
    return true;
  }

  /** The frame that awaits `frame`, or null for the bottom frame (whose _owner is this task,
   * or null for the frame made for a native coroutine: see _trampoline). */
  private _caller_of(frame: Coroutine<any>): Coroutine<any> | null {
    const up = frame._owner;
    return up === this || up === null ? null : (up as Coroutine<any>);
  }

  /** Suspends until `fut` is done: its done-callback (__wakeup) resumes the task. */
  private _wait_on(fut: Future<any>): void {
    fut._add_waiter(this);
    this._fut_waiter = fut;
    if (this._must_cancel && fut.cancel(this._cancel_message)) this._must_cancel = false;
  }

  /** sleep(delay, result) as CPython runs it: delay <= 0 is one bare yield; otherwise a
   * future completed by call_later, whose timer is cancelled when the task resumes.
   * Returns the future to wait on, null when already scheduled, or the error to raise. */
  private _start_sleep(s: Sleep<unknown>): Future<any> | Error | null {
    const delay = s._delay;
    s._state = CLOSED;
    if (!(delay > 0)) {
      if (Number.isNaN(delay)) return new ValueError("Invalid delay: NaN (not a number)");
      this._result = s._result as T;
      this._loop._ready_push(this);
      return null;
    }
    const loop = this._loop;
    const fut = loop.create_future();
    this._sleep_handle = loop._call_at(loop.time() + delay, _set_result_unless_cancelled, [fut, s._result], null);
    return fut;
  }

  private _finish(result: unknown, failed: boolean, exc: unknown): void {
    tasksOf(this._loop).pending.delete(this);
    if (!failed) {
      if (this._must_cancel) {
        // Cancelled right before the coroutine returned.
        this._must_cancel = false;
        futureCancel.call(this, this._cancel_message);
      } else {
        futureSetResult.call(this, result);
      }
    } else if (exc instanceof CancelledError) {
      this._own_rare_fields();
      this._cancelled_exc = exc;
      futureCancel.call(this);
    } else if (exc instanceof KeyboardInterrupt || exc instanceof SystemExit) {
      futureSetException.call(this, exc);
      throw exc;
    } else {
      futureSetException.call(this, exc);
    }
  }

  private __wakeup(future: Future<any>): void {
    try {
      future.result();
    } catch (exc) {
      this.__step(exc);
      return;
    }
    this.__step(NO_EXC);
  }

  override __repr__(): string {
    const info = [this._state_name().toLowerCase()];
    if (this._must_cancel) info.push("cancelling");
    info.push(`name=${repr(this.get_name())}`);
    info.push(`coro=<${this._coro.__qualname__}()>`);
    if (this._state === 2) {
      info.push(this._exception !== NO_EXCEPTION ? `exception=${repr(this._exception)}` : `result=${repr(this._result)}`);
    }
    return `<Task ${info.join(" ")}>`;
  }
}

bindOnRead(Task, ["cancel"]);
Object.assign(Task.prototype, { _must_cancel: false, _num_cancels_requested: 0 });

// ---- module-level helpers ----

export function current_task(loop: AbstractEventLoop | null = null): Task<any> | null {
  return tasksOf(loop ?? get_running_loop()).current;
}

export function all_tasks(loop: AbstractEventLoop | null = null): Set<Task<any>> {
  const tasks = tasksOf(loop ?? get_running_loop()).pending;
  const out = new Set<Task<any>>();
  for (const t of tasks) if (!t.done()) out.add(t);
  return out;
}

/** Wrap a coroutine in a Task of the running loop and schedule it. */
export function create_task<T>(coro: Coroutine<T> | Awaitable<T>, opts: CreateTaskOptions = NO_CREATE_OPTIONS): Task<T> {
  const loop = get_running_loop();
  // As tasks.py: the task is created unnamed (it takes a Task-N number) and then named.
  const task = opts.context == null ? loop.create_task(coro) : loop.create_task(coro, { context: opts.context });
  if (opts.name != null) task.set_name(opts.name);
  return task;
}

/** `return await aw` as a generator: a frame for an awaitable that has none of its own
 * (a native coroutine like sleep() as a task's coroutine, or a thenable in ensure_future). */
function* awaitOnce<T>(aw: PromiseLike<T>): Generator<unknown, T, any> {
  return yield aw;
}

/** Return a Future for a coroutine, future or awaitable (a Task for coroutines). */
export function ensure_future<T>(obj: Coroutine<T> | Awaitable<T>, opts: { loop?: AbstractEventLoop | null } = {}): Future<T> {
  if (isfuture(obj)) {
    if (opts.loop != null && opts.loop !== obj.get_loop()) {
      throw new ValueError("The future belongs to a different loop than the one specified as the loop argument");
    }
    return obj as Future<T>;
  }
  let coro: Coroutine<T>;
  if (obj instanceof Coroutine) coro = obj;
  else if (obj !== null && typeof obj === "object" && typeof (obj as any).then === "function") {
    coro = new Coroutine(awaitOnce(obj as PromiseLike<T>), "_wrap_awaitable");
  } else {
    throw new TypeError("An asyncio.Future, a coroutine or an awaitable is required");
  }
  const loop = opts.loop ?? get_event_loop();
  return loop.create_task(coro);
}

/** The coroutine sleep() returns. The Task runs it natively (Task._start_sleep): no
 * generator, no frame, since sleep is the most awaited coroutine there is. */
class Sleep<T> extends Coroutine<T> {
  declare readonly _delay: number;
  declare readonly _result: T;
  constructor(delay: number, result: T) {
    super(null, "sleep");
    // Assigned, not class fields: see Coroutine in coroutines.ts.
    (this as { _delay: number })._delay = delay;
    (this as { _result: T })._result = result;
  }
}

Object.defineProperty(Sleep.prototype, "_watched", { value: false }); // consumed by the Task where it is awaited

/** Coroutine that completes after `delay` seconds; sleep(0) yields exactly one loop iteration. */
export function sleep<T = null>(delay: number, result: T = null as T): Coroutine<T> {
  return new Sleep(delay, result);
}

type TaskConstructor = new (coro: Coroutine<any>, opts: { loop?: AbstractEventLoop | null; name?: string | null; context?: Context | null; eager_start?: boolean }) => Future<any>;

/** A task factory whose tasks take their first step at creation, before create_task returns (3.12). */
export function create_eager_task_factory(custom_task_constructor: TaskConstructor) {
  return function factory(loop: AbstractEventLoop, coro: Coroutine<any>, opts: { name?: string | null; context?: Context | null } = {}): Future<any> {
    return new custom_task_constructor(coro, { loop, name: opts.name, context: opts.context, eager_start: true });
  };
}

/** loop.set_task_factory(asyncio.eager_task_factory): every new task starts eagerly. */
export const eager_task_factory = create_eager_task_factory(Task);
