/**
 * PostgreSQL only: a batch's transaction on one pooled connection with COPY FROM STDIN available,
 * so residents new to the registry go in at COPY speed (PGlite keeps the INSERT path).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../../platform/schema.js';
import type { Database, Db } from '../../../platform/db.js';

/** Writes `text` (COPY text format) with the given `COPY … FROM STDIN` statement, in the batch's transaction. */
export type CopyRows = (statement: string, text: string) => Promise<void>;

export interface CopyWriter {
  transaction<T>(fn: (tx: Db, copy: CopyRows) => Promise<T>): Promise<T>;
}

/** The COPY writer of an open database: PostgreSQL's pool (drizzle's `$client`); null on PGlite. */
export function copyWriterFor(database: Database): CopyWriter | null {
  if (database.engine !== 'postgres') return null;
  const pool = (database.db as unknown as { $client?: pg.Pool }).$client;
  if (!pool || typeof pool.connect !== 'function') return null;
  return {
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx = drizzle(client, { schema }) as unknown as Db;
        const result = await fn(tx, async (statement, text) => {
          await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
        });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
  };
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One field in COPY text format (\N is NULL). */
export function copyField(v: string | null): string {
  if (v === null) return '\\N';
  // Most fields need no escaping: one scan instead of four replacements.
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
