// Python's bytes and bytearray, as far as asyncio's streams need them. Bytes are
// Uint8Array (SPEC §2.4); the runtime hands out Node Buffers, which are Uint8Arrays.
//
// ByteBuffer is StreamReader's bytearray: appends at the end, consumes from the front,
// without moving the remaining bytes on every read (a list of chunks; see the class).

/** Python's bytes(x): from a str (UTF-8), an iterable of ints, a length (zeros) or bytes (a copy). */
export function bytes(source: string | number | Iterable<number> | ArrayLike<number> = 0, encoding = "utf-8"): Uint8Array {
  if (typeof source === "string") return Buffer.from(source, normalizeEncoding(encoding));
  if (typeof source === "number") return Buffer.alloc(source);
  return Buffer.from(source as any);
}

/** Python's bytes.decode(encoding="utf-8"). */
export function decode(data: Uint8Array, encoding = "utf-8"): string {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return buf.toString(normalizeEncoding(encoding));
}

function normalizeEncoding(encoding: string): BufferEncoding {
  const e = encoding.toLowerCase().replace(/[-_]/g, "");
  if (e === "utf8") return "utf8";
  if (e === "ascii" || e === "usascii") return "ascii";
  if (e === "latin1" || e === "iso88591") return "latin1";
  throw new TypeError(`unknown encoding: ${encoding}`);
}

/** @internal bytes-like input as a Buffer view (no copy). */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

const EMPTY = Buffer.alloc(0);
const SMALL = 512; // chunks below this are gathered in the tail (copied); larger ones are kept as they are
const TAIL_MIN = 8192;

/**
 * A byte buffer consumed from the front (Python's bytearray as StreamReader uses it), kept as
 * a list of chunks so that bytes are copied at most once on their way through: a large chunk
 * handed over with extend(data, true) (fresh from a transport, nobody else holds it) is
 * returned by take() itself when a read takes it whole; small chunks are gathered in a
 * growable tail buffer of ours (so a line arriving a byte at a time stays linear).
 */
export class ByteBuffer {
  /** the chunks, from _first on (views with exactly their bytes) */
  private _chunks: Buffer[] = [];
  private _first = 0;
  private _length = 0;
  /** our growable buffer; while _tailLive, the last chunk is _tail[_tailStart, _tailEnd) */
  private _tail: Buffer = EMPTY;
  private _tailStart = 0;
  private _tailEnd = 0;
  private _tailLive = false;
  /** no view of _tail was ever handed out (its bytes were copied out), so it may be written from 0 again */
  private _tailFree = false;

  get length(): number {
    return this._length;
  }

  /** Appends `data`; with `owned` (a chunk nobody else holds or changes) it may be kept and handed out without a copy. */
  extend(data: Uint8Array, owned = false): void {
    const n = data.length;
    if (n === 0) return;
    this._length += n;
    if (n >= SMALL) {
      // bytearray.extend copies what it is given; a chunk that is ours is just kept.
      this._chunks.push(owned ? asBuffer(data) : Buffer.from(data));
      this._tailLive = this._tailFree = false; // the tail's last view may now be handed out whole
      return;
    }
    if (!this._tailLive && this._tailFree && n <= this._tail.length) {
      this._tail.set(data, 0);
      this._tailStart = 0;
      this._tailEnd = n;
      this._tailLive = true;
      this._chunks.push(this._tail.subarray(0, n));
      return;
    }
    if (this._tailLive && this._tailEnd + n <= this._tail.length) {
      this._tail.set(data, this._tailEnd);
      this._tailEnd += n;
      this._chunks[this._chunks.length - 1] = this._tail.subarray(this._tailStart, this._tailEnd);
      return;
    }
    // A new tail: twice what it will hold, so that growing it stays linear.
    const keep = this._tailLive ? this._tailEnd - this._tailStart : 0;
    const tail = Buffer.allocUnsafe(Math.max(2 * (keep + n), TAIL_MIN));
    if (keep) this._tail.copy(tail, 0, this._tailStart, this._tailEnd);
    tail.set(data, keep);
    this._tail = tail;
    this._tailStart = 0;
    this._tailEnd = keep + n;
    const view = tail.subarray(0, this._tailEnd);
    if (this._tailLive) this._chunks[this._chunks.length - 1] = view;
    else this._chunks.push(view);
    this._tailLive = true;
    this._tailFree = false;
  }

