// Python's exception hierarchy as JS classes (asyncio/exceptions.py plus the builtins
// asyncio raises). `message` is Python's str(e); `args` holds the constructor arguments;
// `name` is the Python class name (also for user subclasses); `__module__` qualifies the
// name the way CPython's traceback prints it.
import { repr, str } from "./format.js";
import { _set_broken_pipe_error } from "../host.js";

function messageOf(args: unknown[]): string {
  if (args.length === 0) return "";
  if (args.length === 1) return str(args[0]);
  return `(${args.map((a) => repr(a)).join(", ")})`;
}

/** Python's BaseException. Every JS Error counts as one (`instanceof`). */
export class BaseException extends Error {
  args: unknown[];
  __cause__: unknown = null;
  __context__: unknown = null;
  static __module__ = "builtins";
  constructor(...args: unknown[]) {
    super(messageOf(args));
    this.args = args;
  }
  // Python's class name, also for user subclasses that don't set one.
  get name(): string {
    return this.constructor.name;
  }
  set name(v: string) {
    Object.defineProperty(this, "name", { value: v, writable: true, configurable: true });
  }
  static [Symbol.hasInstance](x: unknown): boolean {
    if (this === BaseException) return x instanceof Error;
    return Function.prototype[Symbol.hasInstance].call(this, x);
  }
}

/** Python's Exception: every JS Error except the BaseException-only ones (see below). */
export class Exception extends BaseException {}

function named<T extends Function>(cls: T, name: string, module = "builtins"): T {
  Object.defineProperty(cls, "name", { value: name });
  Object.defineProperty(cls, "__module__", { value: module });
  return cls;
}

export class RuntimeError extends Exception {}
named(RuntimeError, "RuntimeError");
export class ValueError extends Exception {}
named(ValueError, "ValueError");
/** The base of KeyError and IndexError; ContextVar.get() raises it when no value and no default exist. */
export class LookupError extends Exception {}
named(LookupError, "LookupError");
export class KeyError extends LookupError {
  __str__(): string {
    return this.args.length === 1 ? repr(this.args[0]) : this.message;
  }
}
named(KeyError, "KeyError");
export class IndexError extends LookupError {}
named(IndexError, "IndexError");
export class ArithmeticError extends Exception {}
named(ArithmeticError, "ArithmeticError");
export class ZeroDivisionError extends ArithmeticError {}
named(ZeroDivisionError, "ZeroDivisionError");
/** What a failed `assert` raises (asyncio's internal asserts too: "feed_data after feed_eof"). */
export class AssertionError extends Exception {}
named(AssertionError, "AssertionError");
export class NotImplementedError extends RuntimeError {}
named(NotImplementedError, "NotImplementedError");
export class StopAsyncIteration extends Exception {}
named(StopAsyncIteration, "StopAsyncIteration");
export class StopIteration extends Exception {
  get value(): unknown {
    return this.args[0] ?? null;
  }
}
named(StopIteration, "StopIteration");
export class GeneratorExit extends BaseException {}
named(GeneratorExit, "GeneratorExit");
export class KeyboardInterrupt extends BaseException {}
named(KeyboardInterrupt, "KeyboardInterrupt");
export class SystemExit extends BaseException {
  get code(): unknown {
    return this.args.length === 0 ? null : this.args.length === 1 ? this.args[0] : this.args;
  }
}
named(SystemExit, "SystemExit");
/**
 * Python's OSError. With two to five arguments the first two are `errno` and `strerror`
 * and str(e) is "[Errno N] strerror" (": 'filename'" appended when given). As in Python,
 * `new OSError(errno, strerror)` builds the subclass that errno maps to
 * (`new OSError(111, "x")` is a ConnectionRefusedError).
 */
