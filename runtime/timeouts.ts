// Timeout context managers (asyncio/timeouts.py): `await using _ = timeout(d)` is Python's
// `async with asyncio.timeout(d):`.
//
// The tricky part is deciding which CancelledError is "ours". When the deadline passes,
// _on_timeout cancels the task that entered the block (one more cancel request,
// `task.cancelling()` goes up by one) and moves to EXPIRING. On exit, __aexit__ undoes that
// request with `task.uncancel()`; only if the count then drops back to (or below) what it
// was on entry — nobody else asked to cancel the task meanwhile — AND the exception leaving
// the block is a CancelledError does it turn into `TimeoutError` (chained: `__cause__` is
// the CancelledError). Any other exception passes through untouched; a cancellation
// requested by someone else (count still above the entry value) propagates as
// CancelledError, so an outer Timeout or the task's owner sees it. A block that swallowed
// the CancelledError still ends EXPIRED (`expired()` is true) and raises nothing.
// The states and their messages are CPython's: created / active / expiring / expired /
// finished.
import { Coroutine } from "./coroutines.js";
import { RuntimeError, TimeoutError } from "./py/exceptions.js";
import { get_running_loop } from "./events.js";
import { current_task, type Task } from "./tasks.js";
import { floatRepr } from "./py/format.js";
import type { TimerHandle, Handle } from "./events.js";
import { isExactlyCancelledError } from "./mixins.js";

const CREATED = "created", ENTERED = "active", EXPIRING = "expiring", EXPIRED = "expired", EXITED = "finished";
type State = typeof CREATED | typeof ENTERED | typeof EXPIRING | typeof EXPIRED | typeof EXITED;

/**
 * Asynchronous context manager that cancels the enclosing task at a loop-time deadline
 * and turns that cancellation into `TimeoutError`. Made by `timeout()` / `timeout_at()`.
 */
export class Timeout {
  /** @internal */ _state: State = CREATED;
  /** @internal */ _timeout_handler: Handle | TimerHandle | null = null;
  /** @internal */ _task: Task<any> | null = null;
  /** @internal */ _when: number | null;
  /** @internal */ _cancelling = 0;

  /** A Timeout due at loop time `when` (null: never). Prefer timeout()/timeout_at(). */
  constructor(when: number | null) {
    this._when = when ?? null;
    this._on_timeout = this._on_timeout.bind(this);
  }

  /** The current deadline (loop time), or null. */
  when(): number | null {
    return this._when;
  }

  /** Moves the deadline (null: never); only while the block is active. */
  reschedule(when: number | null): void {
    if (this._state !== ENTERED) {
      if (this._state === CREATED) throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this._state} Timeout`);
    }
    this._when = when ?? null;
    if (this._timeout_handler !== null) this._timeout_handler.cancel();
    if (when == null) {
      this._timeout_handler = null;
    } else {
      const loop = get_running_loop();
      if (when <= loop.time()) this._timeout_handler = loop._call_soon(this._on_timeout, null, null);
      else this._timeout_handler = loop._call_at(when, this._on_timeout, null, null);
    }
  }

  /** True once the deadline has passed while the block ran. */
  expired(): boolean {
    return this._state === EXPIRING || this._state === EXPIRED;
  }

  __repr__(): string {
    let info = "";
    if (this._state === ENTERED) {
      const when = this._when === null ? "None" : floatRepr(Number(this._when.toFixed(3)));
      info = ` when=${when}`;
    }
    return `<Timeout [${this._state}]${info}>`;
  }

  /** `async with` entry: binds the current task and arms the deadline. */
  __aenter__(): Coroutine<this> {
    return new Coroutine(this._enter(), "__aenter__", "Timeout.__aenter__");
  }

  /** `async with` exit; converts our own cancellation into TimeoutError (see the header). */
  __aexit__(exc: unknown): Coroutine<null> {
    return new Coroutine(this._exit(exc), "__aexit__", "Timeout.__aexit__");
  }

  /** For the TypeScript checker (`await using`); compiled code calls __aexit__. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }

  // eslint-disable-next-line require-yield
  private *_enter(): Generator<unknown, this, unknown> {
    if (this._state !== CREATED) throw new RuntimeError("Timeout has already been entered");
    const task = current_task();
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    this._state = ENTERED;
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
    return this;
  }

  // eslint-disable-next-line require-yield
  private *_exit(exc: unknown): Generator<unknown, null, unknown> {
    if (this._timeout_handler !== null) {
      this._timeout_handler.cancel();
      this._timeout_handler = null;
    }
    if (this._state === EXPIRING) {
      this._state = EXPIRED;
      if (this._task!.uncancel() <= this._cancelling && exc != null && isExactlyCancelledError(exc)) {
        // No new cancel requests: the cancellation was ours.
        const err = new TimeoutError();
        err.__cause__ = exc;
        err.__context__ = exc;
        throw err;
      }
    } else if (this._state === ENTERED) {
      this._state = EXITED;
    }
    return null;
  }

  /** @internal The deadline passed: cancel the task. */
  _on_timeout(): void {
    this._task!.cancel();
    this._state = EXPIRING;
    this._timeout_handler = null;
  }
}

/** `async with timeout(delay):` — a Timeout `delay` seconds from now (null: no deadline). */
export function timeout(delay: number | null): Timeout {
  const loop = get_running_loop();
  return new Timeout(delay != null ? loop.time() + delay : null);
}

/** `async with timeout_at(when):` — a Timeout at absolute loop time `when` (null: none). */
export function timeout_at(when: number | null): Timeout {
  return new Timeout(when);
}
