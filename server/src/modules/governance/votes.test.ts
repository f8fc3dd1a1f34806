import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let staff: Client;
/** Building 2 of the demo compound: 12 households, its owners' roll rewritten per test. */
let building2: string;
let b2Households: string[];

beforeAll(async () => {
  t = await createTestContext();
  staff = await t.signIn('community');
  building2 = t.codes.compound + '002';
  b2Households = (await t.database.query<{ code: string }>(`SELECT code FROM places WHERE code LIKE $1 || '%' AND level = 'household' ORDER BY code`, [building2])).map((r) => r.code);
});
afterAll(() => t?.close());

/** Gives building 2 an owners' roll of `areas` (m², one per household, in order); the rest of its households own nothing. */
async function setRoll(areas: number[]) {
  await t.database.query(`DELETE FROM owner_roll WHERE household_code LIKE $1 || '%'`, [building2]);
  for (const [i, area] of areas.entries()) {
    const res = await staff.request({ method: 'PUT', url: `/api/v1/owners/${b2Households[i]}`, payload: { ownerName: `业主${i + 1}`, area } });
    expect(res.statusCode, res.body).toBe(200);
  }
}

async function newVote(body: Record<string, unknown>) {
  const res = await staff.post('/api/v1/votes', { kind: 'matter', title: '测试表决事项', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const open = await staff.post(`/api/v1/votes/${res.json().id}/open`);
  expect(open.statusCode, open.body).toBe(200);
  return open.json();
}

async function paper(voteId: string, voterKey: string, choice: string) {
  const res = await staff.post(`/api/v1/votes/${voteId}/paper-ballots`, { voterKey, choices: [choice] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function voterKeys(voteId: string): Promise<string[]> {
  return (await staff.get(`/api/v1/votes/${voteId}/voters`)).json().map((v: { voterKey: string }) => v.voterKey);
}

describe('the owners’ roll', () => {
  it('is seeded for the demo compound, one owner per household, with floor areas', async () => {
    const roll = (await staff.get(`/api/v1/owners?compound=${t.codes.compound}`)).json();
    expect(roll.households).toBe(48);
    expect(roll.owners).toHaveLength(48);
    expect(roll.ownerCount).toBe(48);
    expect(roll.owners[0]).toMatchObject({ address: '1号楼1单元101室' });
    expect(roll.owners.every((o: { area: number }) => o.area >= 70 && o.area < 200)).toBe(true);
  });

  it('takes areas with two decimals at most, for households only', async () => {
    const bad = await staff.request({ method: 'PUT', url: `/api/v1/owners/${b2Households[0]}`, payload: { ownerName: '张三', area: 88.123 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('area');
    const notHousehold = await staff.request({ method: 'PUT', url: `/api/v1/owners/${t.codes.unit}0000`, payload: { ownerName: '张三', area: 88 } });
    expect(notHousehold.statusCode).toBe(400);
    expect(notHousehold.json().fields[0].field).toBe('householdCode');
  });

  it('imports from xlsx, reporting bad rows by row and column, and exports the same columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('业主名册');
    ws.addRow(['房屋编码', '业主姓名', '建筑面积']);
    ws.addRow([b2Households[0], '王五', 95.5]);
    ws.addRow([b2Households[1], '', 80]);
    ws.addRow(['140681001001001001010101', '外人', 80]);
    ws.addRow([b2Households[2], '赵六', 'abc']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await staff.request({
      method: 'POST',
      url: `/api/v1/owners/import?compound=${t.codes.compound}`,
      payload: file,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      imported: 1,
      rejected: [
        { row: 3, column: '业主姓名', reason: expect.any(String) },
        { row: 4, column: '房屋编码', reason: expect.any(String) },
        { row: 5, column: '建筑面积', reason: expect.any(String) },
      ],
    });
    const roll = (await staff.get(`/api/v1/owners?compound=${t.codes.compound}`)).json();
    expect(roll.owners.find((o: { householdCode: string }) => o.householdCode === b2Households[0])).toMatchObject({ ownerName: '王五', area: 95.5 });
    const xlsx = await staff.get(`/api/v1/owners.xlsx?compound=${t.codes.compound}`);
    expect(xlsx.statusCode).toBe(200);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(back.worksheets[0].getRow(1).values).toEqual([undefined, '房屋编码', '业主姓名', '建筑面积', '房号']);
    expect(back.worksheets[0].rowCount).toBe(49);
  });
});

describe('owners’ votes under art. 278', () => {
  it('passes an ordinary matter at exactly 2/3 of the area and of the owners taking part', async () => {
    await setRoll([100, 100, 100, 100, 100, 100, 100, 100, 100]);
    const v = await newVote({ method: 'owners', placeCode: building2 });
    expect(v.electorate).toEqual({ voters: 9, areaCenti: 90_000 });
    const keys = await voterKeys(v.id);
    for (const k of keys.slice(0, 4)) await paper(v.id, k, 'agree');
    await paper(v.id, keys[4], 'oppose');
    await paper(v.id, keys[5], 'agree');
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result).toMatchObject({ participation: { voters: 6, areaCenti: 60_000 }, quorum: { met: true }, passed: true });
  });

  it('fails the quorum just below 2/3 of the area', async () => {
    await setRoll([100, 100, 100, 100, 100, 99.99, 100, 100, 100.01]);
    const v = await newVote({ method: 'owners', placeCode: building2 });
    const keys = await voterKeys(v.id);
    for (const k of keys.slice(0, 6)) await paper(v.id, k, 'agree');
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result).toMatchObject({ participation: { voters: 6, areaCenti: 59_999 }, quorum: { met: false }, passed: false });
  });

  it('passes a major matter at exactly 3/4 and fails it just below', async () => {
    await setRoll([100, 100, 100, 100, 100, 100, 100, 100]);
    const pass = await newVote({ method: 'owners', placeCode: building2, matter: 'maintenance_fund', title: '使用专项维修资金更换电梯' });
    let keys = await voterKeys(pass.id);
    for (const [i, k] of keys.entries()) await paper(pass.id, k, i < 6 ? 'agree' : 'oppose');
    expect((await staff.post(`/api/v1/votes/${pass.id}/close`)).json().result).toMatchObject({ threshold: 'three_quarters', passed: true });

    await setRoll([100, 100, 100, 100, 100, 99.99, 100, 100.01]);
    const fail = await newVote({ method: 'owners', placeCode: building2, matter: 'maintenance_fund', title: '使用专项维修资金更换电梯' });
    keys = await voterKeys(fail.id);
    for (const [i, k] of keys.entries()) await paper(fail.id, k, i < 6 ? 'agree' : 'oppose');
    const r = (await staff.post(`/api/v1/votes/${fail.id}/close`)).json().result;
    expect(r.options[0]).toMatchObject({ key: 'agree', votes: 6, areaCenti: 59_999 });
    expect(r.passed).toBe(false);
  });

  it('counts an owner of two units once, with both areas', async () => {
    const [owner] = await t.database.query<{ id: string }>(`SELECT id FROM residents WHERE household_code = $1 LIMIT 1`, [b2Households[0]]);
    await setRoll([100, 100, 100]);
    for (const h of [b2Households[0], b2Households[1]]) {
      await staff.request({ method: 'PUT', url: `/api/v1/owners/${h}`, payload: { ownerName: '两套房业主', area: 90, residentId: owner.id } });
    }
    const v = await newVote({ method: 'owners', placeCode: building2 });
    expect(v.electorate).toEqual({ voters: 2, areaCenti: 28_000 });
  });

  it('refuses major matters outside owners’ votes, and owners’ votes without a roll', async () => {
    const res = await staff.post('/api/v1/votes', { kind: 'matter', title: '改建', method: 'household', placeCode: t.codes.compound, matter: 'rebuilding' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('matter');
    await t.database.query(`DELETE FROM owner_roll WHERE household_code LIKE $1 || '%'`, [building2]);
    const draft = (await staff.post('/api/v1/votes', { kind: 'matter', title: '空名册', method: 'owners', placeCode: building2 })).json();
    const open = await staff.post(`/api/v1/votes/${draft.id}/open`);
    expect(open.statusCode).toBe(422);
    expect(open.json().fields[0].field).toBe('placeCode');
  });
});

describe('casting', () => {
  it('a household votes once, even with five ballots sent at the same moment', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '单元楼道加装扶手' });
    expect(v.electorate.voters).toBe(6);
    const resident = await t.signIn('resident');
    expect((await resident.get(`/api/v1/votes/${v.id}`)).json().mine).toEqual({ eligible: true, voted: false });
    const results = await Promise.all(Array.from({ length: 5 }, () => resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    // Nor can staff add a paper ballot for that household afterwards.
    const again = await staff.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: `h:${t.codes.household}`, choices: ['oppose'] });
    expect(again.statusCode).toBe(409);
    const detail = (await resident.get(`/api/v1/votes/${v.id}`)).json();
    expect(detail.participation.voters).toBe(1);
    expect(detail.mine.voted).toBe(true);
    const [n] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM vote_ballots WHERE vote_id = $1', [v.id]);
    expect(n.n).toBe(1);
  });

  it('online and paper ballots of one voter at the same moment: one wins', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '并发测试' });
    const resident = await t.signIn('resident');
    const [a, b] = await Promise.all([
      resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] }),
      staff.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: `h:${t.codes.household}`, choices: ['agree'] }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
  });

  it('only the electorate votes; choices are checked; nothing after closing', async () => {
    const other = t.codes.compound + '003';
    const v = await newVote({ method: 'household', placeCode: other, title: '3号楼事项' });
    const resident = await t.signIn('resident');
    expect((await resident.get(`/api/v1/votes/${v.id}`)).statusCode).toBe(403);
    expect((await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] })).statusCode).toBe(403);
    const mine = await newVote({ method: 'household', placeCode: t.codes.unit, title: '选项测试' });
    const bad = await resident.post(`/api/v1/votes/${mine.id}/ballots`, { choices: ['agree', 'oppose'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('choices');
    const notVoter = await staff.post(`/api/v1/votes/${mine.id}/paper-ballots`, { voterKey: 'h:140602001001003001010101', choices: ['agree'] });
    expect(notVoter.statusCode).toBe(400);
    expect(notVoter.json().fields[0].field).toBe('voterKey');
    await staff.post(`/api/v1/votes/${mine.id}/close`);
    expect((await resident.post(`/api/v1/votes/${mine.id}/ballots`, { choices: ['agree'] })).statusCode).toBe(409);
  });

  it('a person vote counts adults only', async () => {
    const v = await newVote({ method: 'person', placeCode: t.codes.unit, title: '按人表决' });
    const [n] = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM residents WHERE household_code LIKE $1 || '%' AND (birth_date IS NULL OR birth_date <= current_date - interval '18 years')`,
      [t.codes.unit],
    );
    const [all] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM residents WHERE household_code LIKE $1 || '%'`, [t.codes.unit]);
    expect(v.electorate.voters).toBe(n.n);
    expect(n.n).toBeLessThanOrEqual(all.n);
  });
});

