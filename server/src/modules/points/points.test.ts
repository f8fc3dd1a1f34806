import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { setUpTickets, type TicketFixture } from '../tickets/tickets.test-helpers.js';
import { createUserWithGrants } from '../identity/identity.service.js';
import { DEMO_PASSWORD } from '../../seed/demo-city.js';

let t: TestContext;
let fx: TicketFixture;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let residentId: string;

beforeAll(async () => {
  t = await createTestContext();
  fx = await setUpTickets(t);
  residentId = (await (await as('resident')).get('/api/v1/me')).json().user.residentId;
});
afterAll(() => t?.close());

// Sign-in is rate limited: each account signs in once per file.
const as = (u: string) => fx.as(u);

async function give(delta: number, who = residentId) {
  const res = await (await as('community')).post('/api/v1/points/adjustments', { residentId: who, delta, note: '测试' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('the ledger', () => {
  it('a reversal appends the opposite entry, once; a reversal is not reversed; the balance follows', async () => {
    const staff = await as('community');
    const acc = await give(30);
    const entry = acc.entries[0];
    expect(entry).toEqual(expect.objectContaining({ delta: 30, reason: 'manual', reversedBy: null }));
    const rev = await staff.post(`/api/v1/points/ledger/${entry.id}/reverse`, { note: '录入错误' });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json()).toEqual(expect.objectContaining({ delta: -30, reason: 'reversal', reversesId: entry.id, note: '录入错误' }));
    const again = await staff.post(`/api/v1/points/ledger/${entry.id}/reverse`, { note: '再来一次' });
    expect(again.statusCode).toBe(409);
    expect((await staff.post(`/api/v1/points/ledger/${rev.json().id}/reverse`, { note: 'x' })).statusCode).toBe(409);
    const after = (await staff.get(`/api/v1/points/accounts/${residentId}`)).json();
    expect(after.balance).toBe(acc.balance - 30);
    expect(after.entries.find((e: Json) => e.id === entry.id).reversedBy).toBe(rev.json().id);
  });

  it('the ledger refuses edits and deletions at the database', async () => {
    await give(5);
    await expect(t.database.query('UPDATE points_ledger SET delta = 1000')).rejects.toThrow(/append-only/);
    await expect(t.database.query('DELETE FROM points_ledger')).rejects.toThrow(/append-only/);
  });

  it('reversing points already spent is refused rather than going below zero', async () => {
    const staff = await as('community');
    const start = (await staff.get(`/api/v1/points/accounts/${residentId}`)).json().balance;
    const acc = await give(40);
    const item = (await staff.post('/api/v1/points/items', { communityCode: t.codes.community, name: '洗衣液', cost: start + 40, stock: 5 })).json();
    expect((await (await as('resident')).post(`/api/v1/points/items/${item.id}/redeem`, {})).statusCode).toBe(201);
    const res = await staff.post(`/api/v1/points/ledger/${acc.entries[0].id}/reverse`, { note: 'x' });
    expect(res.statusCode).toBe(409);
    expect((await staff.get(`/api/v1/points/accounts/${residentId}`)).json().balance).toBe(0);
  });
});

describe('the points shop', () => {
  it('concurrent redemptions never overdraw the balance nor the stock', async () => {
    const staff = await as('community');
    const now = (await staff.get(`/api/v1/points/accounts/${residentId}`)).json().balance;
    await give(100 - now);
    const item = (await staff.post('/api/v1/points/items', { communityCode: t.codes.community, name: '大米', cost: 30, stock: 10 })).json();
    const me = await as('resident');
    const results = await Promise.all(Array.from({ length: 8 }, () => me.post(`/api/v1/points/items/${item.id}/redeem`, {})));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    expect(results.find((r) => r.statusCode === 409)!.json().fields[0]).toEqual({ field: 'quantity', message: '积分不足 (not enough points)' });
    const acc = (await me.get('/api/v1/points/me')).json();
    expect(acc.balance).toBe(10);
    expect(acc.entries.filter((e: Json) => e.reason === 'redemption' && e.delta === -30)).toHaveLength(3);
    expect((await me.get(`/api/v1/points/items?community=${t.codes.community}`)).json().find((i: Json) => i.id === item.id).stock).toBe(7);
  });

  it('concurrent redemptions by many never take stock below zero', async () => {
    const staff = await as('community');
    const item = (await staff.post('/api/v1/points/items', { communityCode: t.codes.community, name: '毛巾', cost: 1, stock: 2 })).json();
    const list = await t.database.query<{ id: string; household_code: string }>(
      "SELECT id, household_code FROM residents WHERE household_code LIKE $1 AND relation = '本人' AND household_code NOT LIKE $2 ORDER BY household_code LIMIT 5",
      [t.codes.community + '%', t.codes.unit + '%'],
    );
    const clients = [];
    for (const [i, r] of list.entries()) {
      await createUserWithGrants(t.database.db, { username: `shop${i}`, displayName: `居民${i}`, password: DEMO_PASSWORD, residentId: r.id, grants: [{ role: 'resident', scopeCode: r.household_code }] });
      await give(5, r.id);
      clients.push(await as(`shop${i}`));
    }
    const results = await Promise.all(clients.map((c) => c.post(`/api/v1/points/items/${item.id}/redeem`, {})));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().fields[0].message.startsWith('库存不足'))).toBe(true);
    const [{ stock }] = await t.database.query<{ stock: number }>('SELECT stock FROM points_items WHERE id = $1', [item.id]);
    expect(stock).toBe(0);
    // Nobody lost points for a redemption that failed.
    const [{ n }] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM points_ledger WHERE reason = 'redemption' AND note LIKE '毛巾%'");
    expect(n).toBe(2);
  });

  it('an Idempotency-Key makes a retried redemption happen once', async () => {
    const staff = await as('community');
    await give(10);
    const item = (await staff.post('/api/v1/points/items', { communityCode: t.codes.community, name: '香皂', cost: 2, stock: 10 })).json();
    const me = await as('resident');
    const send = () => me.request({ method: 'POST', url: `/api/v1/points/items/${item.id}/redeem`, payload: {}, headers: { 'idempotency-key': 'redeem-soap-1' } });
    const a = await send();
    const b = await send();
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    const [{ stock }] = await t.database.query<{ stock: number }>('SELECT stock FROM points_items WHERE id = $1', [item.id]);
    expect(stock).toBe(9);
  });
});

