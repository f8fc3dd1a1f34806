import ExcelJS from 'exceljs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { hullOf } from './supervision.map.js';

let t: TestContext;
let A: string;
let B: string;
/** 北关路中心社区, beside the demo's 马邑路中心社区 in 北城街道; 西关街中心社区 of 南城街道. */
const NEIGHBOUR = '140602001002';
const OTHER_TOWNSHIP = '140602002014';

/** A projection row as the ticket loop leaves it; times are Shanghai wall-clock. */
async function ticket(n: number, f: { place: string; cat?: string; created: string; deadline: string; status: string; closed?: string; onTime?: boolean; rating?: string; reworks?: number; extensions?: number; accepted?: boolean; reported?: boolean }) {
  const sh = (d: string) => `${d}+08:00`;
  await t.database.query(
    `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, compound_code, community_code, township_code, county_code, tier, created_at, deadline_at, closed_at, closed_on_time, rating, reworks, extensions, accepted_at, reported_at)
     VALUES ($1, $13, '测试', $2, 'general', 'resident', $3, $4, CASE WHEN length($4) >= 15 THEN substr($4, 1, 15) END, CASE WHEN length($4) >= 12 THEN substr($4, 1, 12) END, substr($4, 1, 9), substr($4, 1, 6), 'community', $5, $6, $7, $8, $9, $10, $11, $12, $14)`,
    [
      `S${n}`,
      f.cat ?? 'clutter',
      f.status,
      f.place,
      sh(f.created),
      sh(f.deadline),
      f.closed ? sh(f.closed) : null,
      f.onTime ?? null,
      f.rating ?? null,
      f.reworks ?? 0,
      f.extensions ?? 0,
      f.accepted ? sh(f.created) : null,
      `测试工单${n}`,
      f.reported ? sh(f.closed ?? f.created) : null,
    ],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  A = t.codes.compound;
  B = t.codes.community + '002';
  const a = A + '001010101';
  const b = B + '001010101';
  await ticket(1, { place: a, created: '2026-11-02T09:00:00', deadline: '2026-11-09T09:00:00', status: 'closed', closed: '2026-11-05T09:00:00', onTime: true, rating: 'satisfied', accepted: true, reported: true });
  // Closed late.
  await ticket(2, { place: a, created: '2026-11-03T09:00:00', deadline: '2026-11-06T09:00:00', status: 'closed', closed: '2026-11-08T10:00:00', onTime: false, rating: 'dissatisfied', accepted: true, reported: true });
  // Reworked once, then closed on time.
  await ticket(3, { place: a, cat: 'noise', created: '2026-11-03T10:00:00', deadline: '2026-11-10T09:00:00', status: 'closed', closed: '2026-11-09T09:00:00', onTime: true, rating: 'basically_satisfied', reworks: 1, accepted: true, reported: true });
  // Extended to the 12th, still being handled: overdue now.
  await ticket(4, { place: b, cat: 'noise', created: '2026-11-04T09:00:00', deadline: '2026-11-12T09:00:00', status: 'in_progress', extensions: 1, accepted: true });
  // Shelved: never due, never overdue.
  await ticket(5, { place: b, created: '2026-11-05T09:00:00', deadline: '2026-11-12T09:00:00', status: 'shelved' });
  await ticket(6, { place: b, cat: 'parking', created: '2026-11-06T09:00:00', deadline: '2026-11-13T09:00:00', status: 'cancelled' });
  // Received in October, due and closed in the period.
  await ticket(7, { place: a, created: '2026-10-20T09:00:00', deadline: '2026-11-03T09:00:00', status: 'closed', closed: '2026-11-02T09:00:00', onTime: true, rating: 'satisfied', accepted: true, reported: true });
  // Not yet taken up; due after the period, overdue now.
  await ticket(8, { place: b, created: '2026-11-14T09:00:00', deadline: '2026-11-21T09:00:00', status: 'dispatched' });
  // Another county: never counted.
  await ticket(9, { place: '140681001001', created: '2026-11-03T09:00:00', deadline: '2026-11-04T09:00:00', status: 'dispatched' });
  // In 2025, outside every period above: two more communities of the county, and a ticket placed on the township itself (in no community).
  const done = { status: 'closed', accepted: true, reported: true } as const;
  await ticket(10, { ...done, place: NEIGHBOUR, created: '2025-03-03T09:00:00', deadline: '2025-03-10T09:00:00', closed: '2025-03-05T09:00:00', onTime: true, rating: 'satisfied' });
  await ticket(11, { ...done, place: NEIGHBOUR, created: '2025-03-04T09:00:00', deadline: '2025-03-06T09:00:00', closed: '2025-03-08T09:00:00', onTime: false, rating: 'dissatisfied' });
  await ticket(12, { ...done, place: OTHER_TOWNSHIP, created: '2025-04-01T09:00:00', deadline: '2025-04-08T09:00:00', closed: '2025-04-02T09:00:00', onTime: true, rating: 'satisfied' });
  await ticket(13, { ...done, place: t.codes.township, created: '2025-05-06T09:00:00', deadline: '2025-05-13T09:00:00', closed: '2025-05-07T09:00:00', onTime: true, rating: 'satisfied' });
}, 180_000);
afterAll(() => t?.close());

