// The Node host: clocks, buffered standard output, and the way the loop waits (SPEC §3, §4).
// The loop runs its iterations synchronously; whenever it must wait it hands control
// back to Node (trio's guest mode), which resumes it from a timer or from outside work.
import { writeSync } from "node:fs";
import { isatty } from "node:tty";

let outBuffer = "";
// isatty(1), not process.stdout.isTTY: touching process.stdout builds a stream (milliseconds at startup).
const stdoutIsTTY = isatty(1);

export function writeStdout(text: string): void {
  outBuffer += text;
  if (outBuffer.length > 8192 || (stdoutIsTTY && text.includes("\n"))) flushStdout();
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e: any) {
      if (e.code !== "EAGAIN") throw e;
    }
  }
}

export function flushStdout(): void {
  if (!outBuffer) return;
  const text = outBuffer;
  outBuffer = "";
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  flushStdout();
  writeAll(2, text);
}

process.on("exit", flushStdout);

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

/** Lets Node run its own callbacks (I/O, microtasks), then calls fn. */
export function hostImmediate(fn: () => void): () => void {
  const t = setImmediate(fn);
  return () => clearImmediate(t);
}
