// contextlib's async side (contextlib.py): asynccontextmanager, aclosing, AsyncExitStack,
// nullcontext, suppress. Their __aenter__/__aexit__ are coroutines of the loop (generators
// run by the Task, like every asyncio method), so entering and leaving take no loop
// iteration unless the code inside awaits.
//
// The protocol is asyncts's `await using` one (SPEC §2.1): __aexit__(exc) gets the exception
// that left the block, or null, and a truthy result suppresses it. `await using x = cm` binds
// x to what __aenter__ returns, so the types below present a manager as the value it yields
// (`await using conn = get_connection()` types conn as the yielded connection): TypeScript
// types an `await using` variable as the expression itself, and this is the only way to tell
// it the truth about x. Python's sync-only `with suppress(...)` is `await using` here too:
// a plain `using` has no way to see the exception.
import { Coroutine, ImmediateCoroutine } from "./coroutines.js";
import { RuntimeError, StopAsyncIteration, StopIteration, BaseExceptionGroup } from "./py/exceptions.js";
import { pyTypeName } from "./py/format.js";

/** What `await using x = <manager of T>` binds x to: T (an object type stands for null/undefined, which cannot carry the protocol). */
export type Entered<T> = T extends null | undefined | void ? unknown : T;
/** The async context manager protocol, for a manager whose __aenter__ gives T. */
export interface AsyncContextManagerProtocol<T> extends AsyncDisposable {
  __aenter__(): Promise<T>;
  __aexit__(exc: unknown): Promise<unknown>;
}
/** A manager typed as the value it yields (see the header). */
export type AsyncManagerOf<T> = Entered<T> & AsyncContextManagerProtocol<T>;

type AsyncGen<T> = AsyncGenerator<T, unknown, unknown> | { __anext__(): PromiseLike<T>; athrow(e: unknown): PromiseLike<T>; aclose(): PromiseLike<unknown> };

// Steps of an async generator: a DSL one (asyncgen.ts, Python's protocol) or a native one.
function* anextOf<T>(gen: any): Generator<unknown, T, any> {
  if (typeof gen.__anext__ === "function") return yield gen.__anext__();
  const r: IteratorResult<T> = yield gen.next();
  if (r.done) throw new StopAsyncIteration();
  return r.value;
}
function* athrowOf<T>(gen: any, exc: unknown): Generator<unknown, T, any> {
  if (typeof gen.__anext__ === "function") return yield gen.athrow(exc);
  const r: IteratorResult<T> = yield gen.throw(exc);
  if (r.done) throw new StopAsyncIteration();
  return r.value;
}
function* acloseOf(gen: any): Generator<unknown, void, any> {
  if (typeof gen.__anext__ === "function") yield gen.aclose();
  else yield gen.return(undefined);
}

function asyncDispose(cm: { __aexit__(exc: unknown): PromiseLike<unknown> }): Promise<void> {
  return Promise.resolve(cm.__aexit__(null)).then(() => undefined);
}

