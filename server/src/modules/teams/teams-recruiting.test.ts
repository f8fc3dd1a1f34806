/** Volunteer teams' roles and open recruiting: apply from the phone, the leader or staff decide, the applicant is told. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { createUserWithGrants } from '../identity/identity.service.js';
import { DEMO_PASSWORD } from '../../seed/demo-city.js';

let t: TestContext;
let resident: Client;
let leader: Client;
const teamId: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  resident = await t.signIn('resident');
  leader = await t.signIn('unit');
  const list = await t.database.query<{ id: string; theme: string | null; kind: string }>(`SELECT id, theme, kind FROM teams`);
  for (const r of list) teamId[r.theme ?? r.kind] = r.id;
});
afterAll(() => t?.close());

const put = (c: Client, url: string, body: unknown) => c.request({ method: 'PUT', url, payload: body as object });
const apply = (c: Client, team: string, key?: string, message?: string) =>
  c.request({ method: 'POST', url: `/api/v1/teams/${team}/applications`, payload: message ? { message } : {}, headers: key ? { 'idempotency-key': key } : {} });
const inbox = async (c: Client) => (await c.get('/api/v1/inbox')).json().items as Array<{ kind: string; title: string; body: string }>;

/** A second resident account in the demo compound (not yet on any team). */
async function neighbour(username: string, skip = 0): Promise<Client> {
  const [r] = await t.database.query<{ id: string; name: string; household_code: string }>(
    `SELECT id, name, household_code FROM residents r WHERE household_code LIKE $1 || '%' AND birth_date < '2004-01-01'
       AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM team_applications a WHERE a.resident_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM users u WHERE u.resident_id = r.id) ORDER BY household_code DESC, id OFFSET $2 LIMIT 1`,
    [t.codes.compound, skip],
  );
  await createUserWithGrants(t.database.db, { username, displayName: r.name, password: DEMO_PASSWORD, residentId: r.id, grants: [{ role: 'resident', scopeCode: r.household_code }] });
  return t.signIn(username);
}

describe('the demo teams', () => {
  it('the 新社工 team and the four themed teams, with leaders, deputies and members; three recruit', async () => {
    const c = await t.signIn('community');
    const list = (await c.get(`/api/v1/teams?place=${t.codes.community}`)).json() as Array<{ kind: string; theme: string | null; leaderName: string | null; recruiting: boolean; memberCount: number }>;
    expect(list.filter((x) => x.kind === 'themed').map((x) => x.theme).sort()).toEqual(['安全隐患联排', '文明小区联建', '环境整治联户', '矛盾纠纷联调'].sort());
    expect(list.filter((x) => x.recruiting).map((x) => x.theme).sort()).toEqual(['安全隐患联排', '文明小区联建', '环境整治联户'].sort());
    expect(list.filter((x) => x.kind !== 'unit_team' && x.kind !== 'building_team' && x.kind !== 'compound_team').every((x) => x.leaderName && x.memberCount >= 3)).toBe(true);
    const detail = (await c.get(`/api/v1/teams/${teamId['环境整治联户']}`)).json();
    expect(detail.members.map((m: { role: string }) => m.role).slice(0, 3)).toEqual(['leader', 'deputy', 'member']);
    expect(detail.team).toMatchObject({ leaderName: '单元中心户', recruiting: true, pendingApplications: 1 });
  });
});