describe('points for tickets', () => {
  it('members of the team that closed a ticket earn the community’s points, once per ticket', async () => {
    const staff = await as('community');
    expect((await staff.request({ method: 'PUT', url: `/api/v1/points/rules/${t.codes.community}`, payload: { perHour: 10, perParticipation: 5, perTicketClosed: 15 } })).statusCode).toBe(200);
    const before = (await staff.get(`/api/v1/points/accounts/${fx.memberResidentId}`)).json();
    const id = await fx.ticketIn('closed');
    const after = (await staff.get(`/api/v1/points/accounts/${fx.memberResidentId}`)).json();
    expect(after.balance - before.balance).toBe(15);
    expect(after.entries[0]).toEqual(expect.objectContaining({ reason: 'ticket_closed', source: `ticket:${id}` }));
    const board = (await (await as('resident')).get(`/api/v1/points/leaderboard?community=${t.codes.community}`)).json();
    expect(board.some((r: Json) => r.residentId === fx.memberResidentId)).toBe(true);
    expect(board[0].rank).toBe(1);
  });
});

describe('who may', () => {
  it('residents read their own account and their community’s board and shop, and nothing else', async () => {
    const me = await as('resident');
    expect((await me.get('/api/v1/points/me')).statusCode).toBe(200);
    expect((await me.get(`/api/v1/points/accounts/${fx.memberResidentId}`)).statusCode).toBe(403);
    expect((await me.get(`/api/v1/points/ledger?community=${t.codes.community}`)).statusCode).toBe(403);
    expect((await me.post('/api/v1/points/adjustments', { residentId, delta: 100, note: '自己加' })).statusCode).toBe(403);
    expect((await me.post('/api/v1/points/items', { communityCode: t.codes.community, name: 'x', cost: 1, stock: 1 })).statusCode).toBe(403);
    expect((await me.get('/api/v1/points/leaderboard?community=140681001001')).statusCode).toBe(403);
    expect((await me.request({ method: 'PUT', url: `/api/v1/points/rules/${t.codes.community}`, payload: { perHour: 100, perParticipation: 100, perTicketClosed: 100 } })).statusCode).toBe(403);
    const secretary = await as('secretary');
    expect((await secretary.get(`/api/v1/points/accounts/${residentId}`)).statusCode).toBe(200);
    const [entry] = (await secretary.get(`/api/v1/points/accounts/${residentId}`)).json().entries;
    expect((await secretary.post(`/api/v1/points/ledger/${entry.id}/reverse`, { note: 'x' })).statusCode).toBe(403);
    const other = await fx.as('other.staff');
    expect((await other.get(`/api/v1/points/ledger?community=${t.codes.community}`)).statusCode).toBe(403);
    expect((await other.post('/api/v1/points/adjustments', { residentId, delta: 1, note: 'x' })).statusCode).toBe(403);
  });
});
