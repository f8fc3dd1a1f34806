import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { seedHolidays, seedUnseededHolidayYears } from './ticket-config.service.js';
import { loadWorkCalendar } from './ticket-calendar.js';

let t: TestContext;
let admin: Client;
beforeAll(async () => {
  t = await createTestContext();
  admin = await t.signIn('admin');
});
afterAll(() => t?.close());

const put = (c: Client, url: string, body: unknown) => c.request({ method: 'PUT', url, payload: body as object });
const patch = (c: Client, url: string, body: unknown) => c.request({ method: 'PATCH', url, payload: body as object });
const fieldsOf = (res: { json(): { fields?: Array<{ field: string }> } }) => (res.json().fields ?? []).map((f) => f.field);

describe('the holiday table', () => {
  it('is seeded with the demo city from chinese-days (last, this and next year) and readable by anyone signed in', async () => {
    const resident = await t.signIn('resident');
    const res = await resident.get('/api/v1/holidays?year=2026');
    expect(res.statusCode).toBe(200);
    const list = res.json() as Array<{ day: string; kind: string; name: string }>;
    expect(list.find((h) => h.day === '2026-10-01')).toEqual({ day: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(list.find((h) => h.day === '2026-10-10')).toEqual({ day: '2026-10-10', kind: 'workday', name: '国庆节调休' });
    expect(list.find((h) => h.day === '2026-02-14')?.kind).toBe('workday');
    expect(list.every((h) => h.day.startsWith('2026-'))).toBe(true);
    expect((await resident.get('/api/v1/holidays?year=2025')).json().length).toBeGreaterThan(20);
    expect((await t.anonymous.get('/api/v1/holidays?year=2026')).statusCode).toBe(401);
    expect(fieldsOf(await resident.get('/api/v1/holidays?year=abc'))).toEqual(['query.year']);
  });

  it('seeding again adds nothing and keeps an admin edit', async () => {
    expect((await put(admin, '/api/v1/holidays/2026-10-01', { kind: 'holiday', name: '国庆节（本市）' })).statusCode).toBe(200);
    expect(await seedHolidays(t.database.db, [2025, 2026, 2027])).toBe(0);
    const list = (await admin.get('/api/v1/holidays?year=2026')).json() as Array<{ day: string; name: string }>;
    expect(list.find((h) => h.day === '2026-10-01')?.name).toBe('国庆节（本市）');
  });

  it('a city admin sets and removes a day; the working calendar follows at once', async () => {
    const db = t.database.db;
    expect((await loadWorkCalendar(db)).isWorkingDay('2026-11-23')).toBe(true);
    const set = await put(admin, '/api/v1/holidays/2026-11-23', { kind: 'holiday', name: '全市停工日' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ day: '2026-11-23', kind: 'holiday', name: '全市停工日' });
    expect((await loadWorkCalendar(db)).isWorkingDay('2026-11-23')).toBe(false);
    expect((await put(admin, '/api/v1/holidays/2026-11-28', { kind: 'workday', name: '补班' })).statusCode).toBe(200);
    expect((await loadWorkCalendar(db)).isWorkingDay('2026-11-28')).toBe(true);
    expect((await admin.del('/api/v1/holidays/2026-11-23')).json()).toEqual({ ok: true });
    expect((await loadWorkCalendar(db)).isWorkingDay('2026-11-23')).toBe(true);
    expect((await admin.del('/api/v1/holidays/2026-11-23')).statusCode).toBe(404);
    const [audit] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('holiday.put', 'holiday.delete')`);
    expect(audit.n).toBeGreaterThanOrEqual(4);
  });

  it('refuses a holiday on a weekend, a workday on a weekday, a date that does not exist, unknown fields', async () => {
    const sat = await put(admin, '/api/v1/holidays/2026-10-03', { kind: 'holiday', name: 'x' });
    expect(sat.statusCode).toBe(400);
    expect(fieldsOf(sat)).toEqual(['kind']);
    expect(sat.json().message).toMatch(/Saturday/);
    expect(fieldsOf(await put(admin, '/api/v1/holidays/2026-10-08', { kind: 'workday', name: 'x' }))).toEqual(['kind']);
    expect(fieldsOf(await put(admin, '/api/v1/holidays/2026-02-30', { kind: 'holiday', name: 'x' }))).toEqual(['params.day']);
    expect(fieldsOf(await put(admin, '/api/v1/holidays/2026-11-24', { kind: 'day_off', name: 'x' }))).toEqual(['kind']);
    expect(fieldsOf(await put(admin, '/api/v1/holidays/2026-11-24', { kind: 'holiday', name: ' ' }))).toEqual(['name']);
    expect(fieldsOf(await put(admin, '/api/v1/holidays/2026-11-24', { kind: 'holiday', name: 'x', extra: 1 }))).toEqual(['extra']);
  });

  it('only a city admin may change it', async () => {
    for (const who of ['county', 'community', 'supervisor', 'resident']) {
      const c = await t.signIn(who);
      expect({ who, status: (await put(c, '/api/v1/holidays/2026-11-24', { kind: 'holiday', name: 'x' })).statusCode }).toEqual({ who, status: 403 });
      expect({ who, status: (await c.del('/api/v1/holidays/2026-10-01')).statusCode }).toEqual({ who, status: 403 });
    }
  });
});

const NEW_CATEGORY = {
  code: 'elevator_fault',
  name: '电梯故障',
  firstTier: 'compound_team',
  deadlineHours: { emergency: 2, urgent: 12, general: 48, complex: 168 },
  tierShares: { compound_team: 0.3, community: 0.3, township: 0.2, department: 0.2 },
  clock: 'calendar',
  department: '市场监督管理局',
  keywords: ['电梯', '困人', '电梯'],
};

describe('ticket categories', () => {
  it('a city admin adds one; the code is unique', async () => {
    const res = await admin.post('/api/v1/ticket-categories', NEW_CATEGORY);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ ...NEW_CATEGORY, keywords: ['电梯', '困人'], confidentialByDefault: false, active: true });
    expect(typeof res.json().sort).toBe('number');
    const dup = await admin.post('/api/v1/ticket-categories', NEW_CATEGORY);
    expect(dup.statusCode).toBe(409);
    expect(fieldsOf(dup)).toEqual(['code']);
  });

  it('checks the tier shares against the first tier, naming the field', async () => {
    const bad = (tierShares: object, firstTier = 'compound_team') => admin.post('/api/v1/ticket-categories', { ...NEW_CATEGORY, code: 'other_one', firstTier, tierShares });
    const sum = await bad({ compound_team: 0.3, community: 0.3, township: 0.2, department: 0.1 });
    expect(sum.statusCode).toBe(400);
    expect(fieldsOf(sum)).toEqual(['tierShares']);
    expect(sum.json().message).toMatch(/sum to 0\.9/);
    // Within ± 0.001 is accepted.
    expect((await bad({ compound_team: 0.3333, community: 0.3333, township: 0.3333, department: 0.0006 })).statusCode).toBe(201);
    expect(fieldsOf(await bad({ compound_team: 0.5, community: 0.3, department: 0.2 }, 'compound_team'))).toEqual(['tierShares.township']);
    expect(fieldsOf(await bad({ unit_team: 0.1, compound_team: 0.2, community: 0.3, township: 0.2, department: 0.2 }))).toEqual(['tierShares.unit_team']);
    expect(fieldsOf(await bad({ compound_team: 0, community: 0.5, township: 0.3, department: 0.2 }))).toEqual(['tierShares.compound_team']);
    expect(fieldsOf(await bad({ compound_team: 1.5, community: 0.5, township: 0.3, department: 0.2 }))).toEqual(['tierShares.compound_team']);
    expect(fieldsOf(await bad({ compound_team: 0.3, community: 0.3, township: 0.2, department: 0.2, mayor: 0.1 }))).toEqual(['tierShares.mayor']);
  });

  it('a city admin changes any setting; first tier and shares are checked together', async () => {
    const url = `/api/v1/ticket-categories/${NEW_CATEGORY.code}`;
    const renamed = await patch(admin, url, { name: '电梯故障报修', clock: 'working', confidentialByDefault: true, sort: 5, active: false });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '电梯故障报修', clock: 'working', confidentialByDefault: true, sort: 5, active: false, tierShares: NEW_CATEGORY.tierShares });
    // Moving the first tier up leaves compound_team's share below it: the shares must come too.
    const up = await patch(admin, url, { firstTier: 'community' });
    expect(up.statusCode).toBe(400);
    expect(fieldsOf(up)).toEqual(['tierShares.compound_team']);
    const both = await patch(admin, url, { firstTier: 'community', tierShares: { community: 0.5, township: 0.3, department: 0.2 } });
    expect(both.json()).toMatchObject({ firstTier: 'community', tierShares: { community: 0.5, township: 0.3, department: 0.2 } });
    const shares = await patch(admin, url, { tierShares: { community: 0.6, township: 0.3, department: 0.1 } });
    expect(shares.json().tierShares).toEqual({ community: 0.6, township: 0.3, department: 0.1 });
    const more = await patch(admin, url, { deadlineHours: { emergency: 1, urgent: 8, general: 24, complex: 96 }, department: '特种设备安全监察科', keywords: ['电梯'] });
    expect(more.json()).toMatchObject({ deadlineHours: { emergency: 1, urgent: 8, general: 24, complex: 96 }, department: '特种设备安全监察科', keywords: ['电梯'] });
    const [row] = await t.database.query<{ tier_shares: object; clock: string }>('SELECT tier_shares, clock FROM ticket_categories WHERE code = $1', [NEW_CATEGORY.code]);
    expect(row).toEqual({ tier_shares: { community: 0.6, township: 0.3, department: 0.1 }, clock: 'working' });
    const [audit] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ticket_category.update' AND target_id = $1`, [NEW_CATEGORY.code]);
    expect(audit.n).toBe(4);
  });

  it('a seeded category can be changed too, and GET lists it changed', async () => {
    const res = await patch(admin, '/api/v1/ticket-categories/clutter', { deadlineHours: { emergency: 2, urgent: 24, general: 120, complex: 240 }, clock: 'working', keywords: ['杂物', '楼道', '堆放'] });
    expect(res.statusCode).toBe(200);
    const list = (await (await t.signIn('resident')).get('/api/v1/ticket-categories')).json() as Array<{ code: string; deadlineHours: { general: number }; keywords: string[] }>;
    expect(list.find((c) => c.code === 'clutter')).toMatchObject({ deadlineHours: { general: 120 }, keywords: ['杂物', '楼道', '堆放'] });
  });

  it('validation errors name the field', async () => {
    const url = `/api/v1/ticket-categories/${NEW_CATEGORY.code}`;
    expect(fieldsOf(await patch(admin, url, { deadlineHours: { emergency: 0, urgent: 8, general: 24, complex: 96 } }))).toEqual(['deadlineHours.emergency']);
    expect(fieldsOf(await patch(admin, url, { deadlineHours: { emergency: 2 } }))).toEqual(['deadlineHours.urgent', 'deadlineHours.general', 'deadlineHours.complex']);
    expect(fieldsOf(await patch(admin, url, { clock: 'lunar' }))).toEqual(['clock']);
    expect(fieldsOf(await patch(admin, url, { firstTier: 'mayor' }))).toEqual(['firstTier']);
    expect(fieldsOf(await patch(admin, url, { name: '   ' }))).toEqual(['name']);
    expect(fieldsOf(await patch(admin, url, { code: 'renamed' }))).toEqual(['code']);
    expect((await patch(admin, url, {})).statusCode).toBe(400);
    expect(fieldsOf(await admin.post('/api/v1/ticket-categories', { ...NEW_CATEGORY, code: 'Bad Code' }))).toEqual(['code']);
    const { department: _omit, ...noDepartment } = NEW_CATEGORY;
    expect(fieldsOf(await admin.post('/api/v1/ticket-categories', { ...noDepartment, code: 'no_department' }))).toEqual(['department']);
    expect((await patch(admin, '/api/v1/ticket-categories/no_such_code', { name: 'x' })).statusCode).toBe(404);
  });

  it('only a city admin may add or change one', async () => {
    for (const who of ['county', 'township', 'community', 'supervisor', 'grid']) {
      const c = await t.signIn(who);
      expect({ who, status: (await patch(c, `/api/v1/ticket-categories/${NEW_CATEGORY.code}`, { name: 'x' })).statusCode }).toEqual({ who, status: 403 });
      expect({ who, status: (await c.post('/api/v1/ticket-categories', { ...NEW_CATEGORY, code: 'by_' + who })).statusCode }).toEqual({ who, status: 403 });
    }
    expect((await patch(t.anonymous, `/api/v1/ticket-categories/${NEW_CATEGORY.code}`, { name: 'x' })).statusCode).toBe(401);
  });
});

describe('holidays seeded at every start', () => {
  it('fills a year that has none, and leaves a year an admin keeps alone, deletions included', async () => {
    await t.database.query("DELETE FROM holidays WHERE day = '2026-10-01'");
    await t.database.query("DELETE FROM holidays WHERE day >= '2025-01-01' AND day < '2026-01-01'");
    expect(await seedUnseededHolidayYears(t.database.db, [2026, 2025])).toEqual([2025]);
    expect(await t.database.query("SELECT 1 FROM holidays WHERE day = '2026-10-01'")).toEqual([]);
    expect((await t.database.query("SELECT 1 FROM holidays WHERE day >= '2025-01-01' AND day < '2026-01-01'")).length).toBeGreaterThan(5);
    expect(await seedUnseededHolidayYears(t.database.db, [2026, 2025])).toEqual([]);
  });
});
