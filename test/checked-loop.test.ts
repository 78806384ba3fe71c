// The checked loop (runtime/checked_events.ts) itself: it stays quiet on a sound run that
// goes through every timer path (cancelled heads, cancelled timers surfacing behind due
// ones, the big clean-up), and it fails the run when an invariant is broken.
import { test, expect } from "vitest";
import { CheckedEventLoop } from "../runtime/checked_events.js";
import { new_event_loop, type AbstractEventLoop } from "../runtime/events.js";
import { Task } from "../runtime/tasks.js";
import { Coroutine } from "../runtime/coroutines.js";

function virtualLoop(): CheckedEventLoop {
  return new CheckedEventLoop({ clock: "virtual" });
}

test("importing it makes new_event_loop() a checked loop", () => {
  const loop = new_event_loop();
  expect(loop).toBeInstanceOf(CheckedEventLoop);
  loop.close();
});

test("a sound run passes every check: cancelled timers at the head, behind due ones, and the clean-up", async () => {
  const loop = virtualLoop();
  const ran: number[] = [];
  // 90 timers, two in three cancelled: equal deadlines leave cancelled timers right behind
  // due ones (moved to the ready queue uncounted, as CPython does).
  const timers = [];
  for (let i = 0; i < 90; i++) timers.push(loop.call_later((i % 7) * 0.01, () => ran.push(i)));
  timers.forEach((t, i) => {
    if (i % 3 !== 0) t.cancel();
  });
  // Then 300 more, mostly cancelled: over 100 scheduled and over half cancelled is the clean-up.
  loop.call_later(0.5, () => {
    for (let i = 0; i < 300; i++) {
      const t = loop.call_later(1 + i * 0.001, () => ran.push(1000 + i));
      if (i % 3 !== 0) t.cancel();
    }
  });
  // A timer cancelled while due in the same iteration, and tasks stepping alongside.
  loop.call_later(0.02, () => timers[3].cancel());
  function* spin(n: number): Generator<unknown, void, unknown> {
    for (let i = 0; i < n; i++) yield sleepTick(loop);
  }
  const task = new Task(new Coroutine(spin(5), "spin"), { loop });
  loop.call_later(2, loop.stop);
  await loop.run_forever();
  loop.close();
  expect(task.done()).toBe(true);
  // 30 + 100 with i % 3 === 0, less timers[3] (due at 0.03, cancelled at 0.02).
  expect(ran.length).toBe(129);
});

/** A future of `loop` done one iteration later (what `await sleep(0)` costs, by hand). */
function sleepTick(loop: AbstractEventLoop) {
  const f = loop.create_future();
  loop.call_soon(() => f.set_result(null));
  return f;
}

async function failureOf(loop: CheckedEventLoop, breakIt: () => void): Promise<string> {
  loop.call_soon(breakIt);
  loop.call_later(1, loop.stop);
  try {
    await loop.run_forever();
  } catch (e) {
    return String((e as Error).message);
  } finally {
    loop.close();
  }
  return "no failure";
}

test("a broken heap fails the run", async () => {
  const loop = virtualLoop();
  const msg = await failureOf(loop, () => {
    loop.call_later(5, () => {});
    loop.call_later(3, () => {});
    const h = loop._scheduled;
    [h[0], h[1]] = [h[1], h[0]];
  });
  expect(msg).toMatch(/^checked loop: heap property broken at 1/);
});

test("a miscounted cancelled timer fails the run", async () => {
  const loop = virtualLoop();
  const msg = await failureOf(loop, () => {
    const t = loop.call_later(5, () => {});
    t._cancelled = true; // cancelled behind the loop's back: not counted
  });
  expect(msg).toMatch(/cancelled-timer count 0, but 1 cancelled in the heap/);
});

test("a handle run twice fails the run", async () => {
  const loop = virtualLoop();
  const h = loop.call_soon(() => {});
  const msg = await failureOf(loop, () => loop._ready_push(h));
  expect(msg).toMatch(/<Handle .*> ran twice/);
});

test("a task queued twice at once fails the run", async () => {
  const loop = virtualLoop();
  function* body(): Generator<unknown, void, unknown> {}
  const msg = await failureOf(loop, () => {
    const t = new Task(new Coroutine(body(), "body"), { loop });
    loop._ready_push(t);
  });
  expect(msg).toMatch(/<Task pending name='Task-\d+' coro=<body\(\)>> queued twice/);
});
