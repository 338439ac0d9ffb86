/** What the fair queue orders: whose it is (a run), how urgent, and when it arrived. */
export interface Queued {
  run: string;
  /** Higher goes first within a run (the critical path). */
  priority: number;
  /** Arrival order; lower goes first among equals. */
  seq: number;
  /** Set when it left the queue some other way (aborted): skipped lazily. */
  done: boolean;
}

/** Waiters of one key: round-robin across runs, by priority then arrival within a run. */
export interface FairQueue<T extends Queued> {
  push(item: T): void;
  /** The next item to serve, without taking it. */
  peek(): T | undefined;
  /** Takes the next item; the one after comes from the next run in turn. */
  shift(): T | undefined;
  /** Marks an item gone (it is dropped when reached). */
  remove(item: T): void;
  /** Items still waiting. */
  readonly size: number;
  /** Every item still waiting, in no particular order. */
  values(): Generator<T>;
}

/** Creates an empty fair queue. */
export function createFairQueue<T extends Queued>(): FairQueue<T> {
  const heaps = new Map<string, T[]>();
  let ring: string[] = [];
  let cursor = 0;
  let size = 0;

  function peek(): T | undefined {
    while (ring.length > 0) {
      if (cursor >= ring.length) cursor = 0;
      const run = ring[cursor]!;
      const heap = heaps.get(run)!;
      while (heap.length > 0 && heap[0]!.done) popHeap(heap);
      if (heap.length > 0) return heap[0];
      heaps.delete(run);
      ring = ring.filter((name) => name !== run);
    }
    return undefined;
  }

  return {
    push(item) {
      let heap = heaps.get(item.run);
      if (!heap) {
        heap = [];
        heaps.set(item.run, heap);
        ring.push(item.run);
      }
      pushHeap(heap, item);
      size++;
    },
    peek,
    shift() {
      const item = peek();
      if (!item) return undefined;
      popHeap(heaps.get(item.run)!);
      item.done = true;
      size--;
      cursor++;
      return item;
    },
    remove(item) {
      if (item.done) return;
      item.done = true;
      size--;
    },
    get size() {
      return size;
    },
    *values() {
      for (const heap of heaps.values()) for (const item of heap) if (!item.done) yield item;
    },
  };
}

function before(a: Queued, b: Queued): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;
}

function pushHeap<T extends Queued>(heap: T[], item: T): void {
  heap.push(item);
  let index = heap.length - 1;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (!before(heap[index]!, heap[parent]!)) break;
    [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
    index = parent;
  }
}

function popHeap<T extends Queued>(heap: T[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  heap[0] = last;
  let index = 0;
  for (;;) {
    const left = index * 2 + 1;
    const right = left + 1;
    let first = index;
    if (left < heap.length && before(heap[left]!, heap[first]!)) first = left;
    if (right < heap.length && before(heap[right]!, heap[first]!)) first = right;
    if (first === index) return;
    [heap[index], heap[first]] = [heap[first]!, heap[index]!];
    index = first;
  }
}
