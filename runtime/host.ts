// The Node host: clocks, buffered standard output, and the way the loop waits (SPEC §3, §4).
// The loop runs its iterations synchronously; whenever it must wait it hands control
// back to Node (trio's guest mode), which resumes it from a timer or from outside work.
//
// Standard output is Python's sys.stdout: one buffer (block-buffered on a pipe or file,
// line-buffered on a terminal) that print() fills and the loop flushes before it waits and
// at exit. console.log and process.stdout.write go through the same order: the buffer is
// flushed before any write of Node's stdout stream, and that stream is made blocking (Node
// makes a stdout pipe non-blocking), so every writer blocks on a full pipe as CPython does
// instead of spinning on EAGAIN. A reader that went away (`| head -1`) is Python's
// BrokenPipeError: raised by the print() whose flush failed; data lost by any other flush
// is reported at exit as CPython's failed final flush is (exit status 120).
import { fstatSync, writeSync } from "node:fs";
import { createRequire } from "node:module";

// process.getBuiltinModule is Node ≥ 20.16; older Node 20 requires through createRequire.
const requireBuiltin: (id: string) => any = (process as any).getBuiltinModule ?? createRequire(import.meta.url);
/**
 * A Node built-in loaded on first use. TLS (which loads crypto), UDP, DNS, child processes
 * and workers cost about 20 ms of startup together, and most programs use none of them.
 */
export function lazyBuiltin<T>(id: string): { (): T; /** has it been loaded yet? */ readonly loaded: boolean } {
  let mod: T | undefined;
  const get = () => (mod ??= requireBuiltin(id) as T);
  return Object.defineProperty(get, "loaded", { get: () => mod !== undefined }) as any;
}

function isCharDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false; // not open: isatty() says no too
  }
}

let outBuffer = "";
// isatty(1), not process.stdout.isTTY: touching process.stdout builds a stream (milliseconds at startup).
// node:tty is asked only about a character device (a terminal is one): it loads node:net and
// Node's streams, which a pipe or a file never needs.
const stdoutIsTTY = isCharDevice(1) && (requireBuiltin("node:tty") as typeof import("node:tty")).isatty(1);
/** Output was dropped on a broken pipe by a flush no print() raised from. */
let stdoutLost = false;
let makeBrokenPipeError: () => unknown = () => Object.assign(new Error("[Errno 32] Broken pipe"), { code: "EPIPE" });

/** @internal py/exceptions.ts supplies Python's BrokenPipeError (host.ts imports nothing of the runtime). */
export function _set_broken_pipe_error(make: () => unknown): void {
  makeBrokenPipeError = make;
}

/** print()'s write: buffered; a flush it causes that meets a closed pipe raises BrokenPipeError. */
export function writeStdout(text: string): void {
  outBuffer += text;
  if (outBuffer.length > 8192 || (stdoutIsTTY && text.includes("\n"))) {
    if (!flushStdout()) {
      stdoutLost = false; // this print() reports it
      throw makeBrokenPipeError();
    }
  }
}

/** print(..., flush=True) / sys.stdout.flush(). */
export function flushStdoutOrRaise(): void {
  if (!flushStdout()) {
    stdoutLost = false;
    throw makeBrokenPipeError();
  }
}

/** Writes all of `text` to `fd`; false if the reader has gone (EPIPE). */
function writeAll(fd: number, text: string): boolean {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e: any) {
      if (e.code === "EPIPE") return false;
      if (e.code !== "EAGAIN") throw e;
      // A non-blocking pipe is full: make it blocking (through Node's stream for the fd,
      // which owns its mode), or if that is not possible, sleep a little instead of spinning.
      if (!makeBlocking(fd)) sleepMs(1);
    }
  }
  return true;
}

/** Flushes the stdout buffer; false (the buffer dropped) if the pipe is broken. */
export function flushStdout(): boolean {
  if (!outBuffer) return true;
  const text = outBuffer;
  outBuffer = "";
  if (writeAll(1, text)) return true;
  stdoutLost = true;
  return false;
}

export function writeStderr(text: string): void {
  flushStdout();
  writeAll(2, text);
}