/** The manager @asynccontextmanager functions return (contextlib._AsyncGeneratorContextManager). */
export class _AsyncGeneratorContextManager<T> {
  /** @internal */ gen: AsyncGen<T>;
  constructor(func: (...args: any[]) => AsyncGen<T>, args: unknown[]) {
    this.gen = func(...args);
  }
  __aenter__(): Promise<T> {
    return new Coroutine(this._enter(), "__aenter__", "_AsyncGeneratorContextManager.__aenter__") as unknown as Promise<T>;
  }
  __aexit__(exc: unknown): Promise<boolean> {
    return new Coroutine(this._exit(exc), "__aexit__", "_AsyncGeneratorContextManager.__aexit__") as unknown as Promise<boolean>;
  }
  [Symbol.asyncDispose](): Promise<void> {
    return asyncDispose(this);
  }
  private *_enter(): Generator<unknown, T, any> {
    try {
      return yield* anextOf<T>(this.gen);
    } catch (e) {
      if (e instanceof StopAsyncIteration) throw new RuntimeError("generator didn't yield");
      throw e;
    }
  }
  private *_exit(exc: unknown): Generator<unknown, boolean, any> {
    const gen = this.gen;
    if (exc == null) {
      try {
        yield* anextOf(gen);
      } catch (e) {
        if (e instanceof StopAsyncIteration) return false;
        throw e;
      }
      try {
        throw new RuntimeError("generator didn't stop");
      } finally {
        yield* acloseOf(gen);
      }
    }
    try {
      yield* athrowOf(gen, exc);
    } catch (e) {
      // Suppress StopAsyncIteration unless it is the one thrown in; the exception itself
      // coming back out means "not suppressed" (return false, and the caller re-raises it).
      if (e instanceof StopAsyncIteration) return e !== exc;
      if (e instanceof RuntimeError) {
        if (e === exc) return false;
        if ((exc instanceof StopIteration || exc instanceof StopAsyncIteration) && e.__cause__ === exc) return false;
        throw e;
      }
      if (e !== exc) throw e;
      return false;
    }
    try {
      throw new RuntimeError("generator didn't stop after athrow()");
    } finally {
      yield* acloseOf(gen);
    }
  }
}

/**
 * @asynccontextmanager: `func` is an async generator function that yields once; calling
 * the result gives an async context manager whose __aenter__ runs func up to its yield
 * (and returns the yielded value), and whose __aexit__ resumes it (or throws the block's
 * exception in at the yield).
 */
export function asynccontextmanager<A extends unknown[], T>(func: (...args: A) => AsyncGenerator<T, unknown, any>): (...args: A) => AsyncManagerOf<T> {
  const helper = (...args: A) => new _AsyncGeneratorContextManager<T>(func as any, args) as unknown as AsyncManagerOf<T>;
  Object.defineProperty(helper, "name", { value: func.name });
  return helper;
}

/** aclosing(thing): `await using t = aclosing(agen)` — awaits t.aclose() when the block ends. */
export function aclosing<T extends { aclose(): PromiseLike<unknown> }>(thing: T): AsyncManagerOf<T> {
  return new Aclosing(thing) as unknown as AsyncManagerOf<T>;
}
class Aclosing<T extends { aclose(): PromiseLike<unknown> }> {
  constructor(readonly thing: T) {}
  __aenter__(): Promise<T> {
    return new ImmediateCoroutine(returnArg, this.thing, "aclosing.__aenter__") as unknown as Promise<T>;
  }
  __aexit__(_exc: unknown): Promise<null> {
    return new Coroutine(this._exit(), "__aexit__", "aclosing.__aexit__") as unknown as Promise<null>;
  }
  [Symbol.asyncDispose](): Promise<void> {
    return asyncDispose(this);
  }
  private *_exit(): Generator<unknown, null, any> {
    yield this.thing.aclose();
    return null;
  }
}
Object.defineProperty(Aclosing, "name", { value: "aclosing" });

function returnArg<T>(arg: T): T {
  return arg;
}

/** nullcontext(enter_result = null): does nothing; entering gives enter_result (sync and async). */
export function nullcontext<T = null>(enter_result: T = null as T): AsyncManagerOf<T> & Disposable & { __enter__(): T; __exit__(exc: unknown): null } {
  return new NullContext(enter_result) as any;
}
class NullContext<T> {
  constructor(readonly enter_result: T) {}
  __enter__(): T {
    return this.enter_result;
  }
  __exit__(_exc: unknown): null {
    return null;
  }
  __aenter__(): Promise<T> {
    return new ImmediateCoroutine(returnArg, this.enter_result, "nullcontext.__aenter__") as unknown as Promise<T>;
  }
  __aexit__(_exc: unknown): Promise<null> {
    return new ImmediateCoroutine(returnArg, null, "nullcontext.__aexit__") as unknown as Promise<null>;
  }
  [Symbol.dispose](): void {}
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}
Object.defineProperty(NullContext, "name", { value: "nullcontext" });

