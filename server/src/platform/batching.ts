/**
 * Batching of concurrent work on the database: writes that arrive while earlier ones commit are
 * written together (group commit), and look-ups that arrive while one of their kind runs are answered
 * by one query (batchLoader). Nothing waits for company: work that finds a free lane starts at once,
 * alone; under load, the next batch is everything that queued while one ran. So batches
 * grow with the load, and the statements, round trips and commits per request fall, which is where
 * concurrent requests spent their time (issue 4's ticket creation).
 */
import { isTransaction, type Db } from './db.js';

export interface BatcherOptions<J, R> {
  /** Does a batch (one transaction, one query): one outcome per job, in order; an Error fails that job alone. */
  run: (jobs: J[]) => Promise<Array<R | Error>>;
  /** After a batch failed as a whole, each of its jobs done on its own, the way it would be without batching (without: the batch's error fails them all). */
  alone?: (job: J) => Promise<R>;
  /** Most jobs in one batch. */
  maxBatch: number;
}

export interface Batcher<J, R> {
  submit(job: J): Promise<R>;
  /** Batches run so far, the jobs in them, the largest, and jobs done alone after their batch failed (for tests and the bench). */
  readonly stats: { batches: number; jobs: number; largest: number; doneAlone: number };
}

interface Pending<J, R> {
  job: J;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** One batch runs at a time (a second side by side halved the batches of creates and cost more a ticket; bench/README). */
export function batcher<J, R>(o: BatcherOptions<J, R>): Batcher<J, R> {
  const queue: Array<Pending<J, R>> = [];
  const stats = { batches: 0, jobs: 0, largest: 0, doneAlone: 0 };
  let busy = false;

  async function settle(batch: Array<Pending<J, R>>) {
    let outcomes: Array<R | Error>;
    try {
      outcomes = await o.run(batch.map((p) => p.job));
    } catch (e) {
      if (!o.alone) {
        for (const p of batch) p.reject(e);
        return;
      }
      // Something in the batch undid it: each again on its own, with its own outcome.
      stats.doneAlone += batch.length;
      await Promise.all(batch.map((p) => o.alone!(p.job).then(p.resolve, p.reject)));
      return;
    }
    batch.forEach((p, i) => {
      const r = outcomes[i];
      if (r instanceof Error) p.reject(r);
      else p.resolve(r);
    });
  }

  function pump() {
    if (busy || !queue.length) return;
    const batch = queue.splice(0, o.maxBatch);
    busy = true;
    stats.batches++;
    stats.jobs += batch.length;
    stats.largest = Math.max(stats.largest, batch.length);
    void settle(batch).finally(() => {
      busy = false;
      pump();
    });
  }

  return {
    stats,
    submit(job) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        pump();
      });
    },
  };
}

/**
 * A look-up `(db, key) => value` batched per database: the keys asked while a query of its kind runs
 * go together in the next, `load(db, keys)` answering each in order (an Error fails that key alone).
 * Answers are never kept: every look-up reads the database as it is. Inside a transaction it asks alone
 * (the transaction's own view).
 */
export function batchLoader<K, V>(o: { load: (db: Db, keys: K[]) => Promise<Array<V | Error>>; maxBatch: number }): (db: Db, key: K) => Promise<V> {
  const perDb = new WeakMap<Db, Batcher<K, V>>();
  return async (db, key) => {
    if (isTransaction(db)) {
      const [v] = await o.load(db, [key]);
      if (v instanceof Error) throw v;
      return v;
    }
    let b = perDb.get(db);
    if (!b) perDb.set(db, (b = batcher<K, V>({ run: (keys) => o.load(db, keys), maxBatch: o.maxBatch })));
    return b.submit(key);
  };
}