export class OSError extends Exception {
  errno: number | null = null;
  strerror: string | null = null;
  filename: unknown = null;
  filename2: unknown = null;
  constructor(...args: unknown[]) {
    if (new.target === OSError && args.length >= 2 && typeof args[0] === "number") {
      const cls = ERRNO_CLASSES.get(args[0]);
      // eslint-disable-next-line no-constructor-return
      if (cls !== undefined) return new cls(...args);
    }
    super(...args);
    if (args.length >= 2 && args.length <= 5) {
      this.errno = args[0] as number;
      this.strerror = args[1] as string;
      if (args.length >= 3) this.filename = args[2] ?? null;
      if (args.length >= 5) this.filename2 = args[4] ?? null;
      this.message = this.__str__();
      this.args = args.length >= 3 ? [args[0], args[1]] : args;
    }
  }
  __str__(): string {
    if (this.errno === null && this.strerror === null) return this.message;
    let text = `[Errno ${str(this.errno)}] ${str(this.strerror)}`;
    if (this.filename !== null) {
      text += `: ${repr(this.filename)}`;
      if (this.filename2 !== null) text += ` -> ${repr(this.filename2)}`;
    }
    return text;
  }
}
named(OSError, "OSError");
/** Python's builtin TimeoutError (an OSError), which asyncio.TimeoutError is since 3.11. */
export class TimeoutError extends OSError {}
named(TimeoutError, "TimeoutError");
export class ConnectionError extends OSError {}
named(ConnectionError, "ConnectionError");
export class ConnectionResetError extends ConnectionError {}
named(ConnectionResetError, "ConnectionResetError");
export class ConnectionRefusedError extends ConnectionError {}
named(ConnectionRefusedError, "ConnectionRefusedError");
export class ConnectionAbortedError extends ConnectionError {}
named(ConnectionAbortedError, "ConnectionAbortedError");
export class BrokenPipeError extends ConnectionError {}
named(BrokenPipeError, "BrokenPipeError");
export class BlockingIOError extends OSError {}
named(BlockingIOError, "BlockingIOError");
export class ChildProcessError extends OSError {}
named(ChildProcessError, "ChildProcessError");
export class FileExistsError extends OSError {}
named(FileExistsError, "FileExistsError");
export class FileNotFoundError extends OSError {}
named(FileNotFoundError, "FileNotFoundError");
export class IsADirectoryError extends OSError {}
named(IsADirectoryError, "IsADirectoryError");
export class NotADirectoryError extends OSError {}
named(NotADirectoryError, "NotADirectoryError");
export class InterruptedError extends OSError {}
named(InterruptedError, "InterruptedError");
export class PermissionError extends OSError {}
named(PermissionError, "PermissionError");
export class ProcessLookupError extends OSError {}
named(ProcessLookupError, "ProcessLookupError");
/** socket.gaierror: a name that getaddrinfo() could not resolve ("[Errno -2] Name or service not known"). */
export class gaierror extends OSError {}
named(gaierror, "gaierror", "socket");
/** socket.herror */
export class herror extends OSError {}
named(herror, "herror", "socket");

// Linux errno → the OSError subclass Python builds for it (Objects/exceptions.c).
const ERRNO_CLASSES = new Map<number, new (...args: unknown[]) => OSError>([
  [11, BlockingIOError], [114, BlockingIOError], [115, BlockingIOError],
  [10, ChildProcessError],
  [32, BrokenPipeError], [108, BrokenPipeError],
  [103, ConnectionAbortedError], [111, ConnectionRefusedError], [104, ConnectionResetError],
  [17, FileExistsError], [2, FileNotFoundError], [21, IsADirectoryError], [20, NotADirectoryError],
  [4, InterruptedError], [13, PermissionError], [1, PermissionError], [3, ProcessLookupError],
  [110, TimeoutError],
]);
_set_broken_pipe_error(() => new BrokenPipeError(32, "Broken pipe"));
export class EOFError extends Exception {}
named(EOFError, "EOFError");

// --- asyncio.exceptions ---
/** The operation was cancelled (a BaseException, so `except Exception` misses it). */
export class CancelledError extends BaseException {}
named(CancelledError, "CancelledError", "asyncio.exceptions");
export class InvalidStateError extends Exception {}
named(InvalidStateError, "InvalidStateError", "asyncio.exceptions");
export class SendfileNotAvailableError extends RuntimeError {}
named(SendfileNotAvailableError, "SendfileNotAvailableError", "asyncio.exceptions");
export class BrokenBarrierError extends RuntimeError {}
named(BrokenBarrierError, "BrokenBarrierError", "asyncio.exceptions");

/** Reading stopped at EOF before `expected` bytes arrived. */
export class IncompleteReadError extends EOFError {
  partial: Uint8Array;
  expected: number | null;
  constructor(partial: Uint8Array, expected: number | null) {
    const e = expected === null ? "undefined" : repr(expected);
    super(`${partial.length} bytes read on a total of ${e} expected bytes`); // args: the message only, as CPython's
    this.partial = partial;
    this.expected = expected;
  }
}
named(IncompleteReadError, "IncompleteReadError", "asyncio.exceptions");

/** The buffer limit was reached while looking for a separator. */
export class LimitOverrunError extends Exception {
  consumed: number;
  constructor(message: string, consumed: number) {
    super(message); // args: the message only, as CPython's
    this.consumed = consumed;
  }
}
named(LimitOverrunError, "LimitOverrunError", "asyncio.exceptions");

// --- asyncio.queues ---
export class QueueEmpty extends Exception {}
named(QueueEmpty, "QueueEmpty", "asyncio.queues");
export class QueueFull extends Exception {}
named(QueueFull, "QueueFull", "asyncio.queues");
export class QueueShutDown extends Exception {}
named(QueueShutDown, "QueueShutDown", "asyncio.queues");

// --- exception groups (PEP 654) ---
type Matcher = Function | Function[] | ((e: Error) => boolean);

