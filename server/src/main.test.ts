/** The `linli` command as a user runs it: a real process, real exit codes, real data folder or database. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, dataPlace, LINLI_BIN, runLinli } from './testing/cli.js';

// These tests spawn the CLI and real servers (each migrates a fresh PGlite folder): a loaded 2-core
// machine can take a minute per process, so they get more than the suite's 30 s.
const SPAWN_TIMEOUT = 300_000;

/** `linli <args>` on a fresh data folder of its own (unless `env` names another). */
function linli(args: string[], env: Record<string, string> = {}) {
  return runLinli(args, { LINLI_DATA_DIR: mkdtempSync(join(tmpdir(), 'linli-cli-')), ...env });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A place for one server's data: a fresh, empty PostgreSQL database, or a PGlite folder. */
const serverPlace = () => dataPlace('linli-serve-', { empty: true });

describe('bad arguments print usage and exit 2', () => {
  it.each([[[]], [['bogus']], [['serve', '--nope']], [['seed', '--scale', 'huge']], [['create-user', '--username', 'x']], [['migrate', 'extra']]])('linli %j', (args) => {
    const r = linli(args);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/usage/);
  });

  it('every command has --help (exit 0)', () => {
    for (const cmd of ['serve', 'migrate', 'seed', 'create-user']) {
      const r = linli([cmd, '--help']);
      expect({ cmd, code: r.code }).toEqual({ cmd, code: 0 });
      expect(r.stdout).toContain(`linli ${cmd}`);
    }
  });
});

describe('invalid configuration prints one clear line naming the variable and exits 1', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['COOKIE_SECURE', 'maybe'],
    ['LINLI_DATA_KEY', 'short'],
  ])('%s=%s', (name, value) => {
    const r = linli(['migrate'], { [name]: value });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });
});

describe('serve', () => {
  const places: Array<{ drop(): Promise<void> }> = [];
  afterAll(async () => {
    for (const p of places) await p.drop();
  });

  function startServer(env: Record<string, string>) {
    const child = spawn(process.execPath, [LINLI_BIN, 'serve'], { env: cliEnv({ LINLI_DATA_DIR: mkdtempSync(join(tmpdir(), 'linli-cli-')), ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => out };
  }

  async function until(ok: () => boolean, ms = 10_000) {
    const end = Date.now() + ms;
    while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  }

  async function waitReady(port: number, ms = 150_000) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/ready`);
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('server did not become ready');
  }

  it('first start migrates, seeds and prints the demo accounts; SIGTERM stops it cleanly; a second start reuses the data', async () => {
    const place = await serverPlace();
    places.push(place);
    const port = await freePort();
    const env = { ...place.env, PORT: String(port), HOST: '127.0.0.1' };
    const first = startServer(env);
    await waitReady(port);
    // The banner is printed just after the server starts answering.
    await until(() => first.output().includes('Demo accounts'));
    expect(first.output()).toContain('demo city seeded');
    expect(first.output()).toMatch(/admin\s+city_admin/);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Linli@2026' }),
    });
    expect(login.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startServer(env);
    await waitReady(port);
    expect(second.output()).not.toContain('demo city seeded');
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'resident', password: 'Linli@2026' }),
    });
    expect(again.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);

    await place.withDb(async (db) => {
      const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE username = 'admin'");
      expect(n).toBe(1);
      const [{ logins }] = await db.query<{ logins: number }>("SELECT count(*)::int AS logins FROM audit_log WHERE action = 'auth.login'");
      expect(logins).toBe(2);
    });
  }, SPAWN_TIMEOUT);

  it('refuses to start on a schema newer than itself, and says why', async () => {
    const place = await serverPlace();
    places.push(place);
    expect(linli(['migrate'], place.env).code).toBe(0);
    await place.withDb((db) => db.query("INSERT INTO schema_migrations (tag, hash) VALUES ('9999_future', 'x')"));
    const r = linli(['serve'], { ...place.env, PORT: String(await freePort()) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer than this Linli.*9999_future/);
  }, SPAWN_TIMEOUT);

  it('create-user makes an account that can sign in; migrate reports a current schema', async () => {
    const place = await serverPlace();
    places.push(place);
    expect(linli(['migrate'], place.env).stdout).toMatch(/applied \d+ migration/);
    expect(linli(['migrate'], place.env).stdout).toContain('database schema is current');
    expect(linli(['seed'], place.env).code).toBe(0);
    const r = linli(['create-user', '--username', 'wang.staff', '--password', 'long-enough-1', '--role', 'community_staff', '--scope', '140602001001', '--display-name', '王社工'], place.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bad = linli(['create-user', '--username', 'li', '--password', 'long-enough-1', '--role', 'community_staff', '--scope', '999999'], place.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('999999');
  }, SPAWN_TIMEOUT);
});
