// Python's bytes and bytearray, as far as asyncio's streams need them. Bytes are
// Uint8Array (SPEC §2.4); the runtime hands out Node Buffers, which are Uint8Arrays.
//
// ByteBuffer is StreamReader's bytearray: appends at the end, consumes from the front,
// without moving the remaining bytes on every read (a start offset; compacted on growth).

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

/** A growable byte buffer consumed from the front (Python's bytearray as StreamReader uses it). */
export class ByteBuffer {
  private _buf: Buffer = EMPTY;
  private _start = 0;
  private _end = 0;
  /** false while _buf is a chunk handed to extend() on an empty buffer (not ours to write into) */
  private _owned = false;

  get length(): number {
    return this._end - this._start;
  }

  extend(data: Uint8Array): void {
    const n = data.length;
    if (n === 0) return;
    if (this._end === this._start) {
      // Empty: keep the chunk itself; it is copied only when more data joins it.
      this._buf = asBuffer(data);
      this._start = 0;
      this._end = n;
      this._owned = false;
      return;
    }
    const len = this._end - this._start;
    if (!this._owned || this._end + n > this._buf.length) {
      const grown = Buffer.allocUnsafe(Math.max((len + n) * 2, 4096));
      this._buf.copy(grown, 0, this._start, this._end);
      this._buf = grown;
      this._start = 0;
      this._end = len;
      this._owned = true;
    }
    this._buf.set(data, this._end);
    this._end += n;
  }

  /** Index of `sep` at or after `offset` (relative to the front), or -1. */
  find(sep: Uint8Array, offset = 0): number {
    if (this._end - this._start - offset < sep.length) return -1;
    const i = this._buf.subarray(this._start, this._end).indexOf(sep, offset);
    return i;
  }

  startsWith(sep: Uint8Array, offset: number): boolean {
    if (this.length - offset < sep.length) return false;
    for (let i = 0; i < sep.length; i++) if (this._buf[this._start + offset + i] !== sep[i]) return false;
    return true;
  }

  /** Removes and returns (a copy of) the first n bytes. */
  take(n: number): Buffer {
    const len = this._end - this._start;
    if (n > len) n = len;
    const out = Buffer.allocUnsafe(n);
    this._buf.copy(out, 0, this._start, this._start + n);
    this.drop(n);
    return out;
  }

  /** Removes the first n bytes. */
  drop(n: number): void {
    this._start += Math.min(n, this._end - this._start);
    if (this._start === this._end) this.clear();
  }

  clear(): void {
    this._buf = EMPTY;
    this._start = this._end = 0;
    this._owned = false;
  }

  /** A copy of the contents. */
  toBytes(): Buffer {
    return Buffer.from(this._buf.subarray(this._start, this._end));
  }
}
