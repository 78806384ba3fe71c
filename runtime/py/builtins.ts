// Python's built-in semantics where JavaScript's differ, for code `asyncts port` writes
// (exported as `py` from asyncts). The porter emits plain JavaScript wherever the types are
// evident (a number plus a number, a string method) and one of these where they are not:
// truthiness of empty containers, `in`, `==` on lists, `//` and `%` on negatives, indexing
// that raises KeyError/IndexError, and Python's format mini-language for f-strings.
import { str, repr, pyTypeName, floatRepr } from "./format.js";
import { KeyError, ValueError, IndexError, ZeroDivisionError } from "./exceptions.js";
import { pyEq, pyLt } from "./compare.js";

export { str, repr };

// Built-in exceptions the asyncio API itself never raises, for ported code (`py.IndexError`).
export { IndexError, ZeroDivisionError, AssertionError } from "./exceptions.js";

/** Python's truth value: empty containers, strings, bytes and 0 are false; None is false. */
export function bool(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case "boolean": return v;
    case "number": return v !== 0 && !Number.isNaN(v);
    case "bigint": return v !== 0n;
    case "string": return v.length > 0;
    case "function": return true;
  }
  const o = v as any;
  if (typeof o.__bool__ === "function") return !!o.__bool__();
  if (typeof o.__len__ === "function") return o.__len__() > 0;
  if (Array.isArray(o) || o instanceof Uint8Array) return o.length > 0;
  if (o instanceof Map || o instanceof Set) return o.size > 0;
  return true;
}

/** Python's `not x`. */
export function not(v: unknown): boolean {
  return !bool(v);
}

/** `a or b` with Python's truthiness; b is evaluated only when needed. */
export function or<A, B>(a: A, b: () => B): A | B {
  return bool(a) ? a : b();
}

/** `a and b` with Python's truthiness; b is evaluated only when needed. */
export function and<A, B>(a: A, b: () => B): A | B {
  return bool(a) ? b() : a;
}

export function len(v: unknown): number {
  if (typeof v === "string" || Array.isArray(v) || v instanceof Uint8Array) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  const o = v as any;
  if (o && typeof o.__len__ === "function") return o.__len__();
  if (o && typeof o.qsize === "function") return o.qsize();
  throw new TypeError(`object of type '${pyTypeName(v)}' has no len()`);
}

export function range(a: number, b?: number, step = 1): number[] {
  const [start, stop] = b === undefined ? [0, a] : [a, b];
  if (step === 0) throw new ValueError("range() arg 3 must not be zero");
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** Python's `==`: structural for lists, dicts and sets. */
export function eq(a: unknown, b: unknown): boolean {
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !eq(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const k of a) if (!b.has(k)) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a !== null && typeof a === "object" && typeof (a as any).__eq__ === "function") return !!(a as any).__eq__(b);
  return pyEq(a, b);
}

export function lt(a: unknown, b: unknown): boolean {
  return pyLt(a, b);
}