/** The workbook an export answers (an xlsx, by its content type). */
async function workbookAt(c: Client, u: string) {
  const res = await c.get(u);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

const url = (place: string, from = '2026-11-02', to = '2026-11-15') => `/api/v1/supervision/tickets?place=${place}&from=${from}&to=${to}`;

describe('the ticket dashboard on a hand-computed fixture (2–15 November 2026, 马邑路中心社区)', () => {
  it('totals are the national metrics', async () => {
    const d = (await (await t.signIn('community')).get(url(t.codes.community))).json();
    expect(d.bucket).toBe('day');
    expect(d.totals).toMatchObject({ received: 7, registered: 6, due: 5, closed: 4, closedOnTime: 3, closeRate: 0.8, onTimeRate: 0.6, reworkRate: 0.25, extensionRate: 0.1667, responseRate: 0.6667, satisfactionRate: 0.75 });
  });

  it('volume by category and day, and the status funnel of what was received', async () => {
    const d = (await (await t.signIn('community')).get(url(t.codes.community))).json();
    expect(d.categories.map((c: { code: string; count: number }) => [c.code, c.count])).toEqual([['clutter', 4], ['noise', 2], ['parking', 1]]);
    expect(d.volume).toEqual([
      { bucket: '2026-11-02', category: 'clutter', count: 1 },
      { bucket: '2026-11-03', category: 'clutter', count: 1 },
      { bucket: '2026-11-03', category: 'noise', count: 1 },
      { bucket: '2026-11-04', category: 'noise', count: 1 },
      { bucket: '2026-11-05', category: 'clutter', count: 1 },
      { bucket: '2026-11-06', category: 'parking', count: 1 },
      { bucket: '2026-11-14', category: 'clutter', count: 1 },
    ]);
    // 受理 7 → 立案 6 (less the cancelled) → 派遣 6 → 处置 4 (accepted) → 反馈 3 → 结案 3 → 评价 3.
    expect(d.funnel.map((f: { count: number }) => f.count)).toEqual([7, 6, 6, 4, 3, 3, 3]);
  });

  it('结案率/按期结案率 by the deadline’s day (closed by its end), 满意率 by the closing day', async () => {
    const d = (await (await t.signIn('community')).get(url(t.codes.community))).json();
    const p = (bucket: string, due: number, closed: number, onTime: number, rated: number, satisfied: number) => {
      const r = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);
      return { bucket, due, closed, closedOnTime: onTime, closeRate: r(closed, due), onTimeRate: r(onTime, due), rated, satisfied, satisfactionRate: r(satisfied, rated) };
    };
    expect(d.trend).toEqual([
      p('2026-11-02', 0, 0, 0, 1, 1), // 7 closed, 满意
      p('2026-11-03', 1, 1, 1, 0, 0), // 7 due, closed the day before
      p('2026-11-05', 0, 0, 0, 1, 1), // 1 closed, 满意
      p('2026-11-06', 1, 0, 0, 0, 0), // 2 due, closed only on the 8th (late)
      p('2026-11-08', 0, 0, 0, 1, 0), // 2 closed, 不满意
      p('2026-11-09', 1, 1, 1, 1, 1), // 1 due; 3 (reworked) closed, 基本满意
      p('2026-11-10', 1, 1, 1, 0, 0), // 3 due, closed the day before
      p('2026-11-12', 1, 0, 0, 0, 0), // 4 due after its extension, still open; 5 shelved does not count
    ]);
  });

  it('hot spots by compound, the overdue list, rankings of compounds', async () => {
    const d = (await (await t.signIn('community')).get(url(t.codes.community))).json();
    expect(d.hotspots.map((h: { code: string; count: number; open: number }) => [h.code, h.count, h.open])).toEqual([
      [B, 4, 3], // 4 in progress, 5 shelved, 8 dispatched; 6 cancelled
      [A, 3, 0],
    ]);
    expect(d.hotspots[1]).toMatchObject({ name: '幸福新邻里小区', lat: expect.any(Number) });
    expect(d.overdueTotal).toBe(2);
    expect(d.overdue.map((o: { number: string }) => o.number)).toEqual(['S4', 'S8']);
    expect(d.overdue[0]).toMatchObject({ title: '测试工单4', holder: '马邑路中心社区', status: 'in_progress', supervised: false });
    expect(d.overdue[0].overdueHours).toBeGreaterThan(24);
    expect(d.byPlace.map((r: { code: string }) => r.code)).toEqual([A, B]);
  });

  it('buckets by week over a quarter and by month over a year; a township and a compound filter', async () => {
    const c = await t.signIn('county');
    const q = (await c.get(url(t.codes.county, '2026-09-01', '2026-11-30'))).json();
    expect(q.bucket).toBe('week');
    expect(q.volume.filter((v: { bucket: string }) => v.bucket === '2026-11-02')).toEqual([
      { bucket: '2026-11-02', category: 'clutter', count: 3 }, // 1, 2, 5 (Monday 2nd to Sunday 8th)
      { bucket: '2026-11-02', category: 'noise', count: 2 },
      { bucket: '2026-11-02', category: 'parking', count: 1 },
    ]);
    const y = (await c.get(url(t.codes.county, '2026-01-01', '2026-12-31'))).json();
    expect(y.bucket).toBe('month');
    expect(y.volume.find((v: { bucket: string; category: string }) => v.bucket === '2026-10-01')).toEqual({ bucket: '2026-10-01', category: 'clutter', count: 1 });
    expect(y.totals.received).toBe(8);
    const township = (await c.get(url(t.codes.township))).json();
    expect(township.totals.received).toBe(7);
    expect(township.byPlace[0].code).toBe(t.codes.community);
    const compound = (await c.get(url(A))).json();
    expect(compound.totals.received).toBe(3);
    expect(compound.overdueTotal).toBe(0);
  });

  it('who may: staff at or above the place and the supervisor; not residents, grid workers, property or another county', async () => {
    for (const [who, status] of [['county', 200], ['supervisor', 200], ['township', 200], ['secretary', 403], ['resident', 403], ['grid', 403], ['property', 403]] as const) {
      expect({ who, status: (await (await t.signIn(who)).get(url(t.codes.community))).statusCode }).toEqual({ who, status });
    }
    const c = await t.signIn('community');
    expect((await c.get(url('140681'))).statusCode).toBe(403);
    expect((await c.get(url(t.codes.community, '2026-11-15', '2026-11-01'))).json().fields[0].field).toBe('to');
    expect((await c.get(url(t.codes.unit))).statusCode).toBe(400);
    expect((await c.get(url('140602001001999'))).statusCode).toBe(404);
    expect((await t.anonymous.get(url(t.codes.community))).statusCode).toBe(401);
  });

  it('exports each chart’s data, and the whole dashboard, as xlsx', async () => {
    const c = await t.signIn('community');
    const load = (u: string) => workbookAt(c, u);
    const base = `/api/v1/supervision/tickets/export?place=${t.codes.community}&from=2026-11-02&to=2026-11-15`;
    const funnel = await load(`${base}&chart=funnel`);
    expect(funnel.worksheets.map((w) => w.name)).toEqual(['办理漏斗']);
    expect(funnel.worksheets[0].getRow(2).values).toEqual([undefined, '受理', 7]);
    const trend = await load(`${base}&chart=trend`);
    expect(trend.worksheets[0].getRow(3).values).toEqual([undefined, '2026-11-03', 1, 1, 1, 1, 1, 0, 0]);
    const volume = await load(`${base}&chart=volume`);
    expect(volume.worksheets[0].getRow(1).values).toEqual([undefined, '日', '杂物乱堆', '噪音扰民', '车辆乱停', '合计']);
    expect(volume.worksheets[0].getRow(3).getCell(5).value).toBe(2);
    const all = await load(base);
    expect(all.worksheets.map((w) => w.name)).toEqual(['诉求量(按类别)', '办理漏斗', '结案率趋势', '热点小区', '超期工单', '下级排名', '队伍排名']);
    expect((await c.get(`${base}&chart=pie`)).statusCode).toBe(400);
  });
});

