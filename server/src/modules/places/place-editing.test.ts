import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { PLACE_CODE_COLUMNS } from './place-editing.repository.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

describe('creating places', () => {
  it('community staff add a compound, a building, a unit and a household with allocated codes', async () => {
    const c = await t.signIn('community');
    const compound = await c.post('/api/v1/places', { parentCode: t.codes.community, name: '新建小区', lat: 39.33, lng: 112.43 });
    expect(compound.statusCode).toBe(201);
    expect(compound.json()).toMatchObject({ level: 'compound', code: t.codes.community + '004', name: '新建小区', countyCode: '140602' });
    const building = (await c.post('/api/v1/places', { parentCode: compound.json().code, name: '1号楼' })).json();
    expect(building.code).toBe(compound.json().code + '001');
    const unit = (await c.post('/api/v1/places', { parentCode: building.code, name: '1单元' })).json();
    expect(unit.code).toHaveLength(20);
    const household = (await c.post('/api/v1/places', { parentCode: unit.code, name: '101室' })).json();
    expect(household).toMatchObject({ level: 'household', code: unit.code + '0001' });
    expect((await c.post('/api/v1/places', { parentCode: household.code, name: 'x' })).statusCode).toBe(400);
    const history = (await c.get(`/api/v1/places/${compound.json().code}/history`)).json();
    expect(history[0]).toMatchObject({ action: 'create', newName: '新建小区', actorName: '马邑路中心社区工作者' });
  });

  it('townships and communities need their statistical code, from county or city staff only', async () => {
    const community = await t.signIn('community');
    const township = await t.signIn('township');
    expect((await township.post('/api/v1/places', { parentCode: t.codes.township, name: '新社区', code: '140602001099' })).statusCode).toBe(403);
    expect((await community.post('/api/v1/places', { parentCode: t.codes.township, name: '新社区', code: '140602001099' })).statusCode).toBe(403);
    const county = await t.signIn('county');
    const noCode = await county.post('/api/v1/places', { parentCode: t.codes.township, name: '新社区' });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().fields[0].field).toBe('code');
    const wrongPrefix = await county.post('/api/v1/places', { parentCode: t.codes.township, name: '新社区', code: '140602002099' });
    expect(wrongPrefix.json().fields[0].field).toBe('code');
    const ok = await county.post('/api/v1/places', { parentCode: t.codes.township, name: '新社区', code: '140602001099', kind: '社区' });
    expect(ok.statusCode).toBe(201);
    expect((await county.post('/api/v1/places', { parentCode: t.codes.township, name: '又一个', code: '140602001099' })).statusCode).toBe(409);
  });

  it('staff may not create outside their scope; residents and grid workers may not create at all', async () => {
    const c = await t.signIn('community');
    expect((await c.post('/api/v1/places', { parentCode: '140681001001', name: '外区小区' })).statusCode).toBe(403);
    expect((await (await t.signIn('grid')).post('/api/v1/places', { parentCode: t.codes.compound, name: '9号楼' })).statusCode).toBe(403);
    expect((await (await t.signIn('resident')).post('/api/v1/places', { parentCode: t.codes.unit, name: '999室' })).statusCode).toBe(403);
  });

  it('validates coordinates and outlines', async () => {
    const c = await t.signIn('community');
    const half = await c.post('/api/v1/places', { parentCode: t.codes.community, name: 'x', lat: 39 });
    expect(half.json().fields[0].field).toBe('lng');
    const bad = await c.post('/api/v1/places', { parentCode: t.codes.community, name: 'x', lat: 100, lng: 112 });
    expect(bad.json().fields[0].field).toBe('lat');
    const outline = await c.post('/api/v1/places', { parentCode: t.codes.community, name: 'x', outline: { type: 'Polygon', coordinates: [[[1, 2]]] } });
    expect(outline.statusCode).toBe(400);
  });
});

