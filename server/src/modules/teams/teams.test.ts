import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

async function residentIn(prefix: string, status?: string) {
  const [r] = await t.database.query<{ id: string; name: string }>(
    `SELECT id, name FROM residents WHERE household_code LIKE $1 || '%' ${status ? 'AND political_status = $2' : ''} ORDER BY household_code, id LIMIT 1`,
    status ? [prefix, status] : [prefix],
  );
  return r;
}

describe('tier teams', () => {
  it('bootstrap forms one team per compound, building and unit, named after the place; a second run forms none', async () => {
    const c = await t.signIn('community');
    const res = await c.post('/api/v1/teams/bootstrap', { placeCode: t.codes.community });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: { compound_team: 3, building_team: 12, unit_team: 24 }, existing: 0 });
    expect((await c.post('/api/v1/teams/bootstrap', { placeCode: t.codes.community })).json()).toEqual({ created: { compound_team: 0, building_team: 0, unit_team: 0 }, existing: 39 });
    const units = (await c.get(`/api/v1/teams?place=${t.codes.building}&kind=unit_team`)).json();
    expect(units.map((u: { name: string }) => u.name)).toEqual(['1号楼1单元自治组', '1号楼2单元自治组']);
    const compound = (await c.get(`/api/v1/teams?place=${t.codes.compound}&kind=compound_team`)).json();
    expect(compound[0].name).toBe('幸福新邻里小区共治团');
  });

  it('a tier team is one per place; its kind must fit the place', async () => {
    const c = await t.signIn('community');
    const dup = await c.post('/api/v1/teams', { kind: 'unit_team', placeCode: t.codes.unit });
    expect(dup.statusCode).toBe(409);
    const wrong = await c.post('/api/v1/teams', { kind: 'unit_team', placeCode: t.codes.building });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().fields[0].field).toBe('placeCode');
  });

  it('members come from residents of the community; a new leader replaces the old one', async () => {
    const c = await t.signIn('community');
    const [team] = (await c.get(`/api/v1/teams?place=${t.codes.unit}&kind=unit_team`)).json();
    const a = await residentIn(t.codes.unit);
    const b = await residentIn(t.codes.building + '02');
    let detail = (await c.post(`/api/v1/teams/${team.id}/members`, { residentId: a.id, role: 'leader' })).json();
    expect(detail.team.leaderName).toBe(a.name);
    detail = (await c.post(`/api/v1/teams/${team.id}/members`, { residentId: b.id, role: 'leader' })).json();
    expect(detail.team.leaderName).toBe(b.name);
    expect(detail.members.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      [b.name, 'leader'],
      [a.name, 'member'],
    ]);
    const outsider = await residentIn('140681');
    const res = await c.post(`/api/v1/teams/${team.id}/members`, { residentId: outsider.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('residentId');
    expect((await c.post(`/api/v1/teams/${team.id}/members`, {})).statusCode).toBe(400);
  });

  it('party members are marked as such; grid workers join 新社工 teams as users', async () => {
    const c = await t.signIn('community');
    const social = await c.post('/api/v1/teams', { kind: 'social_work', placeCode: t.codes.community });
    expect(social.statusCode).toBe(201);
    expect(social.json().name).toBe('马邑路中心社区新社工队');
    const member = await residentIn(t.codes.community, '中共党员');
    const gw = (await (await t.signIn('grid')).get('/api/v1/me')).json().user.id;
    await c.post(`/api/v1/teams/${social.json().id}/members`, { residentId: member.id });
    const detail = (await c.post(`/api/v1/teams/${social.json().id}/members`, { userId: gw, role: 'leader' })).json();
    expect(detail.members).toEqual([
      expect.objectContaining({ name: '网格员', role: 'leader', source: 'grid_worker' }),
      expect.objectContaining({ name: member.name, source: 'party_member' }),
    ]);
    const removed = (await c.del(`/api/v1/teams/${social.json().id}/members/u:${gw}`)).json();
    expect(removed.members).toHaveLength(1);
  });

  it('themed teams need a theme', async () => {
    const c = await t.signIn('secretary');
    const none = await c.post('/api/v1/teams', { kind: 'themed', placeCode: t.codes.compound });
    expect(none.json().fields[0].field).toBe('theme');
    const ok = await c.post('/api/v1/teams', { kind: 'themed', placeCode: t.codes.compound, theme: '环境整治联户' });
    expect(ok.json().name).toBe('幸福新邻里小区环境整治联户队');
  });
});

describe('who may', () => {
  it('unit heads staff their unit team but do not form teams; residents and property staff neither', async () => {
    const unit = await t.signIn('unit');
    const [team] = (await unit.get(`/api/v1/teams?place=${t.codes.unit}&kind=unit_team`)).json();
    const r = await residentIn(t.codes.unit + '0201');
    expect((await unit.post(`/api/v1/teams/${team.id}/members`, { residentId: r.id })).statusCode).toBe(200);
    expect((await unit.post('/api/v1/teams', { kind: 'themed', placeCode: t.codes.compound, theme: 'x' })).statusCode).toBe(403);
    const [buildingTeam] = (await (await t.signIn('community')).get(`/api/v1/teams?place=${t.codes.building}&kind=building_team`)).json();
    expect((await unit.post(`/api/v1/teams/${buildingTeam.id}/members`, { residentId: r.id })).statusCode).toBe(403);
    const resident = await t.signIn('resident');
    // She reads a team she is on, no other.
    await unit.post(`/api/v1/teams/${team.id}/members`, { residentId: (await resident.get('/api/v1/me')).json().user.residentId });
    expect((await resident.get(`/api/v1/teams/${team.id}`)).statusCode).toBe(200);
    expect((await resident.get(`/api/v1/teams/${buildingTeam.id}`)).statusCode).toBe(403);
    expect((await resident.post('/api/v1/teams/bootstrap', { placeCode: t.codes.unit })).statusCode).toBe(403);
    const property = await t.signIn('property');
    expect((await property.get(`/api/v1/teams/${team.id}`)).statusCode).toBe(200);
    expect((await property.post(`/api/v1/teams/${team.id}/members`, { residentId: r.id })).statusCode).toBe(403);
    const county = await t.signIn('county');
    expect((await county.get('/api/v1/teams?place=140681')).statusCode).toBe(403);
  });
});
