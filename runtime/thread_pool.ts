// concurrent.futures.ThreadPoolExecutor on Node: the loop itself (see concurrent_futures.ts).
import { cpus } from "node:os";
import { RuntimeError, ValueError, CancelledError } from "./py/exceptions.js";
import { Context } from "./py/contextvars.js";
import type { Executor } from "./futures.js";
import { ExecutorBase } from "./executor_base.js";
import type { ConcurrentFuture } from "./concurrent_futures.js";

/**
 * Python's ThreadPoolExecutor, run on the loop (see the header): run_in_executor(pool, fn)
 * behaves exactly as run_in_executor(null, fn) — fn runs in a loop callback, in an empty
 * context, and never in parallel. submit() outside run_in_executor runs fn on Node's next
 * turn (setImmediate) and returns a Promise.
 */
export class ThreadPoolExecutor extends ExecutorBase implements Executor {
  private _max_workers: number;
  private _initializer: ((...args: any[]) => unknown) | null;
  private _initargs: unknown[];
  private _initialized = false;
  private _shutdown = false;
  readonly _thread_name_prefix: string;

  constructor(opts: { max_workers?: number | null; thread_name_prefix?: string; initializer?: ((...args: any[]) => unknown) | null; initargs?: unknown[] } | number | null = {}) {
    super();
    const o = typeof opts === "number" ? { max_workers: opts } : opts ?? {};
    if (o.max_workers == null) this._max_workers = Math.min(32, cpus().length + 4);
    else {
      if (!(o.max_workers > 0)) throw new ValueError("max_workers must be greater than 0");
      this._max_workers = o.max_workers;
    }
    this._thread_name_prefix = o.thread_name_prefix ?? "";
    this._initializer = o.initializer ?? null;
    this._initargs = o.initargs ?? [];
  }

  get max_workers(): number {
    return this._max_workers;
  }

  /** @internal run_in_executor's in-loop path asks this first. */
  _check_open(): void {
    if (this._shutdown) throw new RuntimeError("cannot schedule new futures after shutdown");
  }

  /** @internal Calls fn(...args) now, in an empty context, after the initializer. */
  _in_loop_call(fn: (...args: any[]) => unknown, args: unknown[]): unknown {
    if (!this._initialized) {
      this._initialized = true;
      if (this._initializer !== null) new Context().run(this._initializer, ...this._initargs);
    }
    return new Context().run(fn, ...args);
  }

  submit<R>(fn: (...args: any[]) => R, ...args: unknown[]): ConcurrentFuture<Awaited<R>> {
    this._check_open();
    let started = false, cancelled = false;
    let rejectIt!: (e: unknown) => void;
    const p = new Promise<Awaited<R>>((resolve, reject) => {
      rejectIt = reject;
      setImmediate(() => {
        if (cancelled) return;
        started = true;
        try {
          resolve(this._in_loop_call(fn, args) as Awaited<R>);
        } catch (e) {
          reject(e);
        }
      });
    }) as ConcurrentFuture<Awaited<R>>;
    // Like a concurrent.futures.Future, a job nobody waits for never reports its error.
    p.catch(() => {});
    p.cancel = () => {
      if (started || cancelled) return false;
      cancelled = true;
      rejectIt(new CancelledError());
      return true;
    };
    return p;
  }

  shutdown(_wait = true, _opts: { cancel_futures?: boolean } = {}): Promise<void> {
    this._shutdown = true;
    return Promise.resolve();
  }
}
