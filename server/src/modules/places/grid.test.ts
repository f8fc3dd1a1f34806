import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

describe('grids', () => {
  it('lists a community’s grids with buildings and workers; the demo city leaves no building out', async () => {
    const c = await t.signIn('community');
    const res = await c.get(`/api/v1/communities/${t.codes.community}/grids`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.grids.map((g: { code: string }) => g.code)).toEqual([t.codes.gridA, t.codes.gridB]);
    expect(body.grids[0].workers).toEqual([expect.objectContaining({ displayName: '网格员' })]);
    expect(body.grids[0].buildings[0]).toMatchObject({ code: t.codes.building, compoundName: '幸福新邻里小区' });
    expect(body.unassigned).toEqual([]);
    for (const g of body.grids) expect(g.code).toMatch(/^\d{15}$/);
  });

  it('a new building is listed as in no grid until it is assigned; assigning moves it out of its old grid', async () => {
    const c = await t.signIn('community');
    const b = (await c.post('/api/v1/places', { parentCode: t.codes.compound, name: '9号楼' })).json();
    let body = (await c.get(`/api/v1/communities/${t.codes.community}/grids`)).json();
    expect(body.unassigned.map((x: { code: string }) => x.code)).toEqual([b.code]);
    const grid = (await c.post('/api/v1/grids', { communityCode: t.codes.community, name: '第三网格' })).json();
    expect(grid.code).toBe(t.codes.community + '003');
    const set = await c.request({ method: 'PUT', url: `/api/v1/grids/${grid.code}/buildings`, payload: { buildingCodes: [b.code, t.codes.building] } });
    expect(set.statusCode).toBe(200);
    body = (await c.get(`/api/v1/communities/${t.codes.community}/grids`)).json();
    expect(body.unassigned).toEqual([]);
    const counts = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_buildings WHERE building_code = $1', [t.codes.building]);
    expect(counts[0].n).toBe(1);
    expect(body.grids.find((g: { code: string }) => g.code === t.codes.gridA).buildings.map((x: { code: string }) => x.code)).not.toContain(t.codes.building);
    // The grid worker of grid A no longer reaches 1号楼.
    const gw = await t.signIn('grid');
    expect((await gw.get(`/api/v1/places/${t.codes.building}`)).statusCode).toBe(403);
    // Give it back.
    await c.request({ method: 'PUT', url: `/api/v1/grids/${grid.code}/buildings`, payload: { buildingCodes: [b.code] } });
    const a = body.grids.find((g: { code: string }) => g.code === t.codes.gridA).buildings.map((x: { code: string }) => x.code);
    await c.request({ method: 'PUT', url: `/api/v1/grids/${t.codes.gridA}/buildings`, payload: { buildingCodes: [t.codes.building, ...a] } });
    expect((await gw.get(`/api/v1/places/${t.codes.building}`)).statusCode).toBe(200);
  });

  it('refuses buildings of another community, naming the item', async () => {
    const c = await t.signIn('community');
    const res = await c.request({ method: 'PUT', url: `/api/v1/grids/${t.codes.gridB}/buildings`, payload: { buildingCodes: ['140681001001001001'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('buildingCodes.0');
  });

  it('appointing a grid worker grants the grid; removing takes it away', async () => {
    const c = await t.signIn('community');
    const u = (await c.post('/api/v1/users', { username: 'gw.new', displayName: '新网格员', password: 'a-long-password' })).json();
    const res = await c.post(`/api/v1/grids/${t.codes.gridB}/workers`, { userId: u.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().workers.map((w: { displayName: string }) => w.displayName)).toContain('新网格员');
    const gw = await t.signIn('gw.new', 'a-long-password');
    const me = (await gw.get('/api/v1/me')).json();
    expect(me.grants).toEqual([expect.objectContaining({ role: 'grid_worker', scopeKind: 'grid', scopeCode: t.codes.gridB })]);
    expect((await c.del(`/api/v1/grids/${t.codes.gridB}/workers/${u.id}`)).statusCode).toBe(200);
    expect((await (await t.signIn('gw.new', 'a-long-password')).get('/api/v1/me')).json().grants).toEqual([]);
  });

  it('who may: grid workers read but do not manage; staff of another community neither', async () => {
    const gw = await t.signIn('grid');
    expect((await gw.get(`/api/v1/grids/${t.codes.gridA}`)).statusCode).toBe(200);
    expect((await gw.post('/api/v1/grids', { communityCode: t.codes.community, name: 'x' })).statusCode).toBe(403);
    const resident = await t.signIn('resident');
    expect((await resident.get(`/api/v1/communities/${t.codes.community}/grids`)).statusCode).toBe(403);
    const admin = await t.signIn('admin');
    const other = (await admin.post('/api/v1/users', { username: 'hr.staff', displayName: '怀仁社工', password: 'a-long-password' })).json();
    await admin.post(`/api/v1/users/${other.id}/grants`, { role: 'community_staff', scopeKind: 'place', scopeCode: '140681001001' });
    const hr = await t.signIn('hr.staff', 'a-long-password');
    expect((await hr.get(`/api/v1/communities/${t.codes.community}/grids`)).statusCode).toBe(403);
    expect((await hr.request({ method: 'PATCH', url: `/api/v1/grids/${t.codes.gridA}`, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await hr.get('/api/v1/communities/140681001001/grids')).statusCode).toBe(200);
  });
});