/** Python's `x in container`. */
export function contains(container: unknown, x: unknown): boolean {
  if (typeof container === "string") return container.includes(x as string);
  if (container instanceof Map || container instanceof Set) return container.has(x);
  if (Array.isArray(container)) return container.some((y) => eq(y, x));
  const o = container as any;
  if (o && typeof o.__contains__ === "function") return !!o.__contains__(x);
  if (o && typeof o === "object") return Object.prototype.hasOwnProperty.call(o, x as PropertyKey);
  throw new TypeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

function index(seq: { length: number }, i: number, what: string): number {
  const j = i < 0 ? seq.length + i : i;
  if (!Number.isInteger(j) || j < 0 || j >= seq.length) throw new IndexError(`${what} index out of range`);
  return j;
}

/** Python's `obj[key]`: KeyError for a missing dict key, IndexError past a sequence's end. */
export function getitem(obj: any, key: any): any {
  if (obj instanceof Map) {
    if (!obj.has(key)) throw new KeyError(key);
    return obj.get(key);
  }
  if (Array.isArray(obj)) return obj[index(obj, key, "list")];
  if (typeof obj === "string") return obj[index(obj, key, "string")];
  if (obj instanceof Uint8Array) return obj[index(obj, key, "index")];
  if (obj && typeof obj.__getitem__ === "function") return obj.__getitem__(key);
  if (obj && typeof obj === "object") {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) throw new KeyError(key);
    return obj[key];
  }
  throw new TypeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

export function setitem(obj: any, key: any, value: any): void {
  if (obj instanceof Map) obj.set(key, value);
  else if (Array.isArray(obj)) obj[index(obj, key, "list assignment")] = value;
  else if (obj && typeof obj.__setitem__ === "function") obj.__setitem__(key, value);
  else obj[key] = value;
}

export function delitem(obj: any, key: any): void {
  if (obj instanceof Map) {
    if (!obj.delete(key)) throw new KeyError(key);
  } else if (Array.isArray(obj)) obj.splice(index(obj, key, "list assignment"), 1);
  else delete obj[key];
}

/** Python's `seq[start:stop:step]` for lists, strings and bytes. */
export function slice<T extends string | unknown[] | Uint8Array>(seq: T, start: number | null = null, stop: number | null = null, step: number | null = null): T {
  const n = seq.length;
  const st = step ?? 1;
  if (st === 0) throw new ValueError("slice step cannot be zero");
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const idx: number[] = [];
  if (st > 0) for (let i = norm(start, 0, 0, n); i < norm(stop, n, 0, n); i += st) idx.push(i);
  else for (let i = norm(start, n - 1, -1, n - 1); i > norm(stop, -1, -1, n - 1); i += st) idx.push(i);
  if (typeof seq === "string") return idx.map((i) => seq[i]).join("") as T;
  if (seq instanceof Uint8Array) return Uint8Array.from(idx.map((i) => seq[i])) as T;
  return idx.map((i) => (seq as unknown[])[i]) as T;
}

/** Python's `a // b` (floor division; ZeroDivisionError on 0). */
export function floordiv(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("integer division or modulo by zero");
  return Math.floor(a / b);
}

/** Python's `a % b`: the result has the sign of b; `str % args` formats. */
export function mod(a: any, b: any): any {
  if (typeof a === "string") return percentFormat(a, b);
  if (b === 0) throw new ZeroDivisionError("integer modulo by zero");
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** Python's `a / b` (ZeroDivisionError on 0). */
export function div(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("division by zero");
  return a / b;
}

/** Python's `a + b` when the operand types are not evident: lists concatenate, bytes join. */
export function add(a: any, b: any): any {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const out = a instanceof bytearray ? new bytearray(a.length + b.length) : new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  if (typeof a === "string" && typeof b !== "string") throw new TypeError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
  return a + b;
}

/** Python's `a * b`: repetition for strings and lists. */
export function mul(a: any, b: any): any {
  if (typeof a === "string" && typeof b === "number") return a.repeat(Math.max(0, b));
  if (Array.isArray(a) && typeof b === "number") {
    const out: unknown[] = [];
    for (let i = 0; i < b; i++) for (const x of a) out.push(x);
    return out;
  }
  if (a instanceof Uint8Array && typeof b === "number") {
    const out = new Uint8Array(a.length * Math.max(0, b));
    for (let i = 0; i < out.length; i += a.length) out.set(a, i);
    return out;
  }
  if (typeof b === "string" || Array.isArray(b) || b instanceof Uint8Array) return mul(b, a);
  return a * b;
}

export function typename(v: unknown): string {
  return pyTypeName(v);
}

/** The items of an iterable as Python iterates them: a dict (Map or object) gives its keys. */
export function iter<T = any>(v: any): Iterable<T> {
  if (v instanceof Map) return v.keys();
  if (v && typeof v[Symbol.iterator] === "function") return v;
  if (v && typeof v.__iter__ === "function") return v.__iter__();
  if (v && typeof v === "object") return Object.keys(v) as any;
  throw new TypeError(`'${pyTypeName(v)}' object is not iterable`);
}

export function list<T>(v: Iterable<T> = []): T[] {
  const out: T[] = [];
  for (const x of iter<T>(v)) out.push(x);
  return out;
}

/** `xs.extend(ys)` without spreading an unbounded list into arguments. */
export function extend<T>(xs: T[], ys: Iterable<T>): void {
  for (const y of iter<T>(ys)) xs.push(y);
}

export function sorted<T>(v: Iterable<T>, opts: { key?: ((x: T) => unknown) | null; reverse?: boolean } = {}): T[] {
  const items = list(v);
  const key = opts.key ?? ((x: T) => x);
  const keyed = items.map((x, i) => [key(x), i, x] as const);
  keyed.sort((p, q) => (pyLt(p[0], q[0]) ? -1 : pyLt(q[0], p[0]) ? 1 : p[1] - q[1]));
  const out = keyed.map((k) => k[2]);
  if (opts.reverse) {
    // Python's reverse sort is stable too: reverse, stable-sort, reverse.
    const rev = items.map((x, i) => [key(x), i, x] as const).reverse();
    rev.sort((p, q) => (pyLt(q[0], p[0]) ? -1 : pyLt(p[0], q[0]) ? 1 : 0));
    return rev.map((k) => k[2]);
  }
  return out;
}

export function reversed<T>(v: Iterable<T>): T[] {
  return list(v).reverse();
}

export function enumerate<T>(v: Iterable<T>, start = 0): [number, T][] {
  let i = start;
  return list(v).map((x) => [i++, x]);
}

export function zip(...its: Iterable<unknown>[]): unknown[][] {
  const lists = its.map((it) => list(it));
  const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
  const out: unknown[][] = [];
  for (let i = 0; i < n; i++) out.push(lists.map((l) => l[i]));
  return out;
}

function pick<T>(v: Iterable<T>, better: (a: unknown, b: unknown) => boolean, opts: { key?: (x: T) => unknown; default?: T }, name: string): T {
  const items = list(v);
  if (!items.length) {
    if ("default" in opts) return opts.default as T;
    throw new ValueError(`${name}() iterable argument is empty`);
  }
  const key = opts.key ?? ((x: T) => x);
  let best = items[0];
  for (const x of items.slice(1)) if (better(key(x), key(best))) best = x;
  return best;
}

export function min<T>(v: Iterable<T>, opts: { key?: (x: T) => unknown; default?: T } = {}): T {
  return pick(v, pyLt, opts, "min");
}
export function max<T>(v: Iterable<T>, opts: { key?: (x: T) => unknown; default?: T } = {}): T {
  return pick(v, (a, b) => pyLt(b, a), opts, "max");
}
export function sum(v: Iterable<number>, start = 0): number {
  let s = start;
  for (const x of iter<number>(v)) s += x;
  return s;
}
export function any(v: Iterable<unknown>): boolean {
  for (const x of iter(v)) if (bool(x)) return true;
  return false;
}
export function all(v: Iterable<unknown>): boolean {
  for (const x of iter(v)) if (!bool(x)) return false;
  return true;
}
export function abs(x: number): number {
  return Math.abs(x);
}
/** Python's round(): halves to even. */
export function round(x: number, ndigits?: number): number {
  const m = 10 ** (ndigits ?? 0);
  const y = x * m;
  const r = Math.round(y);
  const even = Math.abs(y % 1) === 0.5 ? 2 * Math.round(y / 2) : r;
  return even / m;
}

export function int(v: unknown): number {
  if (typeof v === "string") {
    const t = v.trim().replace(/_/g, "");
    if (!/^[+-]?\d+$/.test(t)) throw new ValueError(`invalid literal for int() with base 10: ${repr(v)}`);
    return parseInt(t, 10);
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  return Math.trunc(v as number);
}
export function float(v: unknown): number {
  if (typeof v === "string") {
    const special: Record<string, number> = { inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "-infinity": -Infinity, nan: NaN, "-nan": NaN };
    const s = v.trim().toLowerCase();
    if (s in special) return special[s];
    const x = Number(v.trim());
    if (Number.isNaN(x) && v.trim().toLowerCase() !== "nan") throw new ValueError(`could not convert string to float: ${repr(v)}`);
    return x;
  }
  return Number(v);
}

/** dict.get(k, default) for Maps and plain objects. */
export function get(d: any, k: unknown, dflt: unknown = null): any {
  if (d instanceof Map) return d.has(k) ? d.get(k) : dflt;
  if (d && typeof d.get === "function") return d.get(k, dflt);
  return Object.prototype.hasOwnProperty.call(d, k as PropertyKey) ? d[k as PropertyKey] : dflt;
}
export function setdefault(d: Map<unknown, unknown>, k: unknown, dflt: unknown = null): any {
  if (!d.has(k)) d.set(k, dflt);
  return d.get(k);
}
// dict views: a Map's entries, a mapping object's own items() (a Context), or a plain object's.
export function items(d: any): [unknown, unknown][] {
  if (d instanceof Map) return [...d.entries()];
  if (typeof d?.items === "function") return [...d.items()];
  return Object.entries(d);
}
export function keys(d: any): unknown[] {
  if (d instanceof Map) return [...d.keys()];
  if (typeof d?.keys === "function") return [...d.keys()];
  return Object.keys(d);
}
export function values(d: any): unknown[] {
  if (d instanceof Map) return [...d.values()];
  if (typeof d?.values === "function") return [...d.values()];
  return Object.values(d);
}
/** `list.pop(i)` / `dict.pop(k[, default])`. */
export function pop(c: any, k?: any, ...dflt: unknown[]): any {
  if (c instanceof Map) {
    if (c.has(k)) {
      const v = c.get(k);
      c.delete(k);
      return v;
    }
    if (dflt.length) return dflt[0];
    throw new KeyError(k);
  }
  if (!c.length) throw new IndexError("pop from empty list");
  if (k === undefined) return c.pop();
  return c.splice(index(c, k, "pop"), 1)[0];
}

/** isinstance with Python's built-in types named as strings ("int", "str", ...) or classes. */
export function isinstance(v: unknown, types: unknown): boolean {
  const list = Array.isArray(types) ? types : [types];
  return list.some((t) => {
    switch (t) {
      case "int": return typeof v === "number" && Number.isInteger(v) || typeof v === "bigint" || typeof v === "boolean";
      case "float": return typeof v === "number";
      case "str": return typeof v === "string";
      case "bool": return typeof v === "boolean";
      case "list": case "tuple": return Array.isArray(v);
      case "dict": return v instanceof Map;
      case "set": return v instanceof Set;
      case "bytes": return v instanceof Uint8Array;
      case "object": return true;
    }
    return typeof t === "function" && v instanceof (t as any);
  });
}

export function encode(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
export function decode(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

// ---- the format mini-language: format(value, spec) and f-string fields ----

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([_,])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** Python's format(value, spec) for str, int, float, bool and None. */
export function format(value: unknown, spec = ""): string {
  if (value !== null && typeof value === "object" && typeof (value as any).__format__ === "function") return (value as any).__format__(spec);
  if (spec === "") return str(value);
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}' for object of type '${pyTypeName(value)}'`);
  let [, fill, align, sign, , alt, zero, width, group, precision, type] = m;
  const isNum = typeof value === "number" || typeof value === "boolean" || typeof value === "bigint";
  const isInt = typeof value === "bigint" || typeof value === "boolean" || (typeof value === "number" && Number.isInteger(value) && !Object.is(value, -0));
  if (value === null || value === undefined) throw new TypeError(`unsupported format string passed to NoneType.__format__`);
  if (!isNum && type && type !== "s") throw new ValueError(`Unknown format code '${type}' for object of type '${pyTypeName(value)}'`);
  if (isNum && type === "s") throw new ValueError(`Unknown format code 's' for object of type '${pyTypeName(value)}'`);
  if (isNum && !isInt && type && "bcdoxXn".includes(type)) throw new ValueError(`Unknown format code '${type}' for object of type 'float'`);
  if (!isNum && (sign || align === "=" || zero && !align)) throw new ValueError(sign ? "Sign not allowed in string format specifier" : "'=' alignment not allowed in string format specifier");
  if (zero && !align) {
    fill = "0";
    align = "=";
  }
  fill ??= " ";
  let body: string;
  let prefix = "";
  if (isNum) {
    let x = Number(value);
    const neg = x < 0 || Object.is(x, -0);
    x = Math.abs(x);
    const p = precision !== undefined ? Number(precision) : undefined;
    switch (type) {
      case "d": case "n": body = String(Math.trunc(x)); break;
      case "b": body = Math.trunc(x).toString(2); if (alt) prefix = "0b"; break;
      case "o": body = Math.trunc(x).toString(8); if (alt) prefix = "0o"; break;
      case "x": body = Math.trunc(x).toString(16); if (alt) prefix = "0x"; break;
      case "X": body = Math.trunc(x).toString(16).toUpperCase(); if (alt) prefix = "0X"; break;
      case "c": body = String.fromCodePoint(x); break;
      case "f": case "F": body = fixed(x, p ?? 6); break;
      case "e": case "E": body = expo(x, p ?? 6); if (type === "E") body = body.toUpperCase(); break;
      case "%": body = fixed(x * 100, p ?? 6) + "%"; break;
      case "g": case "G": body = general(x, p ?? 6, !!alt); if (type === "G") body = body.toUpperCase(); break;
      default:
        body = p !== undefined ? general(x, p, !!alt, true) : Number.isInteger(x) && typeof value !== "number" ? String(x) : numText(x);
    }
    if (group) {
      const [ip, fp] = body.split(".");
      body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp !== undefined ? "." + fp : "");
    }
    const signText = neg ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
    if ((align ?? ">") === "=") return signText + prefix + pad(body, fill, ">", width === undefined ? undefined : String(Number(width) - signText.length - prefix.length));
    return pad(signText + prefix + body, fill, align ?? ">", width);
  }
  body = str(value);
  if (precision !== undefined) body = body.slice(0, Number(precision));
  return pad(body, fill, align ?? "<", width);
}

/** x.toFixed(p) with Python's rounding: an exact tie rounds to the even digit. */
function fixed(x: number, p: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : "inf";
  if (x >= 1e21 || p > 99) return x.toFixed(Math.min(p, 100));
  const exact = x.toFixed(100);
  const [ip, fp] = exact.split(".");
  const kept = ip + fp.slice(0, p);
  const rest = fp.slice(p);
  const tie = /^50*$/.test(rest);
  const up = rest[0] > "5" || (rest[0] === "5" && !tie) || (tie && Number(kept[kept.length - 1]) % 2 === 1);
  let digits = kept;
  if (up) {
    const arr = digits.split("");
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === "9") arr[i--] = "0";
    if (i < 0) arr.unshift("1");
    else arr[i] = String(Number(arr[i]) + 1);
    digits = arr.join("");
  }
  const intLen = digits.length - p;
  return p ? `${digits.slice(0, intLen)}.${digits.slice(intLen)}` : digits;
}

function numText(x: number): string {
  return Number.isInteger(x) ? String(x) : floatRepr(x);
}

function expo(x: number, p: number): string {
  const [mant, exp] = x.toExponential(p).split("e");
  const e = Number(exp);
  return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function general(x: number, p: number, alt: boolean, noType = false): string {
  const P = p === 0 ? 1 : p;
  if (x === 0) return noType ? "0.0" : "0";
  const e = Math.floor(Math.log10(x));
  let s: string;
  if (e >= -4 && e < P) {
    s = x.toFixed(Math.max(0, P - 1 - e));
    if (!alt && s.includes(".")) s = s.replace(/\.?0+$/, "");
    if (noType && !s.includes(".")) s += ".0";
  } else {
    s = expo(x, P - 1);
    if (!alt) s = s.replace(/\.?0+e/, "e");
  }
  return s;
}

function pad(s: string, fill: string, align: string, width: string | undefined): string {
  const w = width === undefined ? 0 : Number(width);
  const n = w - [...s].length;
  if (n <= 0) return s;
  if (align === "<") return s + fill.repeat(n);
  if (align === "^") return fill.repeat(Math.floor(n / 2)) + s + fill.repeat(n - Math.floor(n / 2));
  return fill.repeat(n) + s;
}

/** `"..." % args` with %s, %r, %d, %i, %f, %x, %% and width/precision. */
export function percentFormat(fmt: string, args: unknown): string {
  const list = Array.isArray(args) ? [...args] : [args];
  let i = 0;
  const out = fmt.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sridfxXeEgGc%])/g, (_m, flags: string, width?: string, prec?: string, conv?: string) => {
    if (conv === "%") return "%";
    if (i >= list.length) throw new TypeError("not enough arguments for format string");
    const v = list[i++];
    const align = flags.includes("-") ? "<" : ">";
    const zero = flags.includes("0") && align === ">" ? "0" : "";
    const sign = flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
    const w = width ?? "";
    const p = prec !== undefined ? `.${prec}` : "";
    switch (conv) {
      case "s": return format(str(v), `${align}${w}${p}`);
      case "r": return format(repr(v), `${align}${w}${p}`);
      case "i": case "d": return format(Math.trunc(Number(v)), `${zero ? "0" : align}${sign}${w}d`.replace(/^0/, zero ? "0" : ""));
      default: return format(Number(v), `${align === "<" ? "<" : ""}${sign}${zero}${w}${p}${conv}`);
    }
  });
  if (i < list.length) throw new TypeError("not all arguments converted during string formatting");
  return out;
}

