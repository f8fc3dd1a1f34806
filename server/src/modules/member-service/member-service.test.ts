import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { createUserWithGrants } from '../identity/identity.service.js';
import { DEMO_PASSWORD } from '../../seed/demo-city.js';
import { yearSpan } from './member-service.service.js';

let t: TestContext;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const members: Array<{ id: string; name: string }> = [];
const signedIn = new Map<string, Promise<Client>>();
const as = (u: string) => {
  if (!signedIn.has(u)) signedIn.set(u, t.signIn(u));
  return signedIn.get(u)!;
};

beforeAll(async () => {
  t = await createTestContext();
  const list = await t.database.query<{ id: string; name: string; household_code: string }>(
    "SELECT r.id, r.name, r.household_code FROM residents r JOIN party_members m ON m.resident_id = r.id WHERE r.household_code LIKE $1 AND NOT EXISTS (SELECT 1 FROM activity_signups s WHERE s.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM member_checkins c WHERE c.resident_id = r.id) ORDER BY r.household_code, r.id LIMIT 3",
    [t.codes.community + '%'],
  );
  const staff = await as('community');
  for (const [i, r] of list.entries()) {
    members.push(r);
    const res = await staff.post('/api/v1/member-checkins', { residentId: r.id, employer: i < 2 ? '朔州市自来水公司' : '朔城区第一中学', employerPartyOrg: i < 2 ? '朔州市自来水公司党委' : '朔城区一中党支部' });
    expect(res.statusCode, res.body).toBe(201);
  }
  await createUserWithGrants(t.database.db, { username: 'pm0', displayName: list[0].name, password: DEMO_PASSWORD, residentId: list[0].id, grants: [{ role: 'resident', scopeCode: list[0].household_code }] });
});
afterAll(() => t?.close());

