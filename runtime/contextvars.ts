// contextvars: Context, ContextVar, Token, copy_context (PEP 567).
// A Context maps ContextVars to values. Copies share their map until one of them is
// written (copy-on-write), so copy_context() for every Task stays O(1).
import { LookupError } from "./lookup_error.js";
import { RuntimeError, ValueError } from "./exceptions.js";
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

/** @internal The context code runs in right now. */
export function currentContext(): Context {
  return current;
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
  }
  get(dflt?: T): T {
    const data = current._data;
    if (data.has(this)) return data.get(this) as T;
    if (arguments.length > 0) return dflt as T;
    if (this._default !== MISSING) return this._default;
    throw new LookupError(this);
  }
  set(value: T): Token<T> {
    const old = current._data.has(this) ? (current._data.get(this) as T) : MISSING;
    current._write(this, value);
    return new Token(current, this, old);
  }
  reset(token: Token<T>): void {
    if (token._used) throw new RuntimeError(`${repr(token)} has already been used once`);
    if (token.var_ !== this) throw new ValueError(`${repr(token)} was created by a different ContextVar`);
    if (token._ctx !== current) throw new ValueError(`${repr(token)} was created in a different Context`);
    token._used = true;
    current._write(this, token.old_value);
  }
  __repr__(): string {
    return `<ContextVar name=${repr(this.name)}>`;
  }
}
