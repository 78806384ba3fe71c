// TaskGroup (asyncio/taskgroups.py): `await using tg = new TaskGroup()` is Python's
// `async with asyncio.TaskGroup() as tg:`.
//
// Rationale of the tricky parts:
// - The first child that fails (with anything but CancelledError) aborts the group: every
//   other child is cancelled, and so is the parent task — once — so the body stops at its
//   current await. `_parent_cancel_requested` remembers that request, and __aexit__ always
//   takes it back with `parent.uncancel()`. If no other cancel request remains, the
//   CancelledError that left the body is ours and is not propagated; the children's errors
//   are raised instead, as `BaseExceptionGroup("unhandled errors in a TaskGroup", errors)`
//   (an ExceptionGroup when all of them are Exceptions), chained `from None`.
// - If the parent was cancelled from outside, __aexit__ still waits for every child
//   (cancelling them), then re-raises that CancelledError — unless children failed, whose
//   errors take priority. KeyboardInterrupt/SystemExit (from the body or a child) win over
//   everything and are re-raised bare.
// - __aexit__ waits on `_on_completed_fut`, set when the last child finishes; it may be
//   cancelled several times (the parent cancelled again), hence the loop.
import { Coroutine } from "./coroutines.js";
import { BaseExceptionGroup, CancelledError, KeyboardInterrupt, RuntimeError, SystemExit } from "./py/exceptions.js";
import { get_running_loop } from "./events.js";
import { current_task, type Task, type Awaitable } from "./tasks.js";
import { repr } from "./py/format.js";
import type { Context } from "./py/contextvars.js";
import type { Future } from "./futures.js";
import { futureSetResult, _failed } from "./futures.js";
import type { AbstractEventLoop } from "./events.js";
import { isExactlyCancelledError } from "./mixins.js";

/**
 * Asynchronous context manager owning a group of tasks: exiting waits for all of them;
 * the first failure cancels the rest and the errors come out as an ExceptionGroup.
 */
export class TaskGroup {
  /** @internal */ _entered = false;
  /** @internal */ _exiting = false;
  /** @internal */ _aborting = false;
  /** @internal */ _loop: AbstractEventLoop | null = null;
  /** @internal */ _parent_task: Task<any> | null = null;
  /** @internal */ _parent_cancel_requested = false;
  /** @internal */ _tasks = new Set<Task<any>>();
  /** @internal */ _errors: unknown[] | null = [];
  /** @internal */ _base_error: unknown = null;
  /** @internal */ _on_completed_fut: Future<boolean> | null = null;

  constructor() {
    this._on_task_done = this._on_task_done.bind(this);
  }

  __repr__(): string {
    const info = [""];
    if (this._tasks.size) info.push(`tasks=${this._tasks.size}`);
    if (this._errors !== null && this._errors.length) info.push(`errors=${this._errors.length}`);
    if (this._aborting) info.push("cancelling");
    else if (this._entered) info.push("entered");
    return `<TaskGroup${info.join(" ")}>`;
  }

  /** `async with` entry: binds the group to the current task. */
  __aenter__(): Coroutine<this> {
    return new Coroutine(this._enter(), "__aenter__", "TaskGroup.__aenter__");
  }

  /** `async with` exit: waits for every child; raises their errors as a group. */
  __aexit__(exc: unknown): Coroutine<null> {
    return new Coroutine(this._exit(exc), "__aexit__", "TaskGroup.__aexit__");
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }

  /** Creates a task in this group (like asyncio.create_task) and returns it. */
  create_task<T>(coro: Coroutine<T> | Awaitable<T>, opts: { name?: string | null; context?: Context | null } = {}): Task<T> {
    if (!this._entered) throw new RuntimeError(`TaskGroup ${repr(this)} has not been entered`);
    if (this._exiting && this._tasks.size === 0) throw new RuntimeError(`TaskGroup ${repr(this)} is finished`);
    if (this._aborting) throw new RuntimeError(`TaskGroup ${repr(this)} is shutting down`);
    const loop = this._loop!;
    const task = (opts.context == null ? loop.create_task(coro) : loop.create_task(coro, { context: opts.context })) as Task<T>;
    if (opts.name != null) task.set_name(opts.name);
    // A task that finished eagerly needs no done callback.
    if (task.done()) {
      this._on_task_done(task);
    } else {
      this._tasks.add(task);
      task.add_done_callback(this._on_task_done);
    }
    return task;
  }

  // eslint-disable-next-line require-yield
  private *_enter(): Generator<unknown, this, unknown> {
    if (this._entered) throw new RuntimeError(`TaskGroup ${repr(this)} has already been entered`);
    if (this._loop === null) this._loop = get_running_loop();
    this._parent_task = current_task(this._loop);
    if (this._parent_task === null) throw new RuntimeError(`TaskGroup ${repr(this)} cannot determine the parent task`);
    this._entered = true;
    return this;
  }

  private *_exit(exc: unknown): Generator<unknown, null, unknown> {
    this._exiting = true;
    const failed = exc != null;
    if (failed && this._is_base_error(exc) && this._base_error === null) this._base_error = exc;

    let propagate_cancellation_error: unknown = failed && isExactlyCancelledError(exc) ? exc : null;
    if (this._parent_cancel_requested) {
      // We cancelled the parent: that request must be taken back.
      if (this._parent_task!.uncancel() === 0) propagate_cancellation_error = null;
    }

    if (failed && !this._aborting) this._abort();

    while (this._tasks.size) {
      if (this._on_completed_fut === null) this._on_completed_fut = this._loop!.create_future();
      try {
        yield this._on_completed_fut;
      } catch (ex) {
        if (!(ex instanceof CancelledError)) throw ex;
        if (!this._aborting) {
          // The parent is being cancelled while children still run.
          propagate_cancellation_error = ex;
          this._abort();
        }
      }
      this._on_completed_fut = null;
    }

    if (this._base_error !== null) throw this._base_error;

    // CancelledError propagates unless there are other errors: those have priority.
    if (propagate_cancellation_error && !this._errors!.length) throw propagate_cancellation_error;

    if (failed && !isExactlyCancelledError(exc)) this._errors!.push(exc);

    if (this._errors!.length) {
      const errors = this._errors!;
      this._errors = null;
      const me = new BaseExceptionGroup("unhandled errors in a TaskGroup", errors as Error[]);
      me.__cause__ = null;
      (me as any).__suppress_context__ = true;
      throw me;
    }
    return null;
  }

  /** @internal */ _is_base_error(exc: unknown): boolean {
    return exc instanceof SystemExit || exc instanceof KeyboardInterrupt;
  }

  /** @internal */ _abort(): void {
    this._aborting = true;
    for (const t of this._tasks) if (!t.done()) t.cancel();
  }

  /** @internal */ _on_task_done(fut: Future<any>): void {
    const task = fut as Task<any>;
    this._tasks.delete(task);
    if (this._on_completed_fut !== null && this._tasks.size === 0) {
      if (!this._on_completed_fut.done()) futureSetResult.call(this._on_completed_fut, true);
    }
    if (task.cancelled()) return;
    const exc = task.exception();
    if (!_failed(task)) return;

    this._errors!.push(exc);
    if (this._is_base_error(exc) && this._base_error === null) this._base_error = exc;

    const parent = this._parent_task!;
    if (parent.done()) {
      this._loop!.call_exception_handler({
        message: `Task ${repr(task)} has errored out but its parent task ${repr(parent)} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parent_cancel_requested) {
      // Cancel the parent (once) so the body stops; __aexit__ takes the request back.
      this._abort();
      this._parent_cancel_requested = true;
      parent.cancel();
    }
  }
}
