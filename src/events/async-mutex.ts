/** A FIFO async lock: one holder at a time, waiters served in arrival order. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** True while someone holds or waits for the lock. */
  get busy(): boolean {
    return this.held > 0;
  }

  /** Runs `work` while holding the lock. */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    this.held++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      return await work();
    } finally {
      this.held--;
      release();
    }
  }
}
