/**
 * Group commit for single-key operations: everything submitted during one turn of the event
 * loop goes to Redis as one script call (up to `maxBatch` at a time). The scripts treat
 * each operation as if it had its own call — each write commits under its own index — so
 * batching changes only the cost: one EVALSHA, one set of script preliminaries, one round
 * trip for many requests. A lone request costs the same as before.
 */
export class Batcher<Op, Result> {
  #queue: Array<{ op: Op; resolve(result: Result): void; reject(err: unknown): void }> = [];
  #scheduled = false;

  constructor(
    private readonly runBatch: (ops: Op[]) => Promise<Result[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(op: Op): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    for (let from = 0; from < queue.length; from += this.maxBatch) {
      const batch = queue.slice(from, from + this.maxBatch);
      this.runBatch(batch.map((item) => item.op)).then(
        (results) => batch.forEach((item, i) => item.resolve(results[i] as Result)),
        (err: unknown) => batch.forEach((item) => item.reject(err)),
      );
    }
  }
}
