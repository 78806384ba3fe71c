// The asyncio API as a JavaScript developer would have written the same program without
// asyncts — for `asyncts explain`, which runs a DSL file twice: once compiled (asyncio's
// lazy coroutines on the explicit loop) and once as plain TypeScript against this module.
// Here async functions stay native and eager, and every name maps to its natural native
// counterpart:
//   sleep(d)             → a setTimeout(d * 1000) promise
//   create_task(p)       → p, the promise already running (ensure_future too)
//   gather(...ps)        → Promise.all (return_exceptions: allSettled, errors as values)
//   run(main)            → main's promise (the native transform awaits it at top level)
//   loop.call_soon       → setImmediate;  loop.call_later / call_at → setTimeout
//   loop.time()          → performance.now() in seconds
//   print                → a console.log of the line, formatted as print formats it
//                          (so the two transcripts differ only where the order does)
// Anything else has no natural native counterpart (a Future you resolve by hand, Queue,
// TaskGroup, cancellation...): using it throws NativeUnsupported, and explain says so
// rather than guessing. The exception classes are the runtime's own.
import { writeSync, writeFileSync } from "node:fs";
import { str, splitKw, kw, KwArgs, repr } from "./py/format.js";
import * as exceptions from "./py/exceptions.js";

export const UNSUPPORTED_MARK = "asyncts-native-unsupported:";

/** An API without a native counterpart was used. */
export class NativeUnsupported extends Error {
  constructor(readonly api: string) {
    super(`asyncio.${api} has no natural native counterpart`);
    this.name = "NativeUnsupported";
  }
}

// One record per printed line, for explain's "why": where in a native run the line came from.
const origins: string[] = [];
const metaFile = process.env.ASYNCTS_EXPLAIN_META;

/** Where a print call runs, from its stack: the synchronous start of a function called by
 * another (an async function's eager start), a resumed async function (after an await),
 * a promise callback (microtask), a setImmediate or setTimeout callback, or plain code. */
function originOf(stack: string): string {
  // Frames below print, minus this module and V8's "at async f" continuation markers.
  const frames = stack.split("\n").slice(1).map((l) => l.trim()).filter((l) => l.startsWith("at ") && !l.startsWith("at async ") && !l.includes("native_shim"));
  const user = frames.filter((l) => !/\(node:|^at node:/.test(l));
  const nameOf = (l: string | undefined) => (l === undefined ? "" : (/^at (?:new )?([\w$.<>]+) \(/.exec(l)?.[1] ?? "<module>").replace(/^(Object|Immediate|Timeout)\./, ""));
  const all = frames.join("\n");
  if (user.length >= 2) return `called ${nameOf(user[0])} ${nameOf(user[1])}`;
  const f = nameOf(user[0]) || "-";
  if (/processImmediate/.test(all)) return `immediate ${f}`;
  if (/listOnTimeout|processTimers/.test(all)) return `timeout ${f}`;
  // V8 runs microtasks from its own queue: no JS frame below the callback (or Node's tick loop).
  if (/processTicksAndRejections/.test(all) || frames.length === user.length) return `microtask ${f}`;
  return `module ${f}`;
}

function out(text: string): void {
  writeSync(1, text);
}

export function print(...args: unknown[]): void {
  const [values, opts] = splitKw<{ sep?: string | null; end?: string | null }>(args);
  const sep = opts.sep ?? " ";
  const end = opts.end ?? "\n";
  let text = "";
  for (let i = 0; i < values.length; i++) text += (i ? sep : "") + str(values[i]);
  text += end;
  if (metaFile) for (let n = text.split("\n").length - 1; n > 0; n--) origins.push(originOf(new Error().stack ?? ""));
  out(text);
}

export function sleep<T = null>(delay: number, result: T = null as T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(result), Math.max(0, delay) * 1000));
}

export function create_task<T>(p: PromiseLike<T>): PromiseLike<T> {
  return p;
}
export const ensure_future = create_task;

