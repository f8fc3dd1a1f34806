import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { DERIVED_PLACE_CODE_COLUMNS, DIVISION_CODE_COLUMNS, PLACE_CODE_COLUMNS } from './place-editing.repository.js';

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

  it('a vote, its community and the owners’ roll follow a building moved to another compound of another community', async () => {
    const admin = await t.signIn('admin');
    const [target] = await t.database.query<{ code: string }>(`SELECT code FROM places WHERE level = 'compound' AND code NOT LIKE $1 || '%' ORDER BY code LIMIT 1`, [t.codes.community]);
    const [b] = await t.database.query<{ code: string }>(`SELECT b.code FROM places b WHERE b.level = 'building' AND b.code LIKE $1 || '%' AND EXISTS (SELECT 1 FROM places h WHERE h.level = 'household' AND h.code LIKE b.code || '%') ORDER BY b.code LIMIT 1`,
      [t.codes.community],
    );
    const [{ id }] = await t.database.query<{ id: string }>(
      `INSERT INTO votes (kind, method, title, place_code, community_code, county_code, options) VALUES ('matter', 'household', '楼栋表决', $1, $2, '140602', '[]') RETURNING id`,
      [b.code, t.codes.community],
    );
    const [h] = await t.database.query<{ code: string }>(`SELECT code FROM places WHERE level = 'household' AND code LIKE $1 || '%' ORDER BY code LIMIT 1`, [b.code]);
    await t.database.query(`INSERT INTO owner_roll (household_code, compound_code, county_code, owner_name, area_centi) VALUES ($1, $2, '140602', '业主', 9000)
       ON CONFLICT (household_code) DO UPDATE SET compound_code = EXCLUDED.compound_code`, [h.code, b.code.slice(0, 15)]);
    const res = await admin.post(`/api/v1/places/${b.code}/move`, { newParentCode: target.code });
    expect(res.statusCode, res.body).toBe(200);
    const newCode = res.json().newCode as string;
    expect(newCode.startsWith(target.code)).toBe(true);
    const [vote] = await t.database.query<Record<string, string>>('SELECT place_code, community_code FROM votes WHERE id = $1', [id]);
    expect(vote).toEqual({ place_code: newCode, community_code: target.code.slice(0, 12) });
    const movedHousehold = newCode + h.code.slice(b.code.length);
    const owners = await t.database.query<Record<string, string>>('SELECT household_code, compound_code FROM owner_roll WHERE household_code = $1 OR household_code = $2', [movedHousehold, h.code]);
    expect(owners).toEqual([{ household_code: movedHousehold, compound_code: target.code }]);
  });
});

describe('the list of stored place codes', () => {
  /** Columns whose name says "code" but that hold no place's code. */
  const NOT_PLACE_CODES = new Set([
    'grids.code', // grids have codes of their own
    'grid_buildings.grid_code',
    'grid_workers.grid_code',
    'tickets.grid_code',
    'ticket_categories.code',
    'tickets.category_code',
    'device_rules.category_code',
    'notice_feedback.receipt_code',
    'place_history.old_code', // history: the codes a place had then
    'place_history.new_code',
    'audit_log.target_id', // history: what a past action was about
    'ticket_rollup_deltas.category_code',
    'ticket_rollups.category_code',
    // The dashboard rollups are a signed ledger: a move appends −1 under the old code and +1 under the
    // new one through the tickets trigger (supervision.schema.ts), so old rows keep the old code.
    'ticket_rollup_deltas.place',
    'ticket_rollups.dim',
  ]);
  const prefixed = new Set(PLACE_CODE_COLUMNS.map((c) => `${c.table}.${c.column}`));
  const derived = new Set(DERIVED_PLACE_CODE_COLUMNS.map((c) => `${c.table}.${c.column}`));
  const divisions = new Set(DIVISION_CODE_COLUMNS);

  it('classifies every code column of the database catalogue', async () => {
    const cols = await t.database.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND (column_name = 'code' OR column_name LIKE '%\\_code') AND column_name <> 'county_code'",
    );
    expect(cols.length).toBeGreaterThan(50);
    const unclassified = cols.map((c) => `${c.table_name}.${c.column_name}`).filter((n) => !prefixed.has(n) && !derived.has(n) && !divisions.has(n) && !NOT_PLACE_CODES.has(n));
    expect(unclassified, 'add each to PLACE_CODE_COLUMNS, DERIVED_PLACE_CODE_COLUMNS or DIVISION_CODE_COLUMNS').toEqual([]);
    // Every listed column exists, and a table with a re-coded column and a county_code has it kept in step.
    const names = new Set(cols.map((c) => `${c.table_name}.${c.column_name}`));
    for (const n of [...prefixed, ...derived, ...divisions]) expect(names, n).toContain(n);
    for (const d of DERIVED_PLACE_CODE_COLUMNS) expect(prefixed, `${d.table}.${d.from}`).toContain(`${d.table}.${d.from}`);
    const counties = new Set((await t.database.query<{ table_name: string }>("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'county_code'")).map((r) => r.table_name));
    for (const table of new Set(PLACE_CODE_COLUMNS.map((c) => c.table))) {
      if (counties.has(table)) expect(PLACE_CODE_COLUMNS.some((c) => c.table === table && c.county), `${table}.county_code`).toBe(true);
    }
  });

  it('finds no other column holding the code of a place that can move, whatever its name', async () => {
    // The stored data of this test file (the demo city and the moves above; this block runs last): any text column with a
    // value equal to a compound's, building's, unit's or household's code must be re-coded by a move.
    const cols = await t.database.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying') ORDER BY 1, 2`,
    );
    const holds = async (table: string, column: string) =>
      (
        await t.database.query<{ yes: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM "${table}" x WHERE x."${column}" IN (SELECT code FROM places WHERE level IN ('compound', 'building', 'unit', 'household'))) AS yes`,
        )
      )[0].yes;
    // The probe finds what it looks for: listed columns that do hold such codes.
    expect(await holds('residents', 'household_code')).toBe(true);
    expect(await holds('places', 'parent_code')).toBe(true);
    expect(await holds('role_grants', 'scope_code')).toBe(true);
    const holding: string[] = [];
    for (const c of cols) {
      const name = `${c.table_name}.${c.column_name}`;
      if (prefixed.has(name) || derived.has(name) || NOT_PLACE_CODES.has(name)) continue;
      if (await holds(c.table_name, c.column_name)) holding.push(name);
    }
    expect(holding).toEqual([]);
    // Division columns hold divisions only.
    for (const n of divisions) {
      const [table, column] = n.split('.');
      const [r] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE length("${column}") > 12`);
      expect(r.n, n).toBe(0);
    }
  });
});
