// StreamReader's ByteBuffer (a list of chunks, a growable tail for small ones, owned chunks
// handed out without a copy) behaves as one flat bytearray: a seeded random mix of extends
// (small, large, owned or not), takes, drops, finds across chunk boundaries and startsWith
// is checked against a plain array after every step, and what take() returns never changes
// afterwards, whatever the buffer does next.
import { test, expect } from "vitest";
import { ByteBuffer } from "../runtime/py/bytes.js";

function rng(seed: number) {
  return () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
}

function indexOf(model: number[], sep: number[], from: number): number {
  outer: for (let i = from; i + sep.length <= model.length; i++) {
    for (let k = 0; k < sep.length; k++) if (model[i + k] !== sep[k]) continue outer;
    return i;
  }
  return -1;
}

test("ByteBuffer matches a flat model through random operations", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const buf = new ByteBuffer();
    let model: number[] = [];
    const handedOut: [Buffer, number[]][] = [];
    let next = 0;
    for (let step = 0; step < 400; step++) {
      const op = r();
      if (op < 0.45) {
        const n = r() < 0.6 ? 1 + Math.floor(r() * 40) : 400 + Math.floor(r() * 3000);
        const data = Buffer.alloc(n);
        for (let i = 0; i < n; i++) data[i] = r() < 0.05 ? 10 : 97 + ((next++) % 3);
        const owned = r() < 0.5;
        buf.extend(data, owned);
        model.push(...data);
        // A caller that did not hand the chunk over may change it afterwards.
        if (!owned) data.fill(0);
      } else if (op < 0.7) {
        const n = Math.floor(r() * (model.length + 10));
        const out = buf.take(n);
        const want = model.slice(0, n);
        model = model.slice(n);
        expect([...out]).toEqual(want);
        handedOut.push([out, want]);
      } else if (op < 0.8) {
        const n = Math.floor(r() * (model.length + 5));
        buf.drop(n);
        model = model.slice(n);
      } else if (op < 0.95) {
        const sep = r() < 0.5 ? [10] : [97 + Math.floor(r() * 3), 98, 10].slice(0, 1 + Math.floor(r() * 3));
        const from = Math.floor(r() * (model.length + 2));
        expect(buf.find(Buffer.from(sep), from)).toBe(indexOf(model, sep, from));
        if (from + sep.length <= model.length) expect(buf.startsWith(Buffer.from(sep), from)).toBe(indexOf(model, sep, from) === from);
      } else if (op < 0.97) {
        buf.clear();
        model = [];
      } else {
        expect([...buf.toBytes()]).toEqual(model);
      }
      expect(buf.length).toBe(model.length);
    }
    for (const [out, want] of handedOut) expect([...out]).toEqual(want);
  }
});

test("a whole owned chunk is handed out as it is; other bytes are copies", () => {
  const buf = new ByteBuffer();
  const big = Buffer.alloc(4096, 120);
  buf.extend(big, true);
  expect(buf.take(4096)).toBe(big);
  const mine = Buffer.alloc(4096, 121);
  buf.extend(mine);
  const got = buf.take(4096);
  expect(got).not.toBe(mine);
  expect(got.equals(mine)).toBe(true);
});
