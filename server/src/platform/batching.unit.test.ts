import { describe, expect, it } from 'vitest';
import { batcher, batchLoader } from './batching.js';
import type { Db } from './db.js';

/** A promise and the way to settle it from outside. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('batcher (group commit)', () => {
  it('runs the first job at once, alone; the jobs arriving meanwhile go together in the next batch, in order', async () => {
    const first = gate();
    const seen: number[][] = [];
    const b = batcher<number, string>({
      run: async (jobs) => {
        seen.push(jobs);
        if (seen.length === 1) await first.opened;
        return jobs.map((j) => `done ${j}`);
      },
      maxBatch: 10,
    });
    const results = [b.submit(1), b.submit(2), b.submit(3), b.submit(4)];
    await Promise.resolve();
    expect(seen).toEqual([[1]]);
    first.open();
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
    expect(seen).toEqual([[1], [2, 3, 4]]);
    expect(b.stats).toMatchObject({ batches: 2, jobs: 4, largest: 3, doneAlone: 0 });
  });

  it('never puts more than maxBatch in one batch, and runs one batch at a time', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const b = batcher<number, number>({
      run: async (jobs) => {
        running++;
        most = Math.max(most, running);
        sizes.push(jobs.length);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return jobs;
      },
      maxBatch: 3,
    });
    expect(await Promise.all(Array.from({ length: 20 }, (_, i) => b.submit(i)))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Math.max(...sizes)).toBe(3);
    expect(most).toBe(1);
  });

  it('an Error in the outcomes fails that job alone', async () => {
    const b = batcher<number, number>({ run: async (jobs) => jobs.map((j) => (j === 2 ? new Error('two is bad') : j * 10)), maxBatch: 10 });
    const out = await Promise.allSettled([b.submit(1), b.submit(2), b.submit(3)]);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([10, 'two is bad', 30]);
  });

  it('a batch that fails as a whole is done again job by job, each with its own outcome', async () => {
    const first = gate();
    const b = batcher<number, number>({
      run: async (jobs) => {
        if (jobs.length === 1 && jobs[0] === 0) {
          await first.opened;
          return [0];
        }
        throw new Error('the batch failed');
      },
      alone: async (j) => {
        if (j === 3) throw new Error('three fails alone too');
        return j + 100;
      },
      maxBatch: 10,
    });
    const blocker = b.submit(0);
    const rest = [1, 2, 3, 4].map((j) => b.submit(j));
    first.open();
    await blocker;
    const out = await Promise.allSettled(rest);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([101, 102, 'three fails alone too', 104]);
    expect(b.stats.doneAlone).toBe(4);
  });

  it('without a way to do jobs alone, a failed batch fails each of its jobs', async () => {
    const b = batcher<number, number>({
      run: async () => {
        throw new Error('down');
      },
      maxBatch: 10,
    });
    await expect(b.submit(1)).rejects.toThrow('down');
  });
});

describe('batchLoader', () => {
  it('asks once for the keys that arrive while a query runs, answering each its own value, per database', async () => {
    const asked: Array<{ db: string; keys: string[] }> = [];
    const load = batchLoader<string, string>({
      load: async (db, keys) => {
        asked.push({ db: (db as unknown as { name: string }).name, keys });
        await new Promise((r) => setTimeout(r, 5));
        return keys.map((k) => (k === 'missing' ? new Error(`no ${k}`) : k.toUpperCase()));
      },
      maxBatch: 100,
    });
    const a = { name: 'a' } as unknown as Db;
    const b = { name: 'b' } as unknown as Db;
    const out = await Promise.allSettled([load(a, 'x'), load(a, 'y'), load(a, 'missing'), load(a, 'z'), load(b, 'w')]);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['X', 'Y', 'no missing', 'Z', 'W']);
    expect(asked).toEqual([
      { db: 'a', keys: ['x'] },
      { db: 'b', keys: ['w'] },
      { db: 'a', keys: ['y', 'missing', 'z'] },
    ]);
  });
});
