// asyncio.run and Runner (asyncio/runners.py). Both return Promises: the loop runs on
// Node, so "run until complete" means "settle when complete". At module level the
// compiler awaits them, so the statements after run() still run after the loop is done.
import { _get_running_loop, new_event_loop, set_event_loop, type AbstractEventLoop } from "./events.js";
import { Coroutine } from "./coroutines.js";
import { Context, copy_context } from "./py/contextvars.js";
import { RuntimeError, ValueError, CancelledError, KeyboardInterrupt } from "./py/exceptions.js";
import { all_tasks, type Task } from "./tasks.js";
import { _gather_list } from "./combinators.js";
import { repr } from "./py/format.js";
import { Future, _failed } from "./futures.js";

const CREATED = 0, INITIALIZED = 1, CLOSED = 2;

export interface RunnerOptions {
  debug?: boolean | null;
  loop_factory?: (() => AbstractEventLoop) | null;
}

/** A context manager that runs coroutines on one loop it owns, then closes it. */
/** A native Promise here means the caller's async functions were not made coroutines. */
const NOT_COMPILED = "; this module was not compiled by asyncts (its async functions are native JavaScript ones): " +
  "run it with 'asyncts run FILE.ts' or 'node --import asyncts/register FILE.ts', or add the asyncts plugin ('asyncts/rollup') to your rollup, vite or vitest config";

export class Runner {
  private _state = CREATED;
  private _debug: boolean | null;
  private _loop_factory: (() => AbstractEventLoop) | null;
  private _loop: AbstractEventLoop | null = null;
  private _context: Context | null = null;
  private _set_event_loop = false;
  private _interrupt_count = 0;

  constructor(opts: RunnerOptions = {}) {
    this._debug = opts.debug ?? null;
    this._loop_factory = opts.loop_factory ?? null;
  }

  /** Runs `coro` to completion on this runner's loop and returns (a Promise of) its result. */
  run<T>(coro: PromiseLike<T>, opts: { context?: Context | null } = {}): Promise<T> {
    if (!(coro instanceof Coroutine)) throw new ValueError(`a coroutine was expected, got ${repr(coro)}${coro instanceof Promise ? NOT_COMPILED : ""}`);
    if (_get_running_loop() !== null) throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    this._lazy_init();
    const loop = this._loop!;
    const task = loop.create_task(coro as Coroutine<T>, { context: opts.context ?? this._context }) as Task<T>;
    this._interrupt_count = 0;
    // CPython's Runner installs its SIGINT handler only over the default one; the loop
    // counts it as a signal watcher, so a busy loop still lets Node deliver Ctrl-C.
    const onSigint = () => this._on_sigint(task, origin);
    const installSigint = process.listenerCount("SIGINT") === 0;
    // Where run() was called: the frames a KeyboardInterrupt's traceback shows (it is made
    // in a Node callback, with no user code on the stack).
    const origin: { stack?: string } = {};
    if (installSigint) {
      Error.captureStackTrace(origin, Runner.prototype.run);
      process.on("SIGINT", onSigint);
      loop._signal_watchers++;
    }
    const cleanup = () => {
      if (installSigint) {
        process.off("SIGINT", onSigint);
        loop._signal_watchers--;
      }
    };
    return loop.run_until_complete(task).then(
      (v) => {
        cleanup();
        return v;
      },
      (err) => {
        cleanup();
        if (err instanceof CancelledError && this._interrupt_count > 0 && task.uncancel() === 0) {
          throw keyboardInterruptAt(origin);
        }
        throw err;
      },
    );
  }

  private _on_sigint(mainTask: Task<any>, origin: { stack?: string }): void {
    // loop.add_signal_handler(SIGINT, ...) replaces the Runner's handler, as signal.signal does in CPython.
    if (this._loop?._signal_handlers?.has(2)) return;
    this._interrupt_count += 1;
    if (this._interrupt_count === 1 && !mainTask.done()) {
      mainTask.cancel();
      // Wake the loop up if it waits.
      this._loop!.call_soon_threadsafe(() => {});
      return;
    }
    // The second Ctrl-C: KeyboardInterrupt out of the loop; close() then cancels the other
    // tasks (their finally blocks run) and the traceback follows, as in CPython.
    this._loop!._raise_in_loop(keyboardInterruptAt(origin));
  }

