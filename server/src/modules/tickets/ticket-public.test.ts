import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { searchText } from '../../platform/search.js';

let t: TestContext;

async function ticket(n: string, f: { title: string; description: string; category: string; status: string; place: string; confidential?: boolean; created: string }) {
  const [row] = await t.database.query<{ id: string }>(
    `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, confidential, place_code, compound_code, community_code, township_code, county_code, tier, created_at, search_text)
     VALUES ($1, $2, $3, $4, 'general', 'resident', $5, $6, $7, substr($7, 1, 15), substr($7, 1, 12), substr($7, 1, 9), substr($7, 1, 6), 'unit_team', $8, $9) RETURNING id`,
    [n, f.title, f.description, f.category, f.status, f.confidential ?? false, f.place, `${f.created}+08:00`, searchText(f.title, f.description)],
  );
  return row.id;
}

async function event(ticketId: string, seq: number, type: string, role: string, note: string | null, isPublic = true, data: object = {}) {
  await t.database.query(
    "INSERT INTO ticket_events (ticket_id, seq, type, actor_name, actor_role, note, public, data, county_code) VALUES ($1, $2, $3, '张三', $4, $5, $6, $7, '140602')",
    [ticketId, seq, type, role, note, isPublic, JSON.stringify(data)],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  for (const [code, name] of [['clutter', '杂物乱堆'], ['noise', '噪音扰民'], ['dispute', '矛盾纠纷']]) {
    await t.database.query(
      `INSERT INTO ticket_categories (code, name, first_tier, deadline_hours, tier_shares, department) VALUES ($1, $2, 'unit_team', '{"emergency":2,"urgent":24,"general":168,"complex":360}', '{"unit_team":1}', '城市管理局') ON CONFLICT (code) DO NOTHING`,
      [code, name],
    );
  }
  const a = await ticket('20261101000001', { title: '楼道杂物乱堆', description: '1号楼楼道杂物乱堆堵住消防通道，请联系13812345678', category: 'clutter', status: 'closed', place: t.codes.household, created: '2026-11-01T08:00:00' });
  await event(a, 1, 'register', 'resident', '我的身份证14060219900101123X，电话13812345678');
  await event(a, 2, 'dispatch', 'system', null);
  await event(a, 3, 'escalate', 'system', '单元自治组超时未处置', true, { from: 'unit_team', tier: 'building_team' });
  await event(a, 4, 'report_back', 'building_team', '已清理');
  await event(a, 5, 'supervise', 'community_staff', '内部督办意见', false);
  await event(a, 6, 'verify_pass', 'grid_worker', '现场核查已清理');
  await ticket('20261105000002', { title: '广场舞噪音扰民', description: '晚上十点还在跳', category: 'noise', status: 'in_progress', place: t.codes.community + '002', created: '2026-11-05T20:00:00' });
  await ticket('20261106000003', { title: '邻里纠纷', description: '漏水引发纠纷', category: 'dispute', status: 'dispatched', place: t.codes.household, confidential: true, created: '2026-11-06T10:00:00' });
  await ticket('20261107000004', { title: '重复的杂物', description: '同上', category: 'clutter', status: 'merged', place: t.codes.household, created: '2026-11-07T10:00:00' });
  await ticket('20261108000005', { title: '怀仁的杂物', description: '杂物', category: 'clutter', status: 'shelved', place: '140681001001001001010101', created: '2026-11-08T10:00:00' });
});
afterAll(() => t?.close());

describe('the public list', () => {
  it('needs no sign-in, shows non-confidential tickets newest first, place to the compound only', async () => {
    const res = await t.anonymous.get('/api/v1/public/tickets');
    expect(res.statusCode).toBe(200);
    const { items, hasMore } = res.json();
    expect(items.map((i: { number: string }) => i.number)).toEqual(['20261108000005', '20261105000002', '20261101000001']);
    expect(hasMore).toBe(false);
    const first = items[2];
    expect(first.place).toBe('朔城区 北城街道 马邑路中心社区 幸福新邻里小区');
    expect(first.status).toBe('已结案');
    expect(first.categoryName).toBe('杂物乱堆');
    expect(JSON.stringify(items)).not.toContain('1号楼 1单元');
  });

  it('masks phone and ID numbers in every text', async () => {
    const all = JSON.stringify((await t.anonymous.get('/api/v1/public/tickets')).json()) + JSON.stringify((await t.anonymous.get('/api/v1/public/tickets/20261101000001')).json());
    expect(all).toContain('138****5678');
    expect(all).toContain('1406**********123X');
    expect(all).not.toContain('13812345678');
    expect(all).not.toContain('14060219900101123X');
  });

  it('shows the public timeline with roles, not names, and without internal events', async () => {
    const detail = (await t.anonymous.get('/api/v1/public/tickets/20261101000001')).json();
    expect(detail.timeline.map((e: { label: string; by: string }) => [e.label, e.by])).toEqual([
      ['受理立案', '居民'],
      ['派遣', '系统'],
      ['升级至楼栋互助队', '系统'],
      ['办理反馈', '楼栋互助队'],
      ['核查通过，结案', '网格员'],
    ]);
    expect(JSON.stringify(detail)).not.toContain('张三');
    expect(JSON.stringify(detail)).not.toContain('内部督办意见');
  });

  it('filters by place, category, status, dates and Chinese words; confidential and merged tickets never appear', async () => {
    const numbers = async (qs: string) => (await t.anonymous.get(`/api/v1/public/tickets?${qs}`)).json().items.map((i: { number: string }) => i.number);
    expect(await numbers(`place=${t.codes.compound}`)).toEqual(['20261101000001']);
    expect(await numbers('place=140602')).toEqual(['20261105000002', '20261101000001']);
    expect(await numbers('category=noise')).toEqual(['20261105000002']);
    expect(await numbers('status=open')).toEqual(['20261105000002']);
    expect(await numbers('status=shelved')).toEqual(['20261108000005']);
    expect(await numbers('from=2026-11-05&to=2026-11-07')).toEqual(['20261105000002']);
    expect(await numbers(`q=${encodeURIComponent('消防通道')}`)).toEqual(['20261101000001']);
    expect(await numbers(`q=${encodeURIComponent('纠纷')}`)).toEqual([]);
    expect(await numbers('category=dispute')).toEqual([]);
    expect((await t.anonymous.get('/api/v1/public/tickets/20261106000003')).statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/public/tickets/20261107000004')).statusCode).toBe(404);
  });

  it('pages without counting everything, and refuses bad filters by name', async () => {
    const p1 = (await t.anonymous.get('/api/v1/public/tickets?pageSize=2')).json();
    expect([p1.items.length, p1.hasMore]).toEqual([2, true]);
    const p2 = (await t.anonymous.get('/api/v1/public/tickets?pageSize=2&page=2')).json();
    expect([p2.items.length, p2.hasMore]).toEqual([1, false]);
    expect((await t.anonymous.get('/api/v1/public/tickets?pageSize=500')).json().fields[0].field).toBe('query.pageSize');
    expect((await t.anonymous.get('/api/v1/public/tickets?place=abc')).json().fields[0].field).toBe('query.place');
    for (const q of ["'", '&|!', '\\', "') OR 1=1 --"]) expect((await t.anonymous.get(`/api/v1/public/tickets?q=${encodeURIComponent(q)}`)).statusCode).toBe(200);
  });
});
