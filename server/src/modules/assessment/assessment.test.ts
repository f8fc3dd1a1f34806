import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let staff: Client;
const YEAR = 2025;
const unit2 = () => t.codes.building + '02';

/** A ticket of 2025 at `place`: due mid-year, closed (on time or late) or still open. */
async function ticket(n: number, place: string, state: 'on_time' | 'late' | 'open', rating?: string) {
  await t.database.query(
    `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, compound_code, community_code, township_code, county_code, tier,
       created_at, deadline_at, closed_at, closed_on_time, rating)
     VALUES ($1, 't', 't', 'clutter', 'general', 'resident', $2, $3, $4, $5, $6, '140602', 'unit_team', '2025-05-01T00:00:00Z', '2025-06-01T00:00:00Z', $7, $8, $9)`,
    [
      `ASMT${n}`,
      state === 'open' ? 'dispatched' : 'closed',
      place,
      t.codes.compound,
      t.codes.community,
      t.codes.township,
      state === 'open' ? null : state === 'on_time' ? '2025-05-20T00:00:00Z' : '2025-06-10T00:00:00Z',
      state === 'on_time',
      rating ?? null,
    ],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  staff = await t.signIn('community');
  await staff.post('/api/v1/teams/bootstrap', { placeCode: t.codes.compound });
  // Unit 1: 4 due, 2 on time, 1 late, 1 open (on-time rate 0.5). Unit 2: 2 due, both on time (1.0).
  await ticket(1, t.codes.unit + '0101', 'on_time', 'satisfied');
  await ticket(2, t.codes.unit, 'on_time', 'dissatisfied');
  await ticket(3, t.codes.unit, 'late');
  await ticket(4, t.codes.unit, 'open');
  await ticket(5, unit2(), 'on_time', 'satisfied');
  await ticket(6, unit2(), 'on_time');
  // One meeting held in unit 1 in 2025.
  const m = (await staff.post('/api/v1/meetings', { placeCode: t.codes.unit, title: '1单元议事会', startsAt: '2025-03-01T07:00:00.000Z', location: '楼道', items: [{ title: '议程' }] })).json();
  await staff.request({ method: 'PUT', url: `/api/v1/meetings/${m.id}/minutes`, payload: { minutes: '纪要内容', decisions: [] } });
  await t.database.query(`UPDATE meetings SET held_at = '2025-03-01T09:00:00Z' WHERE id = $1`, [m.id]);
});
afterAll(() => t?.close());

/** An activity starting at `startsAt` with one sign-up per resident: `minutes` and the hours' status. */
async function served(startsAt: string, entries: Array<{ residentId: string; minutes: number; status: 'approved' | 'pending' | 'rejected' }>) {
  const [leader] = await t.database.query<{ id: string }>(`SELECT id FROM users WHERE username = 'community'`);
  const [a] = await t.database.query<{ id: string }>(
    `INSERT INTO activities (title, place_code, community_code, county_code, leader_user_id, leader_name, starts_at, ends_at, capacity, created_by)
     VALUES ('志愿服务', $1, $1, '140602', $2, '队长', $3, $3::timestamptz + interval '2 hours', 50, $2) RETURNING id`,
    [t.codes.community, leader.id, startsAt],
  );
  for (const e of entries) {
    await t.database.query(
      `INSERT INTO activity_signups (activity_id, resident_id, name, county_code, status, checked_in_at, checked_out_at, minutes, hours_status)
       VALUES ($1, $2, '志愿者', '140602', 'confirmed', $3, $3::timestamptz + interval '2 hours', $4, $5)`,
      [a.id, e.residentId, startsAt, e.minutes, e.status],
    );
  }
}

const residentsOf = async (place: string) =>
  (await t.database.query<{ id: string }>(`SELECT id FROM residents WHERE household_code LIKE $1 || '%' ORDER BY id`, [place])).map((r) => r.id);