/** `"{} {x:>5}".format(...)` for literal formats: positional `{}`/`{0}` and named fields. */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown> = {}): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rs]))?(?::([^{}]*))?\}/g, (m, field: string | undefined, conv?: string, spec?: string) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const name = field ?? "";
    let v: unknown = name === "" ? args[auto++] : /^\d+$/.test(name) ? args[Number(name)] : kwargs[name];
    if (conv === "r") v = repr(v);
    else if (conv === "s") v = str(v);
    return format(v, spec ?? "");
  });
}

/** A bytes literal: each character of `s` is one byte (Python's b"..." after escapes). */
export function bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** `raise exc from cause`: sets __cause__ (and __suppress_context__) and returns exc. */
export function withCause<E>(exc: E, cause: unknown): E {
  (exc as any).__cause__ = cause;
  (exc as any).__suppress_context__ = true;
  return exc;
}

/** `raise X` where X may be a class: Python instantiates it. */
export function instance(e: any): any {
  return typeof e === "function" ? new e() : e;
}

/** Calls `f` as Python would: a class is constructed (`new`), anything else is called. */
export function call(f: any, ...args: unknown[]): any {
  if (typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f))) return new f(...args);
  return f(...args);
}

/** Python's issubclass(cls, classinfo): the class itself or one below it. */
export function issubclass(cls: any, types: any): boolean {
  return (Array.isArray(types) ? types : [types]).some((t) => cls === t || (typeof cls === "function" && cls.prototype instanceof t));
}

