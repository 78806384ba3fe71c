// A test file that imports asyncts is a DSL file too, so an `async` test body would be a lazy
// coroutine that vitest cannot run (there is no event loop in vitest: "RuntimeError: no
// running event loop"). Write the body as a coroutine function and give vitest the Promise of
// `asyncio.run(...)`, which runs it on a fresh loop, as a Python test would.
import { test, expect } from "vitest";
import * as asyncio from "asyncts";
import { tick, count } from "./counter.js";

async function ticks() {
  expect(await tick(1)).toBe(2);
  const loop = asyncio.get_running_loop();
  expect(loop.time()).toBe(1); // the virtual clock (vitest.config.ts sets ASYNCTS_CLOCK)
}

test("tick", () => {
  return asyncio.run(ticks());
});

async function gathers() {
  expect(await count(3)).toEqual([1, 2, 3]);
  expect(asyncio.get_running_loop().time()).toBe(1); // three sleeps of 1 s, concurrently
}

test("count gathers", () => {
  return asyncio.run(gathers());
});
