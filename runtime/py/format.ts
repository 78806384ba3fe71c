// Python's str() and repr() for JS values, and print() (SPEC §2.4).
// Values map as Python would see them: null/undefined → None, arrays → lists,
// plain objects and Maps → dicts, Sets → sets, Uint8Array → bytes, Errors → exceptions.
// An object may define __str__ / __repr__ to choose its own text.
import { writeStdout, writeStderr, flushStdoutOrRaise } from "../host.js";
import { isIntSet, pythonIntSetOrder } from "./pyset.js";

/** Keyword arguments for functions that also take *args (print, call_soon, ...). */
export class KwArgs<T extends object = Record<string, unknown>> {
  constructor(readonly kwargs: T) {}
}
/** `kw({ sep: "-" })` marks a trailing argument as Python keyword arguments. */
export function kw<T extends object>(kwargs: T): KwArgs<T> {
  return new KwArgs(kwargs);
}
/** Splits a trailing kw(...) off an argument list. */
export function splitKw<T extends object>(args: unknown[]): [unknown[], Partial<T>] {
  const last = args[args.length - 1];
  if (last instanceof KwArgs) return [args.slice(0, -1), last.kwargs as Partial<T>];
  return [args, {}];
}

/** Python's type name of a JS value, for messages like "object int can't be used in 'await' expression". */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  switch (typeof v) {
    case "number": return Number.isInteger(v) ? "int" : "float";
    case "string": return "str";
    case "boolean": return "bool";
    case "bigint": return "int";
    case "function": return "function";
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof Map) return "dict";
  if (v instanceof Set) return "set";
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return "dict";
  return (v as object).constructor?.name ?? "object";
}

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // Shortest round-trip digits, then Python's layout: fixed for 1e-4 <= |x| < 1e16.
  const [mant, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp < 0) {
    body = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${body}` : body;
}

function numberText(x: number): string {
  // JS has no int/float split: integral values print as Python ints.
  if (Number.isInteger(x) && !Object.is(x, -0) && Math.abs(x) < 1e21) return x.toFixed(0);
  return floatRepr(x);
}

function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

function bytesRepr(b: Uint8Array): string {
  let s = "";
  let hasSingle = false, hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    if (c === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  for (const c of b) {
    if (c === 0x5c) s += "\\\\";
    else if (String.fromCharCode(c) === quote) s += "\\" + quote;
    else if (c === 0x0a) s += "\\n";
    else if (c === 0x0d) s += "\\r";
    else if (c === 0x09) s += "\\t";
    else if (c < 0x20 || c >= 0x7f) s += "\\x" + c.toString(16).padStart(2, "0");
    else s += String.fromCharCode(c);
  }
  return `b${quote}${s}${quote}`;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function exceptionName(e: Error): string {
  const name = e.name;
  if (name && name !== "Error") return name;
  return e.constructor?.name ?? "Error";
}

export function repr(v: unknown, seen: Set<object> = new Set()): string {
  switch (typeof v) {
    case "undefined": return "None";
    case "boolean": return v ? "True" : "False";
    case "number": return numberText(v);
    case "bigint": return v.toString();
    case "string": return strRepr(v);
    case "symbol": return v.toString();
    case "function": return `<function ${v.name || "<lambda>"}>`;
  }
  if (v === null) return "None";
  const obj = v as any;
  if (typeof obj.__repr__ === "function") return obj.__repr__();
  if (seen.has(obj)) return Array.isArray(obj) ? "[...]" : "{...}";
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((x) => repr(x, seen)).join(", ")}]`;
    if (obj instanceof Uint8Array) return bytesRepr(obj);
    if (obj instanceof Set) {
      if (!obj.size) return "set()";
      const items = isIntSet(obj) ? pythonIntSetOrder([...obj]) : [...obj];
      return `{${items.map((x) => repr(x, seen)).join(", ")}}`;
    }
    if (obj instanceof Map) return `{${[...obj].map(([k, x]) => `${repr(k, seen)}: ${repr(x, seen)}`).join(", ")}}`;
    if (obj instanceof Error) {
      const args: unknown[] = (obj as any).args ?? (obj.message ? [obj.message] : []);
      const inner = args.length === 1 ? repr(args[0], seen) : args.map((x) => repr(x, seen)).join(", ");
      return `${exceptionName(obj)}(${inner})`;
    }
    if (isPlainObject(obj)) return `{${Object.entries(obj).map(([k, x]) => `${strRepr(k)}: ${repr(x, seen)}`).join(", ")}}`;
    return `<${obj.constructor?.name ?? "object"} object>`;
  } finally {
    seen.delete(obj);
  }
}

export function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (v !== null && typeof v === "object") {
    const obj = v as any;
    if (typeof obj.__str__ === "function") return obj.__str__();
    if (obj instanceof Error) return obj.message;
  }
  return repr(v);
}

interface PrintKw { sep?: string | null; end?: string | null; file?: { write(s: string): unknown; flush?(): unknown } | null; flush?: boolean }

/** Python's print(): str() of each value, joined by sep (" "), then end ("\n"). */
export function print(...args: unknown[]): void {
  const [values, opts] = splitKw<PrintKw>(args);
  const sep = opts.sep ?? " ";
  const end = opts.end ?? "\n";
  let text = "";
  for (let i = 0; i < values.length; i++) text += (i ? sep : "") + str(values[i]);
  text += end;
  const file = opts.file ?? stdout;
  file.write(text);
  if (opts.flush) file.flush?.();
}

/** sys.stderr / sys.stdout stand-ins for print(..., kw({ file })). */
export const stderr = { write: (s: string) => writeStderr(s), flush: () => {} };
export const stdout = { write: (s: string) => writeStdout(s), flush: flushStdoutOrRaise };
