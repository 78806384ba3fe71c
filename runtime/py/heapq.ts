// Python's heapq, step for step: push sifts the new item toward the root; pop moves the
// last item to the root, walks the hole down to a leaf choosing the smaller child, then
// sifts back up. Timers with equal deadlines leave the heap in exactly CPython's order
// only if these steps (and only `<` comparisons) match heapq's.

export interface HeapItem {
  _when: number;
}

function siftDown(heap: HeapItem[], startPos: number, pos: number): void {
  const item = heap[pos];
  while (pos > startPos) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos];
    if (item._when < parent._when) {
      heap[pos] = parent;
      pos = parentPos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

function siftUp(heap: HeapItem[], pos: number): void {
  const endPos = heap.length;
  const startPos = pos;
  const item = heap[pos];
  let childPos = 2 * pos + 1;
  while (childPos < endPos) {
    const rightPos = childPos + 1;
    if (rightPos < endPos && !(heap[childPos]._when < heap[rightPos]._when)) childPos = rightPos;
    heap[pos] = heap[childPos];
    pos = childPos;
    childPos = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, startPos, pos);
}

export function heappush<T extends HeapItem>(heap: T[], item: T): void {
  heap.push(item);
  siftDown(heap, 0, heap.length - 1);
}

export function heappop<T extends HeapItem>(heap: T[]): T {
  const last = heap.pop()!;
  if (heap.length) {
    const ret = heap[0];
    heap[0] = last;
    siftUp(heap, 0);
    return ret;
  }
  return last;
}

export function heapify<T extends HeapItem>(heap: T[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftUp(heap, i);
}

// ---- generic heap with a caller's `<` (PriorityQueue): the same steps as above ----

/** A strict "less than" (Python's `<`): may throw, as Python's comparisons may. */
export type LessThan<T> = (a: T, b: T) => boolean;

// These swap at each step, like CPython's C heapq, so a comparison that throws midway
// leaves every item in the heap.
function siftDownWith<T>(heap: T[], startPos: number, pos: number, lt: LessThan<T>): void {
  const item = heap[pos];
  while (pos > startPos) {
    const parentPos = (pos - 1) >> 1;
    const parent = heap[parentPos];
    if (!lt(item, parent)) break;
    heap[pos] = parent;
    heap[parentPos] = item;
    pos = parentPos;
  }
}

function siftUpWith<T>(heap: T[], pos: number, lt: LessThan<T>): void {
  const endPos = heap.length;
  const startPos = pos;
  let childPos = 2 * pos + 1;
  while (childPos < endPos) {
    const rightPos = childPos + 1;
    if (rightPos < endPos && !lt(heap[childPos], heap[rightPos])) childPos = rightPos;
    const child = heap[childPos];
    heap[childPos] = heap[pos];
    heap[pos] = child;
    pos = childPos;
    childPos = 2 * pos + 1;
  }
  siftDownWith(heap, startPos, pos, lt);
}

/** heapq.heappush with a comparator. A throwing comparator leaves the item in the heap, as CPython does. */
export function heappushWith<T>(heap: T[], item: T, lt: LessThan<T>): void {
  heap.push(item);
  siftDownWith(heap, 0, heap.length - 1, lt);
}

/** heapq.heappop with a comparator (the caller checks for an empty heap). */
export function heappopWith<T>(heap: T[], lt: LessThan<T>): T {
  const last = heap.pop()!;
  if (heap.length) {
    const ret = heap[0];
    heap[0] = last;
    siftUpWith(heap, 0, lt);
    return ret;
  }
  return last;
}