// ---- str and bytes methods where the receiver's type is not evident ----
// bytes methods work on ASCII only (as Python's do); the text goes through latin-1 so that
// every byte stays one character.

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
const toBytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const asciiCase = (s: string, upper: boolean) => s.replace(upper ? /[a-z]+/g : /[A-Z]+/g, (m) => (upper ? m.toUpperCase() : m.toLowerCase()));
const arg = (x: unknown) => (x instanceof Uint8Array ? latin1(x) : (x as string));
const WS = " \t\n\r\x0b\x0c";

function strip(s: string, chars: string | null | undefined, left: boolean, right: boolean): string {
  const set = chars ?? WS;
  let i = 0, j = s.length;
  if (left) while (i < j && set.includes(s[i])) i++;
  if (right) while (j > i && set.includes(s[j - 1])) j--;
  return s.slice(i, j);
}

function strOrBytes<A extends unknown[]>(onStr: (s: string, ...a: A) => unknown, ascii = false) {
  return (v: any, ...a: A): any => {
    if (v instanceof Uint8Array) {
      const r = onStr(latin1(v), ...(a.map(arg) as A));
      return typeof r === "string" ? toBytes(r) : Array.isArray(r) ? r.map(toBytes) : r;
    }
    if (typeof v === "string") return onStr(v, ...a);
    throw new TypeError(`'${pyTypeName(v)}' object has no such method`);
  };
}

