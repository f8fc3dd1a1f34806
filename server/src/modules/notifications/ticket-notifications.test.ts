import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { setUpTickets, type TicketFixture } from '../tickets/tickets.test-helpers.js';
import { escalateTicket } from '../tickets/tickets.service.js';

let t: TestContext;
let f: TicketFixture;

const inbox = async (who: string) => (await (await f.as(who)).get('/api/v1/inbox?limit=200')).json().items as Array<{ kind: string; title: string; body: string; ticketId: string }>;

beforeAll(async () => {
  t = await createTestContext();
  f = await setUpTickets(t);
});
afterAll(() => t?.close());

describe('ticket notifications', () => {
  it('a new ticket reaches the unit team’s members, and the reporter hears of its state', async () => {
    const res = await f.create('resident', { channel: 'resident', description: '楼道杂物乱堆，堵住了消防通道', categoryCode: 'clutter' }, { 'idempotency-key': crypto.randomUUID() });
    const id = res.json.ticket.id;
    const team = (await inbox('member')).filter((n) => n.ticketId === id);
    expect(team).toEqual([expect.objectContaining({ kind: 'ticket.assigned', body: expect.stringContaining('单元自治组') })]);
    const mine = (await inbox('resident')).filter((n) => n.ticketId === id);
    expect(mine.map((n) => n.kind)).toEqual(['ticket.status']);
    expect(mine[0].title).toContain('已派遣');
  });

  it('followers hear of every change of state; an escalation reaches the next tier', async () => {
    const staff = await f.as('community');
    const [buildingTeam] = (await staff.get(`/api/v1/teams?place=${t.codes.building}&kind=building_team`)).json();
    expect((await staff.post(`/api/v1/teams/${buildingTeam.id}/members`, { residentId: f.memberResidentId })).statusCode).toBe(200);
    const id = await f.ticketIn('dispatched');
    expect((await (await f.as('unit')).post(`/api/v1/tickets/${id}/follow`)).statusCode).toBe(200);
    await t.database.query("UPDATE tickets SET tier_deadline_at = now() - interval '1 minute' WHERE id = $1", [id]);
    const { escalated } = await escalateTicket(t.database.db, id, { by: 'system', note: '单元自治组超时' });
    expect(escalated).toBe(true);
    const follower = (await inbox('unit')).filter((n) => n.ticketId === id);
    expect(follower.map((n) => n.title)).toEqual([expect.stringContaining('已派遣')]);
    const building = (await inbox('member')).filter((n) => n.ticketId === id && n.kind === 'ticket.escalated');
    expect(building).toEqual([expect.objectContaining({ title: expect.stringContaining('升级工单'), body: expect.stringContaining('楼栋互助队') })]);
    const [{ tier }] = await t.database.query<{ tier: string }>('SELECT tier FROM tickets WHERE id = $1', [id]);
    expect(tier).toBe('building_team');
  });

  it('a caller without an account gets a text message on each change of state (log transport)', async () => {
    const res = await f.create('community', { channel: 'phone', placeCode: t.codes.compound, description: '小区车辆乱停堵住消防车道', caller: { name: '李先生', phone: '13900002222' } });
    expect(res.status).toBe(201);
    const texts = await t.database.query<{ recipient: string; body: string }>("SELECT recipient, body FROM outbound_messages WHERE recipient = '13900002222'");
    expect(texts).toEqual([expect.objectContaining({ body: expect.stringContaining(res.json.ticket.number) })]);
  });

  it('a notification that fails to be written undoes the change (same transaction)', async () => {
    const before = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
    await t.database.exec('ALTER TABLE notifications ADD CONSTRAINT no_titles CHECK (length(title) < 3) NOT VALID');
    try {
      const res = await f.create('resident', { channel: 'resident', description: '再一次杂物', categoryCode: 'clutter' }, { 'idempotency-key': crypto.randomUUID() });
      expect(res.status).toBe(500);
    } finally {
      await t.database.exec('ALTER TABLE notifications DROP CONSTRAINT no_titles');
    }
    const after = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
    expect(after[0].n).toBe(before[0].n);
  });
});
