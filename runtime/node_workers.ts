// The Node side of ProcessPoolExecutor (concurrent_futures.ts): one node:worker_threads
// Worker per pool "process". A worker has its own isolate and heap, like a Python worker
// process: it imports the module that exports the function, calls it with structured-cloned
// arguments, and posts the structured-cloned result (or the error) back. It runs one job at
// a time, as a Python pool process does.
//
// The worker's code is evaluated from a string (Worker `eval: true`), so it needs no file of
// its own in dist/ and works the same from the sources (vitest) and from the bundle. Workers
// inherit the parent's execArgv, so `node --import asyncts/register` hooks apply there too.
import type { Worker } from "node:worker_threads";
import { lazyBuiltin } from "./host.js";

const workerThreads = lazyBuiltin<typeof import("node:worker_threads")>("node:worker_threads");

export interface WorkerJob {
  id: number;
  url: string;
  name: string;
  args: unknown[];
}

/** An error as it crosses the thread boundary (Error subclasses lose their class in structured clone). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  args?: unknown[];
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

// Runs inside the worker (CommonJS, no imports: it is shipped as source text).
/* c8 ignore start */
function workerMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require("node:worker_threads");
  const modules = new Map<string, Promise<any>>();
  const load = (url: string): Promise<any> => {
    let p = modules.get(url);
    if (!p) modules.set(url, (p = import(url)));
    return p;
  };
  const serialize = (e: any) => {
    const out: any = { name: String(e?.name ?? "Exception"), message: e instanceof Error ? e.message : String(e), stack: e?.stack };
    try {
      if (Array.isArray(e?.args)) out.args = structuredClone(e.args);
    } catch {}
    return out;
  };
  const isCoroutine = (v: any) => v !== null && typeof v === "object" && "cr_running" in v && typeof v.close === "function" && typeof v.then === "function";
  parentPort.on("message", async (job: any) => {
    let reply: any;
    try {
      const mod = await load(job.url);
      const fn = mod[job.name];
      if (typeof fn !== "function") throw new TypeError(`${job.name} is not a function exported by ${job.url}`);
      let value = fn(...job.args);
      // A DSL coroutine function's result is a coroutine object: Python cannot pickle it either.
      if (isCoroutine(value)) {
        value.close();
        throw new TypeError("cannot pickle 'coroutine' object");
      }
      if (value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function") value = await value;
      reply = { id: job.id, ok: true, value };
    } catch (e) {
      reply = { id: job.id, ok: false, error: serialize(e) };
    }
    try {
      parentPort.postMessage(reply);
    } catch (e: any) {
      parentPort.postMessage({
        id: job.id,
        ok: false,
        error: { name: "TypeError", message: `cannot send the result of ${job.name}() back from the worker: ${e?.message ?? e}` },
      });
    }
  });
}
/* c8 ignore stop */

const WORKER_SOURCE = `(${workerMain.toString()})()`;

/** One pool worker: post jobs, hear replies and its exit. Unreferenced while idle, so an idle
 * pool never keeps Node alive (a busy one does, as Python waits for running jobs at exit). */
export class PoolWorker {
  private _worker: Worker;
  private _busy = false;
  exited = false;

  constructor(onReply: (w: PoolWorker, reply: WorkerReply) => void, onExit: (w: PoolWorker, reason: string) => void) {
    this._worker = new (workerThreads().Worker)(WORKER_SOURCE, { eval: true });
    this._worker.unref();
    this._worker.on("message", (reply: WorkerReply) => onReply(this, reply));
    // An uncaught error outside a job (or process.exit() in the job) ends the worker.
    let reason = "exited";
    this._worker.on("error", (e) => {
      reason = String((e as any)?.message ?? e);
    });
    this._worker.on("exit", (code) => {
      this.exited = true;
      onExit(this, code === 0 ? reason : `${reason} (exit code ${code})`);
    });
  }

  get busy(): boolean {
    return this._busy;
  }

  /** Sends a job; throws the DataCloneError of an argument that cannot be cloned. */
  post(job: WorkerJob): void {
    this._worker.postMessage(job);
    this._busy = true;
    this._worker.ref();
  }

  idle(): void {
    this._busy = false;
    this._worker.unref();
  }

  terminate(): Promise<unknown> {
    return this._worker.terminate();
  }
}
