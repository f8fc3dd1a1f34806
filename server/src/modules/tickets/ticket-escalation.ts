/**
 * Automatic escalation (超时自动升级): a sweep finds tickets whose tier deadline has passed while
 * dispatched or in progress and escalates each to the next tier through the ticket service.
 *
 * When it runs: `linli serve` schedules it with pg-boss every ESCALATION_INTERVAL_SECONDS (and once on
 * start); operators run one with `linli escalate --now`.
 *
 * Exactly once, with any number of server processes and operators on one database:
 * 1. pg-boss: every process offers one sweep job per interval slot (sendThrottled: a unique index on
 *    the slot keeps one), on a singleton queue (one sweep active at a time, cluster-wide).
 * 2. The database, for everything else (a sweep from `linli escalate --now` at the same moment, a job
 *    pg-boss hands out again after a crash): each batch is taken with `FOR UPDATE SKIP LOCKED` inside
 *    the transaction that escalates it, so two sweepers never hold the same ticket; and the row is
 *    re-read under that lock, so a ticket another sweeper escalated a moment ago (its tier deadline
 *    moved on) is no longer selected. escalateTicket checks again, under the same lock, that the
 *    ticket is still overdue at the tier it was read at.
 * A sweep escalates a ticket at most once, even if its next tier's deadline has passed too (the next
 * sweep takes that one).
 *
 * Set-based: a batch (500 tickets on PostgreSQL) is one transaction of a few statements — one
 * locking select, one look-up of the tier teams, one insert of the events, one update of the rows,
 * and the hooks' inbox insert and bus messages (escalateOverdueBatch) — not ten statements per
 * ticket. If anything in a batch fails, the batch is rolled back and its tickets go again one by
 * one, so one bad ticket fails alone.
 */
import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Db } from '../../platform/db.js';
import { cipherFor, UsageError, withDatabase, type Command } from '../../platform/cli.js';
import type { Config } from '../../config.js';
import { TIER_LABEL, type TicketTier } from '../../../../contracts/tickets.js';

/**
 * Escalates one ticket to its next tier if, under its row lock, it is still overdue at `tier`: the
 * ticket service's escalateTicket.
 */
export type EscalateFn = (db: Db, id: string, opts: { by: 'system'; note: string; tier: TicketTier }) => Promise<{ escalated: boolean }>;

/** Escalates those of `ids` still overdue, set-based, in one transaction: the ticket service's escalateOverdueBatch. */
export type EscalateManyFn = (db: Db, ids: string[], note: (row: { tier: string; tierDeadlineAt: Date | null }) => string) => Promise<unknown[]>;

export interface SweepOptions {
  /** Tickets per transaction. */
  batchSize?: number;
  /** Transactions in flight at once (1 on PGlite, which has one connection). */
  concurrency?: number;
  /** At most this many tickets per sweep (the next sweep takes the rest). */
  limit?: number;
  /** Escalate ticket by ticket with this function (each in a savepoint of the batch's transaction) instead of set-based. */
  escalate?: EscalateFn;
  onBatch?: (done: number, total: number) => void;
}

export interface SweepResult {
  /** Overdue when the sweep began. */
  overdue: number;
  escalated: number;
  /** Taken by another sweeper, or no longer overdue when locked. */
  skipped: number;
  failed: number;
  /** The tickets that failed, with why. */
  failures: Array<{ id: string; error: string }>;
  ms: number;
}

export const ESCALATION_QUEUE = 'ticket-escalation';
const OPEN_AT_A_TIER = sql`status IN ('dispatched', 'in_progress')`;

/** Why a ticket failed: the database's own message rather than drizzle's "Failed query: …" (which carries the parameters). */
function reason(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string } };
  return err.cause?.message ?? err.message ?? String(e);
}

/** Thrown inside a batch whose transaction can no longer be used (a failed statement outside a savepoint). */
class BatchAborted extends Error {}

/**
 * One batch in one transaction: lock the tickets still overdue (skipping those another sweeper holds)
 * and escalate each. escalateTicket nests (a savepoint of its own), so a ticket that fails leaves the
 * rest of the batch alone; if a failure broke the transaction anyway, the batch is rolled back and
 * its other tickets are handed back to be retried one by one.
 */
