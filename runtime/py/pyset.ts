// The order CPython iterates a set of ints in. Python prints `{1, 10, 5, 7}` for the set
// built from 10, 5, 7, 1: its hash table (open addressing, 9 linear probes then perturbed
// probing, resized at 3/5 full) puts small ints at slot `hash & mask`. A JS Set keeps
// insertion order, so print() replays the insertions into the same table to match.
const MIN_SIZE = 8;
const LINEAR_PROBES = 9;
const MODULUS = (1n << 61n) - 1n; // sys.hash_info.modulus

function intHash(x: number): bigint {
  const b = BigInt(x);
  if (b >= 0n) return b % MODULUS;
  const h = -((-b) % MODULUS);
  return h === -1n ? -2n : h;
}

function insertClean(table: (number | null)[], mask: number, value: number, hash: bigint): void {
  let perturb = BigInt.asUintN(64, hash);
  let i = Number(perturb & BigInt(mask));
  for (;;) {
    if (table[i] === null) {
      table[i] = value;
      return;
    }
    if (i + LINEAR_PROBES <= mask) {
      for (let j = 1; j <= LINEAR_PROBES; j++) {
        if (table[i + j] === null) {
          table[i + j] = value;
          return;
        }
      }
    }
    perturb >>= 5n;
    i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(mask));
  }
}

/** The iteration order CPython gives a set built by adding these distinct ints in order. */
export function pythonIntSetOrder(values: number[]): number[] {
  let mask = MIN_SIZE - 1;
  let table: (number | null)[] = new Array(MIN_SIZE).fill(null);
  let used = 0;
  for (const v of values) {
    insertClean(table, mask, v, intHash(v));
    used++;
    if (used * 5 >= mask * 3) {
      const minused = used > 50000 ? used * 2 : used * 4;
      let size = MIN_SIZE;
      while (size <= minused) size <<= 1;
      const old = table;
      mask = size - 1;
      table = new Array(size).fill(null);
      for (const e of old) if (e !== null) insertClean(table, mask, e, intHash(e));
    }
  }
  return table.filter((e): e is number => e !== null);
}

/** True when print() can order this set like CPython: every member a safe integer. */
export function isIntSet(s: Set<unknown>): s is Set<number> {
  for (const v of s) if (typeof v !== "number" || !Number.isSafeInteger(v)) return false;
  return true;
}