type ExcClass = abstract new (...args: any[]) => unknown;

/** suppress(...exceptions): the block's exception is swallowed if it is one of these (or an
 * exception group made only of them). `await using _ = suppress(KeyError)` is Python's
 * `with suppress(KeyError):` — entering and leaving take no loop iteration. */
export function suppress(...exceptions: ExcClass[]): AsyncContextManagerProtocol<null> & Disposable & { __enter__(): null; __exit__(exc: unknown): boolean } {
  return new Suppress(exceptions) as any;
}
class Suppress {
  constructor(private readonly _exceptions: ExcClass[]) {}
  __enter__(): null {
    return null;
  }
  __exit__(exc: unknown): boolean {
    if (exc == null) return false;
    const matches = (e: unknown) => this._exceptions.some((cls) => e instanceof (cls as any));
    if (matches(exc)) return true;
    if (exc instanceof BaseExceptionGroup) {
      const [, rest] = exc.split((e: unknown) => matches(e));
      if (rest === null) return true;
      throw rest;
    }
    return false;
  }
  __aenter__(): Promise<null> {
    return new ImmediateCoroutine(returnArg, null, "suppress.__aenter__") as unknown as Promise<null>;
  }
  __aexit__(exc: unknown): Promise<boolean> {
    return new ImmediateCoroutine((e: unknown) => this.__exit__(e), exc, "suppress.__aexit__") as unknown as Promise<boolean>;
  }
  [Symbol.dispose](): void {}
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }
}
Object.defineProperty(Suppress, "name", { value: "suppress" });

// ---- AsyncExitStack ----
type ExitCallback = { sync: boolean; fn: (exc: unknown) => unknown };

const BUILTIN_CTORS = new Set<unknown>([Object, Array, Function, Number, String, Boolean, Map, Set, Promise, Symbol, BigInt]);

/** 3.12's message names the class with its module: '__main__.Foo', 'builtins.int'. */
function protocolError(cm: unknown, asyncProtocol: boolean): TypeError {
  const ctor = cm == null ? null : (cm as any).constructor;
  const module = ctor?.__module__ ?? (cm == null || typeof cm !== "object" || BUILTIN_CTORS.has(ctor) ? "builtins" : "__main__");
  return new TypeError(`'${module}.${pyTypeName(cm)}' object does not support the ${asyncProtocol ? "asynchronous " : ""}context manager protocol`);
}

/** contextlib.AsyncExitStack: a stack of exit callbacks run in reverse order on exit. */
export class AsyncExitStack {
  /** @internal */ _exit_callbacks: ExitCallback[] = [];

  /** Enters an async context manager and schedules its __aexit__; returns what __aenter__ gave. */
  enter_async_context<T>(cm: { __aenter__(): PromiseLike<T>; __aexit__(exc: unknown): PromiseLike<unknown> }): Promise<T> {
    return new Coroutine(this._enter_async(cm), "enter_async_context", "AsyncExitStack.enter_async_context") as unknown as Promise<T>;
  }
  private *_enter_async<T>(cm: any): Generator<unknown, T, any> {
    if (cm == null || typeof cm.__aenter__ !== "function" || typeof cm.__aexit__ !== "function") throw protocolError(cm, true);
    const result: T = yield cm.__aenter__();
    this._exit_callbacks.push({ sync: false, fn: (exc) => cm.__aexit__(exc) });
    return result;
  }

  /** Enters a (sync) context manager — __enter__/__exit__ — and schedules its __exit__. */
  enter_context<T>(cm: { __enter__(): T; __exit__(exc: unknown): unknown }): T {
    if (cm == null || typeof cm.__enter__ !== "function" || typeof cm.__exit__ !== "function") throw protocolError(cm, false);
    const result = cm.__enter__();
    this._exit_callbacks.push({ sync: true, fn: (exc) => cm.__exit__(exc) });
    return result;
  }

