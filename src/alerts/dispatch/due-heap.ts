/** One scheduled time of one item (a group key, an alert id). */
export interface DueEntry {
  at: number;
  key: string;
}

/**
 * A binary min-heap of due times, earliest first (ties by key, so the order is deterministic).
 * Callers schedule lazily: an entry whose item was rescheduled or removed stays until popped
 * and is then recognised as stale by its owner.
 */
export class DueHeap {
  private items: DueEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Adds an entry. */
  push(entry: DueEntry): void {
    this.items.push(entry);
    this.siftUp(this.items.length - 1);
  }

  /** The earliest entry without removing it. */
  peek(): DueEntry | undefined {
    return this.items[0];
  }

  /** Removes and returns the earliest entry. */
  pop(): DueEntry | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top !== undefined && last !== undefined && this.items.length > 0) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Replaces the contents (used after a restore, and to shed stale entries). */
  reset(entries: ReadonlyArray<DueEntry>): void {
    this.items = [...entries];
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private before(a: DueEntry, b: DueEntry): boolean {
    return a.at < b.at || (a.at === b.at && a.key < b.key);
  }

  private siftUp(index: number): void {
    const items = this.items;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) return;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const items = this.items;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && this.before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === i) return;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
  }
}