describe('the community ranking of a county and of the city (2025-01-01 to 2026-11-15)', () => {
  const from = '2025-01-01';
  const to = '2026-11-15';

  it('ranks every community under the county, whatever its township, by on-time rate, close rate, satisfaction', async () => {
    const c = await t.signIn('county');
    const d = (await c.get(url(t.codes.county, from, to))).json();
    const row = (r: { code: string; name: string; metrics: Record<string, unknown> }) => {
      const { received, due, closed, closedOnTime, closeRate, onTimeRate, satisfactionRate, p90HoursToClose } = r.metrics;
      return { code: r.code, name: r.name, received, due, closed, closedOnTime, closeRate, onTimeRate, satisfactionRate, p90HoursToClose };
    };
    expect(d.byCommunity.map(row)).toEqual([
      // 12 due, closed on time, 满意.
      { code: OTHER_TOWNSHIP, name: '西关街中心社区', received: 1, due: 1, closed: 1, closedOnTime: 1, closeRate: 1, onTimeRate: 1, satisfactionRate: 1, p90HoursToClose: null },
      // 1–8 as above: 1, 2, 3, 4 and 7 due; 2 late, 4 open; 2 不满意 of the four rated.
      { code: t.codes.community, name: '马邑路中心社区', received: 8, due: 5, closed: 4, closedOnTime: 3, closeRate: 0.8, onTimeRate: 0.6, satisfactionRate: 0.75, p90HoursToClose: null },
      // 10 on time, 11 late and 不满意.
      { code: NEIGHBOUR, name: '北关路中心社区', received: 2, due: 2, closed: 2, closedOnTime: 1, closeRate: 1, onTimeRate: 0.5, satisfactionRate: 0.5, p90HoursToClose: null },
    ]);
    expect(d.byCommunity[0].metrics.meanHoursToClose).toBe(24);
    // The townships still rank one level down; the ticket placed on 北城街道 itself counts there, in no community.
    expect(d.byPlace.map((r: { code: string; metrics: { received: number } }) => [r.code, r.metrics.received]).sort()).toEqual([
      [t.codes.township, 11],
      ['140602002', 1],
    ]);
  });

  it('the city ranks the communities of every county; a township has none beside its places, which are its communities', async () => {
    const city = (await (await t.signIn('admin')).get(url(t.codes.city, from, to))).json();
    expect(city.byCommunity.map((r: { code: string }) => r.code).sort()).toEqual(['140681001001', NEIGHBOUR, t.codes.community, OTHER_TOWNSHIP].sort());
    const township = (await (await t.signIn('township')).get(url(t.codes.township, from, to))).json();
    expect(township.byCommunity).toEqual([]);
    expect(township.byPlace.map((r: { code: string }) => r.code)).toContain(NEIGHBOUR);
  });

  it('exports the community ranking with every metric but the 90th percentile, and as a sheet of the whole dashboard', async () => {
    const c = await t.signIn('county');
    const load = (u: string) => workbookAt(c, u);
    const base = `/api/v1/supervision/tickets/export?place=${t.codes.county}&from=${from}&to=${to}`;
    const one = await load(`${base}&chart=communities`);
    expect(one.worksheets.map((w) => w.name)).toEqual([`汇总 ${from}至${to}`, '社区排名']);
    const sheet = one.getWorksheet('社区排名')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '排名', '名称', '受理', '立案', '应结案', '结案', '按期结案', '结案率', '按期结案率', '返工率', '延期率', '响应率', '满意率', '平均办结时长(小时)']);
    expect(sheet.getRow(2).values).toEqual([undefined, 1, '西关街中心社区', 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 24]);
    expect(sheet.rowCount).toBe(4);
    const all = await load(base);
    expect(all.worksheets.map((w) => w.name).slice(-3)).toEqual(['下级排名', '社区排名', '队伍排名']);
    expect(all.getWorksheet('社区排名')!.getRow(3).values).toEqual([undefined, 2, '马邑路中心社区', 8, 5, 4, 3, 0.8, 0.6, 0.75]);
  });
});

