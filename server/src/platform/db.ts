/** The database: embedded PGlite in the data folder, or PostgreSQL through `pg` when DATABASE_URL is set. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { getTableColumns, getTableName, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgDialect, PgTransaction, type PgTable } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import type { Config } from '../config.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Runs one raw statement (no parameters); for migrations and DDL. */
  exec(text: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn inside one transaction on one connection. */
  transaction<T>(fn: (c: RawConnection) => Promise<T>): Promise<T>;
  /** LISTENs on a channel (a dedicated connection on PostgreSQL); returns the way to stop. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface RawConnection {
  exec(text: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Rows of a drizzle `sql` query, on either engine. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };

const dialect = new PgDialect();

/** Statement names by text: a name is taken once per distinct text (PostgreSQL refuses one name for two texts). */
const preparedNames = new Map<string, string>();

/** The name a statement is prepared under: `name` and the number of its text in this process. */
function statementName(name: string, text: string): string {
  let named = preparedNames.get(text);
  if (!named) preparedNames.set(text, (named = `${name}_${preparedNames.size + 1}`));
  return named;
}

/**
 * Rows of a hot query that PostgreSQL keeps prepared on each connection (parsed and planned once
 * there, not at every call): `name` plus the text's number of this process. Its text must depend
 * only on `name`'s query, its values travel as parameters. Inside a transaction and on PGlite, as `rows`.
 */
export async function preparedRows<T>(db: Db, name: string, query: SQL): Promise<T[]> {
  const client = (db as unknown as { $client: { exec?: unknown; query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> } }).$client;
  if (isTransaction(db) || client.exec) return rows(db, query);
  const q = dialect.sqlToQuery(query);
  return (await client.query({ name: statementName(name, q.sql), text: q.sql, values: q.params })).rows;
}

/** A parameter written into the statement's text (a script has no parameters): scalars only. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return dialect.escapeString(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return dialect.escapeString(v.toISOString());
  throw new Error(`runScript: a parameter must be a string, number, boolean, date or null (got ${typeof v}); send rows as one JSON string`);
}

/**
 * A hot statement whose text never varies, only its parameters: runScript sends it as EXECUTE of a
 * statement it PREPAREs once on each connection (parsed and planned once there); run anywhere else,
 * it is the plain statement.
 */
export class PreparedStatement implements SQLWrapper {
  constructor(
    readonly name: string,
    readonly query: SQL,
  ) {}
  getSQL(): SQL {
    return this.query;
  }
}

/** Per connection (a pg client, or PGlite itself): the statements prepared on it, by name. */
const preparedOn = new WeakMap<object, Set<string>>();

type Result = { rows: Array<Record<string, unknown>> };
interface ScriptClient {
  query(text: string): Promise<Result | Result[]>;
  exec?(text: string): Promise<Result[]>;
  connect?(): Promise<ScriptClient & { release(e?: unknown): void }>;
}

/**
 * Runs statements in one round trip, as one transaction: a script of the simple query protocol, which
 * PostgreSQL runs atomically (a statement that fails undoes the ones before it). Parameters are written
 * into the text as literals, so statements take scalars only (rows as one JSON string); a
 * PreparedStatement goes as EXECUTE, prepared first on a connection that has not seen it. Returns each
 * statement's rows. Not inside a transaction: a script is a transaction of its own. A process's scripts
 * go on one connection, one after another, held while they keep coming.
 */
export async function runScript(db: Db, statements: SQLWrapper[]): Promise<Array<Array<Record<string, unknown>>>> {
  if (isTransaction(db)) throw new Error('runScript: a script is a transaction of its own');
  const pool = (db as unknown as { $client: ScriptClient }).$client;
  // PGlite is one connection; from a pg pool, the one this process's scripts go on.
  if (pool.exec) return runScriptOn(pool, statements);
  const held = holdScriptConnection(pool);
  let broken: unknown = null;
  try {
    return await runScriptOn(await held.client, statements);
  } catch (e) {
    // An error of PostgreSQL's own (an SQLSTATE) leaves the connection usable; anything else (a dropped connection) does not.
    if (!/^[0-9A-Z]{5}$/.test(String((e as { code?: unknown }).code ?? ''))) broken = e;
    throw e;
  } finally {
    letGoOfScriptConnection(pool, held, broken);
  }
}

/** How long this process keeps the connection its scripts go on once they stop coming. */
const SCRIPT_IDLE_MS = 100;
type PooledClient = ScriptClient & { release(e?: unknown): void };
interface HeldConnection {
  client: Promise<PooledClient>;
  users: number;
  timer?: NodeJS.Timeout;
}
/** Per pg pool: the connection scripts go on one after another, held while they keep coming (taking one from the pool at every script costs a turn of the event loop). */
const scriptConnections = new WeakMap<object, HeldConnection>();

function holdScriptConnection(pool: ScriptClient): HeldConnection {
  let held = scriptConnections.get(pool);
  if (!held) {
    const client = pool.connect!();
    scriptConnections.set(pool, (held = { client, users: 0 }));
    client.catch(() => scriptConnections.delete(pool));
  }
  clearTimeout(held.timer);
  held.users++;
  return held;
}

function letGoOfScriptConnection(pool: ScriptClient, held: HeldConnection, broken: unknown) {
  held.users--;
  const giveBack = (e?: unknown) => {
    if (scriptConnections.get(pool) === held) scriptConnections.delete(pool);
    held.client.then((c) => c.release(e), () => undefined);
  };
  if (broken) giveBack(broken);
  else if (held.users === 0) held.timer = setTimeout(() => held.users === 0 && giveBack(), SCRIPT_IDLE_MS);
}

async function runScriptOn(client: ScriptClient, statements: SQLWrapper[]): Promise<Array<Array<Record<string, unknown>>>> {
  const run = (text: string) => (client.exec ? client.exec(text) : client.query(text));
  // The statements a connection has prepared: read from it when first seen, or when a PREPARE finds one there (a PREPARE outlives a failed transaction).
  const readPrepared = async () => {
    const [named] = [await run('SELECT name FROM pg_prepared_statements')].flat();
    const names = new Set(named.rows.map((r) => String(r.name)));
    preparedOn.set(client, names);
    return names;
  };
  const prepared = preparedOn.get(client) ?? (await readPrepared());
  const toPrepare: string[] = [];
  const text = statements
    .map((s) => {
      const q = dialect.sqlToQuery(s.getSQL());
      const args = (n: string) => literal(q.params[Number(n) - 1]);
      if (!(s instanceof PreparedStatement)) return q.sql.replace(/\$(\d+)(?!\d)/g, (_, n: string) => args(n));
      const name = statementName(s.name, q.sql);
      if (!prepared.has(name)) toPrepare.push(`PREPARE ${name} AS ${q.sql}`);
      return `EXECUTE ${name}(${q.params.map((_, i) => args(String(i + 1))).join(', ')})`;
    })
    .join(';\n');
  // Prepared on their own first (a PREPARE is not undone with the script's transaction), once per connection.
  for (const p of toPrepare) {
    const name = p.split(' ')[1];
    await run(p).catch(async (e: { code?: string; cause?: { code?: string } }) => {
      if ((e.code ?? e.cause?.code) !== '42P05' || !(await readPrepared()).has(name)) throw e;
    });
    preparedOn.get(client)!.add(name);
  }
  const res = await run(text);
  return (Array.isArray(res) ? res : [res]).map((r) => r.rows);
}

/** Per table: [property, column name] of the columns a JSON insert sets. */
const jsonColumns = new WeakMap<PgTable, Array<[string, string]>>();

/**
 * An INSERT of many rows of `table` with the rows as one JSON parameter (jsonb_populate_recordset
 * types each field by its column): one parameter and no per-value work in the query builder, whatever
 * the number of rows. Sets the columns the rows' first item has; the others take their defaults.
 */
export function insertAsJson<T extends PgTable>(table: T, list: Array<T['$inferInsert']>): SQL {
  let all = jsonColumns.get(table);
  if (!all) {
    all = Object.entries(getTableColumns(table)).map(([prop, c]) => [prop, c.name]);
    jsonColumns.set(table, all);
  }
  const first = list[0] as Record<string, unknown>;
  const cols = all.filter(([prop]) => first[prop] !== undefined);
  const payload = JSON.stringify(list.map((r) => Object.fromEntries(cols.map(([prop, name]) => [name, (r as Record<string, unknown>)[prop] ?? null]))));
  const names = sql.raw(cols.map(([, name]) => `"${name}"`).join(', '));
  const t = sql.raw(`"${getTableName(table)}"`);
  return sql`INSERT INTO ${t} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${t}, ${payload}::jsonb)`;
}

/** True for a transaction's handle rather than a database (process-wide caches key on databases only). */
export function isTransaction(db: Db): boolean {
  return (db as unknown) instanceof PgTransaction;
}

/** Opens the configured database. PGlite refuses a data folder that another process holds. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databasePoolSize'>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.databasePoolSize);
  return openPglite(join(config.dataDir, 'pgdata'), join(config.dataDir, 'linli.pid'));
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const { default: pg } = await import('pg');
  // DATE columns come back as strings, not local-midnight Date objects.
  pg.types.setTypeParser(1082, (v: string) => v);
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Nothing to do here.
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    exec: async (text) => {
      await pool.query(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          exec: async (text) => {
            await client.query(text);
          },
          query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
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
    listen: async (channel, onPayload) => {
      const client = await pool.connect();
      const handler = (msg: { channel: string; payload?: string }) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
        client.release();
      };
    },
    close: () => pool.end(),
  };
}

/** Embedded PGlite; `dir` null means in memory (tests). */
export async function openPglite(dir: string | null, pidFile?: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (dir && pidFile) claimDataDir(dir, pidFile);
  const client = await PGlite.create(dir ?? 'memory://', {
    parsers: { 1082: (v: string) => v },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    exec: async (text) => {
      await client.exec(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    transaction: (fn) =>
      client.transaction((tx) =>
        fn({
          exec: async (text) => {
            await tx.exec(text);
          },
          query: async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows,
        }),
      ),
    listen: async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return () => stop();
    },
    close: async () => {
      await client.close();
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
}

/** PGlite has no locking of its own: two processes on one folder would corrupt it. */
function claimDataDir(dir: string, pidFile: string) {
  mkdirSync(dir, { recursive: true });
  try {
    const other = Number(readFileSync(pidFile, 'utf8'));
    if (other && other !== process.pid && isAlive(other)) {
      throw new Error(`the data folder ${dir} is in use by process ${other}; stop it first or set LINLI_DATA_DIR`);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  writeFileSync(pidFile, String(process.pid));
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Array literals, for statements that pass thousands of elements: `${textArray(xs)}::text[]`. pg
 * turns a JS array into a literal by escaping every element with two regular expressions into a
 * string grown piece by piece (most of a large batch's garbage); these take one join, and escape only
 * an element that needs it. Every text element is quoted; null is NULL.
 */
export function textArray(items: ReadonlyArray<string | null>): string {
  return '{' + items.map((s) => (s === null ? 'NULL' : '"' + (NEEDS_ESCAPE.test(s) ? s.replace(/[\\"]/g, '\\$&') : s) + '"')).join(',') + '}';
}
const NEEDS_ESCAPE = /[\\"]/;

/** A literal of numbers or booleans (see `textArray`); null is NULL. */
export function valueArray(items: ReadonlyArray<number | boolean | null>): string {
  return '{' + items.map((x) => (x === null ? 'NULL' : x === true ? 't' : x === false ? 'f' : String(x))).join(',') + '}';
}

/** True if the error is PostgreSQL's unique violation. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}

function quoteIdent(name: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad channel name ${name}`);
  return name;
}
