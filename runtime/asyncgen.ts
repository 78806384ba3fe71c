// Async generators (PEP 525) and the `async for` / `async with` protocols.
//
// The compiler turns `async function* g() { BODY }` into a function returning
// `new AsyncGenerator(generator, "g")`, where inside BODY `await X` is `yield X` and
// `yield V` is `yield new AgenYield(V)`. Each __anext__/asend/athrow/aclose returns a
// Coroutine that resumes the generator and passes its awaits up to the Task until the
// generator yields an AgenYield (the step's result) or finishes (StopAsyncIteration).
import { Coroutine, ImmediateCoroutine } from "./coroutines.js";
import { RuntimeError, StopAsyncIteration, GeneratorExit } from "./py/exceptions.js";
import { _get_running_loop } from "./events.js";
import { pyTypeName } from "./py/format.js";

/** What `yield V` in an async generator hands its driver. */
export class AgenYield {
  constructor(readonly value: unknown) {}
}

type StepMode = "next" | "throw" | "close";
const CREATED = 0, SUSPENDED = 1, CLOSED = 2;
const OP_NAMES: Record<string, string> = { __anext__: "anext", asend: "asend", athrow: "athrow", aclose: "aclose" };

export class AsyncGenerator<T = unknown, TSend = unknown> {
  /** @internal */ _gen: Generator<unknown, unknown, unknown>;
  /** @internal */ _state = CREATED;
  /** @internal */ _running = false;
  /** @internal */ _hooked = false;
  readonly __name__: string;
  constructor(gen: Generator<unknown, unknown, unknown>, name: string) {
    this._gen = gen;
    this.__name__ = name;
  }
  get ag_running(): boolean {
    return this._running;
  }
  __aiter__(): this {
    return this;
  }
  __anext__(): Coroutine<T> {
    return new Coroutine(drive(this, "next", undefined, "__anext__"), "__anext__") as Coroutine<T>;
  }
  asend(value: TSend): Coroutine<T> {
    return new Coroutine(drive(this, "next", value, "asend"), "asend") as Coroutine<T>;
  }
  athrow(exc: unknown): Coroutine<T> {
    return new Coroutine(drive(this, "throw", exc, "athrow"), "athrow") as Coroutine<T>;
  }
  aclose(): Coroutine<void> {
    return new Coroutine(drive(this, "close", undefined, "aclose"), "aclose") as Coroutine<void>;
  }
  /** Plain-JS interop: `for await` in native code over an async generator of a DSL file. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.__anext__().then((value) => ({ done: false, value }), (e) => {
        if (e instanceof StopAsyncIteration) return { done: true, value: undefined as T };
        throw e;
      }),
      return: () => this.aclose().then(() => ({ done: true, value: undefined as T })),
    };
  }
  __repr__(): string {
    return `<async_generator object ${this.__name__}>`;
  }
}

function* drive(ag: AsyncGenerator<any, any>, mode: StepMode, value: unknown, op: string): Generator<unknown, any, unknown> {
  if (ag._running) throw new RuntimeError(`${OP_NAMES[op]}(): asynchronous generator is already running`);
  if (ag._state === CLOSED) {
    if (mode === "close") return null;
    if (mode === "throw") throw value;
    throw new StopAsyncIteration();
  }
  if (mode === "next" && ag._state === CREATED && value !== undefined && value !== null) {
    throw new TypeError("can't send non-None value to a just-started async generator");
  }
  if (!ag._hooked) {
    ag._hooked = true;
    _get_running_loop()?._asyncgen_firstiter(ag);
  }
  const gen = ag._gen;
  ag._running = true;
  ag._state = SUSPENDED;
  try {
    let r = mode === "next" ? gen.next(value) : gen.throw(mode === "close" ? new GeneratorExit() : value);
    for (;;) {
      if (r.done) break;
      if (r.value instanceof AgenYield) {
        if (mode === "close") throw new RuntimeError("async generator ignored GeneratorExit");
        return r.value.value;
      }
      // An await inside the generator body: the Task handles it, we pass the outcome back in.
      let sent: unknown, err: unknown, failed = false;
      try {
        sent = yield r.value;
      } catch (e) {
        failed = true;
        err = e;
      }
      r = failed ? gen.throw(err) : gen.next(sent);
    }
  } catch (e) {
    finish(ag);
    if (mode === "close" && (e instanceof GeneratorExit || e instanceof StopAsyncIteration)) return null;
    // PEP 479 for async generators: a StopAsyncIteration escaping the body is a bug in it.
    if (e instanceof StopAsyncIteration && !(mode === "throw" && e === value)) {
      throw new RuntimeError("async generator raised StopAsyncIteration");
    }
    throw e;
  } finally {
    ag._running = false;
  }
  // The body returned: the generator is exhausted.
  finish(ag);
  if (mode === "close") return null;
  throw new StopAsyncIteration();
}

function finish(ag: AsyncGenerator<any, any>): void {
  ag._state = CLOSED;
  _get_running_loop()?._asyncgen_finished(ag);
}

// ---- async for ----

function* nativeNext(it: AsyncIterator<unknown>): Generator<unknown, unknown, any> {
  const r: IteratorResult<unknown> = yield it.next();
  if (r.done) throw new StopAsyncIteration();
  return r.value;
}

/** Python's aiter(): the object's __aiter__(), or a wrapper for native async iterables. */
export function aiter(x: any): { __anext__(): PromiseLike<unknown> } {
  if (x != null && typeof x.__aiter__ === "function") return x.__aiter__();
  if (x != null && typeof x[Symbol.asyncIterator] === "function") {
    const it: any = x[Symbol.asyncIterator]();
    if (typeof it?.__anext__ === "function") return it; // an async generator of a DSL file
    return { __anext__: () => new Coroutine(nativeNext(it), "__anext__") };
  }
  throw new TypeError(`'async for' requires an object with __aiter__ method, got ${pyTypeName(x)}`);
}

const DONE = Object.freeze({ done: true, value: undefined });

function* anextStep(it: { __anext__(): PromiseLike<unknown> }): Generator<unknown, { done: boolean; value: unknown }, any> {
  let value: unknown;
  try {
    value = yield it.__anext__();
  } catch (e) {
    if (e instanceof StopAsyncIteration) return DONE;
    throw e;
  }
  return { done: false, value };
}

/** One step of `async for`: {done: true} once __anext__ raises StopAsyncIteration. */
export function anextOrDone(it: { __anext__(): PromiseLike<unknown> }): Coroutine<{ done: boolean; value: unknown }> {
  return new Coroutine(anextStep(it), "__anext__");
}

/** Python's anext(it[, default]). */
export function anext<T>(it: { __anext__(): PromiseLike<T> }, ...dflt: [T?]): PromiseLike<T> {
  if (dflt.length === 0) return it.__anext__();
  return new Coroutine(anextDefault(it, dflt[0] as T), "anext") as Coroutine<T>;
}
function* anextDefault<T>(it: { __anext__(): PromiseLike<T> }, dflt: T): Generator<unknown, T, any> {
  try {
    return yield it.__anext__();
  } catch (e) {
    if (e instanceof StopAsyncIteration) return dflt;
    throw e;
  }
}

/** An async generator nothing references any more, unfinished: CPython's loop finaliser hook
 * (`call_soon_threadsafe(create_task, agen.aclose())`) — run where CPython's refcounting
 * would drop it, when an `async for` over a temporary is left early. */
export function afinalize(it: unknown): void {
  if (!(it instanceof AsyncGenerator) || it._state === CLOSED || !it._hooked) return;
  const loop = _get_running_loop();
  if (loop === null || loop.is_closed()) return;
  loop.call_soon_threadsafe(loop.create_task.bind(loop), it.aclose());
}

// ---- async with ----

/** Base class for user async context managers (contextlib.AbstractAsyncContextManager):
 * `await using x = new MyCM()`. The defaults are coroutines of the loop, as `async def` ones
 * are in Python: awaiting them takes no loop iteration. Overrides may return any type. */
export class AsyncContextManager {
  __aenter__(): Promise<unknown> {
    return new ImmediateCoroutine(returnArg, this, "AbstractAsyncContextManager.__aenter__") as unknown as Promise<unknown>;
  }
  __aexit__(_exc: unknown): Promise<unknown> {
    return new ImmediateCoroutine(returnArg, null, "AbstractAsyncContextManager.__aexit__") as unknown as Promise<unknown>;
  }
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}

function returnArg<T>(arg: T): T {
  return arg;
}

// eslint-disable-next-line require-yield
function* itself<T>(cm: T): Generator<unknown, T, unknown> {
  return cm;
}

function protocolError(cm: unknown): TypeError {
  return new TypeError(`'${pyTypeName(cm)}' object does not support the asynchronous context manager protocol`);
}

/** `await using x = cm` entry: x is what cm.__aenter__() returns (a native AsyncDisposable
 * has no entry step: x is cm itself). */
export function aenter(cm: any): PromiseLike<unknown> {
  if (cm != null && typeof cm.__aenter__ === "function") {
    if (typeof cm.__aexit__ !== "function") throw protocolError(cm);
    return cm.__aenter__();
  }
  if (cm != null && typeof cm[Symbol.asyncDispose] === "function") return new Coroutine(itself(cm), "__aenter__");
  throw protocolError(cm);
}

/** `await using` exit: cm.__aexit__(exc) — a truthy result suppresses exc. */
export function aexit(cm: any, exc: unknown): PromiseLike<unknown> {
  if (typeof cm.__aexit__ === "function") return cm.__aexit__(exc);
  return Promise.resolve(cm[Symbol.asyncDispose]()).then(() => null);
}
