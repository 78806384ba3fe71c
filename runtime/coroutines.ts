// Coroutine objects (asyncio/coroutines.py and CPython's coroutine type).
//
// The compiler turns `async function f(...) { body }` into a function that returns
// `new Coroutine(generator, "f")`: calling it runs nothing. `await x` became `yield x`; the
// Task that owns the coroutine reads what was yielded and decides (tasks.ts, `Task._run`).
// Coroutines awaited inside a coroutine are pushed on the task's own frame stack instead of
// being delegated with `yield*`, so a resume costs the same at any await depth.
import { RuntimeError } from "./exceptions.js";
import { _get_running_loop } from "./events.js";

export const CREATED = 0, STARTED = 1, CLOSED = 2;

/** A lazy coroutine: what calling a coroutine function returns. Thenable for plain JS. */
export class Coroutine<T = unknown> implements PromiseLike<T> {
  /** @internal */ _gen: Generator<unknown, T, unknown> | null;
  /** @internal */ _state = CREATED;
  readonly __name__: string;
  constructor(gen: Generator<unknown, T, unknown> | null, name: string) {
    this._gen = gen;
    this.__name__ = name;
  }
  get __qualname__(): string {
    return this.__name__;
  }
  get cr_running(): boolean {
    return false;
  }
  /** Closes a coroutine that was never started (or finishes it with GeneratorExit semantics). */
  close(): void {
    if (this._state === CLOSED) return;
    this._state = CLOSED;
    this._gen?.return(undefined as T);
  }
  /** Plain-JS interop: wrapped in a Task of the running loop (SPEC §2.3). */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const loop = _get_running_loop();
    if (loop === null) return Promise.reject(new RuntimeError("no running event loop")).then(onfulfilled, onrejected);
    return loop.create_task(this).then(onfulfilled, onrejected);
  }
  __repr__(): string {
    return `<coroutine object ${this.__name__}>`;
  }
}

/** @internal What the compiler emits for each coroutine function call. */
export function coroutine<T>(gen: Generator<unknown, T, unknown>, name: string): Coroutine<T> {
  return new Coroutine(gen, name);
}

export function iscoroutine(obj: unknown): obj is Coroutine<unknown> {
  return obj instanceof Coroutine;
}

/** True for functions the compiler made into coroutine functions. */
export function iscoroutinefunction(fn: unknown): boolean {
  return typeof fn === "function" && (fn as any).__asyncts_coroutine__ === true;
}

/** @internal The compiler marks coroutine functions (for iscoroutinefunction). */
export function markCoroutineFunction<F extends Function>(fn: F): F {
  (fn as any).__asyncts_coroutine__ = true;
  return fn;
}

/** @internal The marker a bare `yield` (sleep(0)) hands the Task: run again next iteration. */
export const YIELD_ONCE: unique symbol = Symbol("asyncts.yield");