describe('secret ballots', () => {
  it('no API, export or audit row links a voter to a choice', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.building, title: '无记名表决', secret: true });
    const keys = await voterKeys(v.id);
    const resident = await t.signIn('resident');
    const receipt = (await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['oppose'] })).json();
    const others = keys.filter((k) => k !== `h:${t.codes.household}`);
    for (const [i, k] of others.slice(0, 8).entries()) await paper(v.id, k, i % 2 ? 'agree' : 'abstain');
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result.participation.voters).toBe(9);

    const ballots = (await staff.get(`/api/v1/votes/${v.id}/ballots`)).json();
    expect(ballots).toHaveLength(9);
    for (const b of ballots) {
      expect(b.voterKey).toBeNull();
      expect(b.castAt).toBeNull();
    }
    const voters = (await staff.get(`/api/v1/votes/${v.id}/voters`)).json();
    for (const x of voters) expect(Object.keys(x).sort()).toEqual(['areaCenti', 'channel', 'householdCode', 'label', 'voted', 'voterKey']);
    // Listed by household, not in the order they voted.
    expect(voters.map((x: { householdCode: string }) => x.householdCode)).toEqual([...voters.map((x: { householdCode: string }) => x.householdCode)].sort());
    // Stored: participation at day precision only, ballots with no voter and no time.
    const stored = await t.database.query<{ voted_on: Date }>('SELECT voted_on FROM vote_voters WHERE vote_id = $1 AND voted_on IS NOT NULL', [v.id]);
    for (const s of stored) expect(new Date(s.voted_on).toISOString()).toMatch(/T00:00:00\.000Z$/);
    const raw = await t.database.query<{ voter_key: string | null; cast_at: Date | null }>('SELECT voter_key, cast_at FROM vote_ballots WHERE vote_id = $1', [v.id]);
    expect(raw.every((r) => r.voter_key === null && r.cast_at === null)).toBe(true);
    const audit = await t.database.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE target_id = $1`, [v.id]);
    expect(JSON.stringify(audit)).not.toMatch(/agree|oppose|abstain/);
    // Her receipt finds her ballot in the published chain; that is all it says.
    const found = (await resident.get(`/api/v1/vote-receipts/${receipt.hash}`)).json();
    expect(found).toEqual({ voteId: v.id, seq: receipt.seq, hash: receipt.hash });
    expect(ballots.find((b: { hash: string }) => b.hash === receipt.hash).choices).toEqual(['oppose']);
  });

  it('no audit row of a secret vote names a voter, so their order cannot be lined up with the ballots', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '无记名审计', secret: true });
    const resident = await t.signIn('resident');
    expect((await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] })).statusCode).toBe(201);
    const others = (await voterKeys(v.id)).filter((k) => k !== `h:${t.codes.household}`);
    for (const k of others.slice(0, 2)) await paper(v.id, k, 'oppose');
    await staff.post(`/api/v1/votes/${v.id}/close`);
    const [me] = await t.database.query<{ id: string }>(`SELECT id FROM users WHERE username = 'resident'`);
    const rows = await t.database.query<{ actor_id: string | null; action: string; detail: unknown }>(`SELECT actor_id, action, detail FROM audit_log WHERE target_id = $1 ORDER BY id`, [v.id]);
    expect(rows.map((r) => r.action)).toEqual(['vote.create', 'vote.open', 'vote.paper', 'vote.paper', 'vote.close']);
    expect(rows.some((r) => r.actor_id === me.id)).toBe(false);
    expect(JSON.stringify(rows)).not.toMatch(/h:\d|r:[0-9a-f]|o:\d/);
    // The audit API, read by city admins, shows the same.
    const api = await (await t.signIn('admin')).get('/api/v1/audit?action=vote.paper');
    expect(api.body).not.toContain(others[0]);
  });

  it('a secret owners’ vote publishes no floor area per ballot; an open one does', async () => {
    await setRoll([91.11, 92.22, 93.33, 94.44]);
    const secret = await newVote({ method: 'owners', placeCode: building2, title: '无记名业主表决', secret: true });
    const open = await newVote({ method: 'owners', placeCode: building2, title: '记名业主表决' });
    for (const v of [secret, open]) {
      for (const [i, k] of (await voterKeys(v.id)).entries()) await paper(v.id, k, i < 3 ? 'agree' : 'oppose');
      const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
      expect(closed.result.options[0]).toMatchObject({ key: 'agree', votes: 3, areaCenti: 27_666 });
      expect((await staff.get(`/api/v1/votes/${v.id}/verify`)).json()).toMatchObject({ ok: true, checked: 4 });
    }
    const hidden = (await staff.get(`/api/v1/votes/${secret.id}/ballots`)).json();
    expect(hidden.map((b: { areaCenti: number | null }) => b.areaCenti)).toEqual([null, null, null, null]);
    expect(JSON.stringify(hidden)).not.toMatch(/9111|9222|9333|9444/);
    const shown = (await staff.get(`/api/v1/votes/${open.id}/ballots`)).json();
    expect(shown.map((b: { areaCenti: number }) => b.areaCenti).sort()).toEqual([9111, 9222, 9333, 9444]);
  });

  it('an open ballot shows who chose what', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '记名表决' });
    const resident = await t.signIn('resident');
    await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] });
    await staff.post(`/api/v1/votes/${v.id}/close`);
    const [b] = (await staff.get(`/api/v1/votes/${v.id}/ballots`)).json();
    expect(b).toMatchObject({ voterKey: `h:${t.codes.household}`, choices: ['agree'], channel: 'online' });
    expect(b.castAt).not.toBeNull();
  });
});

describe('the ballot chain', () => {
  it('detects an edited ballot row, and the vote then refuses to count', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.building, title: '链校验' });
    const keys = await voterKeys(v.id);
    for (const k of keys.slice(0, 4)) await paper(v.id, k, 'agree');
    expect((await staff.get(`/api/v1/votes/${v.id}/verify`)).json()).toMatchObject({ ok: true, checked: 4 });
    await t.database.query(`UPDATE vote_ballots SET choices = '["oppose"]' WHERE vote_id = $1 AND seq = 2`, [v.id]);
    const check = (await staff.get(`/api/v1/votes/${v.id}/verify`)).json();
    expect(check).toMatchObject({ ok: false, brokenAt: 2 });
    const close = await staff.post(`/api/v1/votes/${v.id}/close`);
    expect(close.statusCode).toBe(409);
    expect(close.json().message).toContain('2');
  });

  it('detects a deleted last ballot', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.building, title: '链校验2' });
    const keys = await voterKeys(v.id);
    for (const k of keys.slice(0, 3)) await paper(v.id, k, 'agree');
    await t.database.query(`DELETE FROM vote_ballots WHERE vote_id = $1 AND seq = 3`, [v.id]);
    expect((await staff.get(`/api/v1/votes/${v.id}/verify`)).json().ok).toBe(false);
  });
});

describe('elections', () => {
  it('elects a unit head and appoints her as leader of the unit team through the teams module', async () => {
    await staff.post('/api/v1/teams/bootstrap', { placeCode: t.codes.compound });
    const [team] = (await staff.get(`/api/v1/teams?place=${t.codes.unit}&kind=unit_team`)).json();
    const cands = await t.database.query<{ id: string; name: string }>(
      `SELECT id, name FROM residents WHERE household_code LIKE $1 || '%' AND relation = '本人' ORDER BY household_code LIMIT 2`,
      [t.codes.unit],
    );
    const created = await staff.post('/api/v1/votes', {
      kind: 'election',
      method: 'household',
      title: '1单元单元长选举',
      placeCode: t.codes.unit,
      secret: true,
      candidates: cands.map((c) => ({ residentId: c.id })),
      appointTeamId: team.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const v = (await staff.post(`/api/v1/votes/${created.json().id}/open`)).json();
    expect(v.options.map((o: { label: string }) => o.label)).toEqual(cands.map((c) => c.name));
    const keys = await voterKeys(v.id);
    for (const [i, k] of keys.entries()) await paper(v.id, k, i < 4 ? 'c2' : 'c1');
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result.elected).toEqual(['c2']);
    const appointed = await staff.post(`/api/v1/votes/${v.id}/appoint`);
    expect(appointed.statusCode, appointed.body).toBe(200);
    expect((await staff.get(`/api/v1/teams/${team.id}`)).json().team.leaderName).toBe(cands[1].name);
    expect((await staff.post(`/api/v1/votes/${v.id}/appoint`)).statusCode).toBe(409);
  });

  it('candidates come from the community’s registry; seats fit the candidates', async () => {
    const [outsider] = await t.database.query<{ id: string }>(`SELECT id FROM residents WHERE household_code LIKE '140681%' LIMIT 1`);
    const res = await staff.post('/api/v1/votes', { kind: 'election', method: 'person', title: '楼栋长选举', placeCode: t.codes.building, candidates: [{ residentId: outsider.id }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].field).toBe('candidates.0.residentId');
    const none = await staff.post('/api/v1/votes', { kind: 'election', method: 'person', title: '楼栋长选举', placeCode: t.codes.building });
    expect(none.json().fields[0].field).toBe('candidates');
  });
});

describe('who may', () => {
  it('residents, grid workers and property staff do not set up, open, close or enter ballots; staff of another county do not see', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '权限测试' });
    const body = { kind: 'matter', method: 'household', title: '不可', placeCode: t.codes.unit };
    for (const who of ['resident', 'grid', 'property', 'unit', 'building', 'supervisor']) {
      const c = await t.signIn(who);
      expect((await c.post('/api/v1/votes', body)).statusCode, who).toBe(403);
      expect((await c.post(`/api/v1/votes/${v.id}/close`)).statusCode, who).toBe(403);
      expect((await c.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: `h:${t.codes.household}`, choices: ['agree'] })).statusCode, who).toBe(403);
      expect((await c.request({ method: 'PUT', url: `/api/v1/owners/${b2Households[0]}`, payload: { ownerName: 'x', area: 1 } })).statusCode, who).toBe(403);
    }
    const grid = await t.signIn('grid');
    expect((await grid.get(`/api/v1/votes/${v.id}/voters`)).statusCode).toBe(200);
    const resident = await t.signIn('resident');
    expect((await resident.get(`/api/v1/votes/${v.id}/voters`)).statusCode).toBe(403);
    expect((await resident.get(`/api/v1/owners?compound=${t.codes.compound}`)).statusCode).toBe(403);
    expect((await (await t.signIn('property')).get(`/api/v1/owners?compound=${t.codes.compound}`)).statusCode).toBe(200);
    const [other] = await t.database.query<{ code: string }>(`SELECT code FROM places WHERE level = 'compound' AND code LIKE '140681%' LIMIT 1`);
    const county = await t.signIn('county');
    expect((await county.post('/api/v1/votes', { ...body, placeCode: other.code })).statusCode).toBe(403);
    expect((await county.get(`/api/v1/owners?compound=${other.code}`)).statusCode).toBe(403);
  });

  it('a create with the same Idempotency-Key makes one vote', async () => {
    const body = { kind: 'matter', method: 'household', title: '幂等测试', placeCode: t.codes.unit };
    const send = () => staff.request({ method: 'POST', url: '/api/v1/votes', payload: body, headers: { 'idempotency-key': 'vote-idem-1' } });
    const a = await send();
    const b = await send();
    expect(a.json().id).toBe(b.json().id);
  });
});