describe('考核评价', () => {
  it('ranks the unit teams by indicators drawn from ticket metrics, meetings held and residents’ surveys', async () => {
    const add = (body: Record<string, unknown>) => staff.post('/api/v1/assessment/indicators', { communityCode: t.codes.community, year: YEAR, targetKind: 'team', ...body });
    expect((await add({ name: '按期结案率', source: 'ticket_on_time_rate', weight: 60, goal: 1 })).statusCode).toBe(201);
    expect((await add({ name: '议事会次数', source: 'meetings_held', weight: 20, goal: 2 })).statusCode).toBe(201);
    expect((await add({ name: '居民满意度', source: 'survey_score', weight: 20, goal: 5 })).statusCode).toBe(201);
    const over = await add({ name: '超出', source: 'meetings_held', weight: 1, goal: 1 });
    expect(over.json().fields[0].field).toBe('weight');

    const teams = (await staff.get(`/api/v1/teams?place=${t.codes.building}&kind=unit_team`)).json();
    const survey = await staff.post('/api/v1/assessment/surveys', { communityCode: t.codes.community, year: YEAR, targetKind: 'team', targetId: teams[0].id, title: '1单元自治组满意度测评' });
    expect(survey.statusCode, survey.body).toBe(201);
    const resident = await t.signIn('resident');
    expect((await resident.post(`/api/v1/assessment/surveys/${survey.json().id}/responses`, { score: 4 })).json()).toMatchObject({ answered: true, responses: 1, average: null });
    expect((await resident.post(`/api/v1/assessment/surveys/${survey.json().id}/responses`, { score: 5 })).statusCode).toBe(409);

    const ranking = (await staff.get(`/api/v1/assessment/ranking?community=${t.codes.community}&year=${YEAR}&targetKind=team`)).json();
    const row = (name: string) => ranking.rows.find((r: { name: string }) => r.name === name);
    // Unit 1: 60×0.5 + 20×(1/2) + 20×(4/5) = 30 + 10 + 16 = 56. Unit 2: 60×1 + 0 + 0 = 60.
    expect(row('1号楼1单元自治组')).toMatchObject({ total: 56, rank: 2 });
    expect(row('1号楼1单元自治组').values.map((v: { value: number | null }) => v.value)).toEqual([0.5, 1, 4]);
    expect(row('1号楼2单元自治组')).toMatchObject({ total: 60, rank: 1 });
    // Teams with nothing to measure score 0 and share the last rank.
    const zeros = ranking.rows.filter((r: { total: number }) => r.total === 0);
    expect(new Set(zeros.map((r: { rank: number }) => r.rank)).size).toBe(1);
  });

  it('draws on volunteer hours: approved service minutes of the residents living in each target’s places, in the year', async () => {
    const u1 = await residentsOf(t.codes.unit);
    const u2 = await residentsOf(unit2());
    const [other] = await residentsOf(t.codes.compound + '002');
    expect(u1.length).toBeGreaterThan(1);
    expect(u2.length).toBeGreaterThan(0);
    // A 小区党支部 over the demo compound.
    const [org] = await t.database.query<{ id: string }>(`INSERT INTO party_orgs (kind, name, place_code, county_code) VALUES ('branch', '测试小区党支部', $1, '140602') RETURNING id`, [t.codes.compound]);
    await t.database.query(`INSERT INTO party_org_places (place_code, org_id, county_code) VALUES ($1, $2, '140602')`, [t.codes.compound, org.id]);
    // 2024, unit 1: 90 + 150 approved (4 h); a pending 60 and a rejected 60 do not count.
    await served('2024-04-12T01:00:00Z', [
      { residentId: u1[0], minutes: 90, status: 'approved' },
      { residentId: u1[1], minutes: 60, status: 'pending' },
      { residentId: u2[0], minutes: 60, status: 'rejected' },
    ]);
    await served('2024-09-06T01:00:00Z', [{ residentId: u1[0], minutes: 150, status: 'approved' }]);
    // Unit 2: 120 approved in 2024, and the year's edges in Asia/Shanghai: 600 at 23:30 on 31 Dec 2023 belong
    // to 2023, 30 at 00:30 on 1 Jan 2024 to 2024 (2.5 h in 2024).
    await served('2024-05-01T02:00:00Z', [{ residentId: u2[0], minutes: 120, status: 'approved' }]);
    await served('2023-12-31T15:30:00Z', [{ residentId: u2[0], minutes: 600, status: 'approved' }]);
    await served('2023-12-31T16:30:00Z', [{ residentId: u2[0], minutes: 30, status: 'approved' }]);
    // A resident of building 2 serves 5 h: in the compound, not in building 1.
    await served('2024-06-01T01:00:00Z', [{ residentId: other, minutes: 300, status: 'approved' }]);

    const add = async (year: number, targetKind: string, weight: number, goal: number) => {
      const res = await staff.post('/api/v1/assessment/indicators', { communityCode: t.codes.community, year, targetKind, name: '志愿服务时长', source: 'volunteer_hours', weight, goal });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const ids = { team2023: await add(2023, 'team', 100, 20), team2024: await add(2024, 'team', 100, 8), grid: await add(2024, 'grid_worker', 50, 20), branch: await add(2024, 'branch', 40, 10) };
    const rank = async (year: number, kind: string) => (await staff.get(`/api/v1/assessment/ranking?community=${t.codes.community}&year=${year}&targetKind=${kind}`)).json();
    const valueOf = (r: { rows: Array<{ name: string; values: Array<{ indicatorId: string; value: number | null; points: number }> }> }, pick: (name: string) => boolean, id: string) =>
      r.rows.find((x) => pick(x.name))!.values.find((v) => v.indicatorId === id)!;

    const y2023 = await rank(2023, 'team');
    expect(valueOf(y2023, (n) => n === '1号楼2单元自治组', ids.team2023)).toMatchObject({ value: 10, points: 50 });
    expect(valueOf(y2023, (n) => n === '1号楼1单元自治组', ids.team2023)).toMatchObject({ value: 0, points: 0 });
    const y2024 = await rank(2024, 'team');
    expect(valueOf(y2024, (n) => n === '1号楼1单元自治组', ids.team2024)).toMatchObject({ value: 4, points: 50 });
    expect(valueOf(y2024, (n) => n === '1号楼2单元自治组', ids.team2024)).toMatchObject({ value: 2.5, points: 31.25 });
    // The compound's team covers the whole compound (11.5 h, full points) and leads.
    expect([y2024.rows[0].name, y2024.rows[0].total]).toEqual(['幸福新邻里小区共治团', 100]);
    // Grid 1 holds the demo compound's buildings (and more): 4 + 2.5 + 5 = 11.5 h → 50 × 11.5/20 = 28.75 points.
    expect(valueOf(await rank(2024, 'grid_worker'), (n) => n.includes('第一网格'), ids.grid)).toMatchObject({ value: 11.5, points: 28.75 });
    // The branch covers the compound: 11.5 h, capped at full points.
    expect(valueOf(await rank(2024, 'branch'), (n) => n === '测试小区党支部', ids.branch)).toMatchObject({ value: 11.5, points: 40 });
  });

  it('grid workers and branches are targets too', async () => {
    await staff.post('/api/v1/assessment/indicators', { communityCode: t.codes.community, year: YEAR, targetKind: 'grid_worker', name: '结案率', source: 'ticket_close_rate', weight: 100, goal: 1 });
    const ranking = (await staff.get(`/api/v1/assessment/ranking?community=${t.codes.community}&year=${YEAR}&targetKind=grid_worker`)).json();
    expect(ranking.rows[0].name).toContain('第一网格');
    // Grid 1 holds building 1: 6 due, 5 closed.
    expect(ranking.rows[0].values[0].value).toBeCloseTo(5 / 6, 4);
    const branches = await staff.get(`/api/v1/assessment/ranking?community=${t.codes.community}&year=${YEAR}&targetKind=branch`);
    expect(branches.statusCode).toBe(200);
  });

  it('only the community and above set indicators; residents neither rank nor set', async () => {
    const body = { communityCode: t.codes.community, year: 2026, targetKind: 'team', name: '结案率', source: 'ticket_close_rate', weight: 10, goal: 1 };
    for (const who of ['resident', 'grid', 'unit', 'secretary', 'property']) expect((await (await t.signIn(who)).post('/api/v1/assessment/indicators', body)).statusCode, who).toBe(403);
    expect((await (await t.signIn('resident')).get(`/api/v1/assessment/ranking?community=${t.codes.community}&year=${YEAR}&targetKind=team`)).statusCode).toBe(403);
    const badGoal = await staff.post('/api/v1/assessment/indicators', { ...body, goal: 90 });
    expect(badGoal.json().fields[0].field).toBe('goal');
  });
});