function makeMatcher(cond: Matcher): (e: Error) => boolean {
  const isClass = (f: Function) => typeof f === "function" && f.prototype !== undefined && (f === Error || f.prototype instanceof Error || f === BaseException || f === Exception);
  if (Array.isArray(cond)) return (e) => cond.some((c) => e instanceof (c as any));
  if (isClass(cond as Function)) return (e) => e instanceof (cond as any);
  return cond as (e: Error) => boolean;
}

/** Python's BaseExceptionGroup: `message`, `exceptions`, `subgroup`, `split`, `derive`. */
export class BaseExceptionGroup<E extends Error = Error> extends BaseException {
  readonly exceptions: E[];
  private readonly _message: string;
  constructor(message: string, exceptions: Iterable<E>) {
    const excs = [...exceptions];
    if (typeof message !== "string") throw new TypeError("argument 1 must be str");
    if (excs.length === 0) throw new ValueError("second argument (exceptions) must be a non-empty sequence");
    super(message, excs);
    delete (this as any).message; // let the getter below answer
    this._message = message;
    this.exceptions = excs;
    // BaseExceptionGroup(...) of plain Exceptions is an ExceptionGroup, as in Python.
    if (new.target === BaseExceptionGroup && excs.every((e) => e instanceof Exception)) {
      Object.setPrototypeOf(this, ExceptionGroup.prototype);
    }
  }
  /** Python's `message` attribute: the group's own message, without the count. */
  // @ts-ignore -- Error.message is a plain property; the group's is its own text.
  get message(): string {
    return this._message;
  }
  set message(_v: string) {}
  __str__(): string {
    const n = this.exceptions.length;
    return `${this._message} (${n} sub-exception${n === 1 ? "" : "s"})`;
  }
  derive(excs: Iterable<E>): BaseExceptionGroup<E> {
    return new BaseExceptionGroup(this._message, excs);
  }
  private _copyFrom(group: BaseExceptionGroup<E>): this {
    (group as any).__cause__ = this.__cause__;
    (group as any).__context__ = this.__context__;
    return group as this;
  }
  subgroup(cond: Matcher): BaseExceptionGroup<E> | null {
    return this.split(cond)[0];
  }
  split(cond: Matcher): [BaseExceptionGroup<E> | null, BaseExceptionGroup<E> | null] {
    const match = makeMatcher(cond);
    if (match(this)) return [this, null];
    const yes: E[] = [], no: E[] = [];
    for (const e of this.exceptions) {
      if (e instanceof BaseExceptionGroup) {
        const [a, b] = e.split(cond);
        if (a) yes.push(a as unknown as E);
        if (b) no.push(b as unknown as E);
      } else if (match(e)) yes.push(e);
      else no.push(e);
    }
    const part = (list: E[]) => (list.length ? this._copyFrom(this.derive(list)) : null);
    return [part(yes), part(no)];
  }
}
named(BaseExceptionGroup, "BaseExceptionGroup");

/** Python's ExceptionGroup: a BaseExceptionGroup of Exceptions, itself an Exception. */
export class ExceptionGroup<E extends Error = Error> extends BaseExceptionGroup<E> {
  constructor(message: string, exceptions: Iterable<E>) {
    const excs = [...exceptions];
    for (const e of excs) {
      if (!(e instanceof Exception)) throw new TypeError(`Cannot nest BaseExceptions in an ExceptionGroup`);
    }
    super(message, excs);
  }
  override derive(excs: Iterable<E>): ExceptionGroup<E> {
    return new ExceptionGroup(this.message, excs);
  }
}
named(ExceptionGroup, "ExceptionGroup");
// An ExceptionGroup is an Exception too.
Object.defineProperty(Exception, Symbol.hasInstance, {
  value(this: Function, x: unknown): boolean {
    if (this === Exception) {
      if (!(x instanceof Error)) return false;
      if (Object.prototype.isPrototypeOf.call(ExceptionGroup.prototype, x)) return true;
      const baseOnly = Object.prototype.isPrototypeOf.call(BaseException.prototype, x) &&
        !Object.prototype.isPrototypeOf.call(Exception.prototype, x);
      return !baseOnly;
    }
    return Function.prototype[Symbol.hasInstance].call(this, x);
  },
});

/** Python's qualified class name as a traceback prints it: "asyncio.exceptions.CancelledError". */
export function qualifiedName(e: unknown): string {
  if (!(e instanceof Error)) return "Exception";
  const ctor = (e as any).constructor;
  const name = e.name && e.name !== "Error" ? e.name : ctor?.name ?? "Error";
  const mod = Object.prototype.hasOwnProperty.call(ctor ?? {}, "__module__") ? ctor.__module__ : "builtins";
  return mod === "builtins" || mod === "__main__" ? name : `${mod}.${name}`;
}

/** The last line of a Python traceback for this exception: "Name: message" or "Name". */
export function formatExceptionOnly(e: unknown): string {
  const text = e instanceof Error ? str(e) : str(e);
  const name = qualifiedName(e);
  return text ? `${name}: ${text}` : name;
}
