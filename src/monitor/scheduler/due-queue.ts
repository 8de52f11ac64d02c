/** A min-heap of monitors by the time their next check is due. */
export class DueQueue {
  private readonly heap: Array<{ at: number; id: string; seq: number }> = [];
  private readonly positions = new Map<string, number>();
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Sets (or moves) a monitor's due time. */
  set(id: string, at: number): void {
    this.remove(id);
    this.heap.push({ at, id, seq: this.seq++ });
    this.positions.set(id, this.heap.length - 1);
    this.up(this.heap.length - 1);
  }

  remove(id: string): void {
    const index = this.positions.get(id);
    if (index === undefined) return;
    const last = this.heap.pop()!;
    this.positions.delete(id);
    if (index < this.heap.length) {
      this.heap[index] = last;
      this.positions.set(last.id, index);
      this.down(index);
      this.up(index);
    }
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  /** The earliest due time, or undefined when empty. */
  peekTime(): number | undefined {
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest entry if it is due at or before `now`. */
  popDue(now: number): { id: string; at: number } | undefined {
    const top = this.heap[0];
    if (!top || top.at > now) return undefined;
    this.remove(top.id);
    return { id: top.id, at: top.at };
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    this.heap[a] = y;
    this.heap[b] = x;
    this.positions.set(y.id, a);
    this.positions.set(x.id, b);
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.heap.length && this.less(left, smallest)) smallest = left;
      if (right < this.heap.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