describe('the organisation dashboard', () => {
  it('coverage, grids, population by tag and party members by status', async () => {
    const c = await t.signIn('community');
    const d = (await c.get(`/api/v1/supervision/org?place=${t.codes.community}`)).json();
    const [{ residents, households }] = await t.database.query<{ residents: number; households: number }>(
      'SELECT count(*)::int AS residents, count(DISTINCT household_code)::int AS households FROM residents WHERE household_code LIKE $1',
      [t.codes.community + '%'],
    );
    expect(d.population).toMatchObject({ residents, households });
    const tags = await t.database.query<{ tag: string; n: number }>('SELECT tag, count(*)::int AS n FROM residents, unnest(tags) tag WHERE household_code LIKE $1 GROUP BY tag', [t.codes.community + '%']);
    expect(Object.fromEntries(d.population.byTag.map((x: { tag: string; count: number }) => [x.tag, x.count]))).toEqual(Object.fromEntries(tags.map((x) => [x.tag, x.n])));
    const [{ members }] = await t.database.query<{ members: number }>('SELECT count(*)::int AS members FROM party_members m JOIN residents r ON r.id = m.resident_id WHERE r.household_code LIKE $1', [t.codes.community + '%']);
    expect(d.members.total).toBe(members);
    expect(d.grids).toEqual({ total: 2, withWorker: 2, buildings: 12, buildingsInGrid: 12 });
    expect(d.coverage.total).toMatchObject({ code: t.codes.community, compounds: 3 });
    const wb = await workbookAt(c, `/api/v1/supervision/org/export?place=${t.codes.community}&chart=grids`);
    expect(wb.worksheets[0].getRow(2).values).toEqual([undefined, 2, 2, 12, 12]);
    expect((await (await t.signIn('resident')).get(`/api/v1/supervision/org?place=${t.codes.community}`)).statusCode).toBe(403);
  });
});

