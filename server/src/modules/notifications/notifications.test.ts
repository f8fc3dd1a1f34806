import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { announce } from '../../platform/bus.js';
import { notifyUsers, textPhone } from './notifications.service.js';

let t: TestContext;
let base: string;
beforeAll(async () => {
  t = await createTestContext();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

async function userId(username: string) {
  const [u] = await t.database.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  return u.id;
}

/** Opens an SSE stream and collects its events until `count` arrive or time runs out. */
async function listen(path: string, cookie: string | null, count: number, ms = 4000) {
  const ctrl = new AbortController();
  const res = await fetch(base + path, { headers: cookie ? { cookie } : {}, signal: ctrl.signal });
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  const reader = res.body!.getReader();
  const done = (async () => {
    let buf = '';
    const dec = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
          if (events.length >= count) ctrl.abort();
        }
      }
    } catch {
      // aborted
    }
  })();
  const timer = setTimeout(() => ctrl.abort(), ms);
  return { status: res.status, type: res.headers.get('content-type'), events: done.then(() => (clearTimeout(timer), events)) };
}

describe('inbox', () => {
  it('delivers messages to each user once, counts unread, marks read', async () => {
    const me = await userId('resident');
    await notifyUsers(t.database.db, [me, me, null], { kind: 'ticket.status', title: '您的诉求已受理', body: '工单 2026112200001 已派遣至单元自治组' });
    const c = await t.signIn('resident');
    const inbox = (await c.get('/api/v1/inbox')).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items).toEqual([expect.objectContaining({ title: '您的诉求已受理', readAt: null })]);
    expect((await c.post(`/api/v1/inbox/${inbox.items[0].id}/read`)).json()).toEqual({ changed: 1 });
    expect((await c.post(`/api/v1/inbox/${inbox.items[0].id}/read`)).statusCode).toBe(404);
    expect((await c.get('/api/v1/inbox?unread=true')).json()).toEqual({ unread: 0, items: [] });
  });

  it('another user cannot read or clear my messages', async () => {
    const me = await userId('resident');
    await notifyUsers(t.database.db, [me], { kind: 'x', title: '私信', body: '…' });
    const [{ id }] = await t.database.query<{ id: number }>("SELECT id FROM notifications WHERE title = '私信'");
    const other = await t.signIn('grid');
    expect((await other.post(`/api/v1/inbox/${id}/read`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/inbox')).json().items.map((n: { title: string }) => n.title)).not.toContain('私信');
  });

  it('texts through the log transport', async () => {
    await textPhone(t.database.db, '13800000000', '【邻里】您的诉求已办结');
    const rows = await t.database.query('SELECT channel, recipient, status FROM outbound_messages');
    expect(rows).toEqual([{ channel: 'sms', recipient: '13800000000', status: 'logged' }]);
  });
});

describe('live streams', () => {
  it('needs a session for the personal stream', async () => {
    const res = await fetch(base + '/api/v1/stream');
    expect(res.status).toBe(401);
  });

  it('sends a staff member the events of places she serves, and a resident those of her household or addressed to her', async () => {
    const staff = await t.signIn('community');
    const resident = await t.signIn('resident');
    const me = await userId('resident');
    const s = await listen('/api/v1/stream', staff.cookie, 2);
    const r = await listen('/api/v1/stream', resident.cookie, 2);
    expect(s.status).toBe(200);
    expect(s.type).toContain('text/event-stream');
    await new Promise((ok) => setTimeout(ok, 200));
    await announce(t.database.db, { type: 'ticket.created', ticketId: 'a', placeCode: t.codes.household });
    await announce(t.database.db, { type: 'ticket.created', ticketId: 'b', placeCode: '140681001001001' });
    await announce(t.database.db, { type: 'ticket.changed', ticketId: 'c', placeCode: t.codes.compound, userIds: [me] });
    const staffSaw = (await s.events).map((e) => e.data.ticketId);
    expect(staffSaw).toEqual(['a', 'c']);
    const residentSaw = (await r.events).map((e) => e.data);
    expect(residentSaw.map((d) => d.ticketId)).toEqual(['a', 'c']);
    expect(residentSaw[0].userIds).toBeUndefined();
  });

  it('the public stream carries only non-confidential ticket events, place cut to the compound, no people', async () => {
    const p = await listen('/api/v1/public/stream', null, 1);
    await new Promise((ok) => setTimeout(ok, 200));
    await announce(t.database.db, { type: 'ticket.created', ticketId: 'secret', placeCode: t.codes.household, confidential: true });
    await announce(t.database.db, { type: 'inbox.x', ticketId: 'other' });
    await announce(t.database.db, { type: 'ticket.created', ticketId: 'open', placeCode: t.codes.household, userIds: ['u1'] });
    const got = await p.events;
    expect(got).toHaveLength(1);
    expect(got[0].data).toMatchObject({ ticketId: 'open', placeCode: t.codes.compound });
    expect(got[0].data.userIds).toBeUndefined();
  });
});
