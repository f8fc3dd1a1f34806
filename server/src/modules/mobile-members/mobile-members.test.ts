import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const signedIn = new Map<string, Promise<Client>>();
const as = (u: string) => {
  if (!signedIn.has(u)) signedIn.set(u, t.signIn(u));
  return signedIn.get(u)!;
};
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
let community: string;

beforeAll(async () => {
  t = await createTestContext();
  // A community of its own, so the demo's own mobile members do not count here.
  community = '140602001002';
});
afterAll(() => t?.close());

async function survey(name: string, city: string, partyStatus: 'full' | 'probationary' = 'full', extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await (await as('township')).post('/api/v1/mobile-members', { communityCode: community, name, partyStatus, leftOn: '2025-03-01', destinationCity: city, employer: '某建筑公司', mobile: '13912345678', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('the five steps', () => {
  it('survey and register; the mobile is masked; bad input names the field', async () => {
    const m = await survey('张三', '太原市');
    expect(m).toEqual(expect.objectContaining({ step: 'surveyed', mobile: '139****5678', destinationCity: '太原市' }));
    const staff = await as('township');
    const reg = await staff.post(`/api/v1/mobile-members/${m.id}/register`, {});
    expect(reg.json().step).toBe('registered');
    expect((await staff.post(`/api/v1/mobile-members/${m.id}/register`, {})).statusCode).toBe(409);
    const bad = await staff.post('/api/v1/mobile-members', { communityCode: community, name: 'x', partyStatus: 'full', leftOn: '2025-03-01', destinationCity: '太原市', mobile: '123' });
    expect(bad.json().fields[0].field).toBe('mobile');
    const future = await staff.post('/api/v1/mobile-members', { communityCode: community, name: 'x', partyStatus: 'full', leftOn: '2999-01-01', destinationCity: '太原市' });
    expect(future.json().fields[0].field).toBe('leftOn');
  });

  it('grouping proposes an organisation where 3 or more registered full members went to the same city', async () => {
    const staff = await as('township');
    const ids = [];
    for (const [name, city, status] of [
      ['李四', '太原市', 'full'],
      ['王五', '太原市', 'full'],
      ['赵六', '北京市', 'full'],
      ['钱七', '北京市', 'full'],
      ['孙八', '北京市', 'probationary'],
    ] as const) {
      const m = await survey(name, city, status);
      await staff.post(`/api/v1/mobile-members/${m.id}/register`, {});
      ids.push(m.id);
    }
    const unregistered = await survey('周九', '北京市');
    const proposal = (await staff.get(`/api/v1/mobile-groups/proposal?place=${community}`)).json();
    // 太原: 张三 李四 王五 (3 full). 北京: 2 full + a probationary + an unregistered one: not yet.
    expect(proposal.map((p: Json) => p.destinationCity)).toEqual(['太原市']);
    expect(proposal[0].names.sort()).toEqual(['张三', '李四', '王五'].sort());
    expect((await staff.post('/api/v1/mobile-groups', { placeCode: community, destinationCity: '北京市' })).statusCode).toBe(409);
    const g = await staff.post('/api/v1/mobile-groups', { placeCode: community, destinationCity: '太原市' });
    expect(g.statusCode, g.body).toBe(201);
    expect(g.json()).toEqual(expect.objectContaining({ destinationCity: '太原市', members: 3 }));
    expect((await staff.get(`/api/v1/mobile-groups/proposal?place=${community}`)).json()).toEqual([]);
    await staff.post(`/api/v1/mobile-members/${unregistered.id}/register`, {});
    expect((await staff.get(`/api/v1/mobile-groups/proposal?place=${community}`)).json().map((p: Json) => p.destinationCity)).toEqual(['北京市']);
    const list = (await staff.get(`/api/v1/mobile-members?place=${community}`)).json();
    expect(list.filter((m: Json) => m.step === 'grouped').map((m: Json) => m.groupName)).toEqual(Array(3).fill(g.json().name));
  });

  it('pairing and tracking: overdue contacts are listed, study is recorded, cadres are reminded', async () => {
    const staff = await as('township');
    const list = (await staff.get(`/api/v1/mobile-members?place=${community}`)).json();
    const byName = Object.fromEntries(list.map((m: Json) => [m.name, m]));
    const unpaired = await staff.post(`/api/v1/mobile-members/${byName['张三'].id}/contacts`, { method: 'phone' });
    expect(unpaired.statusCode).toBe(409);
    const community_ = await as('community');
    const cadre = (await community_.get('/api/v1/me')).json().user.id;
    for (const n of ['张三', '李四', '王五', '赵六']) {
      const r = await staff.post(`/api/v1/mobile-members/${byName[n].id}/pair`, { cadreUserId: cadre, ...(n === '赵六' ? { rhythmDays: 7 } : {}) });
      expect(r.json().step).toBe('paired');
    }
    // The cadre logs her own contacts: 张三 40 days ago (overdue), 李四 5 days ago with study (not), 赵六 10 days ago on a weekly rhythm (overdue); 王五 was just paired (not).
    const c1 = await community_.post(`/api/v1/mobile-members/${byName['张三'].id}/contacts`, { method: 'phone', note: '在太原工地，一切安好', at: daysAgo(40) });
    expect(c1.statusCode, c1.body).toBe(200);
    const c2 = await community_.post(`/api/v1/mobile-members/${byName['李四'].id}/contacts`, { method: 'video', at: daysAgo(5), study: true, studyTopic: '线上主题党日：学习党的二十届三中全会精神' });
    expect(c2.json().contacts[0]).toEqual(expect.objectContaining({ study: true, studyTopic: '线上主题党日：学习党的二十届三中全会精神', byName: '马邑路中心社区工作者' }));
    expect(c2.json().member.studies).toBe(1);
    await community_.post(`/api/v1/mobile-members/${byName['赵六'].id}/contacts`, { method: 'wechat', at: daysAgo(10) });
    const noTopic = await community_.post(`/api/v1/mobile-members/${byName['李四'].id}/contacts`, { method: 'visit', study: true });
    expect(noTopic.json().fields[0].field).toBe('studyTopic');
    const overdue = (await staff.get(`/api/v1/mobile-members?place=${community}&overdue=true`)).json();
    expect(overdue.map((m: Json) => m.name).sort()).toEqual(['张三', '赵六'].sort());
    expect(overdue.every((m: Json) => m.overdue && m.step === 'tracking')).toBe(true);
    const res = (await staff.post('/api/v1/mobile-members/reminders', { placeCode: community })).json();
    expect(res).toEqual({ overdue: 2, cadres: 1 });
    const inbox = JSON.stringify((await community_.get('/api/v1/inbox')).json());
    expect(inbox).toContain('流动党员联系提醒');
    expect(inbox).toContain('张三');
    // A fresh contact takes him off the list.
    await community_.post(`/api/v1/mobile-members/${byName['张三'].id}/contacts`, { method: 'phone' });
    expect((await staff.get(`/api/v1/mobile-members?place=${community}&overdue=true`)).json().map((m: Json) => m.name)).toEqual(['赵六']);
  });

  it('the demo city has mobile members grouped by destination city', async () => {
    const staff = await as('community');
    const groups = (await staff.get(`/api/v1/mobile-groups?place=${t.codes.community}`)).json();
    expect(groups.length).toBeGreaterThan(0);
    expect(groups[0].fullMembers).toBeGreaterThanOrEqual(3);
    expect((await staff.get(`/api/v1/mobile-members?place=${t.codes.community}&overdue=true`)).json().length).toBeGreaterThan(0);
  });
});

describe('who may', () => {
  it('residents, grid workers and staff of another community do not see or keep mobile members', async () => {
    const list = (await (await as('township')).get(`/api/v1/mobile-members?place=${community}`)).json();
    for (const u of ['resident', 'grid', 'community']) {
      const c = await as(u);
      expect((await c.get(`/api/v1/mobile-members?place=${community}`)).statusCode, u).toBe(403);
      expect((await c.post(`/api/v1/mobile-members/${list[0].id}/register`, {})).statusCode, u).toBe(403);
    }
    const resident = await as('resident');
    expect((await resident.post(`/api/v1/mobile-members/${list[0].id}/contacts`, { method: 'phone' })).statusCode).toBe(403);
    expect((await resident.get(`/api/v1/mobile-members/${list[0].id}`)).statusCode).toBe(403);
  });
});
