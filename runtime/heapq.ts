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
