// asyncio.run and Runner (asyncio/runners.py). Both return Promises: the loop runs on
// Node, so "run until complete" means "settle when complete". At module level the
// compiler awaits them, so the statements after run() still run after the loop is done.
import { _get_running_loop, new_event_loop, set_event_loop, type AbstractEventLoop } from "./events.js";
import { Coroutine } from "./coroutines.js";
import { Context, copy_context } from "./py/contextvars.js";
import { RuntimeError, ValueError, CancelledError, KeyboardInterrupt } from "./py/exceptions.js";
import { all_tasks, type Task } from "./tasks.js";
import { gather } from "./combinators.js";
import { repr } from "./py/format.js";

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
    const onSigint = () => this._on_sigint(task);
    const installSigint = process.listenerCount("SIGINT") === 0;
    if (installSigint) process.on("SIGINT", onSigint);
    const cleanup = () => {
      if (installSigint) process.off("SIGINT", onSigint);
    };
    return loop.run_until_complete(task).then(
      (v) => {
        cleanup();
        return v;
      },
      (err) => {
        cleanup();
        if (err instanceof CancelledError && this._interrupt_count > 0 && task.uncancel() === 0) {
          throw new KeyboardInterrupt();
        }
        throw err;
      },
    );
  }

  private _on_sigint(mainTask: Task<any>): void {
    // loop.add_signal_handler(SIGINT, ...) replaces the Runner's handler, as signal.signal does in CPython.
    if (this._loop?._signal_handlers?.has(2)) return;
    this._interrupt_count += 1;
    if (this._interrupt_count === 1 && !mainTask.done()) {
      mainTask.cancel();
      // Wake the loop up if it waits.
      this._loop!.call_soon_threadsafe(() => {});
      return;
    }
    process.exit(130);
  }

  /** Cancels what is left, finalises async generators, then closes the loop. */
  close(): Promise<void> {
    if (this._state !== INITIALIZED) return Promise.resolve();
    const loop = this._loop!;
    const finish = () => {
      if (this._set_event_loop) set_event_loop(null);
      loop.close();
      this._loop = null;
      this._state = CLOSED;
    };
    return cancelAllTasks(loop)
      .then(() => loop.run_until_complete(loop.shutdown_asyncgens()))
      .then(() => loop.run_until_complete(loop.shutdown_default_executor()))
      .then(finish, (err) => {
        finish();
        throw err;
      });
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
}

function cancelAllTasks(loop: AbstractEventLoop): Promise<void> {
  const toCancel = all_tasks(loop);
  if (toCancel.size === 0) return Promise.resolve();
  for (const task of toCancel) task.cancel();
  return loop.run_until_complete(gather(...toCancel, { return_exceptions: true })).then(() => {
    for (const task of toCancel) {
      if (task.cancelled()) continue;
      if (task.exception() !== null) {
        loop.call_exception_handler({
          message: "unhandled exception during asyncio.run() shutdown",
          exception: task.exception(),
          task,
        });
      }
    }
  });
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
