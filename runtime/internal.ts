// The helpers compiled DSL code calls: the compiler↔runtime contract (compiler/helpers.ts
// lists the same names; test/helpers.test.ts keeps the two in step).
import { Coroutine, markCoroutineFunction } from "./coroutines.js";
import { AsyncGenerator, AgenYield, aiter, anextOrDone, aenter, aexit, afinalize } from "./asyncgen.js";
import { _gather_args } from "./combinators.js";

export function $coro<T>(gen: Generator<unknown, T, unknown>, name: string): Coroutine<T> {
  return new Coroutine(gen, name);
}
export function $agen(gen: Generator<unknown, unknown, unknown>, name: string): AsyncGenerator {
  return new AsyncGenerator(gen, name);
}
export function $agenYield(value: unknown): AgenYield {
  return new AgenYield(value);
}
export const $aiter = aiter;
export const $anext = anextOrDone;
export const $aenter = aenter;
export const $afinalize = afinalize;
export const $aexit = aexit;
/** Sentinel: no exception left an `await using` block. */
export const $noExc: unique symbol = Symbol("asyncts.noExc");
/** `super` as seen from a coroutine's generator, through accessors made in the method itself. */
export function $superProxy(get: (k: PropertyKey) => unknown, set: (k: PropertyKey, v: unknown) => void): object {
  return new Proxy({}, {
    get: (_t, k) => get(k),
    set: (_t, k, v) => {
      set(k, v);
      return true;
    },
  });
}
/** For iscoroutinefunction(); `gen`, a declaration's hoisted generator, takes the function's
 * name so stack traces say `boom`, not `boom$3`. */
export function $markCoroutineFunction<F extends Function>(fn: F, gen?: Function): F {
  if (gen) Object.defineProperty(gen, "name", { value: fn.name, configurable: true });
  return markCoroutineFunction(fn);
}

/** asyncts's gather(...args) called with spread arguments: the arguments as one array. */
export const $gatherArgs = _gather_args;