describe('service posts, targets and progress', () => {
  it('members take posts of their community; a full post refuses; residents who have not checked in cannot', async () => {
    const staff = await as('community');
    const post = (await staff.post('/api/v1/member-service/posts', { communityCode: t.codes.community, name: '环境监督岗', capacity: 1 })).json();
    expect(post).toEqual(expect.objectContaining({ name: '环境监督岗', taken: 0 }));
    const me = await as('pm0');
    expect((await me.post(`/api/v1/member-service/posts/${post.id}/choose`, {})).statusCode).toBe(200);
    expect((await me.get(`/api/v1/member-service/posts?community=${t.codes.community}`)).json().find((p: Json) => p.id === post.id).chosenByMe).toBe(true);
    const full = await staff.post(`/api/v1/member-service/posts/${post.id}/choose`, { residentId: members[1].id });
    expect(full.statusCode).toBe(409);
    expect(full.json().fields[0].field).toBe('postId');
    const resident = await as('resident');
    const notIn = await resident.post(`/api/v1/member-service/posts/${post.id}/choose`, {});
    expect(notIn.statusCode).toBe(400);
    expect(notIn.json().fields[0].field).toBe('residentId');
  });

  it('progress counts approved hours against the year’s target; those behind are reminded', async () => {
    const staff = await as('community');
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect((await staff.get(`/api/v1/member-service/targets/${t.codes.community}`)).json()).toEqual(expect.objectContaining({ targetHours: 12, isDefault: true }));
    expect((await staff.request({ method: 'PUT', url: `/api/v1/member-service/targets/${t.codes.community}`, payload: { year, targetHours: 2 } })).json().targetHours).toBe(2);
    // Member 0 serves three hours at an activity, approved by the leader.
    const a = (await staff.post('/api/v1/activities', { title: '政策宣讲', placeCode: t.codes.community, startsAt: new Date(Date.now() - 4 * 3600_000).toISOString(), endsAt: new Date(Date.now() - 3600_000).toISOString(), capacity: 5 })).json()[0];
    const s = (await staff.post(`/api/v1/activities/${a.id}/signups`, { residentId: members[0].id })).json();
    await staff.post(`/api/v1/activity-signups/${s.id}/check-in`, { at: new Date(Date.now() - 4 * 3600_000).toISOString() });
    await staff.post(`/api/v1/activity-signups/${s.id}/check-out`, { at: new Date(Date.now() - 3600_000).toISOString() });
    expect((await staff.post(`/api/v1/activity-signups/${s.id}/hours`, { decision: 'approve' })).statusCode).toBe(200);
    const rows = (await staff.get(`/api/v1/member-service/progress?community=${t.codes.community}`)).json();
    const row = rows.find((r: Json) => r.residentId === members[0].id);
    expect(row).toEqual(expect.objectContaining({ hours: 3, targetHours: 2, percent: 100, behind: false, posts: ['环境监督岗'], activities: 1 }));
    const ours = new Set(members.map((m) => m.id));
    const others = rows.filter((r: Json) => r.residentId !== members[0].id && ours.has(r.residentId));
    const span = yearSpan(year);
    expect(others.every((r: Json) => r.hours === 0 && r.behind === span.elapsed > 0)).toBe(true);
    const res = await staff.post('/api/v1/member-service/reminders', { communityCode: t.codes.community });
    expect(res.statusCode, res.body).toBe(200);
    // Two behind, neither has an account: nobody to put a message in front of.
    // Those behind have no account (the demo's checked-in members neither): nobody to put a message in front of.
    expect(res.json().reminded).toBe(0);
    expect(res.json().behind).toBeGreaterThanOrEqual(others.length);
  });

  it('the members of one employer party organisation, as xlsx for the employer', async () => {
    const staff = await as('community');
    const rows = (await staff.get(`/api/v1/member-service/progress?employerPartyOrg=${encodeURIComponent('朔州市自来水公司党委')}`)).json();
    expect(rows).toHaveLength(2);
    const res = await staff.get(`/api/v1/member-service/employer-list.xlsx?employerPartyOrg=${encodeURIComponent('朔州市自来水公司党委')}`);
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('朔州市自来水公司党委');
    expect(ws.getRow(3).getCell(2).value).toBe('姓名');
    expect([ws.getRow(4).getCell(2).value, ws.getRow(5).getCell(2).value].sort()).toEqual([members[0].name, members[1].name].sort());
    expect(ws.getRow(6).getCell(2).value).toBeNull();
  });

  it('reminders reach members with an account', async () => {
    const staff = await as('community');
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    await staff.request({ method: 'PUT', url: `/api/v1/member-service/targets/${t.codes.community}`, payload: { year, targetHours: 500 } });
    const res = (await staff.post('/api/v1/member-service/reminders', { communityCode: t.codes.community })).json();
    expect(res.reminded).toBe(1);
    const inbox = (await (await as('pm0')).get('/api/v1/inbox')).json();
    expect(JSON.stringify(inbox)).toContain('在职党员服务提醒');
  });
});

describe('who may', () => {
  it('residents and grid workers do not read progress or keep posts; the secretary reads her compound', async () => {
    const resident = await as('resident');
    expect((await resident.get(`/api/v1/member-service/progress?community=${t.codes.community}`)).statusCode).toBe(403);
    expect((await resident.post('/api/v1/member-service/posts', { communityCode: t.codes.community, name: 'x' })).statusCode).toBe(403);
    expect((await resident.post('/api/v1/member-service/reminders', { communityCode: t.codes.community })).statusCode).toBe(403);
    const grid = await as('grid');
    expect((await grid.get(`/api/v1/member-service/employer-list.xlsx?community=${t.codes.community}`)).statusCode).toBe(403);
    const secretary = await as('secretary');
    expect((await secretary.request({ method: 'PUT', url: `/api/v1/member-service/targets/${t.codes.community}`, payload: { year: 2026, targetHours: 1 } })).statusCode).toBe(403);
  });
});
