import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { createUserWithGrants } from '../identity/identity.service.js';
import { DEMO_PASSWORD } from '../../seed/demo-city.js';
import { signQr } from './activity-qr.js';
import { occurrenceStarts } from './activities.service.js';

let t: TestContext;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const people: Array<{ username: string; residentId: string; name: string }> = [];

beforeAll(async () => {
  t = await createTestContext();
  // Three more residents of the demo community with accounts (v1, v2, v3).
  const list = await t.database.query<{ id: string; name: string; household_code: string }>(
    "SELECT id, name, household_code FROM residents WHERE household_code LIKE $1 AND household_code NOT LIKE $2 AND relation = '本人' ORDER BY household_code LIMIT 3",
    [t.codes.community + '%', t.codes.household + '%'],
  );
  for (const [i, r] of list.entries()) {
    await createUserWithGrants(t.database.db, { username: `v${i + 1}`, displayName: r.name, password: DEMO_PASSWORD, residentId: r.id, grants: [{ role: 'resident', scopeCode: r.household_code }] });
    people.push({ username: `v${i + 1}`, residentId: r.id, name: r.name });
  }
});
afterAll(() => t?.close());

// Sign-in is rate limited: each account signs in once per file.
const signedIn = new Map<string, Promise<import('../../testing/harness.js').Client>>();
const as = (u: string) => {
  if (!signedIn.has(u)) signedIn.set(u, t.signIn(u));
  return signedIn.get(u)!;
};

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function newActivity(c: Client, body: Record<string, unknown> = {}): Promise<Json> {
  const res = await c.post('/api/v1/activities', { title: '楼道清理', placeCode: t.codes.compound, startsAt: minutesFromNow(-10), endsAt: minutesFromNow(110), capacity: 2, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json()[0];
}

describe('the theme calendar and series', () => {
  it('an activity takes the theme of its month; a weekly series has its occurrences a week apart', async () => {
    const c = await as('community');
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    expect((await c.request({ method: 'PUT', url: '/api/v1/activity-themes', payload: { communityCode: t.codes.community, month, theme: '环境整治月' } })).statusCode).toBe(200);
    const res = await c.post('/api/v1/activities', { title: '周末大扫除', placeCode: t.codes.compound, startsAt: minutesFromNow(60), endsAt: minutesFromNow(180), capacity: 20, recurrence: 'weekly', occurrences: 3 });
    expect(res.statusCode, res.body).toBe(201);
    const list = res.json();
    expect(list).toHaveLength(3);
    expect(list[0].theme).toBe('环境整治月');
    expect(new Date(list[1].startsAt).getTime() - new Date(list[0].startsAt).getTime()).toBe(7 * 86_400_000);
    expect(new Set(list.map((a: Json) => a.seriesId)).size).toBe(1);
    const themes = (await c.get(`/api/v1/activity-themes?community=${t.codes.community}&year=${month.slice(0, 4)}`)).json();
    expect(themes).toContainEqual(expect.objectContaining({ month, theme: '环境整治月' }));
    expect(themes).toHaveLength(12);
  });

  it('a monthly series keeps the day of month in Shanghai time, clamped to short months', () => {
    // 2026-01-31 19:00 Shanghai = 11:00 UTC.
    const starts = occurrenceStarts(new Date('2026-01-31T11:00:00Z'), 'monthly', 3).map((d) => d.toISOString());
    expect(starts).toEqual(['2026-01-31T11:00:00.000Z', '2026-02-28T11:00:00.000Z', '2026-03-31T11:00:00.000Z']);
  });

  it('bad input names the field', async () => {
    const c = await as('community');
    const back = await c.post('/api/v1/activities', { title: 'x', placeCode: t.codes.compound, startsAt: minutesFromNow(60), endsAt: minutesFromNow(30), capacity: 5 });
    expect(back.statusCode).toBe(400);
    expect(back.json().fields[0].field).toBe('endsAt');
    const zero = await c.post('/api/v1/activities', { title: 'x', placeCode: t.codes.compound, startsAt: minutesFromNow(60), endsAt: minutesFromNow(90), capacity: 0 });
    expect(zero.json().fields[0].field).toBe('capacity');
  });
});

describe('sign-up and the waitlist', () => {
  it('beyond capacity residents wait; a cancelled place goes to the first waiting, who is told', async () => {
    const staff = await as('community');
    const a = await newActivity(staff, { capacity: 2 });
    const [me, v1, v2, v3] = await Promise.all(['resident', 'v1', 'v2', 'v3'].map((u) => as(u)));
    const s0 = (await me.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    const s1 = (await v1.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    const s2 = (await v2.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    const s3 = (await v3.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    expect([s0.status, s1.status, s2.status, s3.status]).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect((await me.post(`/api/v1/activities/${a.id}/signups`, {})).statusCode).toBe(409);

    const res = await me.post(`/api/v1/activity-signups/${s0.id}/cancel`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().promotedSignupId).toBe(s2.id);
    const signups = (await staff.get(`/api/v1/activities/${a.id}/signups`)).json();
    const byId = Object.fromEntries(signups.map((s: Json) => [s.id, s]));
    expect(byId[s2.id].status).toBe('confirmed');
    expect(byId[s2.id].promotedAt).not.toBeNull();
    expect(byId[s3.id].status).toBe('waitlisted');
    const inbox = (await v2.get('/api/v1/inbox')).json();
    expect(JSON.stringify(inbox)).toContain('候补成功');
    // Cancelling a waitlisted place promotes nobody.
    expect((await v3.post(`/api/v1/activity-signups/${s3.id}/cancel`, {})).json().promotedSignupId).toBeNull();
    expect((await me.post(`/api/v1/activity-signups/${s0.id}/cancel`, {})).statusCode).toBe(409);
    // She may sign up again after cancelling, and waits at the end of the line.
    expect((await me.post(`/api/v1/activities/${a.id}/signups`, {})).json().status).toBe('waitlisted');
  });

  it('concurrent sign-ups never exceed capacity', async () => {
    const staff = await as('community');
    const a = await newActivity(staff, { capacity: 2 });
    const clients = await Promise.all(['resident', 'v1', 'v2', 'v3'].map((u) => as(u)));
    const results = await Promise.all(clients.map((c) => c.post(`/api/v1/activities/${a.id}/signups`, {})));
    expect(results.map((r) => r.json().status).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
  });

  it('residents see activities near them, with their own sign-up', async () => {
    const me = await as('resident');
    const list = (await me.get('/api/v1/activities?near=true')).json();
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a: Json) => a.communityCode === t.codes.community)).toBe(true);
    expect(list.some((a: Json) => a.mySignup)).toBe(true);
  });
});

describe('check-in and check-out', () => {
  async function signedUp(capacity = 5) {
    const staff = await as('community');
    const a = await newActivity(staff, { capacity });
    const me = await as('resident');
    const s = (await me.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    return { staff, a, me, s };
  }

  it('by the leader’s QR code: a second check-in is refused; check-out gives pending minutes', async () => {
    const { staff, a, me, s } = await signedUp();
    const qr = (await staff.get(`/api/v1/activities/${a.id}/qr?kind=in`)).json();
    expect(qr.url).toContain('/h5/scan?t=');
    const first = await me.post('/api/v1/activities/scan', { token: qr.token });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().signup.checkInMethod).toBe('qr');
    const fresh = (await staff.get(`/api/v1/activities/${a.id}/qr?kind=in`)).json();
    const second = await me.post('/api/v1/activities/scan', { token: fresh.token });
    expect(second.statusCode).toBe(409);
    expect(second.json().fields[0]).toEqual({ field: 'token', message: 'already checked in' });
    const out = (await staff.get(`/api/v1/activities/${a.id}/qr?kind=out`)).json();
    const done = await me.post('/api/v1/activities/scan', { token: out.token });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().signup.hoursStatus).toBe('pending');
    expect(done.json().signup.minutes).toBe(0);
    expect((await staff.get(`/api/v1/activities/${s.activityId}/signups`)).json()[0].checkedOutAt).not.toBeNull();
  });

  it('a replayed, expired, forged or altered code is refused', async () => {
    const { staff, a, me } = await signedUp();
    const v1 = await as('v1');
    await v1.post(`/api/v1/activities/${a.id}/signups`, {});
    // Expired: signed ten minutes ago with a 90-second life.
    const old = signQr(t.cipher, a.id, 'in', new Date(Date.now() - 10 * 60_000)).token;
    const expired = await me.post('/api/v1/activities/scan', { token: old });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().fields[0]).toEqual({ field: 'token', message: 'expired' });
    // Forged: the right shape, another key.
    const { PersonalDataCipher } = await import('../../platform/crypto.js');
    const other = new PersonalDataCipher({ id: 'other', key: Buffer.alloc(32, 9) });
    const forged = await me.post('/api/v1/activities/scan', { token: signQr(other, a.id, 'in').token });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().fields[0].field).toBe('token');
    // Altered: the payload changed, the signature kept.
    const good = (await staff.get(`/api/v1/activities/${a.id}/qr?kind=in`)).json().token as string;
    const [, sig] = good.split('.');
    const altered = Buffer.from(JSON.stringify(['00000000-0000-4000-8000-000000000000', 'in', 9999999999, 'x'])).toString('base64url') + '.' + sig;
    expect((await me.post('/api/v1/activities/scan', { token: altered })).statusCode).toBe(400);
    expect((await me.post('/api/v1/activities/scan', { token: 'garbage' })).statusCode).toBe(400);
    // Replayed: she checks in, the leader checks her out by hand, and the same code is used again.
    expect((await me.post('/api/v1/activities/scan', { token: good })).statusCode).toBe(200);
    const replay = await me.post('/api/v1/activities/scan', { token: good });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().fields[0]).toEqual({ field: 'token', message: 'replayed' });
    // The same code still works once for someone else in the room.
    expect((await v1.post('/api/v1/activities/scan', { token: good })).statusCode).toBe(200);
  });

  it('hours across midnight: 22:30 to 01:15 is 165 minutes, approved by the leader, and earns points', async () => {
    const staff = await as('community');
    // An evening patrol that ran from 22:00 to 01:30 Shanghai time, two days ago (补录).
    const day = new Date(Date.now() + 8 * 3600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
    const at = (d: string, hm: string) => new Date(`${d}T${hm}:00+08:00`).toISOString();
    const next = new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
    const a = (await staff.post('/api/v1/activities', { title: '夜间巡逻', placeCode: t.codes.compound, startsAt: at(day, '22:00'), endsAt: at(next, '01:30'), capacity: 5 })).json()[0];
    // 补录: staff record a past activity's attendance; a resident cannot sign up for it any more.
    expect((await (await as('v1')).post(`/api/v1/activities/${a.id}/signups`, {})).statusCode).toBe(409);
    const signup = (await staff.post(`/api/v1/activities/${a.id}/signups`, { residentId: people[0].residentId })).json();
    expect(signup.status).toBe('confirmed');
    const before = (await (await as('v1')).get('/api/v1/points/me')).json().balance;
    const r1 = await staff.post(`/api/v1/activity-signups/${signup.id}/check-in`, { at: at(day, '22:30') });
    expect(r1.statusCode, r1.body).toBe(200);
    expect((await staff.post(`/api/v1/activity-signups/${signup.id}/check-in`, { at: at(day, '22:40') })).statusCode).toBe(409);
    const early = await staff.post(`/api/v1/activity-signups/${signup.id}/check-out`, { at: at(day, '22:00') });
    expect(early.json().fields[0].field).toBe('at');
    const out = await staff.post(`/api/v1/activity-signups/${signup.id}/check-out`, { at: at(next, '01:15') });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().minutes).toBe(165);
    expect(out.json().hoursStatus).toBe('pending');
    const approved = await staff.post(`/api/v1/activity-signups/${signup.id}/hours`, { decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().hoursStatus).toBe('approved');
    expect((await staff.post(`/api/v1/activity-signups/${signup.id}/hours`, { decision: 'approve' })).statusCode).toBe(409);
    const account = (await (await as('v1')).get('/api/v1/points/me')).json();
    // 2.75 h × 10 = 27.5 → 28, plus 5 for taking part.
    expect(account.balance - before).toBe(33);
    expect(account.entries.slice(0, 2).map((e: Json) => e.reason).sort()).toEqual(['participation', 'service_hours']);
    const hours = (await (await as('v1')).get('/api/v1/activities/my-hours')).json();
    expect(hours.approvedMinutes).toBeGreaterThanOrEqual(165);
  });

  it('the attendance sheet downloads as xlsx', async () => {
    const { staff, a } = await signedUp();
    const res = await staff.get(`/api/v1/activities/${a.id}/attendance.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('签到表')!;
    expect(ws.getRow(4).getCell(2).value).toBe('姓名');
    expect(ws.getRow(5).getCell(3).value).toBe('已报名');
  });
});

describe('who may', () => {
  it('residents sign themselves up but do not create, lead, check others in or approve; another community’s staff cannot; the leader may', async () => {
    const staff = await as('community');
    const leaderUser = (await (await as('unit')).get('/api/v1/me')).json().user.id;
    const a = await newActivity(staff, { leaderUserId: leaderUser, capacity: 5 });
    expect(a.leaderName).toBe('单元中心户');
    const me = await as('resident');
    const v1 = await as('v1');
    expect((await me.post('/api/v1/activities', { title: 'x', placeCode: t.codes.compound, startsAt: minutesFromNow(1), endsAt: minutesFromNow(60), capacity: 3 })).statusCode).toBe(403);
    const mine = (await me.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    const theirs = (await v1.post(`/api/v1/activities/${a.id}/signups`, {})).json();
    expect((await me.post(`/api/v1/activities/${a.id}/signups`, { residentId: people[1].residentId })).statusCode).toBe(403);
    expect((await me.get(`/api/v1/activities/${a.id}/qr?kind=in`)).statusCode).toBe(403);
    expect((await me.post(`/api/v1/activity-signups/${theirs.id}/check-in`, {})).statusCode).toBe(403);
    expect((await me.post(`/api/v1/activity-signups/${theirs.id}/cancel`, {})).statusCode).toBe(403);
    expect((await me.post(`/api/v1/activity-signups/${mine.id}/hours`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await me.get(`/api/v1/activities/${a.id}/attendance.xlsx`)).statusCode).toBe(403);
    // The leader (a unit head, not an organiser) runs her activity: the code and hand check-in.
    const leader = await as('unit');
    expect((await leader.get('/api/v1/activities?led=true')).json().map((x: Json) => x.id)).toContain(a.id);
    expect((await leader.get(`/api/v1/activities/${a.id}/qr?kind=in`)).statusCode).toBe(200);
    expect((await leader.post(`/api/v1/activity-signups/${theirs.id}/check-in`, {})).statusCode).toBe(200);
    // …but not another activity's.
    const other = await newActivity(staff);
    expect((await leader.get(`/api/v1/activities/${other.id}/qr?kind=in`)).statusCode).toBe(403);
    // Staff of another township see nothing of it.
    const { createUserWithGrants: cu } = await import('../identity/identity.service.js');
    await cu(t.database.db, { username: 'far.staff', displayName: '外社区', password: DEMO_PASSWORD, grants: [{ role: 'community_staff', scopeCode: '140681001001' }] });
    const far = await as('far.staff');
    expect((await far.get(`/api/v1/activities/${a.id}/signups`)).statusCode).toBe(403);
    expect((await far.post(`/api/v1/activity-signups/${theirs.id}/hours`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await far.post('/api/v1/activities', { title: 'x', placeCode: t.codes.compound, startsAt: minutesFromNow(1), endsAt: minutesFromNow(60), capacity: 3 })).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/activities?near=true')).statusCode).toBe(401);
  });
});
