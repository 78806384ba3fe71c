// Executors for loop.run_in_executor (Python's concurrent.futures), named as Python names them
// and exported at the top level of asyncts, as contextvars' and the builtins' names are:
// `from concurrent.futures import ProcessPoolExecutor` is `import { ProcessPoolExecutor } from "asyncts"`.
//
// - ProcessPoolExecutor really runs in parallel: each of its workers is a node:worker_threads
//   Worker with its own heap (node_workers.ts), which is what a Python worker process is —
//   so it has a process pool's rules: the function must be exported from a module (Python
//   pickles functions by module and name; here the pool is told the modules with
//   `modules: [...]` and finds the function among their exports), and arguments and results
//   are copied (structured clone instead of pickle; what cannot be cloned is a TypeError
//   naming it). Class instances arrive as plain objects, Buffers as Uint8Arrays.
// - ThreadPoolExecutor (thread_pool.ts) is the loop itself, like the default executor: Node
//   has no second thread that can run a closure over the caller's variables, and a thread
//   pool's promise is exactly that (any callable, shared state). Its calls run one after
//   another in loop callbacks, never in parallel.
//
// submit() returns a native Promise (the stand-in for concurrent.futures.Future, as in
// run_coroutine_threadsafe) with a cancel() method: a job not yet started is dropped and its
// Promise rejects with CancelledError. run_in_executor wraps it with wrap_future, so the
// result enters the loop through call_soon_threadsafe and the pending job counts as outside
// work; cancelling the asyncio Future cancels the job (as _chain_future does).
import { cpus } from "node:os";
import { pathToFileURL, fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { PoolWorker, type WorkerReply, type SerializedError } from "./node_workers.js";
import * as pyexc from "./py/exceptions.js";
import { RuntimeError, ValueError, CancelledError, Exception } from "./py/exceptions.js";
import type { Executor } from "./futures.js";
import { ExecutorBase } from "./executor_base.js";
import { hostImport } from "./host.js";

/** The Promise submit() returns: concurrent.futures.Future's place, with its cancel(). */
export type ConcurrentFuture<T> = Promise<T> & {
  /** Drops the job if it has not started (true); false once it runs or is done. */
  cancel(): boolean;
};

/** concurrent.futures.BrokenExecutor. */
export class BrokenExecutor extends RuntimeError {}
Object.defineProperty(BrokenExecutor, "name", { value: "BrokenExecutor" });
Object.defineProperty(BrokenExecutor, "__module__", { value: "concurrent.futures._base" });
/** concurrent.futures.process.BrokenProcessPool: a worker ended abruptly. */
export class BrokenProcessPool extends BrokenExecutor {}
Object.defineProperty(BrokenProcessPool, "name", { value: "BrokenProcessPool" });
Object.defineProperty(BrokenProcessPool, "__module__", { value: "concurrent.futures.process" });

export interface ProcessPoolOptions {
  /** How many workers at most (default: the number of CPUs). */
  max_workers?: number | null;
  /** The modules whose exported functions the pool may run: URLs, `file:` URLs, absolute
   * paths or package specifiers (`new URL("./work.js", import.meta.url)`, `"node:zlib"`). */
  modules?: Iterable<string | URL>;
  /** An exported function called in each worker before its first job. */
  initializer?: ((...args: any[]) => unknown) | null;
  initargs?: unknown[];
  /** A worker is replaced after this many jobs. */
  max_tasks_per_child?: number | null;
}

interface FnRef {
  url: string;
  name: string;
}

interface Job {
  id: number;
  ref: FnRef;
  fname: string;
  args: unknown[];
  resolve: (v: any) => void;
  reject: (e: unknown) => void;
  state: "pending" | "running" | "done";
  init?: boolean;
}

function toUrl(m: string | URL): string {
  const href = m instanceof URL ? m.href : isAbsolute(m) ? pathToFileURL(m).href : m;
  return compiledUrl(href);
}

/** `new URL("./work.js", import.meta.url)` inside a program `asyncts run` compiled: the run
 * cache names each output after its source (`work.ts.js`), so look for that when the plain
 * name is not there. */
function compiledUrl(href: string): string {
  if (!href.startsWith("file:") || !href.endsWith(".js")) return href;
  try {
    if (existsSync(fileURLToPath(href))) return href;
    for (const ext of [".ts", ".mts", ".tsx"]) {
      const alt = href.slice(0, -3) + ext + ".js";
      if (existsSync(fileURLToPath(alt))) return alt;
    }
  } catch {}
  return href;
}

function fnName(fn: unknown): string {
  return typeof fn === "function" ? fn.name || "<lambda>" : String(fn);
}

/** A pool of worker threads that runs exported functions in parallel (see the header). */
export class ProcessPoolExecutor extends ExecutorBase implements Executor {
  private _max_workers: number;
  private _modules: string[];
  private _refs: Promise<Map<Function, FnRef>> | null = null;
  private _initializer: ((...args: any[]) => unknown) | null;
  private _initargs: unknown[];
  private _max_tasks: number | null;
  private _queue: Job[] = [];
  private _workers = new Set<PoolWorker>();
  private _running = new Map<PoolWorker, Job>();
  private _counts = new Map<PoolWorker, number>();
  private _refMap: Map<Function, FnRef> | null = null;
  private _next_id = 0;
  /** jobs submitted whose function is still being looked up (shutdown waits for them) */
  private _resolving = 0;
  private _shutdown = false;
  private _broken: string | null = null;
  private _exited: (() => void)[] = [];

  constructor(opts: ProcessPoolOptions | number | null = {}) {
    super();
    const o: ProcessPoolOptions = typeof opts === "number" ? { max_workers: opts } : opts ?? {};
    if (o.max_workers == null) this._max_workers = Math.max(1, cpus().length);
    else {
      if (!(o.max_workers > 0)) throw new ValueError("max_workers must be greater than 0");
      this._max_workers = o.max_workers;
    }
    if (o.max_tasks_per_child != null) {
      if (!Number.isInteger(o.max_tasks_per_child)) throw new TypeError("max_tasks_per_child must be an integer");
      if (o.max_tasks_per_child <= 0) throw new ValueError("max_tasks_per_child must be >= 1");
    }
    this._max_tasks = o.max_tasks_per_child ?? null;
    this._modules = [...(o.modules ?? [])].map(toUrl);
    this._initializer = o.initializer ?? null;
    this._initargs = o.initargs ?? [];
  }

  /** The number of workers at most (Python's _max_workers). */
  get max_workers(): number {
    return this._max_workers;
  }

  /** Schedules fn(...args) on a worker; a Promise of its result (see ConcurrentFuture). */
  submit<R>(fn: (...args: any[]) => R, ...args: unknown[]): ConcurrentFuture<Awaited<R>> {
    if (this._broken !== null) throw new BrokenProcessPool(this._broken);
    if (this._shutdown) throw new RuntimeError("cannot schedule new futures after shutdown");
    if (typeof fn !== "function") throw new TypeError(`${String(fn)} is not callable`);
    let job!: Job;
    const p = new Promise<Awaited<R>>((resolve, reject) => {
      job = { id: ++this._next_id, ref: null as any, fname: fnName(fn), args, resolve, reject, state: "pending" };
    }) as ConcurrentFuture<Awaited<R>>;
    // Like a concurrent.futures.Future, a job nobody waits for never reports its error.
    p.catch(() => {});
    p.cancel = () => {
      if (job.state !== "pending") return false;
      job.state = "done";
      const i = this._queue.indexOf(job);
      if (i >= 0) this._queue.splice(i, 1);
      job.reject(new CancelledError());
      return true;
    };
    this._resolving++;
    this._resolve(fn).then(
      (ref) => {
        this._resolving--;
        if (job.state !== "pending") return this._reap();
        if (this._broken !== null) {
          job.state = "done";
          job.reject(new BrokenProcessPool("A process in the process pool was terminated abruptly while the future was running or pending."));
          return this._reap();
        }
        job.ref = ref;
        this._queue.push(job);
        this._dispatch();
      },
      (err) => {
        this._resolving--;
        if (job.state === "pending") {
          job.state = "done";
          job.reject(err);
        }
        this._reap();
      },
    );
    return p;
  }

  /** Stops accepting jobs; the Promise settles when every worker has ended. With
   * cancel_futures, jobs not yet started are cancelled; otherwise they still run. */
  shutdown(wait = true, opts: { cancel_futures?: boolean } = {}): Promise<void> {
    this._shutdown = true;
    if (opts.cancel_futures) {
      for (const job of this._queue.splice(0)) {
        job.state = "done";
        job.reject(new CancelledError());
      }
    }
    const done = new Promise<void>((resolve) => this._exited.push(resolve));
    this._reap();
    return wait ? done : Promise.resolve();
  }

  /** Finds fn among the exports of the pool's modules (loaded once, in this thread). */
  private _resolve(fn: Function): Promise<FnRef> {
    this._refs ??= Promise.all(this._modules.map((url) => hostImport(url).then((ns) => [url, ns] as const))).then((mods) => {
      const refs = new Map<Function, FnRef>();
      for (const [url, ns] of mods) {
        for (const [name, value] of Object.entries(ns)) {
          if (typeof value === "function" && !refs.has(value)) refs.set(value, { url, name });
        }
      }
      return (this._refMap = refs);
    });
    return this._refs.then((refs) => {
      const ref = refs.get(fn);
      if (ref) return ref;
      const where = this._modules.length ? `an export of ${this._modules.join(", ")}` : "exported from a module given as ProcessPoolExecutor({ modules })";
      throw new TypeError(`cannot send ${fnName(fn)}() to a worker: it is not ${where}; a pool runs functions exported from a module (modules: [new URL("./file.js", import.meta.url)])`);
    });
  }

  private _dispatch(): void {
    while (this._queue.length && this._broken === null) {
      let worker: PoolWorker | null = null;
      for (const w of this._workers) if (!w.busy && !w.exited) worker = w;
      if (worker === null) {
        if (this._workers.size >= this._max_workers) return;
        worker = new PoolWorker((w, r) => this._on_reply(w, r), (w) => this._on_exit(w));
        this._workers.add(worker);
        this._counts.set(worker, 0);
        if (this._initializer !== null) {
          // A new worker runs the initializer first, as a job nobody awaits.
          const ref = this._refMap!.get(this._initializer);
          if (!ref) {
            this._break(new TypeError(`cannot send the initializer ${fnName(this._initializer)}() to a worker: it is not an export of the pool's modules`));
            return;
          }
          const init: Job = { id: ++this._next_id, ref, fname: fnName(this._initializer), args: this._initargs, resolve: () => {}, reject: () => {}, state: "pending", init: true };
          this._start(worker, init);
          continue;
        }
      }
      this._start(worker, this._queue.shift()!);
    }
  }

  private _start(worker: PoolWorker, job: Job): void {
    job.state = "running";
    try {
      worker.post({ id: job.id, url: job.ref.url, name: job.ref.name, args: job.args });
    } catch (e) {
      job.state = "done";
      if (job.init) this._break(cloneError(job, e));
      else job.reject(cloneError(job, e));
      return;
    }
    this._running.set(worker, job);
  }

  private _on_reply(worker: PoolWorker, reply: WorkerReply): void {
    const job = this._running.get(worker);
    this._running.delete(worker);
    worker.idle();
    if (job && job.id === reply.id) {
      job.state = "done";
      if (job.init) {
        // Python's worker process ends when its initializer raises: the pool is broken.
        if (!reply.ok) this._break(null);
      } else {
        if (reply.ok) job.resolve(reply.value);
        else job.reject(deserializeError(reply.error));
        const n = (this._counts.get(worker) ?? 0) + 1;
        this._counts.set(worker, n);
        if (this._max_tasks !== null && n >= this._max_tasks) this._retire(worker);
      }
    }
    this._dispatch();
    this._reap();
  }

  private _on_exit(worker: PoolWorker): void {
    const retired = !this._workers.has(worker);
    this._workers.delete(worker);
    const job = this._running.get(worker);
    this._running.delete(worker);
    // A worker that ended on its own breaks the pool, as a dead Python worker process does.
    if (!retired) this._break(null, job);
    this._reap();
  }

  /** The pool cannot go on: fail what is running and pending (with `err`, or BrokenProcessPool). */
  private _break(err: unknown, running?: Job): void {
    if (this._broken === null) this._broken = "A child process terminated abruptly, the process pool is not usable anymore";
    const fail = () => err ?? new BrokenProcessPool("A process in the process pool was terminated abruptly while the future was running or pending.");
    const jobs = [...(running ? [running] : []), ...this._running.values(), ...this._queue.splice(0)];
    for (const job of jobs) {
      if (job.state === "done" || job.init) continue;
      job.state = "done";
      job.reject(fail());
    }
    this._running.clear();
    this._shutdown = true;
    for (const w of [...this._workers]) this._retire(w);
  }

  private _retire(worker: PoolWorker): void {
    this._workers.delete(worker);
    void worker.terminate();
  }

  /** After shutdown: ends idle workers once nothing is queued; settles the waiters when all are gone. */
  private _reap(): void {
    if (!this._shutdown || this._resolving > 0) return;
    if (this._queue.length === 0) {
      for (const w of [...this._workers]) if (!w.busy) this._retire(w);
    }
    if (this._workers.size === 0 && this._running.size === 0) {
      for (const resolve of this._exited.splice(0)) resolve();
    }
  }
}

/** A TypeError naming the argument that structured clone refused. */
function cloneError(job: Job, e: unknown): unknown {
  if ((e as any)?.name !== "DataCloneError") return e;
  for (let i = 0; i < job.args.length; i++) {
    try {
      structuredClone(job.args[i]);
    } catch (inner: any) {
      return new TypeError(`cannot send argument ${i + 1} of ${job.fname}() to a worker: ${inner?.message ?? inner} (arguments are structured-cloned)`);
    }
  }
  return new TypeError(`cannot send the arguments of ${job.fname}() to a worker: ${(e as any).message}`);
}

const ERROR_CLASSES: Record<string, new (...args: any[]) => Error> = {
  Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError,
};
for (const [key, value] of Object.entries(pyexc)) {
  if (typeof value === "function" && value.prototype instanceof Error) ERROR_CLASSES[(value as any).name ?? key] = value as any;
}

/** The worker's error as an instance of the same Python/JS class where this thread has it,
 * else an Exception carrying the original class name; its stack is the worker's. */
function deserializeError(s: SerializedError): Error {
  const cls = ERROR_CLASSES[s.name];
  let e: Error;
  try {
    e = cls ? (s.args && cls.prototype instanceof pyexc.BaseException ? new cls(...s.args) : new cls(s.message)) : new Exception(s.message);
  } catch {
    e = new Exception(s.message);
  }
  if (!cls) (e as any).name = s.name;
  if (s.stack) Object.defineProperty(e, "stack", { value: s.stack, writable: true, configurable: true });
  return e;
}