export function gather(...args: unknown[]): Promise<unknown[]> {
  let aws = args;
  let returnExceptions = false;
  const last = aws[aws.length - 1];
  if (last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype && typeof (last as any).then !== "function") {
    returnExceptions = !!(last as any).return_exceptions;
    aws = aws.slice(0, -1);
  }
  if (!returnExceptions) return Promise.all(aws);
  return Promise.allSettled(aws).then((rs) => rs.map((r) => (r.status === "fulfilled" ? r.value : r.reason)));
}

export function run<T>(main: PromiseLike<T>): PromiseLike<T> {
  return main;
}

/** A Handle / TimerHandle stand-in: cancel() clears the Node immediate or timer. */
class NativeHandle {
  private _cancelled = false;
  constructor(private readonly clear: () => void, private readonly _when?: number) {}
  cancel(): void {
    if (!this._cancelled) this.clear();
    this._cancelled = true;
  }
  cancelled(): boolean {
    return this._cancelled;
  }
  when(): number {
    if (this._when === undefined) throw new NativeUnsupported("Handle.when");
    return this._when;
  }
}

const time = (): number => performance.now() / 1000;

const nativeLoop = {
  time,
  call_soon(cb: (...a: unknown[]) => unknown, ...args: unknown[]): NativeHandle {
    const [pos] = splitKw(args);
    const h = setImmediate(() => cb(...pos));
    return new NativeHandle(() => clearImmediate(h));
  },
  call_later(delay: number, cb: (...a: unknown[]) => unknown, ...args: unknown[]): NativeHandle {
    const [pos] = splitKw(args);
    const t = setTimeout(() => cb(...pos), Math.max(0, delay) * 1000);
    return new NativeHandle(() => clearTimeout(t), time() + delay);
  },
  call_at(when: number, cb: (...a: unknown[]) => unknown, ...args: unknown[]): NativeHandle {
    return nativeLoop.call_later(when - time(), cb, ...args);
  },
  create_task,
  is_running: () => true,
  is_closed: () => false,
  get_debug: () => false,
};
// The loop has only the methods above; asking for another is unsupported, not undefined.
const loopProxy = new Proxy(nativeLoop, {
  get(target, key) {
    if (typeof key === "symbol" || key in target) return (target as any)[key];
    if (key === "then") return undefined;
    throw new NativeUnsupported(`get_running_loop().${key}`);
  },
});
export const get_running_loop = () => loopProxy;
export const get_event_loop = get_running_loop;

/** A placeholder for a name without a native counterpart: calling, constructing or reading it throws. */
function unsupported(name: string): unknown {
  const stub = function () {} as any;
  return new Proxy(stub, {
    apply() {
      throw new NativeUnsupported(name);
    },
    construct() {
      throw new NativeUnsupported(name);
    },
    get(_t, key) {
      if (typeof key === "symbol" || key === "then" || key === "prototype") return undefined;
      throw new NativeUnsupported(`${name}.${String(key)}`);
    },
  });
}

const supported: Record<string, unknown> = {
  ...exceptions,
  print, kw, KwArgs, str, repr, sleep, create_task, ensure_future, gather, run, get_running_loop, get_event_loop,
};

/** The whole module as the program sees it (the native transform binds every import to it). */
const api: Record<string, unknown> = new Proxy(supported, {
  get(target, key) {
    if (typeof key === "symbol") return undefined;
    if (key in target) return target[key];
    if (key === "then" || key === "__esModule") return undefined;
    return unsupported(key);
  },
});
export default api;

function report(err: unknown): void {
  if (err instanceof NativeUnsupported) {
    writeSync(2, `${UNSUPPORTED_MARK} ${err.api}\n`);
    process.exit(3);
  }
  const e = err as any;
  writeSync(2, `${e?.stack ?? String(err)}\n${e?.name ?? "Error"}: ${e?.message ?? String(err)}\n`);
  process.exit(1);
}
process.on("uncaughtException", report);
process.on("unhandledRejection", report);
process.on("exit", () => {
  if (metaFile) writeFileSync(metaFile, JSON.stringify(origins));
});
