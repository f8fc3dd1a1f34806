/** Test harness: a fresh database per test file (PGlite in memory, or a new PostgreSQL database when DATABASE_URL is set), the app, and signed-in clients. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../config.js';
import { openPglite, openPostgres, type Database } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';
import { PersonalDataCipher } from '../platform/crypto.js';
import { buildApp } from '../app.js';
import { DEMO_PASSWORD, seedDemoCity, type DemoCodes } from '../seed/demo-city.js';

export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A migrated, empty database of its own; `drop` removes it (PostgreSQL) or closes it (PGlite). */
export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openPglite(null);
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const name = `linli_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openPostgres(u.toString(), 5);
  await migrate(database);
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export const TEST_KEY = new PersonalDataCipher({ id: 'testkey1', key: Buffer.alloc(32, 7) });

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  config: Config;
  codes: DemoCodes;
  cipher: PersonalDataCipher;
  /** Signs a demo account in (password Linli@2026) and returns a client carrying its cookie and CSRF token. */
  signIn(username: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
  csrfToken: string | null;
  cookie: string | null;
}

/** Boots the app on a fresh database with the demo city. `env` overrides configuration. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', LINLI_DATA_DIR: '/tmp/linli-test-unused', WEB_DIR: '/nonexistent', ...env });
  const { codes } = await seedDemoCity(database.db, TEST_KEY);
  const app = await buildApp({ config, database, cipher: TEST_KEY, logger: false });
  await app.ready();
  const client = (cookie: string | null, csrfToken: string | null): Client => {
    const request = (opts: InjectOptions) =>
      app.inject({
        ...opts,
        headers: { ...(cookie ? { cookie } : {}), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}), ...(opts.headers ?? {}) },
      });
    return {
      request,
      get: (url) => request({ method: 'GET', url }),
      post: (url, body) => request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
      del: (url) => request({ method: 'DELETE', url }),
      csrfToken,
      cookie,
    };
  };
  return {
    app,
    database,
    config,
    codes,
    cipher: TEST_KEY,
    anonymous: client(null, null),
    async signIn(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
      const sid = res.cookies.find((c) => c.name === 'linli_sid')!;
      return client(`linli_sid=${sid.value}`, res.json().csrfToken);
    },
    async close() {
      await app.close();
      await (database as Database & { drop(): Promise<void> }).drop();
    },
  };
}

/** The status `request` answers once it answers `want`, polling for up to 5 s (a change that reaches the server process over the bus), else the last one. */
export async function statusSoon(request: () => Promise<{ statusCode: number }>, want: number): Promise<number> {
  let status = 0;
  for (const until = Date.now() + 5000; Date.now() < until && status !== want; await new Promise((r) => setTimeout(r, 50))) status = (await request()).statusCode;
  return status;
}