describe('map features from stored geometry', () => {
  it('compounds with their outlines and grids as the hull of their buildings, with recent tickets', async () => {
    const c = await t.signIn('community');
    const fc = (await c.get(`/api/v1/supervision/map?place=${t.codes.community}`)).json();
    const compounds = fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'compound');
    const grids = fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'grid');
    expect(compounds.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([A, B, t.codes.community + '003']);
    expect(compounds[0].geometry.type).toBe('Polygon');
    expect(grids.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([t.codes.gridA, t.codes.gridB]);
    const buildings = await t.database.query<{ lat: number; lng: number; grid_code: string }>(
      'SELECT p.lat, p.lng, gb.grid_code FROM grid_buildings gb JOIN places p ON p.code = gb.building_code WHERE gb.grid_code LIKE $1',
      [t.codes.community + '%'],
    );
    for (const b of buildings) {
      const grid = grids.find((g: { properties: { code: string } }) => g.properties.code === b.grid_code);
      expect(booleanPointInPolygon([b.lng, b.lat], grid.geometry)).toBe(true);
    }
    expect((await (await t.signIn('grid')).get(`/api/v1/supervision/map?place=${t.codes.community}`)).statusCode).toBe(403);
  });

  it('hulls: a triangle stays one, a pair gets a box, inner points are dropped', () => {
    const ring = hullOf([[0, 0], [1, 0], [0, 1], [0.2, 0.2]], 0);
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
    expect(hullOf([[0, 0], [1, 1]], 0.5)).toEqual([[-0.5, -0.5], [1.5, -0.5], [1.5, 1.5], [-0.5, 1.5], [-0.5, -0.5]]);
  });
});