  /** Cancels what is left, finalises async generators, then closes the loop. */
  close(): Promise<void> {
    if (this._state !== INITIALIZED) return Promise.resolve();
    try {
      return this._close_steps(0) ?? Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** close()'s steps from `i` on, each run through synchronously when the loop needs no wait
   * for it (a plain `using` block then ends with the loop closed, as Python's `with` does);
   * null when all are done, else the Promise of the rest. */
  private _close_steps(i: number): Promise<void> | null {
    const loop = this._loop!;
    try {
      for (; i < 3; i++) {
        const p = i === 0 ? cancelAllTasks(loop) : runNow(loop, i === 1 ? loop.shutdown_asyncgens() : loop.shutdown_default_executor());
        if (p !== null) {
          const next = i + 1;
          return p.then(
            () => this._close_steps(next) ?? undefined,
            (err) => {
              this._finish_close(loop);
              throw err;
            },
          );
        }
      }
    } catch (err) {
      this._finish_close(loop);
      throw err;
    }
    this._finish_close(loop);
    return null;
  }

  private _finish_close(loop: AbstractEventLoop): void {
    if (this._set_event_loop) set_event_loop(null);
    loop.close();
    this._loop = null;
    this._state = CLOSED;
  }

  get_loop(): AbstractEventLoop {
    this._lazy_init();
    return this._loop!;
  }

  private _lazy_init(): void {
    if (this._state === CLOSED) throw new RuntimeError("Runner is closed");
    if (this._state === INITIALIZED) return;
    if (this._loop_factory === null) {
      this._loop = new_event_loop();
      if (!this._set_event_loop) {
        set_event_loop(this._loop);
        this._set_event_loop = true;
      }
    } else {
      this._loop = this._loop_factory();
    }
    if (this._debug !== null) this._loop.set_debug(this._debug);
    this._context = copy_context();
    this._state = INITIALIZED;
  }

  async __aenter__(): Promise<this> {
    this._lazy_init();
    return this;
  }
  async __aexit__(_exc: unknown): Promise<void> {
    await this.close();
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
  /** `with asyncio.Runner() as runner:` — `using runner = new asyncio.Runner()`. */
  __enter__(): this {
    this._lazy_init();
    return this;
  }
  __exit__(_exc: unknown): null {
    this[Symbol.dispose]();
    return null;
  }
  /**
   * The end of a plain `using` block: close(). The loop runs on Node, so this cannot wait
   * for it: what close() can do without waiting (cancelling the tasks left, which run their
   * finally blocks in iterations that need no wait) happens before the block's next
   * statement; the rest (async generators' finalisation, the loop's close) follows in
   * microtasks. An error there is an uncaught exception of the program.
   */
  [Symbol.dispose](): void {
    if (this._state !== INITIALIZED) return;
    const rest = this._close_steps(0);
    rest?.catch((err) => {
      queueMicrotask(() => {
        throw err;
      });
    });
  }
}

function keyboardInterruptAt(origin: { stack?: string }): KeyboardInterrupt {
  const exc = new KeyboardInterrupt();
  if (origin.stack !== undefined) exc.stack = "KeyboardInterrupt" + origin.stack.slice(origin.stack.indexOf("\n"));
  return exc;
}

/** Runs `aw` to completion on `loop`: null if that took no wait on Node (the loop ran it
 * through synchronously; what it raised is thrown), else the Promise of it. */
function runNow(loop: AbstractEventLoop, aw: Future<unknown> | Coroutine<unknown>): Promise<unknown> | null {
  const fut = aw instanceof Future ? aw : loop.create_task(aw);
  const p = loop.run_until_complete(fut);
  if (!fut.done() || loop.is_running()) return p;
  p.catch(() => {}); // settled as fut is, read below
  fut.result();
  return null;
}

function cancelAllTasks(loop: AbstractEventLoop): Promise<void> | null {
  const toCancel = all_tasks(loop);
  if (toCancel.size === 0) return null;
  for (const task of toCancel) task.cancel();
  const report = () => {
    for (const task of toCancel) {
      if (task.cancelled()) continue;
      task.exception();
      if (_failed(task)) {
        loop.call_exception_handler({
          message: "unhandled exception during asyncio.run() shutdown",
          exception: task.exception(),
          task,
        });
      }
    }
  };
  const p = runNow(loop, _gather_list([...toCancel], true));
  if (p === null) report();
  return p === null ? null : p.then(report);
}

/** Runs the coroutine `main` on a new loop, then cancels what is left and closes the loop. */
export function run<T>(main: PromiseLike<T>, opts: RunnerOptions = {}): Promise<T> {
  if (_get_running_loop() !== null) {
    if (main instanceof Coroutine) main.close();
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  const runner = new Runner(opts);
  let result: Promise<T>;
  try {
    result = runner.run(main);
  } catch (err) {
    return runner.close().then(() => {
      throw err;
    });
  }
  return result.then(
    (v) => runner.close().then(() => v),
    (err) => runner.close().then(() => {
      throw err;
    }),
  );
}
