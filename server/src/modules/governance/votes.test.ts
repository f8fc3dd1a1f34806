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

/** A named paper ballot (an open vote), in one step. */
async function paper(voteId: string, voterKey: string, choice: string) {
  const res = await staff.post(`/api/v1/votes/${voteId}/paper-ballots`, { voterKey, choices: [choice] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A secret vote's first paper step: the voter hands in her ballot; returns the paper's number (owners' votes) or null. */
async function handIn(voteId: string, voterKey: string): Promise<string | null> {
  const res = await staff.post(`/api/v1/votes/${voteId}/hand-ins`, { voterKey });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().paperNo;
}

/** A secret vote's second paper step: a ballot from the box. */
async function box(voteId: string, choices: string[], paperNo?: string | null) {
  const res = await staff.post(`/api/v1/votes/${voteId}/box-ballots`, { choices, ...(paperNo ? { paperNo } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/**
 * Paper ballots of `votes` ([voter key, choice]): named ones on an open vote; on a secret vote every
 * voter hands hers in first, then the box is emptied in another order.
 */
async function paperBallots(vote: { id: string; secret: boolean }, votes: Array<[string, string]>) {
  if (!vote.secret) {
    for (const [k, choice] of votes) await paper(vote.id, k, choice);
    return;
  }
  const papers: Array<{ choice: string; paperNo: string | null }> = [];
  for (const [k, choice] of votes) papers.push({ choice, paperNo: await handIn(vote.id, k) });
  for (const p of [...papers].reverse()) await box(vote.id, [p.choice], p.paperNo);
}

interface Voter {
  voterKey: string;
  label: string;
  householdCode: string;
  voted: boolean;
  channel: string | null;
}
const votersOf = async (voteId: string): Promise<Voter[]> => (await staff.get(`/api/v1/votes/${voteId}/voters`)).json();
async function voterKeys(voteId: string): Promise<string[]> {
  return (await votersOf(voteId)).map((v) => v.voterKey);
}
/** The voter key of a household (keys are opaque: no place code in them). */
async function keyOf(voteId: string, householdCode: string) {
  const voter = (await votersOf(voteId)).find((v) => v.householdCode === householdCode);
  expect(voter, householdCode).toBeDefined();
  return voter!.voterKey;
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
  // Open votes take named paper ballots; secret ones take hand-ins and then box ballots, whose weight is their paper's.
  describe.each([
    ['named paper ballots', false],
    ['ballots from the box', true],
  ])('with %s', (_, secret) => {
    it('passes an ordinary matter at exactly 2/3 of the area and of the owners taking part', async () => {
      await setRoll([100, 100, 100, 100, 100, 100, 100, 100, 100]);
      const v = await newVote({ method: 'owners', placeCode: building2, secret });
      expect(v.electorate).toEqual({ voters: 9, areaCenti: 90_000 });
      const keys = await voterKeys(v.id);
      await paperBallots(v, [...keys.slice(0, 4).map((k): [string, string] => [k, 'agree']), [keys[4], 'oppose'], [keys[5], 'agree']]);
      const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
      expect(closed.result).toMatchObject({ participation: { voters: 6, areaCenti: 60_000 }, quorum: { met: true }, passed: true });
    });

    it('fails the quorum just below 2/3 of the area', async () => {
      await setRoll([100, 100, 100, 100, 100, 99.99, 100, 100, 100.01]);
      const v = await newVote({ method: 'owners', placeCode: building2, secret });
      const keys = await voterKeys(v.id);
      await paperBallots(v, keys.slice(0, 6).map((k) => [k, 'agree']));
      const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
      expect(closed.result).toMatchObject({ participation: { voters: 6, areaCenti: 59_999 }, quorum: { met: false }, passed: false });
    });

    it('passes a major matter at exactly 3/4 and fails it just below', async () => {
      await setRoll([100, 100, 100, 100, 100, 100, 100, 100]);
      const pass = await newVote({ method: 'owners', placeCode: building2, matter: 'maintenance_fund', title: '使用专项维修资金更换电梯', secret });
      let keys = await voterKeys(pass.id);
      await paperBallots(pass, keys.map((k, i) => [k, i < 6 ? 'agree' : 'oppose']));
      expect((await staff.post(`/api/v1/votes/${pass.id}/close`)).json().result).toMatchObject({ threshold: 'three_quarters', passed: true });

      await setRoll([100, 100, 100, 100, 100, 99.99, 100, 100.01]);
      const fail = await newVote({ method: 'owners', placeCode: building2, matter: 'maintenance_fund', title: '使用专项维修资金更换电梯', secret });
      keys = await voterKeys(fail.id);
      await paperBallots(fail, keys.map((k, i) => [k, i < 6 ? 'agree' : 'oppose']));
      const r = (await staff.post(`/api/v1/votes/${fail.id}/close`)).json().result;
      expect(r.options[0]).toMatchObject({ key: 'agree', votes: 6, areaCenti: 59_999 });
      expect(r.options[1]).toMatchObject({ key: 'oppose', votes: 2, areaCenti: 20_001 });
      expect(r.passed).toBe(false);
    });
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
    const again = await staff.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: await keyOf(v.id, t.codes.household), choices: ['oppose'] });
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
    const key = await keyOf(v.id, t.codes.household);
    const [a, b] = await Promise.all([
      resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] }),
      staff.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: key, choices: ['agree'] }),
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
    const notVoter = await staff.post(`/api/v1/votes/${mine.id}/paper-ballots`, { voterKey: 'h:00000000-0000-4000-8000-000000000000', choices: ['agree'] });
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

describe('paper ballots on a secret vote, in two steps', () => {
  it('a hand-in takes part and stops a second ballot online or on paper; the box gives no more ballots than were handed in', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '投票箱', secret: true });
    const mine = await keyOf(v.id, t.codes.household);
    const [other] = (await voterKeys(v.id)).filter((k) => k !== mine);
    const oneStep = await staff.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: other, choices: ['agree'] });
    expect(oneStep.statusCode).toBe(409);
    expect(oneStep.json().fields[0].field).toBe('secret');
    const early = await staff.post(`/api/v1/votes/${v.id}/box-ballots`, { choices: ['agree'] });
    expect(early.statusCode).toBe(409);
    expect(early.json().fields[0].field).toBe('choices');

    expect(await handIn(v.id, mine)).toBeNull();
    const resident = await t.signIn('resident');
    expect((await resident.get(`/api/v1/votes/${v.id}`)).json()).toMatchObject({ participation: { voters: 1 }, paper: { handedIn: 1, entered: 0 }, mine: { eligible: true, voted: true } });
    expect((await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['oppose'] })).statusCode).toBe(409);
    const twice = await staff.post(`/api/v1/votes/${v.id}/hand-ins`, { voterKey: mine });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().fields[0].field).toBe('voterKey');
    const stranger = await staff.post(`/api/v1/votes/${v.id}/hand-ins`, { voterKey: 'h:00000000-0000-4000-8000-000000000000' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().fields[0].field).toBe('voterKey');

    expect(await box(v.id, ['agree'])).toEqual({ voteId: v.id, paper: { handedIn: 1, entered: 1 } });
    expect((await staff.post(`/api/v1/votes/${v.id}/box-ballots`, { choices: ['oppose'] })).statusCode).toBe(409);
    // A second voter; her ballot is spoilt (no choice): she took part, for no option.
    await handIn(v.id, other);
    const close = await staff.post(`/api/v1/votes/${v.id}/close`);
    expect(close.statusCode).toBe(409);
    expect(close.json().fields[0].field).toBe('paper');
    await box(v.id, []);
    expect((await staff.get(`/api/v1/votes/${v.id}`)).json().paper).toEqual({ handedIn: 2, entered: 2 });
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result.participation.voters).toBe(2);
    expect(closed.result.options.map((o: { votes: number }) => o.votes)).toEqual([1, 0, 0]);
    const voters = await votersOf(v.id);
    expect(voters.filter((x) => x.voted).map((x) => x.channel)).toEqual(['paper', 'paper']);
  });

  it('an owners’ box ballot weighs what its paper’s number carries, once; the number is never stored with its owner', async () => {
    await setRoll([91.11, 92.22, 93.33]);
    const v = await newVote({ method: 'owners', placeCode: building2, title: '无记名业主纸质表决', secret: true });
    const keys = await voterKeys(v.id);
    const first = await handIn(v.id, keys[0]);
    expect(first).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const without = await staff.post(`/api/v1/votes/${v.id}/box-ballots`, { choices: ['agree'] });
    expect(without.statusCode).toBe(400);
    expect(without.json().fields[0].field).toBe('paperNo');
    const unknown = await staff.post(`/api/v1/votes/${v.id}/box-ballots`, { choices: ['agree'], paperNo: first === 'AAAA-2222' ? 'BBBB-2222' : 'AAAA-2222' });
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json().fields[0].field).toBe('paperNo');
    // Typed without the dash, in lower case.
    await box(v.id, ['agree'], first!.replace('-', '').toLowerCase());
    const second = await handIn(v.id, keys[1]);
    const reused = await staff.post(`/api/v1/votes/${v.id}/box-ballots`, { choices: ['oppose'], paperNo: first });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().fields[0].field).toBe('paperNo');
    // What is stored while the paper waits in the box: its number and area, no voter.
    const waiting = await t.database.query<Record<string, unknown>>('SELECT * FROM vote_papers WHERE vote_id = $1', [v.id]);
    expect(waiting).toEqual([{ vote_id: v.id, paper_no: second, county_code: '140602', area_centi: expect.anything() }]);
    expect(Number(waiting[0].area_centi)).toBe(9222);
    await box(v.id, ['oppose'], second);
    await handIn(v.id, keys[2]);
    const detail = (await staff.get(`/api/v1/votes/${v.id}`)).json();
    expect(detail.participation).toEqual({ voters: 3, areaCenti: 27_666 });
    // The third paper is never entered: the vote does not close; once it is, no paper is left.
    expect((await staff.post(`/api/v1/votes/${v.id}/close`)).statusCode).toBe(409);
    const [left] = await t.database.query<{ paper_no: string }>('SELECT paper_no FROM vote_papers WHERE vote_id = $1', [v.id]);
    await box(v.id, ['agree'], left.paper_no);
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result.options.slice(0, 2)).toMatchObject([
      { key: 'agree', votes: 2, areaCenti: 9111 + 9333 },
      { key: 'oppose', votes: 1, areaCenti: 9222 },
    ]);
    expect(await t.database.query('SELECT 1 FROM vote_papers WHERE vote_id = $1', [v.id])).toEqual([]);
    // A household vote's box ballot carries no number.
    const household = await newVote({ method: 'household', placeCode: t.codes.unit, title: '无编号', secret: true });
    await handIn(household.id, (await voterKeys(household.id))[0]);
    const numbered = await staff.post(`/api/v1/votes/${household.id}/box-ballots`, { choices: ['agree'], paperNo: 'AAAA-2222' });
    expect(numbered.statusCode).toBe(400);
    expect(numbered.json().fields[0].field).toBe('paperNo');
  });

  it('marks of one voter at the same moment: one wins, whether both are hand-ins or one is her online ballot', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '并发交票', secret: true });
    const mine = await keyOf(v.id, t.codes.household);
    const [key] = (await voterKeys(v.id)).filter((k) => k !== mine);
    const marks = await Promise.all(Array.from({ length: 5 }, () => staff.post(`/api/v1/votes/${v.id}/hand-ins`, { voterKey: key })));
    expect(marks.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    const resident = await t.signIn('resident');
    const [a, b] = await Promise.all([resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] }), staff.post(`/api/v1/votes/${v.id}/hand-ins`, { voterKey: mine })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    // Two hand-ins, so two box ballots at once: both go in; a third at the same moment would be one too many.
    const detail = (await staff.get(`/api/v1/votes/${v.id}`)).json();
    const expected = detail.paper.handedIn;
    const boxed = await Promise.all(Array.from({ length: expected + 1 }, () => staff.post(`/api/v1/votes/${v.id}/box-ballots`, { choices: ['agree'] })));
    expect(boxed.filter((r) => r.statusCode === 201)).toHaveLength(expected);
    expect(boxed.filter((r) => r.statusCode === 409)).toHaveLength(1);
  });

  it('a retried hand-in or box ballot with the same Idempotency-Key has one effect and the same answer', async () => {
    await setRoll([80, 90]);
    const v = await newVote({ method: 'owners', placeCode: building2, title: '重试', secret: true });
    const [key] = await voterKeys(v.id);
    const send = (url: string, payload: object, k: string) => staff.request({ method: 'POST', url: `/api/v1/votes/${v.id}/${url}`, payload, headers: { 'idempotency-key': k } });
    const a = await send('hand-ins', { voterKey: key }, 'hand-in-1');
    const b = await send('hand-ins', { voterKey: key }, 'hand-in-1');
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().paperNo).toBe(a.json().paperNo);
    const x = await send('box-ballots', { choices: ['agree'], paperNo: a.json().paperNo }, 'box-1');
    const y = await send('box-ballots', { choices: ['agree'], paperNo: a.json().paperNo }, 'box-1');
    expect(y.json()).toEqual(x.json());
    expect((await staff.get(`/api/v1/votes/${v.id}`)).json().paper).toEqual({ handedIn: 1, entered: 1 });
  });

  it('an open vote takes named paper ballots only', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '记名纸质' });
    const [key] = await voterKeys(v.id);
    for (const [url, body] of [
      ['hand-ins', { voterKey: key }],
      ['box-ballots', { choices: ['agree'] }],
    ] as const) {
      const res = await staff.post(`/api/v1/votes/${v.id}/${url}`, body);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().fields[0].field).toBe('secret');
    }
  });
});

