// A FIFO ring buffer: the loop's ready queue (Python's collections.deque in base_events).
// push at the tail, shift from the head, no allocation or array truncation per
// iteration — the ready queue is the hottest structure in the runtime.
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private mask: number;
  /** number of items */ length = 0;

  constructor(capacity = 16) {
    this.buf = new Array(capacity);
    this.mask = capacity - 1;
  }

  push(item: T): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  /** The head item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return item;
  }

  /** The head item without removing it. */
  peek(): T | undefined {
    return this.length === 0 ? undefined : this.buf[this.head];
  }

  /** The i-th item from the head. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.length ? this.buf[(this.head + i) & this.mask] : undefined;
  }

  /** Removes the first occurrence of item (deque.remove); false when absent. O(1) at the head. */
  remove(item: T): boolean {
    const n = this.length;
    let i = 0;
    while (i < n && this.buf[(this.head + i) & this.mask] !== item) i++;
    if (i === n) return false;
    if (i === 0) {
      this.shift();
      return true;
    }
    for (let j = i; j < n - 1; j++) this.buf[(this.head + j) & this.mask] = this.buf[(this.head + j + 1) & this.mask];
    this.buf[(this.head + n - 1) & this.mask] = undefined;
    this.length--;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.length; i++) yield this.buf[(this.head + i) & this.mask] as T;
  }

  clear(): void {
    this.buf = new Array(16);
    this.mask = 15;
    this.head = 0;
    this.length = 0;
  }

  private grow(): void {
    const old = this.buf;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}
