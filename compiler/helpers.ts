// The runtime helpers compiled DSL code calls: the whole compiler↔runtime contract.
// Emitted code imports them as `import * as $asyncts from "asyncts/internal"`;
// test/helpers.test.ts checks that runtime/internal.ts exports every name listed here.
export const RUNTIME_INTERNAL = "asyncts/internal";
export const HELPERS_NS = "$asyncts";

export const helpers = {
  /** $coro(generator, name) → Coroutine: what a coroutine function returns. */
  coro: "$coro",
  /** $agen(generator, name) → async generator object. */
  agen: "$agen",
  /** $agenYield(value): marks an async generator's `yield value` for its driver. */
  agenYield: "$agenYield",
  /** $aiter(x) → async iterator for `for await` (Python's `async for`). */
  aiter: "$aiter",
  /** $anext(it) → awaitable of {done, value}: one step of `async for`. */
  anext: "$anext",
  /** $afinalize(it): an async generator dropped unfinished (the loop's finalizer hook). */
  afinalize: "$afinalize",
  /** $aenter(cm) / $aexit(cm, exc): `await using` as Python's `async with`. */
  aenter: "$aenter",
  aexit: "$aexit",
  /** $noExc: marks "no exception left the `await using` block". */
  noExc: "$noExc",
  /** $superProxy(get, set): `super` seen from inside a coroutine's generator. */
  superProxy: "$superProxy",
  /** $gatherArgs([...args]): asyncts's gather(...) called with spread arguments, as one array. */
  gatherArgs: "$gatherArgs",
  /** $markCoroutineFunction(fn): for iscoroutinefunction(). */
  markCoroutineFunction: "$markCoroutineFunction",
} as const;

export const helperNames: string[] = Object.values(helpers);

export function helperRef(name: keyof typeof helpers): string {
  return `${HELPERS_NS}.${helpers[name]}`;
}