describe('secret ballots', () => {
  it('no API, export or audit row lets a voter be joined to a choice, not even by order', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.building, title: '无记名表决', secret: true });
    const resident = await t.signIn('resident');
    const admin = await t.signIn('admin');
    const mine = await keyOf(v.id, t.codes.household);
    const others = (await voterKeys(v.id)).filter((k) => k !== mine).slice(0, 8);
    // Staff watch who has voted, in order; the clerk even enters each box ballot as soon as it is handed in.
    const order: string[] = [];
    const watch = async () => {
      for (const x of await votersOf(v.id)) if (x.voted && !order.includes(x.voterKey)) order.push(x.voterKey);
    };
    const heads: string[] = [];
    const vote = async (step: () => Promise<unknown>) => {
      await step();
      await watch();
      heads.push((await staff.get(`/api/v1/votes/${v.id}`)).json().chainHead, (await staff.get(`/api/v1/votes/${v.id}/verify`)).json().head);
    };
    let myReceipt = { hash: '', seq: 0 as number | null };
    for (const [i, k] of others.entries()) {
      if (i === 3) await vote(async () => (myReceipt = (await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['oppose'] })).json()));
      await vote(async () => {
        await handIn(v.id, k);
        // A box ballot answers with the box's counts only: no one keeps its receipt.
        expect(Object.keys(await box(v.id, [i % 2 ? 'agree' : 'abstain']))).toEqual(['voteId', 'paper']);
      });
    }
    expect(order).toHaveLength(9);
    expect(myReceipt.seq).toBeNull();
    // Until it closes, the table keeps the ballots in the order they came.
    const arrived = (await t.database.query<{ receipt: string }>('SELECT receipt FROM vote_ballots WHERE vote_id = $1 ORDER BY seq', [v.id])).map((r) => r.receipt);
    expect(arrived[3]).toBe(myReceipt.hash);
    // While open: no ballots, no head (heads watched beside who voted would order the receipts), no place for a receipt.
    expect(new Set(heads)).toEqual(new Set(['']));
    expect((await staff.get(`/api/v1/votes/${v.id}/ballots`)).statusCode).toBe(409);
    expect((await resident.get(`/api/v1/vote-receipts/${myReceipt.hash}`)).json().seq).toBeNull();
    expect((await staff.get(`/api/v1/votes?place=${t.codes.building}`)).json().find((x: { id: string }) => x.id === v.id).chainHead).toBe('');

    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result.participation.voters).toBe(9);
    const ballots: Array<Record<string, unknown> & { seq: number; receipt: string; prevHash: string; hash: string }> = (await staff.get(`/api/v1/votes/${v.id}/ballots`)).json();
    expect(ballots).toHaveLength(9);
    // Published in the order of the receipts (random: each has a fresh nonce), not of arrival, and chained in that order.
    const receipts = ballots.map((b) => b.receipt);
    expect(receipts).toEqual([...arrived].sort());
    expect(ballots.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ballots.map((b) => b.prevHash)).toEqual(['', ...ballots.slice(0, -1).map((b) => b.hash)]);
    expect(closed.chainHead).toBe(ballots[8].hash);
    // A ballot says nothing of its voter, time or channel (a lone online voter would be named by hers).
    for (const b of ballots) expect(b).toMatchObject({ voterKey: null, castAt: null, channel: null });
    // The table keeps no trace of the order of arrival either: its rows are the sealed chain.
    const stored = await t.database.query<{ seq: number; receipt: string; voter_key: string | null; cast_at: Date | null; channel: string | null }>(
      'SELECT seq, receipt, voter_key, cast_at, channel FROM vote_ballots WHERE vote_id = $1 ORDER BY seq',
      [v.id],
    );
    expect(stored.map((r) => r.receipt)).toEqual(receipts);
    expect(stored.every((r) => r.voter_key === null && r.cast_at === null && r.channel === null)).toBe(true);
    const days = await t.database.query<{ voted_on: Date }>('SELECT voted_on FROM vote_voters WHERE vote_id = $1 AND voted_on IS NOT NULL', [v.id]);
    for (const d of days) expect(new Date(d.voted_on).toISOString()).toMatch(/T00:00:00\.000Z$/);

    // The voter side (who, which household, when by day, how) shares nothing with the ballot side.
    const voters = await votersOf(v.id);
    for (const x of voters) expect(Object.keys(x).sort()).toEqual(['areaCenti', 'channel', 'householdCode', 'label', 'voted', 'voterKey']);
    expect(voters.map((x) => x.householdCode)).toEqual(voters.map((x) => x.householdCode).sort());
    const published = [
      JSON.stringify(ballots),
      JSON.stringify(closed.result),
      (await staff.get(`/api/v1/votes/${v.id}/verify`)).body,
      (await resident.get(`/api/v1/vote-receipts/${myReceipt.hash}`)).body,
      (await admin.get('/api/v1/audit?action=vote.hand_in')).body,
      (await admin.get('/api/v1/audit?action=vote.box')).body,
      JSON.stringify(await t.database.query('SELECT actor_id, action, detail FROM audit_log WHERE target_id = $1', [v.id])),
    ].join('\n');
    for (const x of voters.filter((y) => y.voted)) {
      expect(published).not.toContain(x.voterKey);
      expect(published).not.toContain(x.householdCode);
      expect(published).not.toContain(x.label);
    }
    const [me] = await t.database.query<{ id: string }>(`SELECT id FROM users WHERE username = 'resident'`);
    const audit = await t.database.query<{ actor_id: string | null; action: string; detail: unknown }>(`SELECT actor_id, action, detail FROM audit_log WHERE target_id = $1 ORDER BY id`, [v.id]);
    expect(audit.some((r) => r.actor_id === me.id)).toBe(false);
    expect(JSON.stringify(audit)).not.toMatch(/agree|oppose|abstain/);
    expect([...new Set(audit.map((r) => r.action))]).toEqual(['vote.create', 'vote.open', 'vote.hand_in', 'vote.box', 'vote.close']);
    // Her receipt finds her ballot in the published chain, at its sealed place; that is all it says.
    const found = (await resident.get(`/api/v1/vote-receipts/${myReceipt.hash}`)).json();
    expect(found).toEqual({ voteId: v.id, seq: receipts.indexOf(myReceipt.hash) + 1, hash: myReceipt.hash });
    expect(ballots[found.seq - 1].choices).toEqual(['oppose']);
    expect((await staff.get(`/api/v1/votes/${v.id}/verify`)).json()).toMatchObject({ ok: true, checked: 9 });
  });

  it('a secret owners’ vote publishes no floor area or nonce per ballot (with the nonce, the receipt would give the area away); an open one does', async () => {
    await setRoll([91.11, 92.22, 93.33, 94.44]);
    const secret = await newVote({ method: 'owners', placeCode: building2, title: '无记名业主表决', secret: true });
    const open = await newVote({ method: 'owners', placeCode: building2, title: '记名业主表决' });
    for (const v of [secret, open]) {
      await paperBallots(v, (await voterKeys(v.id)).map((k, i) => [k, i < 3 ? 'agree' : 'oppose']));
      const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
      expect(closed.result.options[0]).toMatchObject({ key: 'agree', votes: 3, areaCenti: 27_666 });
      expect((await staff.get(`/api/v1/votes/${v.id}/verify`)).json()).toMatchObject({ ok: true, checked: 4 });
    }
    const hidden = (await staff.get(`/api/v1/votes/${secret.id}/ballots`)).json();
    expect(hidden.map((b: { areaCenti: number | null; nonce: string | null }) => [b.areaCenti, b.nonce])).toEqual(Array(4).fill([null, null]));
    expect(JSON.stringify(hidden)).not.toMatch(/9111|9222|9333|9444/);
    const shown = (await staff.get(`/api/v1/votes/${open.id}/ballots`)).json();
    expect(shown.map((b: { areaCenti: number }) => b.areaCenti).sort()).toEqual([9111, 9222, 9333, 9444]);
  });

  it('an open ballot shows who chose what', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.unit, title: '记名表决' });
    const resident = await t.signIn('resident');
    const receipt = (await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] })).json();
    expect(receipt.seq).toBe(1);
    await staff.post(`/api/v1/votes/${v.id}/close`);
    const [b] = (await staff.get(`/api/v1/votes/${v.id}/ballots`)).json();
    expect(b).toMatchObject({ voterKey: await keyOf(v.id, t.codes.household), choices: ['agree'], channel: 'online', receipt: receipt.hash });
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

  it('detects an edited secret ballot while the vote is open, and an edited, reordered, removed or inserted one in its sealed chain', async () => {
    const v = await newVote({ method: 'household', placeCode: t.codes.building, title: '无记名链校验', secret: true });
    await paperBallots(v, (await voterKeys(v.id)).slice(0, 5).map((k, i) => [k, i < 3 ? 'agree' : 'oppose']));
    const verify = async () => (await staff.get(`/api/v1/votes/${v.id}/verify`)).json();
    expect(await verify()).toMatchObject({ ok: true, checked: 5 });
    const setChoices = (seq: number, choices: string) => t.database.query(`UPDATE vote_ballots SET choices = $3::jsonb WHERE vote_id = $1 AND seq = $2`, [v.id, seq, choices]);
    const [{ choices: was }] = await t.database.query<{ choices: string[] }>('SELECT choices FROM vote_ballots WHERE vote_id = $1 AND seq = 2', [v.id]);
    await setChoices(2, JSON.stringify(was[0] === 'agree' ? ['oppose'] : ['agree']));
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2 });
    expect((await staff.post(`/api/v1/votes/${v.id}/close`)).statusCode).toBe(409);
    await setChoices(2, JSON.stringify(was));
    expect((await staff.post(`/api/v1/votes/${v.id}/close`)).statusCode).toBe(200);
    expect(await verify()).toMatchObject({ ok: true, checked: 5 });

    // Edited after the count: found at its row.
    const [{ choices: third }] = await t.database.query<{ choices: string[] }>('SELECT choices FROM vote_ballots WHERE vote_id = $1 AND seq = 3', [v.id]);
    await setChoices(3, JSON.stringify(third[0] === 'agree' ? ['oppose'] : ['agree']));
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 3 });
    await setChoices(3, JSON.stringify(third));
    // Two rows swapped (an order imposed on the published chain): the links no longer follow.
    const swap = async () => {
      await t.database.query('UPDATE vote_ballots SET seq = 100 WHERE vote_id = $1 AND seq = 1', [v.id]);
      await t.database.query('UPDATE vote_ballots SET seq = 1 WHERE vote_id = $1 AND seq = 2', [v.id]);
      await t.database.query('UPDATE vote_ballots SET seq = 2 WHERE vote_id = $1 AND seq = 100', [v.id]);
    };
    await swap();
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 1 });
    await swap();
    expect((await verify()).ok).toBe(true);
    // A ballot inserted at the end (a copy of the last with another nonce, chained after it): the count is wrong.
    await t.database.query(
      `INSERT INTO vote_ballots (vote_id, seq, county_code, voter_key, choices, area_centi, channel, nonce, receipt, prev_hash, hash, cast_at)
       SELECT vote_id, 6, county_code, voter_key, choices, area_centi, channel, 'x' || nonce, 'x' || receipt, hash, 'x' || hash, cast_at FROM vote_ballots WHERE vote_id = $1 AND seq = 5`,
      [v.id],
    );
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 6 });
    await t.database.query('DELETE FROM vote_ballots WHERE vote_id = $1 AND seq = 6', [v.id]);
    // One removed from the middle.
    await t.database.query('DELETE FROM vote_ballots WHERE vote_id = $1 AND seq = 4', [v.id]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 4 });
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
    await paperBallots(v, keys.map((k, i) => [k, i < 4 ? 'c2' : 'c1']));
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
    const secret = await newVote({ method: 'household', placeCode: t.codes.unit, title: '无记名权限测试', secret: true });
    const key = await keyOf(v.id, t.codes.household);
    const secretKey = await keyOf(secret.id, t.codes.household);
    const body = { kind: 'matter', method: 'household', title: '不可', placeCode: t.codes.unit };
    for (const who of ['resident', 'grid', 'property', 'unit', 'building', 'supervisor']) {
      const c = await t.signIn(who);
      expect((await c.post('/api/v1/votes', body)).statusCode, who).toBe(403);
      expect((await c.post(`/api/v1/votes/${v.id}/close`)).statusCode, who).toBe(403);
      expect((await c.post(`/api/v1/votes/${v.id}/paper-ballots`, { voterKey: key, choices: ['agree'] })).statusCode, who).toBe(403);
      expect((await c.post(`/api/v1/votes/${secret.id}/hand-ins`, { voterKey: secretKey })).statusCode, who).toBe(403);
      expect((await c.post(`/api/v1/votes/${secret.id}/box-ballots`, { choices: ['agree'] })).statusCode, who).toBe(403);
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

// Runs last: it moves the demo resident's household, so t.codes.household names no place afterwards.
describe('a household moved while a vote is open', () => {
  it('keeps its voter key, its place in the electorate and its ballot, inside or outside the vote’s place', async () => {
    const admin = await t.signIn('admin');
    const resident = await t.signIn('resident');
    // An open vote of the building, where she votes before the move; a secret vote of her unit, where she votes after it.
    const named = await newVote({ method: 'household', placeCode: t.codes.building, title: '搬迁前投票' });
    const secret = await newVote({ method: 'household', placeCode: t.codes.unit, title: '搬迁后投票', secret: true });
    const keys = [...(await voterKeys(named.id)), ...(await voterKeys(secret.id))];
    expect(keys.filter((k) => /\d{12}/.test(k))).toEqual([]);
    const namedKey = await keyOf(named.id, t.codes.household);
    const secretKey = await keyOf(secret.id, t.codes.household);
    expect((await resident.post(`/api/v1/votes/${named.id}/ballots`, { choices: ['agree'] })).statusCode).toBe(201);

    const [target] = await t.database.query<{ code: string }>(`SELECT code FROM places WHERE level = 'unit' AND parent_code = $1 AND code <> $2 ORDER BY code LIMIT 1`, [t.codes.building, t.codes.unit]);
    const moved = await admin.post(`/api/v1/places/${t.codes.household}/move`, { newParentCode: target.code });
    expect(moved.statusCode, moved.body).toBe(200);
    const newCode: string = moved.json().newCode;
    expect(newCode.startsWith(target.code)).toBe(true);

    // The open vote: her household, under its new code, has voted; its ballot still names it and the chain holds.
    expect((await votersOf(named.id)).find((x) => x.voterKey === namedKey)).toMatchObject({ householdCode: newCode, voted: true });
    expect((await resident.get(`/api/v1/votes/${named.id}`)).json().mine).toEqual({ eligible: true, voted: true });
    expect((await resident.post(`/api/v1/votes/${named.id}/ballots`, { choices: ['oppose'] })).statusCode).toBe(409);
    expect((await staff.post(`/api/v1/votes/${named.id}/paper-ballots`, { voterKey: namedKey, choices: ['oppose'] })).statusCode).toBe(409);
    expect((await staff.get(`/api/v1/votes/${named.id}/verify`)).json()).toMatchObject({ ok: true, checked: 1 });

    // The secret vote of her old unit: her household has left the unit but not the electorate fixed at opening.
    expect((await votersOf(secret.id)).find((x) => x.voterKey === secretKey)).toMatchObject({ householdCode: newCode, voted: false });
    expect((await resident.get(`/api/v1/votes/${secret.id}`)).json().mine).toEqual({ eligible: true, voted: false });
    expect((await resident.get('/api/v1/votes')).json().map((x: { id: string }) => x.id)).toContain(secret.id);
    expect((await resident.post(`/api/v1/votes/${secret.id}/ballots`, { choices: ['oppose'] })).statusCode).toBe(201);
    expect((await resident.post(`/api/v1/votes/${secret.id}/ballots`, { choices: ['oppose'] })).statusCode).toBe(409);
    expect((await staff.post(`/api/v1/votes/${secret.id}/hand-ins`, { voterKey: secretKey })).statusCode).toBe(409);

    for (const v of [named, secret]) {
      const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
      expect(closed.result.participation.voters, v.title).toBe(1);
    }
  });
});
