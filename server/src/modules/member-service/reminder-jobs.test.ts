/** The scheduled reminders: whoever runs in a period sends, once; a second run, process or scheduler sends nothing again. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, ENGINE, type Client, type TestContext } from '../../testing/harness.js';
import { createUserWithGrants } from '../identity/identity.service.js';
import { DEMO_PASSWORD } from '../../seed/demo-city.js';
import { openPostgres, type Database } from '../../platform/db.js';
import { remindCommand, sendReminders, startReminders } from './reminder-jobs.js';
import { shanghaiMonth } from './member-service.service.js';
import { shanghaiWeek } from '../mobile-members/mobile-members.service.js';

let t: TestContext;
const checkedIn: Client[] = [];
let cadre: Client;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestContext();
  // Every checked-in member of the demo community is behind a target of 500 hours; two have accounts.
  const staff = await t.signIn('community');
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  for (const y of [year, year + 1]) await staff.request({ method: 'PUT', url: `/api/v1/member-service/targets/${t.codes.community}`, payload: { year: y, targetHours: 500 } });
  const list = await t.database.query<{ id: string; name: string; household_code: string }>(
    `SELECT r.id, r.name, r.household_code FROM member_checkins c JOIN residents r ON r.id = c.resident_id WHERE c.community_code = $1 AND c.ended_at IS NULL ORDER BY r.id LIMIT 2`,
    [t.codes.community],
  );
  expect(list).toHaveLength(2);
  for (const [i, r] of list.entries()) {
    await createUserWithGrants(t.database.db, { username: `wm${i}`, displayName: r.name, password: DEMO_PASSWORD, residentId: r.id, grants: [{ role: 'resident', scopeCode: r.household_code }] });
    checkedIn.push(await t.signIn(`wm${i}`));
  }
  cadre = await t.signIn('community');
});
afterAll(() => t?.close());

const count = async (c: Client, kind: string) => ((await c.get('/api/v1/inbox?limit=200')).json().items as Array<{ kind: string }>).filter((m) => m.kind === kind).length;
const counts = async () => ({ service: await Promise.all(checkedIn.map((c) => count(c, 'service.reminder'))), mobile: await count(cadre, 'mobile.overdue') });

describe('periods', () => {
  it('a month in Shanghai, a week from its Monday', () => {
    expect(shanghaiMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(shanghaiWeek(new Date('2026-11-22T15:59:00Z'))).toBe('2026-11-16'); // Sunday 23:59 in Shanghai
    expect(shanghaiWeek(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23'); // Monday 00:00
  });
});

describe('a run', () => {
  it('twice in a period sends once; the next period sends again', async () => {
    const now = new Date();
    const first = await sendReminders(t.database, ['service', 'mobile'], now);
    expect(first.service).toMatchObject({ sent: 2, already: 0 });
    expect(first.service!.withoutAccount).toBe(first.service!.behind - 2);
    // The demo's 太原 members: two overdue, paired with the community worker.
    expect(first.mobile).toMatchObject({ overdue: 2, reminded: 2, already: 0, cadres: 1 });
    const second = await sendReminders(t.database, ['service', 'mobile'], now);
    expect(second.service).toMatchObject({ sent: 0, already: 2 });
    expect(second.mobile).toMatchObject({ reminded: 0, already: 2, cadres: 0 });
    expect(await counts()).toEqual({ service: [1, 1], mobile: 1 });
    const later = await sendReminders(t.database, ['service', 'mobile'], new Date(now.getTime() + 32 * DAY));
    expect(later.service!.sent).toBe(2);
    expect(later.mobile!.reminded).toBeGreaterThanOrEqual(2);
    expect(await counts()).toEqual({ service: [2, 2], mobile: 2 });
  });

  it('runs at once send once', async () => {
    const now = new Date(Date.now() + 64 * DAY);
    const runs = await Promise.all([1, 2, 3].map(() => sendReminders(t.database, ['service', 'mobile'], now)));
    expect(runs.reduce((n, r) => n + r.service!.sent, 0)).toBe(2);
    expect(runs.reduce((n, r) => n + r.mobile!.cadres, 0)).toBe(1);
    expect(await counts()).toEqual({ service: [3, 3], mobile: 3 });
  });
});

describe('the schedule', () => {
  it('two schedulers (two server processes) nudged at once send once, and stop cleanly', async () => {
    const future = new Date(Date.now() + 96 * DAY);
    let other: Database | null = null;
    if (ENGINE === 'postgres') {
      const [{ name }] = await t.database.query<{ name: string }>('SELECT current_database() AS name');
      const u = new URL(process.env.DATABASE_URL!);
      u.pathname = `/${name}`;
      other = await openPostgres(u.toString(), 3);
    }
    const s1 = await startReminders(t.database, quiet, { catchUp: false, now: () => future });
    const s2 = await startReminders(other ?? t.database, quiet, { catchUp: false, now: () => future });
    try {
      await Promise.all([s1.trigger(), s2.trigger(), s1.trigger()]);
      await waitFor(async () => (await counts()).mobile === 4);
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      await Promise.all([s1.stop(), s2.stop()]);
      await other?.close();
    }
    expect(await counts()).toEqual({ service: [4, 4], mobile: 4 });
    const [{ n }] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.schedule WHERE name = 'daily-reminders' AND cron = '0 9 * * *' AND timezone = 'Asia/Shanghai'`);
    expect(n).toBe(1);
  });
});

describe('linli remind', () => {
  it('names what to send', async () => {
    await expect(remindCommand.run({}, [])).rejects.toThrow(/service, mobile, all/);
    const r = await linli(['remind', 'everything'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: linli remind <service\|mobile\|all>/);
  });

  it.skipIf(ENGINE !== 'postgres')('two operators at once send once (PostgreSQL)', async () => {
    await t.database.query(`DELETE FROM service_reminders WHERE period = $1`, [shanghaiMonth()]);
    const [{ name }] = await t.database.query<{ name: string }>('SELECT current_database() AS name');
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    const runs = await Promise.all([linli(['remind', 'service', '--json'], { DATABASE_URL: u.toString() }), linli(['remind', 'service', '--json'], { DATABASE_URL: u.toString() })]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs.map((r) => JSON.parse(r.stdout).service.sent).sort()).toEqual([0, 2]);
  });
});

function linli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env } as Record<string, string>;
    delete base.DATABASE_URL;
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../../../bin/linli.js'), ...args], { env: { ...base, LOG_LEVEL: 'warn', LINLI_DATA_DIR: '/tmp/linli-remind-unused', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 30_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 300));
  }
}