process.on("exit", () => {
  // CPython's final flush of sys.stdout: on a broken pipe, "Exception ignored" and status 120.
  if (!flushStdout() || stdoutLost) {
    writeAll(2, "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\nBrokenPipeError: [Errno 32] Broken pipe\n");
    process.exitCode = 120;
  }
});

// ---- Node's own stdout/stderr streams ----
const adopted = [false, false, false];

/** Hooks process.stdout/stderr as they are first built (not before: building one costs
 * milliseconds): makes a pipe blocking, and for stdout flushes the print() buffer before
 * each write so console.log and process.stdout.write keep program order with print(). */
function hookStream(name: "stdout" | "stderr", fd: 1 | 2): void {
  const desc = Object.getOwnPropertyDescriptor(process, name);
  if (!desc || !desc.get || !desc.configurable) return;
  const get = desc.get;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: desc.enumerable,
    get() {
      const stream = get.call(process);
      Object.defineProperty(process, name, { configurable: true, enumerable: desc.enumerable, get });
      adopt(stream, fd);
      return stream;
    },
  });
}

function adopt(stream: any, fd: 1 | 2): void {
  if (adopted[fd]) return;
  adopted[fd] = true;
  stream?._handle?.setBlocking?.(true);
  if (fd !== 1 || typeof stream?.write !== "function") return;
  const write = stream.write;
  stream.write = function (this: unknown, ...args: unknown[]) {
    // print()'s output so far comes first; a broken pipe shows in the stream's own error.
    flushStdout();
    return write.apply(this, args);
  };
  // sys.stdout's broken pipe, not a crash with an EPIPE stack: reported at exit, as CPython does.
  stream.on?.("error", (e: any) => {
    if (e?.code === "EPIPE" || e?.code === "ERR_STREAM_DESTROYED") stdoutLost = true;
    else throw e;
  });
}

function makeBlocking(fd: number): boolean {
  if (fd !== 1 && fd !== 2) return false;
  const stream: any = fd === 1 ? process.stdout : process.stderr; // builds and adopts it
  return typeof stream?._handle?.setBlocking === "function";
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

hookStream("stdout", 1);
hookStream("stderr", 2);

/** Seconds on a monotonic clock, like time.monotonic(). */
export function monotonic(): number {
  return performance.now() / 1000;
}

export type ClockKind = "real" | "virtual";

/** The clock new loops use: --clock / ASYNCTS_CLOCK, real by default. */
export function defaultClock(): ClockKind {
  const v = process.env.ASYNCTS_CLOCK;
  if (v === "virtual") return "virtual";
  return "real";
}

/** Schedules fn on Node's timers after `seconds` (rounded up to whole ms, as select() does). */
export function hostTimer(fn: () => void, seconds: number): () => void {
  const ms = Math.ceil(seconds * 1000);
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
}

/** Calls fn once Node has polled for I/O and signals since now: two check phases apart, as
 * a setImmediate made inside a poll-phase callback (an ES module's evaluation) runs before
 * the next poll. */
export function hostAfterPoll(fn: () => void): () => void {
  let t = setImmediate(() => {
    t = setImmediate(fn);
  });
  return () => clearImmediate(t);
}

/** Lets Node run its own callbacks (I/O, microtasks), then calls fn. */
export function hostImmediate(fn: () => void): () => void {
  const t = setImmediate(fn);
  return () => clearImmediate(t);
}

/**
 * `import(url)` for the runtime. The runtime runs as a CommonJS bundle that `asyncts run`
 * compiles through a V8 code cache (cli/code-cache.ts), and on Node 20 a script restored from
 * cached data loses its dynamic-import callback ("A dynamic import callback was not
 * specified"). So the ES-module side that loads the bundle (rollup.config.mjs) hands in its
 * own `import`; the default serves an uncached load.
 */
let hostImporter: (url: string) => Promise<any> = (url) => import(url);
export function hostImport(url: string): Promise<any> {
  return hostImporter(url);
}
/** @internal Set by the ES-module side that requires the bundle. */
export function _set_host_importer(f: (url: string) => Promise<any>): void {
  hostImporter = f;
}
