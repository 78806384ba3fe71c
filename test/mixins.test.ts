// runtime/mixins.ts: which waiter each wake helper picks, and the loop binding's rules.
// (The primitives' behaviour through them is covered by the locks/queues/wait fixtures.)
import { test, expect, afterEach } from "vitest";
import "../runtime/unix_events.js"; // registers the loop class (SelectorEventLoop)
import { new_event_loop, _set_running_loop } from "../runtime/events.js";
import { park, wake_first, wake_head, wake_up_to, wake_all, wake_next, all_cancelled, isExactlyCancelledError } from "../runtime/mixins.js";
import { Deque } from "../runtime/py/deque.js";
import { CancelledError } from "../runtime/py/exceptions.js";
import type { Future } from "../runtime/futures.js";

const loop = new_event_loop();
afterEach(() => _set_running_loop(null));

/** Three parked waiters on a running loop; the first already woken. */
function parked(): { owner: { _loop: null; __repr__(): string }; waiters: Deque<Future<string>>; f: Future<string>[] } {
  _set_running_loop(loop);
  const owner = { _loop: null, __repr__: () => "<Owner>" };
  const waiters = new Deque<Future<string>>();
  const f = [park(owner, waiters), park(owner, waiters), park(owner, waiters)];
  f[0].set_result("earlier");
  return { owner, waiters, f };
}
const results = (f: Future<string>[]) => f.map((x) => (x.done() ? x.result() : "-"));

test("wake_first wakes the first live waiter and leaves it parked", () => {
  const { waiters, f } = parked();
  expect(wake_first(waiters, "w")).toBe(true);
  expect(results(f)).toEqual(["earlier", "w", "-"]);
  expect(waiters.length).toBe(3);
});

test("wake_head wakes only the head, and not when it is already woken (Lock)", () => {
  const { waiters, f } = parked();
  wake_head(waiters, "w");
  expect(results(f)).toEqual(["earlier", "-", "-"]);
  waiters.shift();
  wake_head(waiters, "w");
  expect(results(f)).toEqual(["earlier", "w", "-"]);
});

test("wake_up_to and wake_all skip woken waiters and leave all parked", () => {
  const a = parked();
  expect(wake_up_to(a.waiters, 5, "n")).toBe(2);
  expect(results(a.f)).toEqual(["earlier", "n", "n"]);
  const b = parked();
  wake_all(b.waiters, "all");
  expect(results(b.f)).toEqual(["earlier", "all", "all"]);
  expect(b.waiters.length).toBe(3);
});

test("wake_next unparks up to and including the first live waiter (the queue family)", () => {
  const { waiters, f } = parked();
  expect(wake_next(waiters, "q")).toBe(true);
  expect(results(f)).toEqual(["earlier", "q", "-"]);
  expect(waiters.length).toBe(1);
  expect(wake_next(waiters, "q")).toBe(true);
  expect(wake_next(waiters, "q")).toBe(false);
});

test("all_cancelled and isExactlyCancelledError", () => {
  const { waiters, f } = parked();
  expect(all_cancelled(null)).toBe(true);
  expect(all_cancelled(waiters)).toBe(false);
  f.forEach((x) => x.cancel());
  expect(all_cancelled(waiters)).toBe(false); // f[0] was done with a result, not cancelled
  waiters.shift();
  expect(all_cancelled(waiters)).toBe(true);
  class Sub extends CancelledError {}
  expect(isExactlyCancelledError(new CancelledError())).toBe(true);
  expect(isExactlyCancelledError(new Sub())).toBe(false);
  expect(isExactlyCancelledError(new Error())).toBe(false);
});

test("park binds to the running loop and refuses another, with CPython's messages", () => {
  const { owner, waiters } = parked();
  expect(owner._loop).toBe(loop);
  const other = new_event_loop();
  _set_running_loop(other);
  expect(() => park(owner, waiters)).toThrow("<Owner> is bound to a different event loop");
  _set_running_loop(null);
  expect(() => park({ _loop: null, __repr__: () => "x" }, waiters)).toThrow("no running event loop");
  other.close();
});
