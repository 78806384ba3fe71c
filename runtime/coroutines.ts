// Coroutine objects (asyncio/coroutines.py and CPython's coroutine type).
//
// The compiler turns `async function f(...) { body }` into a function that returns
// `new Coroutine(generator, "f")`: calling it runs nothing. `await x` became `yield x`; the
// Task that owns the coroutine reads what was yielded and decides (tasks.ts, `Task._run`).
// Coroutines awaited inside a coroutine are pushed on the task's own frame stack instead of
// being delegated with `yield*`, so a resume costs the same at any await depth.
import { RuntimeError } from "./py/exceptions.js";
import { _get_running_loop } from "./events.js";
import { writeStderr } from "./host.js";
import { formatTraceback } from "./py/traceback.js";

// The loop's coroutine methods (see events.ts: declaration merging keeps events.ts free of
// imports from above it).
declare module "./events.js" {
  interface AbstractEventLoop {
    /** Closes every async generator still alive on this loop (aclose(), concurrently). */
    shutdown_asyncgens(): Coroutine<void>;
    /** The default executor is the loop itself: nothing to join. */
    shutdown_default_executor(timeout?: number | null): Coroutine<void>;
  }
}

export const CREATED = 0, STARTED = 1, CLOSED = 2;

/** A lazy coroutine: what calling a coroutine function returns. Thenable for plain JS. */
// The hot classes of the runtime (coroutines, futures, tasks, handles) declare their fields
// and assign them in the constructor: a class field initialiser (define semantics, ES2022)
// makes construction about twice as slow in Node 20's V8 (bench/README.md).
export class Coroutine<T = unknown> implements PromiseLike<T> {
  /** @internal */ declare _gen: Generator<unknown, T, unknown> | null;
  /** @internal */ declare _state: number;
  /** @internal the Task wrapping this coroutine, if any; once it runs as a frame awaited by
   * another coroutine, that coroutine (the Task's frame list: tasks.ts) */ declare _owner: unknown;
  declare readonly __name__: string;
  /** @internal set only where it differs from __name__ (the runtime's methods: "BaseEventLoop.shutdown_asyncgens") */ declare _qualname: string;
  constructor(gen: Generator<unknown, T, unknown> | null, name: string, qualname?: string) {
    this._gen = gen;
    this._state = CREATED;
    this._owner = null;
    (this as { __name__: string }).__name__ = name;
    if (qualname !== undefined) this._qualname = qualname;
    if (tracking) trackCoroutine(this);
    else if (this._watched) watchCoroutine(this);
  }
  /** Python's __qualname__: what reprs and warnings show. */
  get __qualname__(): string {
    return this._qualname ?? this.__name__;
  }
  get cr_running(): boolean {
    return false;
  }
  /** Closes a coroutine that was never started (or finishes it with GeneratorExit semantics). */
  close(): void {
    if (this._state === CLOSED) return;
    if (this._state === CREATED) _started(this);
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
  /** The rest of the Promise its source type (`Promise<T>`) promises, through `then`. */
  catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
  __repr__(): string {
    return `<coroutine object ${this.__qualname__}>`;
  }
  /** @internal on the prototype: whether the never-awaited watch list takes it — every
   * generator-backed coroutine; of those without a generator (sleep, ImmediateCoroutine),
   * only the ones a public method returns (WatchedImmediateCoroutine) */ declare readonly _watched: boolean;
}
Object.defineProperty(Coroutine.prototype, "_watched", { value: true });

/** @internal A coroutine that completes at its first step without suspending, by calling
 * fn(arg) — the runtime's `async def` bodies that never await (Lock.__aexit__ releases).
 * The Task runs it inline: no generator, no frame. */
export class ImmediateCoroutine<T, A = unknown> extends Coroutine<T> {
  declare readonly _fn: (arg: A) => T;
  declare readonly _arg: A;
  constructor(fn: (arg: A) => T, arg: A, name: string) {
    // `name` is the qualified name ("suppress.__aenter__"); __name__ is its last part.
    super(null, name.slice(name.lastIndexOf(".") + 1), name);
    (this as { _fn: unknown })._fn = fn;
    (this as { _arg: unknown })._arg = arg;
  }
}
Object.defineProperty(ImmediateCoroutine.prototype, "_watched", { value: false });

/** @internal An ImmediateCoroutine that a public method returns (Queue.put on an unbounded
 * queue), watched like a generator-backed coroutine so that `q.put(x)` without await warns
 * as in CPython. The protocol methods' ones (`__aexit__`) are awaited by compiled code at
 * once and skip the watch list. */
export class WatchedImmediateCoroutine<T, A = unknown> extends ImmediateCoroutine<T, A> {}
Object.defineProperty(WatchedImmediateCoroutine.prototype, "_watched", { value: true });

/** @internal What a FrameCoroutine passes as its generator before it can name itself. */
const SELF_FRAME = Object.freeze({}) as unknown as Generator<unknown, never, unknown>;

/** @internal A coroutine that is its own frame: it answers the generator protocol the Task
 * drives (next, throw, return) by hand, as a small state machine, where a generator would
 * cost two more objects per call (the generator and its register file, ~160 bytes). Used
 * for the runtime's hottest waits (Event.wait, Lock.acquire, Queue.get/put), each written
 * against its Python body line by line; like a generator, a step that raises leaves it
 * closed, and throw/return before the first step close it without running anything. */
export abstract class FrameCoroutine<T> extends Coroutine<T> {
  /** `name` is the method's name; its qualified name ("Queue.get") goes on the subclass's
   * prototype (qualifyFrame), so no instance carries it. */
  constructor(name: string) {
    super(SELF_FRAME, name); // watched and tracked like any generator-backed coroutine
    this._gen = this as unknown as Generator<unknown, T, unknown>;
  }
  abstract next(value?: unknown): IteratorResult<unknown, T>;
  abstract throw(exc: unknown): IteratorResult<unknown, T>;
  abstract return(value: T): IteratorResult<unknown, T>;
}

/** @internal A FrameCoroutine subclass's qualified name, as CPython's reprs and warnings show it. */
export function qualifyFrame(cls: { prototype: FrameCoroutine<any> }, qualname: string): void {
  Object.defineProperty(cls.prototype, "_qualname", { value: qualname });
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

// ---- "coroutine 'f' was never awaited" ----
// CPython warns when a coroutine object that never started is garbage-collected, in any
// mode; with debug mode on it adds where the coroutine was created. asyncts warns in any
// mode too, on stderr, at the latest when a loop closes (asyncio.run's end) or the process
// exits:
// - normal mode: every generator-backed coroutine goes into `watched` (one array push);
//   when the array has doubled since the last sweep, the sweep drops the ones that
//   started or closed, so it stays as long as the coroutines not yet started. A loop's
//   close (and process exit) warns for every watched coroutine still unstarted. That keeps
//   an unstarted coroutine alive until then, where CPython would collect it and warn at once.
// - debug mode (asyncio.run(main, {debug: true}), loop.set_debug(true), PYTHONASYNCIODEBUG=1):
//   every coroutine created from then on is tracked with its creation stack (printed as
//   CPython's "Coroutine created at"), its state watched, and the warning written either when
//   V8 collects it unstarted (FinalizationRegistry) or when a loop closes while it is still
//   unstarted.

let watched: Coroutine<any>[] = [];
// How many of `watched` have not started, as counted at creation and at start (_started):
// a sweep runs only once the started ones are at least as many as the unstarted (and
// 1,024), so it always halves the array, and a program holding 100,000 coroutines not yet
// started (gather's arguments) pays no sweep at all — each would read every coroutine's
// state, scattered through the heap. A miscount only moves the next sweep, which recounts.
let unstarted = 0;

function watchCoroutine(coro: Coroutine<any>): void {
  unstarted += 1;
  if (watched.push(coro) - unstarted < Math.max(1024, unstarted)) return;
  watched = watched.filter((c) => c._state === CREATED);
  unstarted = watched.length;
}

/** @internal For tests: how many coroutines the never-awaited watch list holds. */
export function _watched_length(): number {
  return watched.length;
}

/** @internal `coro` leaves CREATED (the Task starts it, or close()). */
export function _started(coro: Coroutine<any>): void {
  if (coro._watched) unstarted -= 1;
}

process.on("exit", () => _report_never_awaited());

let tracking = false;

interface CoroRecord {
  name: string;
  state: number;
  origin: Error;
}

const liveCoroutines = new Set<CoroRecord>();
const coroRegistry = new FinalizationRegistry<CoroRecord>((rec) => {
  if (liveCoroutines.delete(rec) && rec.state === CREATED) warnNeverAwaited(rec);
});

/** True when asyncio debug mode is on by default (PYTHONASYNCIODEBUG set, as CPython reads it). */
export function _is_debug_mode(): boolean {
  return !!process.env.PYTHONASYNCIODEBUG;
}

/** @internal A loop entered debug mode: track coroutines from now on. */
export function _enable_coroutine_tracking(): void {
  tracking = true;
}

function trackCoroutine(coro: Coroutine<any>): void {
  if (coro._gen === null) return; // runtime-native coroutines (sleep) are consumed at once
  const rec: CoroRecord = { name: coro.__qualname__, state: coro._state, origin: new Error() };
  Object.defineProperty(coro, "_state", {
    configurable: true,
    enumerable: true,
    get: () => rec.state,
    set: (v: number) => {
      rec.state = v;
      if (v !== CREATED && liveCoroutines.delete(rec)) coroRegistry.unregister(rec);
    },
  });
  liveCoroutines.add(rec);
  coroRegistry.register(coro, rec, rec);
}

function warnNeverAwaited(rec: CoroRecord): void {
  // formatTraceback gives "Traceback (most recent call last):", the frames, then "Error"; it
  // already hides asyncts's own frames (anchored at the package's folder, so a user path with
  // `/runtime/` in it keeps its frames); the coroutine function's wrapper (the innermost) goes.
  const lines = formatTraceback(rec.origin).split("\n").slice(1, -2);
  if (lines.length && lines[lines.length - 1].endsWith(`, in ${rec.name}`)) lines.pop();
  const frames = lines.join("\n");
  writeStderr(`RuntimeWarning: coroutine '${rec.name}' was never awaited\n` + (frames ? `Coroutine created at (most recent call last)\n${frames}\n` : ""));
}

/** @internal A loop closes (or the process exits): warn for every coroutine that never started. */
export function _report_never_awaited(): void {
  if (watched.length) {
    const never = watched.filter((c) => c._state === CREATED);
    watched = [];
    unstarted = 0;
    for (const c of never) writeStderr(`RuntimeWarning: coroutine '${c.__qualname__}' was never awaited\n`);
  }
  for (const rec of liveCoroutines) {
    if (rec.state !== CREATED) continue;
    liveCoroutines.delete(rec);
    coroRegistry.unregister(rec);
    warnNeverAwaited(rec);
  }
}