async function escalateBatch(database: Database, batch: string[], escalate: EscalateFn) {
  const failures: Array<{ id: string; error: string }> = [];
  let locked: Array<{ id: string; tier: TicketTier; tier_deadline_at: Date | string }> = [];
  try {
    return await database.db.transaction(async (tx) => {
      locked = await rows(
        tx,
        sql`SELECT id, tier, tier_deadline_at FROM tickets
            WHERE id = ANY(${sql.param(batch)}::uuid[]) AND ${OPEN_AT_A_TIER} AND tier_deadline_at <= now() AND tier <> 'department'
            ORDER BY tier_deadline_at, id
            FOR UPDATE SKIP LOCKED`,
      );
      let escalated = 0;
      let skipped = batch.length - locked.length;
      for (const t of locked) {
        try {
          const outcome = await escalate(tx as unknown as Db, t.id, { by: 'system', note: overdueNote(t.tier, new Date(t.tier_deadline_at)), tier: t.tier });
          if (outcome.escalated) escalated++;
          else skipped++;
        } catch (e) {
          failures.push({ id: t.id, error: reason(e) });
          try {
            await tx.execute(sql`SELECT 1`);
          } catch {
            throw new BatchAborted();
          }
        }
      }
      return { escalated, skipped, failures, retry: [] as string[] };
    });
  } catch (e) {
    if (!(e instanceof BatchAborted)) throw e;
    const failed = new Set(failures.map((f) => f.id));
    const retry = batch.length > 1 ? locked.map((t) => t.id).filter((id) => !failed.has(id)) : [];
    return { escalated: 0, skipped: batch.length - locked.length, failures, retry };
  }
}

/**
 * One batch, set-based, in one transaction. If it fails as a whole, its tickets are handed back to be
 * retried one by one (a batch of one that fails is that ticket's failure).
 */
async function escalateBatchSetBased(database: Database, batch: string[], escalateMany: EscalateManyFn) {
  try {
    const done = await escalateMany(database.db, batch, (row) => overdueNote(row.tier as TicketTier, new Date(row.tierDeadlineAt!)));
    return { escalated: done.length, skipped: batch.length - done.length, failures: [] as Array<{ id: string; error: string }>, retry: [] as string[] };
  } catch (e) {
    if (batch.length > 1) return { escalated: 0, skipped: 0, failures: [], retry: batch };
    return { escalated: 0, skipped: 0, failures: [{ id: batch[0], error: reason(e) }], retry: [] };
  }
}

