/**
 * Keeps the dashboards' rollups folded: a pg-boss job every FOLD_SECONDS (one job per slot, whichever
 * process offers it first) folds the trigger's deltas into ticket_rollups, in chunks, until none are
 * left. Reads stay exact without it (they add the pending deltas); the job only keeps reads fast.
 * `linli rollups --rebuild` rebuilds them from the tickets (after a bulk load).
 */
import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../../platform/db.js';
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';
import { bossDb } from '../tickets/ticket-escalation.js';
import { foldDeltas, pendingDeltas, rebuildRollups } from './rollups.repository.js';

const QUEUE = 'supervision-rollups-fold';
export const FOLD_SECONDS = 10;
const CHUNK = 20_000;

/** Folds every pending delta (chunk by chunk); returns how many. */
export async function foldAll(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await foldDeltas(db, CHUNK);
    total += n;
    if (n < CHUNK) return total;
  }
}

export async function startRollups(database: Database, log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>): Promise<{ stop(): Promise<void> }> {
  const boss = new PgBoss({ db: bossDb(database), schedule: false, supervise: true, maintenanceIntervalSeconds: 300, archiveCompletedAfterSeconds: 3600, deleteAfterDays: 1 });
  boss.on('error', (err) => log.error({ err }, 'rollups queue error'));
  await boss.start();
  await boss.createQueue(QUEUE, { name: QUEUE, policy: 'singleton', retryLimit: 0, expireInSeconds: 15 * 60 });
  const workerId = await boss.work(QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const n = await foldAll(database.db);
    if (n > 10_000) log.info({ folded: n }, `rollups: ${n} ticket changes folded`);
    return { folded: n };
  });
  let stopped = false;
  const offer = async () => {
    if (stopped) return;
    try {
      const id = await boss.sendThrottled(QUEUE, {}, {}, FOLD_SECONDS, 'fold');
      if (id) boss.notifyWorker(workerId);
    } catch (err) {
      if (!stopped) log.error({ err }, 'could not schedule the rollups fold');
    }
  };
  await offer();
  const timer = setInterval(() => void offer(), FOLD_SECONDS * 1000);
  timer.unref();
  return {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    },
  };
}

/** `linli rollups --fold | --rebuild`: for operators and after bulk loads. */
export const rollupsCommand: Command = {
  usage:
    'linli rollups --fold | --rebuild\n' +
    '  The dashboards\' pre-aggregated ticket counts. --fold folds the pending ticket changes now (the server\n' +
    '  does it every 10 s); --rebuild recomputes them from the tickets (holds ticket writes meanwhile).',
  options: { fold: { type: 'boolean' }, rebuild: { type: 'boolean' } },
  run: async (v) => {
    if (!v.fold && !v.rebuild) throw new UsageError('--fold or --rebuild is required');
    return withDatabase(async ({ database }) => {
      const started = Date.now();
      if (v.rebuild) {
        await rebuildRollups(database.db, (county, done, total) => console.log(`rollups: ${county} (${done}/${total})`));
        console.log(`rollups rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } else {
        const n = await foldAll(database.db);
        console.log(`folded ${n} ticket change(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${await pendingDeltas(database.db)} pending`);
      }
    });
  },
};
