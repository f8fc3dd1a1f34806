import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithGrants } from '../identity/identity.service.js';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let staff: Client;
/** Residents of the demo community with accounts of their own: n1..n4 (other households of unit 1). */
const neighbours: Client[] = [];

beforeAll(async () => {
  t = await createTestContext();
  staff = await t.signIn('community');
  const heads = await t.database.query<{ id: string; name: string; household_code: string }>(
    `SELECT DISTINCT ON (household_code) id, name, household_code FROM residents WHERE household_code LIKE $1 || '%' AND household_code <> $2 ORDER BY household_code, (relation = '本人') DESC LIMIT 4`,
    [t.codes.unit, t.codes.household],
  );
  for (const [i, h] of heads.entries()) {
    await createUserWithGrants(t.database.db, { username: `n${i + 1}`, displayName: h.name, password: 'Linli@2026', residentId: h.id, grants: [{ role: 'resident', scopeCode: h.household_code }] });
    neighbours.push(await t.signIn(`n${i + 1}`));
  }
});
afterAll(() => t?.close());

describe('proposals', () => {
  it('a resident raises one; neighbours support it to the community’s threshold, and it is accepted for deliberation', async () => {
    expect((await staff.request({ method: 'PUT', url: `/api/v1/governance-settings/${t.codes.community}`, payload: { supportThreshold: 3 } })).json().supportThreshold).toBe(3);
    const resident = await t.signIn('resident');
    const created = await resident.post('/api/v1/proposals', { title: '小区东门加装充电桩', body: '电动车在楼道充电有火灾隐患，建议在东门集中加装充电桩。' });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ status: 'collecting', supportCount: 1, threshold: 3, supported: true, placeCode: t.codes.community });
    expect((await resident.post(`/api/v1/proposals/${p.id}/support`)).statusCode).toBe(409);
    expect((await neighbours[0].post(`/api/v1/proposals/${p.id}/support`)).json()).toMatchObject({ supportCount: 2, status: 'collecting' });
    const third = (await neighbours[1].post(`/api/v1/proposals/${p.id}/support`)).json();
    expect(third).toMatchObject({ supportCount: 3, status: 'accepted' });
    expect(third.acceptedAt).not.toBeNull();
    // Supports after the threshold still count while it waits for the meeting.
    expect((await neighbours[2].post(`/api/v1/proposals/${p.id}/support`)).json().supportCount).toBe(4);
  });

  it('supports sent at the same moment by one resident count once', async () => {
    const resident = await t.signIn('resident');
    const p = (await resident.post('/api/v1/proposals', { title: '楼道照明改造', body: '楼道灯经常不亮，建议换成声控灯。' })).json();
    const results = await Promise.all(Array.from({ length: 4 }, () => neighbours[3].post(`/api/v1/proposals/${p.id}/support`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    expect((await resident.get(`/api/v1/proposals/${p.id}`)).json().supportCount).toBe(2);
  });

  it('residents of another community neither see nor support; staff cannot support', async () => {
    const resident = await t.signIn('resident');
    const p = (await resident.post('/api/v1/proposals', { title: '增设健身器材', body: '小区广场缺少健身器材。' })).json();
    const [far] = await t.database.query<{ id: string; household_code: string }>(`SELECT id, household_code FROM residents WHERE household_code LIKE '140681%' LIMIT 1`);
    await createUserWithGrants(t.database.db, { username: 'far', displayName: 'far', password: 'Linli@2026', residentId: far.id, grants: [{ role: 'resident', scopeCode: far.household_code }] });
    const outsider = await t.signIn('far');
    expect((await outsider.get(`/api/v1/proposals/${p.id}`)).statusCode).toBe(403);
    expect((await outsider.post(`/api/v1/proposals/${p.id}/support`)).statusCode).toBe(403);
    expect((await staff.post(`/api/v1/proposals/${p.id}/support`)).statusCode).toBe(403);
    expect((await (await t.signIn('township')).get(`/api/v1/proposals?community=${t.codes.community}`)).statusCode).toBe(200);
    const bad = await resident.post('/api/v1/proposals', { title: '短', body: '内容' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('title');
  });
});

describe('deliberation', () => {
  it('staff put a proposal on the agenda directly, invite the unit’s households, record attendance, minutes, decisions and a task that becomes a ticket', async () => {
    const resident = await t.signIn('resident');
    const p = (await resident.post('/api/v1/proposals', { title: '单元门禁维修', body: '单元门禁坏了一个月，外来人员随意进出。' })).json();
    expect(p.status).toBe('collecting');
    const [rep] = await t.database.query<{ id: string }>(`SELECT r.id FROM residents r JOIN party_members m ON m.resident_id = r.id WHERE r.household_code LIKE $1 || '%' LIMIT 1`, [t.codes.community]);
    const created = await staff.post('/api/v1/meetings', {
      placeCode: t.codes.compound,
      title: '幸福新邻里小区11月议事会',
      startsAt: '2026-11-28T07:00:00.000Z',
      location: '小区党群服务站',
      items: [{ proposalId: p.id }, { title: '通报上月工单办理情况' }],
      inviteHouseholdsOf: t.codes.unit,
      representatives: [rep.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect(m.items.map((i: { title: string }) => i.title)).toEqual(['单元门禁维修', '通报上月工单办理情况']);
    expect(m.invitees).toHaveLength(7);
    expect((await resident.get(`/api/v1/proposals/${p.id}`)).json()).toMatchObject({ status: 'deliberating', meetingId: m.id });

    const present = m.invitees.slice(0, 5).map((i: { inviteeKey: string }) => i.inviteeKey);
    const att = await staff.request({ method: 'PUT', url: `/api/v1/meetings/${m.id}/attendance`, payload: { present } });
    expect(att.json().attended).toBe(5);
    const stranger = await staff.request({ method: 'PUT', url: `/api/v1/meetings/${m.id}/attendance`, payload: { present: ['h:140602001001003001010101'] } });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().fields[0].field).toBe('present');

    const minutes = await staff.request({
      method: 'PUT',
      url: `/api/v1/meetings/${m.id}/minutes`,
      payload: { minutes: '到会5户，一致同意由物业维修门禁。', decisions: [{ itemId: m.items[0].id, decision: '物业一周内维修单元门禁' }] },
    });
    expect(minutes.json()).toMatchObject({ status: 'held', minutes: '到会5户，一致同意由物业维修门禁。' });
    expect(minutes.json().items[0].decision).toBe('物业一周内维修单元门禁');

    const withTask = (await staff.post(`/api/v1/meetings/${m.id}/tasks`, { title: '维修单元门禁', description: '1号楼1单元门禁损坏，需更换读卡器', placeCode: t.codes.unit, assignee: '物业', dueOn: '2026-12-05' })).json();
    const task = withTask.tasks[0];
    expect(task.ticketId).toBeNull();
    const [a, b] = await Promise.all([
      staff.post(`/api/v1/meeting-tasks/${task.id}/ticket`, { contactName: '李楼长', contactPhone: '13912345678' }),
      staff.post(`/api/v1/meeting-tasks/${task.id}/ticket`, { contactName: '李楼长', contactPhone: '13912345678' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const done = (a.statusCode === 201 ? a : b).json().tasks[0];
    expect(done.ticketNumber).toMatch(/^\d{14}$/);
    const ticket = (await staff.get(`/api/v1/tickets/${done.ticketId}`)).json();
    expect(ticket.ticket).toMatchObject({ channel: 'phone', placeCode: t.codes.unit });
    expect(ticket.ticket.description).toContain('议事会跟进事项');

    const decided = (await staff.post(`/api/v1/proposals/${p.id}/decide`, { status: 'decided', outcome: '物业一周内维修单元门禁' })).json();
    expect(decided).toMatchObject({ status: 'decided', outcome: '物业一周内维修单元门禁' });
    // Residents of the community read the meeting and its minutes.
    expect((await resident.get(`/api/v1/meetings/${m.id}`)).json().minutes).toContain('到会5户');
  });

  it('a proposal put to a household vote is decided by the vote’s result', async () => {
    const resident = await t.signIn('resident');
    const p = (await resident.post('/api/v1/proposals', { title: '单元楼道粉刷', body: '楼道墙面脱落，建议重新粉刷，费用由住户分摊。' })).json();
    const v = (await staff.post('/api/v1/votes', { kind: 'matter', method: 'household', title: '是否粉刷单元楼道', placeCode: t.codes.unit, proposalId: p.id })).json();
    expect((await resident.get(`/api/v1/proposals/${p.id}`)).json()).toMatchObject({ status: 'voting', voteId: v.id });
    await staff.post(`/api/v1/votes/${v.id}/open`);
    await resident.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] });
    for (const n of neighbours) await n.post(`/api/v1/votes/${v.id}/ballots`, { choices: ['agree'] });
    const closed = (await staff.post(`/api/v1/votes/${v.id}/close`)).json();
    expect(closed.result.passed).toBe(true);
    const after = (await resident.get(`/api/v1/proposals/${p.id}`)).json();
    expect(after.status).toBe('decided');
    expect(after.outcome).toContain('表决通过');
    expect((await staff.post(`/api/v1/proposals/${p.id}/decide`, { status: 'rejected', outcome: '不行' })).statusCode).toBe(409);
  });

  it('only leaders call meetings, record minutes or make tickets of tasks', async () => {
    const m = (await staff.post('/api/v1/meetings', { placeCode: t.codes.community, title: '社区议事会', startsAt: '2026-12-01T07:00:00.000Z', location: '社区', items: [{ title: '议程一' }] })).json();
    for (const who of ['resident', 'grid', 'unit', 'building', 'property', 'supervisor']) {
      const c = await t.signIn(who);
      expect((await c.post('/api/v1/meetings', { placeCode: t.codes.community, title: 'x会议', startsAt: '2026-12-01T07:00:00.000Z', location: 'x', items: [{ title: 'x' }] })).statusCode, who).toBe(403);
      expect((await c.request({ method: 'PUT', url: `/api/v1/meetings/${m.id}/minutes`, payload: { minutes: '纪要', decisions: [] } })).statusCode, who).toBe(403);
    }
    expect((await (await t.signIn('secretary')).request({ method: 'PUT', url: `/api/v1/meetings/${m.id}/minutes`, payload: { minutes: '纪要', decisions: [] } })).statusCode).toBe(403);
    const withTask = (await staff.post(`/api/v1/meetings/${m.id}/tasks`, { title: '跟进事项', description: '内容内容' })).json();
    const secretary = await t.signIn('secretary');
    expect((await secretary.post(`/api/v1/meeting-tasks/${withTask.tasks[0].id}/ticket`, { contactName: 'x', contactPhone: '13912345678' })).statusCode).toBe(403);
  });
});

describe('the residents’ convention', () => {
  it('a version adopted by vote supersedes the one before; households acknowledge the one in force', async () => {
    const resident = await t.signIn('resident');
    const body = '一、爱护公共环境，垃圾分类投放。二、邻里互助，守望相助。三、文明养犬，及时清理。';
    const v1 = (await staff.post('/api/v1/conventions', { communityCode: t.codes.community, title: '马邑路中心社区居民公约', body })).json();
    expect(v1).toMatchObject({ version: 1, status: 'draft' });
    expect((await resident.get('/api/v1/conventions')).json()).toEqual([]);
    const voting = (await staff.post(`/api/v1/conventions/${v1.id}/vote`, { method: 'household' })).json();
    expect(voting.status).toBe('voting');
    const voters = (await staff.get(`/api/v1/votes/${voting.voteId}/voters`)).json();
    for (const x of voters.slice(0, Math.floor(voters.length / 2) + 1)) await staff.post(`/api/v1/votes/${voting.voteId}/paper-ballots`, { voterKey: x.voterKey, choices: ['agree'] });
    await staff.post(`/api/v1/votes/${voting.voteId}/close`);
    let list = (await resident.get('/api/v1/conventions')).json();
    expect(list[0]).toMatchObject({ version: 1, status: 'adopted', mine: false });
    const acked = (await resident.post(`/api/v1/conventions/${v1.id}/acknowledge`)).json();
    expect(acked).toMatchObject({ mine: true, acknowledged: 1 });
    expect((await resident.post(`/api/v1/conventions/${v1.id}/acknowledge`)).json().acknowledged).toBe(1);

    const v2 = (await staff.post('/api/v1/conventions', { communityCode: t.codes.community, title: '马邑路中心社区居民公约', body: body + '四、电动车不进楼道。' })).json();
    expect(v2.version).toBe(2);
    const voting2 = (await staff.post(`/api/v1/conventions/${v2.id}/vote`, { method: 'household', secret: true })).json();
    // A secret vote: each voter hands in her paper ballot, then the ballots are taken from the box.
    const voters2 = (await staff.get(`/api/v1/votes/${voting2.voteId}/voters`)).json();
    const majority = voters2.slice(0, Math.floor(voters2.length / 2) + 1);
    for (const x of majority) expect((await staff.post(`/api/v1/votes/${voting2.voteId}/hand-ins`, { voterKey: x.voterKey })).statusCode).toBe(201);
    for (const _ of majority) expect((await staff.post(`/api/v1/votes/${voting2.voteId}/box-ballots`, { choices: ['agree'] })).statusCode).toBe(201);
    expect((await staff.post(`/api/v1/votes/${voting2.voteId}/close`)).statusCode).toBe(200);
    list = (await resident.get('/api/v1/conventions')).json();
    expect(list.map((c: { version: number; status: string }) => [c.version, c.status])).toEqual([
      [2, 'adopted'],
      [1, 'superseded'],
    ]);
    expect((await resident.post(`/api/v1/conventions/${v1.id}/acknowledge`)).statusCode).toBe(409);
    expect((await resident.post('/api/v1/conventions', { communityCode: t.codes.community, title: '公约', body })).statusCode).toBe(403);
  });

  it('a version the vote rejects is not adopted', async () => {
    const c = (await staff.post('/api/v1/conventions', { communityCode: t.codes.community, title: '公约修订', body: '一、禁止高空抛物。二、不得占用消防通道。' })).json();
    const voting = (await staff.post(`/api/v1/conventions/${c.id}/vote`, { method: 'household' })).json();
    await staff.post(`/api/v1/votes/${voting.voteId}/close`);
    const list = (await staff.get(`/api/v1/conventions?community=${t.codes.community}`)).json();
    expect(list.find((x: { id: string }) => x.id === c.id).status).toBe('rejected');
  });
});