export const upper = strOrBytes((s) => asciiCase(s, true));
export const lower = strOrBytes((s) => asciiCase(s, false));
export const startswith = strOrBytes((s, p: string | string[]) => (Array.isArray(p) ? p : [p]).some((x) => s.startsWith(arg(x))));
export const endswith = strOrBytes((s, p: string | string[]) => (Array.isArray(p) ? p : [p]).some((x) => s.endsWith(arg(x))));
export const strip_ = strOrBytes((s, chars?: string | null) => strip(s, chars, true, true));
export const lstrip = strOrBytes((s, chars?: string | null) => strip(s, chars, true, false));
export const rstrip = strOrBytes((s, chars?: string | null) => strip(s, chars, false, true));
export const replace = strOrBytes((s, a: string, b: string) => s.replaceAll(a, b));
export const split = strOrBytes((s, sep?: string | null) => (sep == null ? s.split(/[ \t\n\r\x0b\x0c]+/).filter(Boolean) : s.split(sep)));
export { strip_ as strip };


/** `f(**d)`: a dict's (Map's) items as the keyword-options object. */
export function kwargs(d: any): Record<string, unknown> {
  return d instanceof Map ? Object.fromEntries(d) : d;
}

/** Python's json.dumps(v) with its default separators (", " and ": ") and ensure_ascii. */
export function dumps(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) < 1e16 ? String(v) : floatRepr(v);
  }
  if (typeof v === "string") return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(v)) return `[${v.map(dumps).join(", ")}]`;
  const entries = v instanceof Map ? [...v] : Object.entries(v as object);
  return `{${entries.map(([k, x]) => `${dumps(typeof k === "string" ? k : str(k))}: ${dumps(x)}`).join(", ")}}`;
}

/** Python's bytearray: mutable bytes (a Uint8Array) that reprs as bytearray(b'...'). */
export class bytearray extends Uint8Array {
  constructor(init: number | Iterable<number> | ArrayLike<number> = 0) {
    if (typeof init === "number") super(init);
    else super(Array.from(init as Iterable<number>));
  }
  __repr__(): string {
    return `bytearray(${repr(new Uint8Array(this))})`;
  }
}
