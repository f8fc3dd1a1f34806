/** Idempotency keys for creates: a retried request with the same `Idempotency-Key` gets the first answer instead of a second effect. */
import type { FastifyRequest } from 'fastify';
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { insertAsJson, type Db } from './db.js';
import { errors } from './errors.js';
import { idempotencyKeys } from './platform.schema.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A claim on a key whose first request is still running. */
const IN_FLIGHT = 0;

export interface Stored<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/** The request's Idempotency-Key, if any; a malformed one is a 400 naming the header. */
export function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw errors.field('idempotency-key', 'must be 1 to 200 visible ASCII characters');
  return key;
}

/**
 * Runs `create` once per (user, route, key). The key is claimed first, so a concurrent retry gets a
 * 409 rather than a second effect; a create that throws releases the claim (the retry may try again).
 * Without a key, `create` simply runs.
 */
export async function idempotent<T>(
  db: Db,
  scope: { userId: string; route: string; key: string | null },
  create: () => Promise<{ status: number; body: T }>,
): Promise<Stored<T>> {
  if (!scope.key) return { ...(await create()), replayed: false };
  const where = and(eq(idempotencyKeys.userId, scope.userId), eq(idempotencyKeys.route, scope.route), eq(idempotencyKeys.key, scope.key));
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ userId: scope.userId, route: scope.route, key: scope.key, status: IN_FLIGHT, response: sql`'{}'::jsonb` })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (!claimed.length) {
    const [prior] = await db.select({ status: idempotencyKeys.status, response: idempotencyKeys.response }).from(idempotencyKeys).where(where);
    if (!prior || prior.status === IN_FLIGHT) {
      throw errors.conflict('an earlier request with this Idempotency-Key is still being processed; retry shortly', [{ field: 'idempotency-key', message: 'in progress' }]);
    }
    return { status: prior.status, body: prior.response as T, replayed: true };
  }
  try {
    const result = await create();
    await db
      .update(idempotencyKeys)
      .set({ status: result.status, response: result.body as object })
      .where(where);
    return { ...result, replayed: false };
  } catch (e) {
    await db.delete(idempotencyKeys).where(where);
    throw e;
  }
}

/**
 * `idempotent` in one transaction: the key is claimed first inside the write's own transaction and
 * the answer stored at its end, so the whole create commits once. A retry while the first request
 * is still running waits at the claim until that transaction ends, then gets its answer (or, if it
 * rolled back, runs itself); a create that throws leaves no claim behind. `write` runs only for a
 * fresh key (or without one), in the transaction `tx`; it may hand back one more statement
 * (`alongside`, e.g. its audit row), run in the same statement as storing the answer.
 */
export async function idempotentWrite<T>(
  db: Db,
  scope: { userId: string; route: string; key: string | null },
  write: (tx: Db) => Promise<{ status: number; body: T; alongside?: SQLWrapper }>,
): Promise<Stored<T>> {
  type Outcome = { fresh: { status: number; body: T } } | { prior: { status: number; response: unknown } | undefined };
  const key = scope.key;
  const where = key ? and(eq(idempotencyKeys.userId, scope.userId), eq(idempotencyKeys.route, scope.route), eq(idempotencyKeys.key, key)) : undefined;
  const outcome: Outcome = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (key) {
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ userId: scope.userId, route: scope.route, key, status: IN_FLIGHT, response: sql`'{}'::jsonb` })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (!claimed.length) {
        const [prior] = await tx.select({ status: idempotencyKeys.status, response: idempotencyKeys.response }).from(idempotencyKeys).where(where);
        return { prior };
      }
    }
    const { alongside, ...fresh } = await write(tx);
    if (key) {
      const store = tx.update(idempotencyKeys).set({ status: fresh.status, response: fresh.body as object }).where(where);
      // A statement the write left to run with the answer (an audit row) goes in the same one.
      await (alongside ? tx.execute(sql`WITH alongside AS (${alongside.getSQL()}) ${store.getSQL()}`) : store);
    } else if (alongside) await tx.execute(alongside.getSQL());
    return { fresh };
  });
  if ('fresh' in outcome) return { ...outcome.fresh, replayed: false };
  const { prior } = outcome;
  if (!prior || prior.status === IN_FLIGHT) {
    throw errors.conflict('an earlier request with this Idempotency-Key is still being processed; retry shortly', [{ field: 'idempotency-key', message: 'in progress' }]);
  }
  return { status: prior.status, body: prior.response as T, replayed: true };
}

export interface IdempotencyScope {
  userId: string;
  route: string;
  key: string | null;
}

/**
 * For a write that claims its keys and stores its answers at once (a batch of creates sent as one
 * script, whose answers are known before it runs): the keys' rows with their answers, as one
 * statement, not yet run; null when no scope has a key. A key taken before (a retry, or a request
 * still running with it) makes the statement fail, and with it the script: the writer then writes
 * each create the usual way (idempotentWrite), which answers a retry with the stored answer.
 */
export function storeAnswersSql<T>(scopes: IdempotencyScope[], answers: Array<{ status: number; body: T }>): SQL | null {
  const rows = scopes.flatMap((s, i) => (s.key === null ? [] : [{ userId: s.userId, route: s.route, key: s.key, status: answers[i].status, response: answers[i].body as object }]));
  return rows.length ? insertAsJson(idempotencyKeys, rows) : null;
}
