// Python's ordering comparisons for JS values, as PriorityQueue (heapq) needs them.
//
// `<` follows Python's rules for the types a JS program would put in a priority queue:
// numbers, booleans and bigints compare numerically with each other (bool is an int in
// Python); strings compare by code point; arrays compare like Python lists/tuples —
// lexicographically: the first pair of items that are not equal decides with `<`, and if
// one array is a prefix of the other the shorter one is smaller. Objects that define
// `__lt__` (or, reflected, `__gt__`) decide for themselves. Anything else raises Python's
// TypeError "'<' not supported between instances of 'X' and 'Y'".
import { pyTypeName } from "./format.js";

type Num = number | bigint | boolean;

function isNum(v: unknown): v is Num {
  const t = typeof v;
  return t === "number" || t === "bigint" || t === "boolean";
}

function numLt(a: Num, b: Num): boolean {
  const x = typeof a === "boolean" ? Number(a) : a;
  const y = typeof b === "boolean" ? Number(b) : b;
  // Mixed number/bigint comparison is exact in JS, as in Python.
  return x < y;
}

function numEq(a: Num, b: Num): boolean {
  const x = typeof a === "boolean" ? Number(a) : a;
  const y = typeof b === "boolean" ? Number(b) : b;
  // eslint-disable-next-line eqeqeq
  return x == y;
}

/** Python's `a == b` for the values pyLt understands (identity otherwise). */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true; // Python's containers compare identity first
  if (isNum(a) && isNum(b)) return numEq(a, b);
  if (typeof a === "string" || typeof b === "string") return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (a !== null && typeof a === "object" && typeof (a as any).__eq__ === "function") return !!(a as any).__eq__(b);
  return false;
}

/** Code point order (Python's), from UTF-16 units: surrogates sort above the rest of the BMP. */
function strLt(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x < y;
  }
  return a.length < b.length;
}

function unsupported(a: unknown, b: unknown): TypeError {
  return new TypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Python's `a < b`; TypeError for values Python would not order. */
export function pyLt(a: unknown, b: unknown): boolean {
  if (isNum(a)) {
    if (isNum(b)) return numLt(a, b);
  } else if (typeof a === "string") {
    if (typeof b === "string") return strLt(a, b);
  } else if (Array.isArray(a)) {
    if (Array.isArray(b)) {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (!pyEq(a[i], b[i])) return pyLt(a[i], b[i]);
      }
      return a.length < b.length;
    }
  }
  if (a !== null && typeof a === "object" && typeof (a as any).__lt__ === "function") return !!(a as any).__lt__(b);
  if (b !== null && typeof b === "object" && typeof (b as any).__gt__ === "function") return !!(b as any).__gt__(a);
  throw unsupported(a, b);
}
