import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let teamId: string;

/** A projection row as the ticket loop leaves it; times are Shanghai wall-clock. */
async function ticket(n: number, f: { place: string; created: string; deadline: string; status: string; closed?: string; onTime?: boolean; rating?: string; reworks?: number; extensions?: number; accepted?: boolean; team?: string }) {
  const sh = (d: string) => `${d}+08:00`;
  await t.database.query(
    `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, township_code, county_code, tier, created_at, deadline_at, closed_at, closed_on_time, rating, reworks, extensions, accepted_at, team_id)
     VALUES ($1, '测试', '测试', 'clutter', 'general', 'resident', $2, $3, substr($3, 1, 9), substr($3, 1, 6), 'unit_team', $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      `T${n}`,
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
      f.team ?? null,
    ],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  const staff = await t.signIn('community');
  teamId = (await staff.post('/api/v1/teams', { kind: 'compound_team', placeCode: t.codes.compound })).json().id;
  const c1 = t.codes.household; // in compound 001
  const c2 = t.codes.community + '002001010101';
  await ticket(1, { place: c1, created: '2026-11-02T09:00:00', deadline: '2026-11-09T09:00:00', status: 'closed', closed: '2026-11-05T09:00:00', onTime: true, rating: 'satisfied', accepted: true, team: teamId });
  await ticket(2, { place: c1, created: '2026-11-03T09:00:00', deadline: '2026-11-10T09:00:00', status: 'closed', closed: '2026-11-12T09:00:00', onTime: false, rating: 'dissatisfied', accepted: true, team: teamId });
  await ticket(3, { place: c1, created: '2026-11-04T09:00:00', deadline: '2026-11-11T09:00:00', status: 'closed', closed: '2026-11-08T09:00:00', onTime: true, rating: 'basically_satisfied', reworks: 1, accepted: true });
  await ticket(4, { place: c2, created: '2026-11-05T09:00:00', deadline: '2026-11-25T09:00:00', status: 'in_progress', extensions: 1, accepted: true });
  await ticket(5, { place: c2, created: '2026-11-06T09:00:00', deadline: '2026-11-13T09:00:00', status: 'shelved' });
  await ticket(6, { place: c2, created: '2026-11-07T09:00:00', deadline: '2026-11-14T09:00:00', status: 'cancelled' });
  await ticket(7, { place: c2, created: '2026-10-20T09:00:00', deadline: '2026-11-03T09:00:00', status: 'closed', closed: '2026-11-02T09:00:00', onTime: true, rating: 'satisfied', accepted: true });
  await ticket(8, { place: c2, created: '2026-11-20T09:00:00', deadline: '2026-12-05T09:00:00', status: 'dispatched' });
  // Outside the community: never counted.
  await ticket(9, { place: '140681001001', created: '2026-11-02T09:00:00', deadline: '2026-11-09T09:00:00', status: 'closed', closed: '2026-11-03T09:00:00', onTime: true, accepted: true });
  // 30 November 23:30 Shanghai is still November; 1 December 00:30 is not.
  await ticket(10, { place: c2, created: '2026-11-30T23:30:00', deadline: '2026-12-30T09:00:00', status: 'cancelled' });
  await ticket(11, { place: c2, created: '2026-12-01T00:30:00', deadline: '2026-12-30T09:00:00', status: 'cancelled' });
});
afterAll(() => t?.close());

describe('ticket metrics on a hand-computed fixture (November 2026, 马邑路中心社区)', () => {
  it('computes the national set by its definitions', async () => {
    const c = await t.signIn('community');
    const res = await c.get(`/api/v1/ticket-metrics?place=${t.codes.community}&from=2026-11-01&to=2026-11-30`);
    expect(res.statusCode).toBe(200);
    expect(res.json().totals).toEqual({
      received: 8, // tickets 1-6, 8 and 10 (created in November)
      registered: 6, // less the cancelled 6 and 10
      due: 5, // 1, 2, 3, 4 (extended to the 25th), 7 (created in October); 5 is shelved, 8 is due in December
      closed: 4, // 1, 2, 3, 7
      closedOnTime: 3, // 2 closed late
      closeRate: 0.8,
      onTimeRate: 0.6,
      reworkRate: 0.25, // 3 of the 4 closed
      extensionRate: 0.1667, // 4 of the 6 registered
      responseRate: 0.6667, // 1-4 accepted; 5 and 8 not
      satisfactionRate: 0.75, // 满意 1 and 7, 基本满意 3; 不满意 2
      rated: 4,
      meanHoursToClose: 174, // (72 + 216 + 96 + 312) / 4
      p90HoursToClose: 283.2, // percentile_cont over 72, 96, 216, 312
    });
  });

  it('ranks the compounds and the teams', async () => {
    const c = await t.signIn('community');
    const report = (await c.get(`/api/v1/ticket-metrics?place=${t.codes.community}&from=2026-11-01&to=2026-11-30`)).json();
    expect(report.byPlace.map((p: { code: string; metrics: { due: number; onTimeRate: number } }) => [p.code, p.metrics.due, p.metrics.onTimeRate])).toEqual([
      [t.codes.compound, 3, 0.6667],
      [t.codes.community + '002', 2, 0.5],
    ]);
    expect(report.byPlace[0].name).toBe('幸福新邻里小区');
    expect(report.byTeam).toEqual([expect.objectContaining({ code: teamId, name: '幸福新邻里小区共治团', metrics: expect.objectContaining({ due: 2, closed: 2, closedOnTime: 1 }) })]);
  });

  it('exports the same as xlsx', async () => {
    const c = await t.signIn('community');
    const res = await c.get(`/api/v1/ticket-metrics/export?place=${t.codes.community}&from=2026-11-01&to=2026-11-30`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总 2026-11-01至2026-11-30', '地区排名', '队伍排名']);
    const head = wb.worksheets[0].getRow(1).values as unknown[];
    expect(head).toContain('按期结案率');
    expect(wb.worksheets[0].getRow(2).getCell(9).value).toBe(0.6);
  });

  it('who may: staff of the place and above, the supervisor; not residents, grid workers or other counties', async () => {
    const url = `/api/v1/ticket-metrics?place=${t.codes.community}&from=2026-11-01&to=2026-11-30`;
    for (const [who, status] of [['county', 200], ['supervisor', 200], ['township', 200], ['resident', 403], ['grid', 403], ['property', 403]] as const) {
      expect({ who, status: (await (await t.signIn(who)).get(url)).statusCode }).toEqual({ who, status });
    }
    const c = await t.signIn('community');
    expect((await c.get(`/api/v1/ticket-metrics?place=140681&from=2026-11-01&to=2026-11-30`)).statusCode).toBe(403);
    expect((await c.get(`/api/v1/ticket-metrics?place=${t.codes.community}&from=2026-11-30&to=2026-11-01`)).json().fields[0].field).toBe('to');
    expect((await c.get(`/api/v1/ticket-metrics?place=${t.codes.community}&from=2026-02-30&to=2026-11-01`)).statusCode).toBe(400);
  });
});
