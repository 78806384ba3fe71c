// contextvars: Context, ContextVar, Token, copy_context (PEP 567).
// A Context maps ContextVars to values. Copies share their map until one of them is
// written (copy-on-write), so copy_context() for every Task stays O(1).
import { LookupError, RuntimeError, ValueError } from "./exceptions.js";
import { repr } from "./format.js";

const MISSING: unique symbol = Symbol("MISSING");

export class Context {
  /** @internal */ _data: Map<ContextVar<any>, unknown>;
  /** @internal */ _shared = false;
  /** @internal */ _entered = false;
  constructor(data?: Map<ContextVar<any>, unknown>) {
    this._data = data ?? new Map();
  }
  copy(): Context {
    const c = new Context(this._data);
    c._shared = true;
    this._shared = true;
    return c;
  }
  /** Runs fn(...args) in this context; ContextVar.set inside it writes here. */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    if (this._entered) {
      throw new RuntimeError(`cannot enter context: ${repr(this)} is already entered`);
    }
    this._entered = true;
    const prev = current;
    current = this;
    try {
      return fn(...args);
    } finally {
      current = prev;
      this._entered = false;
    }
  }
  get(v: ContextVar<any>, dflt: unknown = null): unknown {
    return this._data.has(v) ? this._data.get(v) : dflt;
  }
  has(v: ContextVar<any>): boolean {
    return this._data.has(v);
  }
  get size(): number {
    return this._data.size;
  }
  keys(): IterableIterator<ContextVar<any>> {
    return this._data.keys();
  }
  values(): IterableIterator<unknown> {
    return this._data.values();
  }
  items(): IterableIterator<[ContextVar<any>, unknown]> {
    return this._data.entries();
  }
  [Symbol.iterator](): IterableIterator<ContextVar<any>> {
    return this._data.keys();
  }
  __repr__(): string {
    return "<Context object>";
  }
  /** @internal */ _write(v: ContextVar<any>, value: unknown): void {
    if (this._shared) {
      this._data = new Map(this._data);
      this._shared = false;
    }
    if (value === MISSING) this._data.delete(v);
    else this._data.set(v, value);
  }
}

let current: Context = new Context();

export function copy_context(): Context {
  return current.copy();
}

// ---- Snapshots: a task's context before anything needs it as an object ----
// Every Task runs in a copy of its creator's context, and few ever set a ContextVar or ask
// for their context. So a Task first keeps just the (shared, hence never mutated) map of
// its creator's vars, a snapshot, and its steps run in one reusable Context, SNAPSHOT,
// loaded with that map. The task gets a Context object of its own the moment one could be
// observed: a ContextVar.set/reset during its step, or get_context(). One Context object
// less per task is 48 bytes less for the GC to copy in a program with 100,000 tasks.

/** @internal The vars a task starts with, until it needs a Context object. */
export type ContextSnapshot = Map<ContextVar<any>, unknown>;
/** @internal What holds a snapshot (a Task), to receive its Context object when made. */
export interface SnapshotOwner {
  _context: Context | ContextSnapshot;
}

const SNAPSHOT = new Context();
SNAPSHOT._shared = true;
const NO_VARS: ContextSnapshot = new Map();
let snapshotOwner: SnapshotOwner | null = null;

/** @internal A snapshot of the current context (what copy_context() would copy). */
export function _snapshot(): ContextSnapshot {
  current._shared = true; // its next write copies the map, which the snapshot keeps
  return current._data;
}

/** A Context over a snapshot's map (shared: its first write copies the map). */
function contextOver(data: ContextSnapshot): Context {
  const ctx = new Context(data);
  ctx._shared = true;
  return ctx;
}

/** @internal The owner's own Context, made from its snapshot if it has none yet (not entered,
 * unless the owner's step is running in SNAPSHOT: then it takes SNAPSHOT's place). */
export function _context_of(owner: SnapshotOwner): Context {
  const c = owner._context;
  if (c instanceof Context) return c;
  if (current === SNAPSHOT && snapshotOwner === owner) return materialize();
  return (owner._context = contextOver(c));
}

/** The running snapshot becomes its owner's Context, entered in its place. */
function materialize(): Context {
  const ctx = contextOver(SNAPSHOT._data);
  ctx._entered = true;
  snapshotOwner!._context = ctx;
  current = ctx;
  return ctx;
}

/** @internal Enters the owner's context for one of its steps: its Context, or its snapshot
 * loaded into SNAPSHOT. Returns the context to restore, null if nothing was entered. */
export function _enter_owned_context(owner: SnapshotOwner): Context | null {
  const c = owner._context;
  if (c instanceof Context) return c._entered ? null : _enter_context(c);
  const prev = current;
  SNAPSHOT._data = c;
  snapshotOwner = owner;
  current = SNAPSHOT;
  return prev;
}
/** @internal Leaves what _enter_owned_context entered (prev non-null), back to prev. */
export function _leave_owned_context(owner: SnapshotOwner, prev: Context): void {
  current = prev;
  // A Context (there from the start, or made from the snapshot during the step) is left.
  const c = owner._context;
  if (c instanceof Context) c._entered = false;
  if (snapshotOwner === owner) {
    snapshotOwner = null;
    SNAPSHOT._data = NO_VARS;
  }
}

/** @internal Enters ctx (as Context.run does, without the call); returns the context to restore. */
export function _enter_context(ctx: Context): Context {
  ctx._entered = true;
  const prev = current;
  current = ctx;
  return prev;
}
/** @internal Leaves ctx, back to prev. */
export function _leave_context(ctx: Context, prev: Context): void {
  current = prev;
  ctx._entered = false;
}


export class Token<T> {
  static MISSING = MISSING;
  /** @internal */ _used = false;
  constructor(
    /** @internal */ readonly _ctx: Context,
    readonly var_: ContextVar<T>,
    readonly old_value: T | typeof MISSING,
  ) {}
  get var(): ContextVar<T> {
    return this.var_;
  }
  __repr__(): string {
    return `<Token var=${repr(this.var_)}>`;
  }
}

export class ContextVar<T> {
  readonly name: string;
  private readonly _default: T | typeof MISSING;
  constructor(name: string, opts: { default?: T } = {}) {
    this.name = name;
    this._default = "default" in opts ? (opts.default as T) : MISSING;
    // Python passes var.set / var.get around as bound methods (ctx.run(var.set, v)).
    this.get = this.get.bind(this);
    this.set = this.set.bind(this);
    this.reset = this.reset.bind(this);
  }
  get(dflt?: T): T {
    const data = current._data;
    if (data.has(this)) return data.get(this) as T;
    if (arguments.length > 0) return dflt as T;
    if (this._default !== MISSING) return this._default;
    throw new LookupError(this);
  }
  set(value: T): Token<T> {
    const ctx = current === SNAPSHOT ? materialize() : current;
    const old = ctx._data.has(this) ? (ctx._data.get(this) as T) : MISSING;
    ctx._write(this, value);
    return new Token(ctx, this, old);
  }
  reset(token: Token<T>): void {
    if (token._used) throw new RuntimeError(`${repr(token)} has already been used once`);
    if (token.var_ !== this) throw new ValueError(`${repr(token)} was created by a different ContextVar`);
    if (token._ctx !== current) throw new ValueError(`${repr(token)} was created in a different Context`);
    token._used = true;
    current._write(this, token.old_value); // (current is token._ctx: never SNAPSHOT)
  }
  __repr__(): string {
    return `<ContextVar name=${repr(this.name)}>`;
  }
}