/** Runs one sweep: every ticket past its tier deadline is escalated once (see the module comment). */
export async function sweepOverdue(database: Database, opts: SweepOptions = {}): Promise<SweepResult> {
  const started = Date.now();
  const pglite = database.engine === 'pglite';
  const batchSize = opts.batchSize ?? (opts.escalate ? (pglite ? 25 : 50) : pglite ? 100 : 500);
  const concurrency = opts.concurrency ?? (pglite ? 1 : 4);
  const escalateMany = opts.escalate ? null : await systemEscalateMany();
  const runBatch = (batch: string[]) => (escalateMany ? escalateBatchSetBased(database, batch, escalateMany) : escalateBatch(database, batch, opts.escalate!));
  // The candidates, oldest deadline first, read once (tickets_tier_deadline_idx): the sweep then
  // works through them in batches, each re-checked under its lock.
  const candidates = await rows<{ id: string }>(
    database.db,
    sql`SELECT id FROM tickets
        WHERE ${OPEN_AT_A_TIER} AND tier_deadline_at <= now() AND tier <> 'department'
        ORDER BY tier_deadline_at, id LIMIT ${opts.limit ?? 50_000}`,
  );
  const ids = candidates.map((c) => c.id);
  const result: SweepResult = { overdue: ids.length, escalated: 0, skipped: 0, failed: 0, failures: [], ms: 0 };
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const outcome = await runBatch(batch);
      // Counted once the batch's transaction has committed.
      result.escalated += outcome.escalated;
      result.skipped += outcome.skipped;
      result.failed += outcome.failures.length;
      result.failures.push(...outcome.failures);
      // A failure that broke the batch's transaction rolled the batch back: the others go again, on their own.
      if (outcome.retry.length) batches.push(...outcome.retry.map((id) => [id]));
      opts.onBatch?.(ids.length - batches.reduce((n, b) => n + b.length, 0), ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  result.ms = Date.now() - started;
  return result;
}

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** 单元自治组未在时限（2026/11/20 18:00）内处置，自动升级 */
export function overdueNote(tier: TicketTier, deadline: Date): string {
  return `${TIER_LABEL[tier] ?? tier}未在时限（${SHANGHAI.format(deadline)}）内处置，自动升级`;
}

/** The ticket service's set-based escalation, loaded when first needed (the service imports much; the CLI's help should not). */
async function systemEscalateMany(): Promise<EscalateManyFn> {
  const { escalateOverdueBatch } = await import('./tickets.service.js');
  return escalateOverdueBatch;
}

/** pg-boss over the app's own connection: the pg pool, or PGlite (multi-statement SQL goes through exec). */
export function bossDb(database: Database): PgBoss.Db {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.engine === 'postgres') {
    const pool = client as { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
    return { executeSql: (text, values) => pool.query(text, values) };
  }
  const pglite = client as {
    query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
    exec(text: string): Promise<Array<{ rows: unknown[] }>>;
  };
  return {
    executeSql: async (text, values) => {
      if (values?.length) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

export interface EscalationScheduler {
  /** Sweeps now (through the queue, so still one at a time cluster-wide). */
  trigger(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the scheduled sweep on pg-boss: one job per interval slot (whichever process offers it
 * first), worked by whichever process fetches it. `intervalSeconds` 0 schedules nothing.
 */
export async function startEscalation(
  database: Database,
  config: Pick<Config, 'escalationIntervalSeconds'>,
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>,
  opts: SweepOptions = {},
): Promise<EscalationScheduler> {
  const interval = config.escalationIntervalSeconds;
  if (!interval) {
    log.info('automatic escalation is off (ESCALATION_INTERVAL_SECONDS=0)');
    return { trigger: async () => undefined, stop: async () => undefined };
  }
  const boss = new PgBoss({
    db: bossDb(database),
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 300,
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 1,
  });
  boss.on('error', (err) => log.error({ err }, 'escalation queue error'));
  await boss.start();
  await boss.createQueue(ESCALATION_QUEUE, { name: ESCALATION_QUEUE, policy: 'singleton', retryLimit: 0, expireInSeconds: 15 * 60 });
  const workerId = await boss.work(ESCALATION_QUEUE, { pollingIntervalSeconds: Math.min(2, Math.max(0.5, interval / 4)) }, async () => {
    const r = await sweepOverdue(database, opts);
    const { failures, ...counts } = r;
    if (r.overdue) log.info(counts, `escalation sweep: ${r.escalated} escalated, ${r.skipped} skipped, ${r.failed} failed`);
    for (const f of failures) log.warn({ ticketId: f.id, error: f.error }, 'escalation failed');
    return counts;
  });
  let stopped = false;
  const offer = async () => {
    if (stopped) return;
    try {
      const id = await boss.sendThrottled(ESCALATION_QUEUE, {}, {}, interval, 'sweep');
      if (id) boss.notifyWorker(workerId);
    } catch (err) {
      if (!stopped) log.error({ err }, 'could not schedule the escalation sweep');
    }
  };
  await offer();
  const timer = setInterval(() => void offer(), interval * 1000);
  timer.unref();
  return {
    trigger: async () => {
      await boss.send(ESCALATION_QUEUE, {}, { singletonKey: 'sweep' });
      boss.notifyWorker(workerId);
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    },
  };
}

/** `linli escalate --now`: one sweep, for operators. */
export const escalateCommand: Command = {
  usage:
    'linli escalate --now [--json]\n' +
    '  Escalate every ticket past its tier deadline now (one sweep) and print how many were escalated.\n' +
    '  The server does this on its own every ESCALATION_INTERVAL_SECONDS; running both at once is safe.',
  options: { now: { type: 'boolean' }, json: { type: 'boolean' } },
  run: async (v) => {
    if (!v.now) throw new UsageError('--now is required (the server sweeps on its own; this runs one sweep now)');
    return withDatabase(async ({ config, database }) => {
      // As in `linli serve`: the escalated tickets' responders and reporters hear of it.
      const { installTicketNotifications } = await import('../notifications/ticket-notifications.js');
      installTicketNotifications(cipherFor(config));
      const r = await sweepOverdue(database);
      if (v.json) console.log(JSON.stringify(r));
      else {
        console.log(`escalated ${r.escalated} ticket(s) of ${r.overdue} overdue (${r.skipped} skipped, ${r.failed} failed) in ${(r.ms / 1000).toFixed(1)} s`);
        for (const f of r.failures) console.error(`  ${f.id}: ${f.error}`);
      }
      return r.failed ? 1 : 0;
    });
  },
};
