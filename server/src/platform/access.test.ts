import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/harness.js';
import { routeTable } from '../app.js';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

/** A concrete URL for a route pattern: params filled with well-formed values. */
function concrete(url: string) {
  return url
    .replace(':code', '140602001001')
    .replace(':grantId', '00000000-0000-4000-8000-000000000000')
    .replace(':userId', '00000000-0000-4000-8000-000000000002')
    .replace(':memberKey', 'r:00000000-0000-4000-8000-000000000003')
    .replace(':id', '00000000-0000-4000-8000-000000000001')
    .replace('*', 'x');
}

describe('every non-public route needs a session', () => {
  it('walks the route table: anonymous calls get 401 in the error shape', async () => {
    const table = routeTable(t.app);
    expect(table.length).toBeGreaterThan(10);
    const privateRoutes = table.filter((r) => !r.public && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(privateRoutes.length).toBeGreaterThanOrEqual(10);
    for (const r of privateRoutes) {
      const res = await t.anonymous.request({ method: r.method as 'GET', url: concrete(r.url), ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, status: 401 });
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('public routes are only health, readiness, metrics, docs, login, the public list, the signed device webhook, disclosures and notices (公示 take anonymous feedback), and the web app', async () => {
    const table = routeTable(t.app);
    const pub = table.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
    const allowed = new RegExp(
      '^(GET|HEAD|POST) /api/(health|ready|docs.*|v1/auth/login|v1/public/.*|v1/property/webhook/:serial' +
        // 居务公开 open to all is read by anyone; the service hides what is for the community's residents.
        '|v1/disclosures|v1/disclosures/:id|v1/disclosure-attachments/:id' +
        // 公示: read, answered (named or anonymous, rate limited) and the outcome looked up by receipt code.
        '|v1/notices|v1/notices/:id|v1/notices/:id/feedback|v1/notice-receipts/:code)$',
    );
    const publicApi = pub.filter((r) => r.split(' ')[1].startsWith('/api/'));
    for (const route of publicApi) expect(route).toMatch(allowed);
    // Writes open to anonymous callers are exactly these two.
    expect(publicApi.filter((r) => r.startsWith('POST ')).sort()).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/notices/:id/feedback', 'POST /api/v1/property/webhook/:serial'].sort());
  });
});

describe('at or under my node', () => {
  async function residentOf(household: string) {
    const [r] = await t.database.query<{ id: string }>('SELECT id FROM residents WHERE household_code = $1 ORDER BY id LIMIT 1', [household]);
    return r.id;
  }
  async function aHouseholdOfGrid(grid: string) {
    const [r] = await t.database.query<{ code: string }>(
      "SELECT p.code FROM places p JOIN grid_buildings gb ON p.code LIKE gb.building_code || '%' WHERE gb.grid_code = $1 AND p.level = 'household' ORDER BY p.code LIMIT 1",
      [grid],
    );
    return r.code;
  }

  it('a grid worker of grid A reads a resident of grid A, and gets 403 on a resident of grid B', async () => {
    const gw = await t.signIn('grid');
    const inA = await residentOf(await aHouseholdOfGrid(t.codes.gridA));
    const inB = await residentOf(await aHouseholdOfGrid(t.codes.gridB));
    expect((await gw.get(`/api/v1/residents/${inA}`)).statusCode).toBe(200);
    const denied = await gw.get(`/api/v1/residents/${inB}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    // And the other way round.
    const gw2 = await t.signIn('grid2');
    expect((await gw2.get(`/api/v1/residents/${inB}`)).statusCode).toBe(200);
    expect((await gw2.get(`/api/v1/residents/${inA}`)).statusCode).toBe(403);
  });

  it('a resident sees her own household and nothing beside it', async () => {
    const r = await t.signIn('resident');
    const mine = await r.get('/api/v1/me/household');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().code).toBe(t.codes.household);
    const neighbour = t.codes.unit + '0102';
    expect((await r.get(`/api/v1/households/${neighbour}`)).statusCode).toBe(403);
    expect((await r.get(`/api/v1/places/${t.codes.unit}`)).statusCode).toBe(403);
    expect((await r.get(`/api/v1/residents/${await residentOf(neighbour)}`)).statusCode).toBe(403);
    const roots = (await r.get('/api/v1/places')).json();
    expect(roots.map((p: { code: string }) => p.code)).toEqual([t.codes.household]);
  });

  it('the city admin reaches every county; a county reaches only its own', async () => {
    const admin = await t.signIn('admin');
    expect((await admin.get('/api/v1/places/140681')).statusCode).toBe(200);
    const county = await t.signIn('county');
    expect((await county.get('/api/v1/places/140602')).statusCode).toBe(200);
    expect((await county.get('/api/v1/places/140681')).statusCode).toBe(403);
    expect((await county.get('/api/v1/places/1406')).statusCode).toBe(403);
  });

  it('a unit head reaches her unit only, a building head her building', async () => {
    const unit = await t.signIn('unit');
    expect((await unit.get(`/api/v1/households/${t.codes.unit}0201`)).statusCode).toBe(200);
    expect((await unit.get(`/api/v1/households/${t.codes.building}020101`)).statusCode).toBe(403);
    const building = await t.signIn('building');
    expect((await building.get(`/api/v1/households/${t.codes.building}020101`)).statusCode).toBe(200);
  });

  it('property staff browse their compound but may not read residents', async () => {
    const p = await t.signIn('property');
    expect((await p.get(`/api/v1/places/${t.codes.compound}`)).statusCode).toBe(200);
    expect((await p.get(`/api/v1/households/${t.codes.household}`)).statusCode).toBe(403);
  });
});
