// The loop's structures stay sound (magic-string-style integrity checks): the timer heap
// keeps the heap property through any mix of pushes, pops and cancellations, pops in
// deadline order, and a checked loop never runs a handle twice or out of FIFO order.
import { test, expect } from "vitest";
import { heappush, heappop, heapify } from "../runtime/py/heapq.js";
import { new_event_loop } from "../runtime/events.js";
import "../runtime/unix_events.js";

function assertHeap(h: { _when: number }[]): void {
  for (let i = 1; i < h.length; i++) if (!(h[(i - 1) >> 1]._when <= h[i]._when)) throw new Error(`heap property broken at ${i}`);
}

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test("heappush/heappop/heapify keep the heap property and pop in order", () => {
  const rand = rng(7);
  const heap: { _when: number; id: number }[] = [];
  let id = 0;
  for (let round = 0; round < 2000; round++) {
    if (rand() < 0.6 || heap.length === 0) heappush(heap, { _when: Math.floor(rand() * 50), id: id++ });
    else {
      const min = Math.min(...heap.map((x) => x._when));
      if (heappop(heap)._when !== min) throw new Error("popped out of order");
    }
    assertHeap(heap);
  }
  heap.reverse();
  heapify(heap);
  assertHeap(heap);
});

test("equal deadlines pop in CPython heapq's order (not FIFO)", () => {
  // Timers compare only `when` (TimerHandle.__lt__), so equal deadlines pop in the order
  // heapq's sift steps leave them in — the order CPython's loop pops 5 equal timers in.
  const heap = [0, 1, 2, 3, 4].map((id) => ({ _when: 1, id }));
  const order: number[] = [];
  const h: typeof heap = [];
  for (const x of heap) heappush(h, x);
  while (h.length) order.push(heappop(h).id);
  // PYENV_VERSION=3.12.1 python3 -c 'import heapq
  // class T:
  //   def __init__(s,i): s.i=i
  //   def __lt__(s,o): return False
  // h=[];[heapq.heappush(h,T(i)) for i in range(5)];print([heapq.heappop(h).i for _ in range(5)])'
  expect(order).toEqual([0, 2, 4, 1, 3]); // what the Python line above prints
});

test("a checked loop runs each handle once, FIFO, and only those ready at the start of an iteration", async () => {
  const loop = new_event_loop();
  const ran: string[] = [];
  loop.call_soon(() => {
    ran.push("a");
    loop.call_soon(() => ran.push("c")); // next iteration
  });
  loop.call_soon(() => ran.push("b"));
  const h = loop.call_soon(() => ran.push("never"));
  h.cancel();
  loop.call_later(0, () => ran.push("timer0"));
  loop.call_soon(() => loop.call_soon(() => loop.stop()));
  await loop.run_forever();
  loop.close();
  expect(ran).toEqual(["a", "b", "timer0", "c"]);
});