describe('recruiting', () => {
  it('a resident sees the recruiting teams where she lives, not the others, and none of her own yet', async () => {
    const mine = (await resident.get('/api/v1/teams/mine')).json();
    expect(mine.open.map((x: { theme: string }) => x.theme).sort()).toEqual(['安全隐患联排', '文明小区联建', '环境整治联户'].sort());
    expect(mine.mine).toEqual([]);
    expect(mine.applications).toEqual([]);
  });

  it('retries with one Idempotency-Key give one application; a second application is refused, also without a key and concurrently', async () => {
    const team = teamId['环境整治联户'];
    const answers = await Promise.all([1, 2, 3, 4].map(() => apply(resident, team, 'apply-env-1', '周六有空')));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers[0].json()).toMatchObject({ status: 'pending', message: '周六有空', teamName: '幸福新邻里小区环境整治联户队' });
    const again = await apply(resident, team, 'apply-env-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().fields[0]).toEqual({ field: 'teamId', message: 'applied already' });
    // Concurrent first applications (different keys, none) to another team: exactly one is taken.
    const other = teamId['文明小区联建'];
    const race = await Promise.all([apply(resident, other), apply(resident, other, 'k-a'), apply(resident, other, 'k-b'), apply(resident, other)]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const [{ n }] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM team_applications WHERE resident_id = (SELECT resident_id FROM users WHERE username = 'resident')`);
    expect(n).toBe(2);
    // The leader hears of it.
    expect((await inbox(leader)).some((m) => m.kind === 'team.application' && m.title.includes('环境整治联户'))).toBe(true);
  });

  it('the leader rejects only with a reason, approves once; she becomes a 队员 and is told', async () => {
    const pending = (await leader.get('/api/v1/team-applications')).json() as Array<{ id: string; name: string; teamName: string; householdName: string }>;
    const mine = (await resident.get('/api/v1/teams/mine')).json().applications.find((a: { teamId: string }) => a.teamId === teamId['环境整治联户']);
    const app = pending.find((a) => a.id === mine.id)!;
    expect(app.householdName).toMatch(/号楼.*单元.*室/);
    expect(pending.every((a) => a.teamName === '幸福新邻里小区环境整治联户队')).toBe(true);
    const bare = await leader.post(`/api/v1/team-applications/${app.id}/decision`, { approve: false });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().fields[0].field).toBe('reason');
    const ok = await leader.post(`/api/v1/team-applications/${app.id}/decision`, { approve: true });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decidedByName: '单元中心户' });
    const twice = await leader.post(`/api/v1/team-applications/${app.id}/decision`, { approve: false, reason: 'x' });
    expect(twice.statusCode).toBe(409);
    const after = (await resident.get('/api/v1/teams/mine')).json();
    expect(after.mine).toEqual([expect.objectContaining({ theme: '环境整治联户', myRole: 'member' })]);
    expect(after.open.map((x: { theme: string }) => x.theme)).not.toContain('环境整治联户');
    expect((await resident.get(`/api/v1/teams/${teamId['环境整治联户']}`)).statusCode).toBe(200);
    expect((await inbox(resident)).find((m) => m.kind === 'team.application.approved')?.title).toBe('入队申请已通过：幸福新邻里小区环境整治联户队');
    expect((await apply(resident, teamId['环境整治联户'])).json().fields[0].message).toBe('member already');
  });

  it('staff in scope reject with a reason; she is told why, and may apply again later', async () => {
    const staff = await t.signIn('community');
    const [app] = (await staff.get(`/api/v1/teams/${teamId['文明小区联建']}/applications?status=pending`)).json();
    const no = await staff.post(`/api/v1/team-applications/${app.id}/decision`, { approve: false, reason: '本月名额已满，下月再来' });
    expect(no.json()).toMatchObject({ status: 'rejected', reason: '本月名额已满，下月再来' });
    expect((await inbox(resident)).find((m) => m.kind === 'team.application.rejected')?.body).toBe('原因：本月名额已满，下月再来');
    const again = await apply(resident, teamId['文明小区联建']);
    expect(again.statusCode).toBe(201);
    const withdrawn = await resident.post(`/api/v1/team-applications/${again.json().id}/withdraw`);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await resident.post(`/api/v1/team-applications/${again.json().id}/withdraw`)).statusCode).toBe(409);
  });

  it('a team that does not recruit, or serves elsewhere, takes no application; staff accounts do not apply', async () => {
    expect((await apply(resident, teamId['矛盾纠纷联调'])).statusCode).toBe(409);
    const c = await t.signIn('community');
    const elsewhere = (await c.post('/api/v1/teams', { kind: 'themed', placeCode: t.codes.community.slice(0, 12) + '002', theme: '环境整治联户' })).json();
    await put(c, `/api/v1/teams/${elsewhere.id}/recruiting`, { open: true });
    expect((await apply(resident, elsewhere.id)).statusCode).toBe(403);
    expect((await apply(c, teamId['环境整治联户'])).statusCode).toBe(403);
    // Closing recruiting takes the team off residents' lists.
    await put(leader, `/api/v1/teams/${teamId['环境整治联户']}/recruiting`, { open: false });
    const n = await neighbour('neighbour1');
    expect((await n.get('/api/v1/teams/mine')).json().open.map((x: { theme: string }) => x.theme)).not.toContain('环境整治联户');
    expect((await apply(n, teamId['环境整治联户'])).statusCode).toBe(409);
    const reopened = await put(leader, `/api/v1/teams/${teamId['环境整治联户']}/recruiting`, { open: true, note: '再招 2 人' });
    expect(reopened.json()).toMatchObject({ recruiting: true, recruitNote: '再招 2 人' });
  });
});

describe('who may', () => {
  it('create teams: branch secretaries and community staff in scope; not heads, grid workers, property staff or residents', async () => {
    const body = { kind: 'themed', placeCode: t.codes.compound, theme: '安全隐患联排', name: '测试队' };
    for (const u of ['secretary', 'community', 'township']) expect((await (await t.signIn(u)).post('/api/v1/teams', body)).statusCode, u).toBe(201);
    for (const u of ['unit', 'building', 'grid', 'property', 'resident', 'supervisor']) expect((await (await t.signIn(u)).post('/api/v1/teams', body)).statusCode, u).toBe(403);
  });

  it('decide applications: the leader and staff in scope; not deputies, members, other teams\' leaders or residents', async () => {
    const team = teamId['安全隐患联排'];
    const n = await neighbour('neighbour2', 1);
    const app = (await apply(n, team, undefined, '我会修电')).json();
    const decide = (c: Client) => c.post(`/api/v1/team-applications/${app.id}/decision`, { approve: false, reason: '测试' });
    // The resident is a 队员 of 环境整治联户; make her its 副队长: she still decides nothing.
    const me = (await resident.get('/api/v1/me')).json().user;
    const key = `r:${me.residentId}`;
    expect((await put(leader, `/api/v1/teams/${teamId['环境整治联户']}/members/${key}/role`, { role: 'deputy' })).statusCode).toBe(200);
    expect((await decide(resident)).statusCode).toBe(403);
    expect((await decide(leader)).statusCode).toBe(403); // 单元中心户 leads another team
    expect((await decide(await t.signIn('grid'))).statusCode).toBe(403); // leads the 新社工队, not this one
    expect((await decide(await t.signIn('property'))).statusCode).toBe(403);
    expect((await decide(n)).statusCode).toBe(403);
    expect((await n.get(`/api/v1/teams/${team}/applications`)).statusCode).toBe(403);
    expect((await (await t.signIn('unit')).get('/api/v1/team-applications')).json().map((a: { teamId: string }) => a.teamId)).not.toContain(team);
    const building = await t.signIn('building');
    expect((await building.get('/api/v1/team-applications')).json().map((a: { id: string }) => a.id)).toContain(app.id);
    expect((await decide(building)).statusCode).toBe(200);
  });

  it('change roles: the leader names deputies but appoints no leader; staff appoint leaders; deputies and residents neither', async () => {
    const team = teamId['环境整治联户'];
    const detail = (await leader.get(`/api/v1/teams/${team}`)).json();
    const member = detail.members.find((m: { role: string }) => m.role === 'member');
    const leaderKey = detail.members.find((m: { role: string }) => m.role === 'leader').memberKey;
    const role = (c: Client, key: string, r: string) => put(c, `/api/v1/teams/${team}/members/${key}/role`, { role: r });
    expect((await role(leader, member.memberKey, 'deputy')).statusCode).toBe(200);
    expect((await role(leader, member.memberKey, 'leader')).statusCode).toBe(403);
    expect((await leader.request({ method: 'DELETE', url: `/api/v1/teams/${team}/members/${leaderKey}` })).statusCode).toBe(403);
    expect((await role(resident, member.memberKey, 'member')).statusCode).toBe(403); // she is a deputy
    expect((await role(await t.signIn('property'), member.memberKey, 'member')).statusCode).toBe(403);
    const staff = await t.signIn('secretary');
    const appointed = (await role(staff, member.memberKey, 'leader')).json();
    expect(appointed.team.leaderName).toBe(member.name);
    expect(appointed.members.filter((m: { role: string }) => m.role === 'leader')).toHaveLength(1);
    expect(appointed.members.find((m: { memberKey: string }) => m.memberKey === leaderKey).role).toBe('member');
    // The former leader is a member now: she staffs nothing.
    expect((await put(leader, `/api/v1/teams/${team}/recruiting`, { open: false })).statusCode).toBe(403);
    expect((await role(staff, 'r:00000000-0000-4000-8000-000000000000', 'deputy')).statusCode).toBe(404);
  });
});