  /** Schedules an async exit: a manager's __aexit__, or a coroutine function taking the exception. */
  push_async_exit<E extends { __aexit__(exc: unknown): PromiseLike<unknown> } | ((exc: unknown) => PromiseLike<unknown>)>(exit: E): E {
    const e: any = exit;
    const fn = typeof e.__aexit__ === "function" ? (exc: unknown) => e.__aexit__(exc) : (exc: unknown) => e(exc);
    this._exit_callbacks.push({ sync: false, fn });
    return exit;
  }

  /** Schedules a sync exit: a manager's __exit__, or a function taking the exception. */
  push<E extends { __exit__(exc: unknown): unknown } | ((exc: unknown) => unknown)>(exit: E): E {
    const e: any = exit;
    const fn = typeof e.__exit__ === "function" ? (exc: unknown) => e.__exit__(exc) : (exc: unknown) => e(exc);
    this._exit_callbacks.push({ sync: true, fn });
    return exit;
  }

  /** Schedules `await callback(...args)` (it never suppresses). */
  push_async_callback<A extends unknown[]>(callback: (...args: A) => PromiseLike<unknown>, ...args: A): typeof callback {
    this._exit_callbacks.push({ sync: false, fn: () => callbackThenNull(callback(...args)) });
    return callback;
  }

  /** Schedules `callback(...args)` (it never suppresses). */
  callback<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): typeof callback {
    this._exit_callbacks.push({
      sync: true,
      fn: () => {
        callback(...args);
        return null;
      },
    });
    return callback;
  }

  /** Moves every callback to a new stack, which it returns; this one is left empty. */
  pop_all(): AsyncExitStack {
    const stack = new (this.constructor as typeof AsyncExitStack)();
    stack._exit_callbacks = this._exit_callbacks;
    this._exit_callbacks = [];
    return stack;
  }

  /** Runs the callbacks now, as leaving the block without an exception does. */
  aclose(): Promise<void> {
    return new Coroutine(this._aclose(), "aclose", "AsyncExitStack.aclose") as unknown as Promise<void>;
  }
  private *_aclose(): Generator<unknown, void, any> {
    yield this.__aexit__(null);
  }

  __aenter__(): Promise<this> {
    return new ImmediateCoroutine(returnArg, this, "AsyncExitStack.__aenter__") as unknown as Promise<this>;
  }
  __aexit__(exc: unknown): Promise<boolean> {
    return new Coroutine(this._exit(exc), "__aexit__", "AsyncExitStack.__aexit__") as unknown as Promise<boolean>;
  }
  [Symbol.asyncDispose](): Promise<void> {
    return asyncDispose(this);
  }

  private *_exit(exc: unknown): Generator<unknown, boolean, any> {
    const received = exc != null;
    let current: unknown = exc;
    let pending = false;
    let suppressed = false;
    const callbacks = this._exit_callbacks;
    while (callbacks.length) {
      const cb = callbacks.pop()!;
      try {
        const r = cb.sync ? cb.fn(current) : yield cb.fn(current);
        if (r) {
          suppressed = true;
          pending = false;
          current = null;
        }
      } catch (e) {
        // _fix_exception_context: the new exception's context is the one it replaced.
        if (current != null && e !== current && e instanceof Error && (e as any).__context__ == null && "__context__" in e) (e as any).__context__ = current;
        pending = true;
        current = e;
      }
    }
    if (pending) throw current;
    return received && suppressed;
  }
}

function callbackThenNull(aw: PromiseLike<unknown>): Coroutine<null> {
  return new Coroutine(awaitThenNull(aw), "_exit_wrapper", "AsyncExitStack._create_async_cb_wrapper.<locals>._exit_wrapper");
}
function* awaitThenNull(aw: PromiseLike<unknown>): Generator<unknown, null, any> {
  yield aw;
  return null;
}