describe('renaming and moving', () => {
  it('a rename is kept in the history', async () => {
    const c = await t.signIn('community');
    const res = await c.request({ method: 'PATCH', url: `/api/v1/places/${t.codes.compound}002`, payload: { name: '金泰苑（改）' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('金泰苑（改）');
    const history = (await c.get(`/api/v1/places/${t.codes.compound}002/history`)).json();
    expect(history[0]).toMatchObject({ action: 'rename', oldName: expect.any(String), newName: '金泰苑（改）' });
  });

  it('moving a building re-codes its units, households, residents and grants; the grid stays within the community', async () => {
    const c = await t.signIn('community');
    const building = t.codes.building; // 1号楼 of compound 001, in grid A, where the `building` demo account is head
    const target = t.codes.community + '003';
    const [before] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM residents WHERE household_code LIKE $1 || '%'", [building]);
    const res = await c.post(`/api/v1/places/${building}/move`, { newParentCode: target, note: '楼栋划转' });
    expect(res.statusCode).toBe(200);
    const { newCode, movedRows } = res.json();
    expect(newCode).toBe(target + '005');
    expect(movedRows).toBe(1 + 2 + 12);
    const [after] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM residents WHERE household_code LIKE $1 || '%'", [newCode]);
    expect(after.n).toBe(before.n);
    expect((await t.database.query("SELECT 1 FROM places WHERE code LIKE $1 || '%'", [building])).length).toBe(0);
    const [unit] = await t.database.query<{ parent_code: string }>('SELECT parent_code FROM places WHERE code = $1', [newCode + '01']);
    expect(unit.parent_code).toBe(newCode);
    // The building head's grant followed the building.
    const head = await t.signIn('building');
    expect((await head.get('/api/v1/me')).json().grants[0].scopeCode).toBe(newCode);
    expect((await head.get(`/api/v1/places/${newCode}`)).statusCode).toBe(200);
    // Same community: still in its grid.
    const grid = await t.database.query('SELECT grid_code FROM grid_buildings WHERE building_code = $1', [newCode]);
    expect(grid).toEqual([{ grid_code: t.codes.gridA }]);
    const history = (await c.get(`/api/v1/places/${newCode}/history`)).json();
    expect(history[0]).toMatchObject({ action: 'move', oldCode: building, newCode, note: '楼栋划转' });
  });

  it('moving a compound to a community of another county leaves its grid and changes its county code', async () => {
    const admin = await t.signIn('admin');
    const compound = t.codes.compound + '';
    const other = '140681001001';
    const res = await admin.post(`/api/v1/places/${t.codes.community}002/move`, { newParentCode: other });
    expect(res.statusCode).toBe(200);
    const newCode = res.json().newCode as string;
    expect(newCode.startsWith(other)).toBe(true);
    const rows = await t.database.query<{ county_code: string }>("SELECT DISTINCT county_code FROM residents WHERE household_code LIKE $1 || '%'", [newCode]);
    expect(rows).toEqual([{ county_code: '140681' }]);
    expect((await t.database.query("SELECT 1 FROM grid_buildings WHERE building_code LIKE $1 || '%'", [newCode])).length).toBe(0);
    expect(compound).toBe(t.codes.compound);
  });

  it('refuses moves to the wrong level, of divisions, outside scope, and where it already is', async () => {
    const c = await t.signIn('community');
    // (1号楼 moved above; 2号楼 is still in the first compound.)
    expect((await c.post(`/api/v1/places/${t.codes.compound}00201/move`, { newParentCode: t.codes.community })).json().fields[0].field).toBe('newParentCode');
    expect((await c.post(`/api/v1/places/${t.codes.community}/move`, { newParentCode: t.codes.township })).statusCode).toBe(400);
    expect((await c.post(`/api/v1/places/${t.codes.compound}/move`, { newParentCode: '140681001001' })).statusCode).toBe(403);
    expect((await c.post(`/api/v1/places/${t.codes.compound}/move`, { newParentCode: t.codes.community })).statusCode).toBe(400);
    expect((await (await t.signIn('grid')).post(`/api/v1/places/${t.codes.compound}002/move`, { newParentCode: t.codes.compound })).statusCode).toBe(403);
  });
});

describe('the list of stored place codes', () => {
  it('covers every column that holds a place code', async () => {
    const cols = await t.database.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND (column_name LIKE '%place_code' OR column_name LIKE '%household_code' OR column_name LIKE '%building_code' OR column_name LIKE '%unit_code' OR column_name IN ('code', 'parent_code', 'scope_code'))",
    );
    // Codes that are not place codes (grids have their own), or community codes that moves never change.
    const notPlaceCodes = new Set(['grids.code', 'place_history.code', 'ticket_categories.code']);
    const listed = new Set(PLACE_CODE_COLUMNS.map((c) => `${c.table}.${c.column}`));
    for (const c of cols) {
      const name = `${c.table_name}.${c.column_name}`;
      if (!notPlaceCodes.has(name)) expect(listed, name).toContain(name);
    }
  });
});

describe('tickets follow a moved place', () => {
  it('re-codes a ticket with its compound, and its community with it', async () => {
    const admin = await t.signIn('admin');
    const compound = t.codes.community + '003';
    const [{ id }] = await t.database.query<{ id: string }>(
      `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, compound_code, community_code, township_code, county_code, tier)
       VALUES ('MOVE1', 't', 't', 'clutter', 'general', 'resident', 'dispatched', $1, $2, $3, $4, '140602', 'unit_team') RETURNING id`,
      [compound + '001010101', compound, t.codes.community, t.codes.township],
    );
    const res = await admin.post(`/api/v1/places/${compound}/move`, { newParentCode: '140602002014' });
    expect(res.statusCode, res.body).toBe(200);
    const moved = res.json();
    const [row] = await t.database.query<Record<string, string>>('SELECT place_code, compound_code, community_code, township_code FROM tickets WHERE id = $1', [id]);
    expect(row).toEqual({ place_code: moved.newCode + '001010101', compound_code: moved.newCode, community_code: '140602002014', township_code: '140602002' });
  });
});
