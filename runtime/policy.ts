// get_event_loop / set_event_loop as CPython 3.12's default policy has them
// (asyncio/events.py BaseDefaultEventLoopPolicy):
// - with a loop running, get_event_loop() returns it;
// - otherwise it returns the loop set by set_event_loop(); if none was ever set, it makes
//   one and sets it (3.12 also emits a DeprecationWarning there; asyncts prints nothing);
// - once set_event_loop() has been called — asyncio.run() and Runner do, and reset it to
//   None when they close — a missing loop is RuntimeError("There is no current event loop
//   in thread 'MainThread'.") instead. A closed loop is returned as it is.
// Future() follows the same rules when it looks up a loop with none running. (Task(),
// ensure_future() and gather() use events.ts's lookup, which agrees with this one except
// that with no loop set it makes a new one instead of raising.)
import { _get_running_loop as runningLoop, new_event_loop, set_event_loop as setRegistryLoop } from "./events.js";
import { RuntimeError } from "./exceptions.js";
import type { BaseEventLoop } from "./base_events.js";

let current: BaseEventLoop | null = null;
let setCalled = false;

/**
 * The running loop; with none running, the current loop of the (only, main) thread: the
 * one set with set_event_loop(), created on first use if set_event_loop() was never called.
 * RuntimeError after set_event_loop(null) (e.g. after asyncio.run() returned).
 */
export function get_event_loop(): BaseEventLoop {
  const running = runningLoop();
  if (running !== null) return running;
  if (current === null && !setCalled) set_event_loop(new_event_loop());
  if (current === null) throw new RuntimeError("There is no current event loop in thread 'MainThread'.");
  return current;
}

/** Sets the current loop that get_event_loop() returns when no loop is running (null clears it). */
export function set_event_loop(loop: BaseEventLoop | null): void {
  setCalled = true;
  if (loop != null && (typeof loop !== "object" || typeof (loop as any).run_until_complete !== "function")) {
    throw new TypeError(`loop must be an instance of AbstractEventLoop or None, not '${typeName(loop)}'`);
  }
  current = loop ?? null;
  setRegistryLoop(current);
}

function typeName(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  return (v as any)?.constructor?.name ?? typeof v;
}

/** The running event loop, or null (asyncio._get_running_loop; no error when none runs). */
export function _get_running_loop(): BaseEventLoop | null {
  return runningLoop();
}
