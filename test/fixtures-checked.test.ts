// The fixture suite once more, as CPython runs one suite against two implementations
// (ARCHITECTURE.md, habits 11 and 12): every fixture again, with
//   - the checked loop (runtime/checked_events.ts, loaded with `node --import`), which
//     asserts the heap, the cancelled-timer count, the ready queue's FIFO order and that
//     no handle runs twice after every iteration, and
//   - the real clock, wherever the program allows it (the virtual clock otherwise: see
//     VIRTUAL_ONLY below).
// One pass for both keeps the added CI time to one more run per fixture; the checked loop
// is the same loop plus assertions, so what holds for it under the real clock holds for
// the plain one. FILTER=name runs a subset.
import { describe, test, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fixtures, prepareAll, runFixture, compare, CHECKED_LOOP, CLI } from "./fixture-driver.mjs";
import { writeProject, HEADER } from "./util.js";

/** Fixtures that run under the virtual clock only, and why. Besides these, any fixture whose
 * main.ts calls `.time()` stays virtual: it prints or compares loop times, which the real
 * clock never gives exactly. A new fixture that fails only under the real clock goes here. */
const VIRTUAL_ONLY: Record<string, string[]> = {
  // Sleeping through them in real time would add seconds each to the suite (loop time at the end).
  "sleeps more than 1 s of loop time": [
    "awaitables/deep_chain", // 2 s
    "basics/gather_tasks", // 3 s
    "errors/except_failing_task", // 2 s
    "errors/finally_on_exception", // 2 s
    "errors/task_never_awaited", // 2 s
    "gather/child_error_propagates", // 6 s
    "gather/empty_and_nested", // 2 s
    "gather/result_order", // 3 s
    "gather/return_exceptions", // 2 s
    "gather/same_task_twice", // 3 s
    "handles/handle_cancelled", // 2.5 s
    "handles/many_cancelled_ties", // 6 s
    "ordering/timer_ties", // 3.5 s
    "tasks/all_tasks", // 3 s
    "tasks/ensure_future_result", // 2 s
    "tasks/task_awaits_task", // 2 s
    "runners/runner_with", // its leftover task's finally sleeps 1 s inside the synchronous close of `using runner`
  ],
  // call_later(0) twice and call_later(-1): equal deadlines under the virtual clock pop in
  // heapq's tie order; under the real clock the two `time() + 0` differ and pop in call order.
  "timers with equal deadlines only under the virtual clock": ["handles/call_later_zero_vs_call_soon"],
  // Counts how many 10 ms and 15 ms sleepers get through before a failure: real elapsed time decides.
  "races timers a few milliseconds apart": ["taskgroups/hydra"],
};

const virtualOnly = new Map(Object.entries(VIRTUAL_ONLY).flatMap(([why, names]) => names.map((n) => [n, why] as const)));
const list = fixtures();
const areas = [...new Set(list.map((f) => f.name.split("/")[0]))];

function clockFor(fx: { name: string; dir: string }): "real" | "virtual" {
  if (virtualOnly.has(fx.name)) return "virtual";
  return /\.time\(\)/.test(readFileSync(join(fx.dir, "main.ts"), "utf8")) ? "virtual" : "real";
}

beforeAll(async () => {
  const failed = await prepareAll(list);
  expect(failed, "fixtures that do not compile").toEqual([]);
});

test("the --import makes every new loop a checked one (and only with it)", () => {
  const dir = writeProject({ "main.ts": `${HEADER}asyncio.run((async () => print(asyncio.get_running_loop().constructor.name))());\n` });
  const run = (nodeArgs: string[]) => spawnSync(process.execPath, [...nodeArgs, CLI, "run", "main.ts"], { cwd: dir, encoding: "utf8" }).stdout;
  expect(run(CHECKED_LOOP)).toBe("CheckedEventLoop\n");
  expect(run([])).toBe("SelectorEventLoop\n");
});

test("every fixture named in VIRTUAL_ONLY exists", () => {
  const names = new Set(fixtures("").map((f) => f.name));
  expect([...virtualOnly.keys()].filter((n) => !names.has(n))).toEqual([]);
});

for (const area of areas) {
  describe(area, () => {
    for (const fx of list.filter((f) => f.name.startsWith(`${area}/`))) {
      const clock = clockFor(fx);
      test.concurrent(`${fx.name.slice(area.length + 1)} (checked loop, ${clock} clock)`, async () => {
        const got = await runFixture(fx, clock, 30_000, CHECKED_LOOP);
        const problems = compare(fx, got);
        expect(problems.join("\n\n")).toBe("");
      });
    }
  });
}