  /** Index of `sep` at or after `offset` (relative to the front), or -1. */
  find(sep: Uint8Array, offset = 0): number {
    const m = sep.length;
    if (this._length - offset < m) return -1;
    const chunks = this._chunks;
    let pos = 0;
    for (let i = this._first; i < chunks.length; i++) {
      const c = chunks[i];
      const end = pos + c.length;
      if (end > offset) {
        const from = offset > pos ? offset - pos : 0;
        const j = c.indexOf(sep, from);
        if (j !== -1) return pos + j;
        // A match that starts in this chunk's last m - 1 bytes and runs on into the next.
        if (m > 1 && i + 1 < chunks.length) {
          for (let s = Math.max(from, c.length - m + 1); s < c.length; s++) if (this.startsWith(sep, pos + s)) return pos + s;
        }
      }
      pos = end;
    }
    return -1;
  }

  startsWith(sep: Uint8Array, offset: number): boolean {
    if (this._length - offset < sep.length) return false;
    const chunks = this._chunks;
    let i = this._first;
    while (offset >= chunks[i].length) offset -= chunks[i++].length;
    let c = chunks[i];
    for (let k = 0; k < sep.length; k++) {
      if (offset === c.length) {
        c = chunks[++i];
        offset = 0;
      }
      if (c[offset++] !== sep[k]) return false;
    }
    return true;
  }

  /** Removes and returns the first n bytes (a buffer nobody else holds: a copy, or a whole chunk of ours). */
  take(n: number): Buffer {
    if (n > this._length) n = this._length;
    if (n <= 0) return Buffer.allocUnsafe(0);
    const c = this._chunks[this._first];
    if (c.length === n && !(this._tailLive && this._first === this._chunks.length - 1)) {
      this._pop();
      this._length -= n;
      return c;
    }
    const out = Buffer.allocUnsafe(n);
    this._copyOut(out, n);
    return out;
  }

  /** Removes the first n bytes. */
  drop(n: number): void {
    if (n >= this._length) {
      this.clear();
      return;
    }
    this._length -= n;
    while (n > 0) {
      const c = this._chunks[this._first];
      if (c.length <= n) {
        n -= c.length;
        this._pop();
      } else {
        this._chunks[this._first] = c.subarray(n);
        if (this._tailLive && this._first === this._chunks.length - 1) this._tailStart += n;
        n = 0;
      }
    }
  }

  clear(): void {
    this._chunks = [];
    this._first = 0;
    this._length = 0;
    this._dropTail();
  }

  /** The buffer is empty: a tail that was live is free again (its bytes were only ever copied out). */
  private _dropTail(): void {
    if (this._tailLive) this._tailFree = true;
    this._tailLive = false;
  }

  /** A copy of the contents. */
  toBytes(): Buffer {
    const out = Buffer.allocUnsafe(this._length);
    let pos = 0;
    for (let i = this._first; i < this._chunks.length; i++) {
      out.set(this._chunks[i], pos);
      pos += this._chunks[i].length;
    }
    return out;
  }

  /** Moves the first n bytes into `out`. */
  private _copyOut(out: Buffer, n: number): void {
    let pos = 0;
    this._length -= n;
    while (pos < n) {
      const c = this._chunks[this._first];
      const k = Math.min(c.length, n - pos);
      out.set(k === c.length ? c : c.subarray(0, k), pos);
      pos += k;
      if (k === c.length) this._pop();
      else {
        this._chunks[this._first] = c.subarray(k);
        if (this._tailLive && this._first === this._chunks.length - 1) this._tailStart += k;
      }
    }
  }

  /** Drops the first chunk. */
  private _pop(): void {
    const chunks = this._chunks;
    if (this._first === chunks.length - 1) {
      // The last one: start afresh.
      this._chunks = [];
      this._first = 0;
      this._dropTail();
      return;
    }
    chunks[this._first++] = EMPTY;
    if (this._first >= 64 && this._first * 2 >= chunks.length) {
      this._chunks = chunks.slice(this._first);
      this._first = 0;
    }
  }
}
