import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { TICKET_ACTIONS, TICKET_STATUSES, type TicketAction, type TicketStatus } from '../../../../contracts/tickets.js';
import { ACTION_TO, allowedActions, REOPEN_DAYS } from './ticket-lifecycle.js';
import { escalateTicket, rebuildAllTickets, rebuildTicket } from './ticket-actions.service.js';
import { onTicketEvents } from './ticket-events.js';
import { findEvents, findTicket } from './tickets.repository.js';
import { diffRows, foldEvents } from './ticket-projection.js';
import { daysAhead, setUpTickets, type Json, type TicketFixture } from './tickets.test-helpers.js';

let t: TestContext;
let f: TicketFixture;
let mergeTarget: string;
beforeAll(async () => {
  t = await createTestContext();
  f = await setUpTickets(t);
  mergeTarget = await f.ticketIn('dispatched');
});
afterAll(() => t?.close());

/** Who takes each action on the usual ticket (a household's 杂物 at the unit tier, grid A, reported by `resident`). */
const WHO: Record<TicketAction, string> = {
  dispatch: 'community',
  accept: 'unit',
  return: 'unit',
  request_extension: 'unit',
  approve_extension: 'community',
  reject_extension: 'community',
  escalate: 'unit',
  supervise: 'township',
  report_back: 'unit',
  verify_pass: 'grid',
  verify_fail: 'grid',
  reopen: 'resident',
  rate: 'resident',
  shelve: 'community',
  unshelve: 'community',
  cancel: 'community',
  merge: 'community',
};
const body = (a: TicketAction): Record<string, unknown> =>
  ({
    return: { reason: '不属于本单元' },
    request_extension: { hours: 24, reason: '等待配件' },
    escalate: { note: '需楼栋协调' },
    supervise: { note: '请尽快办理' },
    report_back: { note: '已清理完毕' },
    verify_fail: { note: '仍有杂物' },
    reopen: { reason: '又堆上了' },
    rate: { rating: 'satisfied', comment: '很及时' },
    shelve: { reason: '需协调产权单位', reviewOn: daysAhead(30) },
    cancel: { reason: '无效诉求' },
    merge: { targetId: mergeTarget },
  })[a as string] ?? {};

function lifecycleOf(ticket: Json) {
  return { status: ticket.status, extensionPending: ticket.extensionPending, rating: ticket.rating, closedAt: ticket.closedAt ? new Date(ticket.closedAt) : null, tier: ticket.tier };
}

describe('every (status, action) pair', () => {
  it.each(TICKET_STATUSES.map((s) => [s]))('%s: allowed actions succeed into the right status; the others are 409 naming the allowed', async (status: TicketStatus) => {
    const id = await f.ticketIn(status);
    const before = (await f.get('community', id)).ticket;
    expect(before.status).toBe(status);
    const allowed = allowedActions(lifecycleOf(before));
    for (const action of TICKET_ACTIONS) {
      // The extension decisions need a pending request: they are tried on such a ticket below.
      if (allowed.includes(action)) continue;
      const res = await f.act(WHO[action], id, action, body(action));
      expect({ action, status: res.status }).toEqual({ action, status: 409 });
      expect(res.json.code).toBe('CONFLICT');
      expect(res.json.fields).toEqual([{ field: 'action', message: `allowed: ${allowed.length ? allowed.join(', ') : '(none)'}` }]);
    }
    const tried = [...allowed, ...(status === 'in_progress' ? (['approve_extension', 'reject_extension'] as const) : [])];
    for (const action of tried) {
      const fresh = await f.ticketIn(action.endsWith('_extension') && action !== 'request_extension' ? 'in_progress_pending' : status);
      const res = await f.act(WHO[action], fresh, action, body(action));
      expect({ action, status: res.status, body: res.status === 200 ? null : res.json }).toEqual({ action, status: 200, body: null });
      expect({ action, next: res.json.ticket.status }).toEqual({ action, next: ACTION_TO[action] ?? status });
      expect(res.json.ticket.version).toBe((await f.get('community', fresh)).ticket.version);
    }
    // Nothing was written by the refused ones.
    expect((await f.get('community', id)).ticket.version).toBe(before.version);
  });

  it('the side effects: extension, escalation, rework, reopening, rating', async () => {
    const id = await f.ticketIn('in_progress_pending');
    const pending = (await f.get('community', id)).timeline.find((e: Json) => e.type === 'request_extension');
    const approved = (await f.act('community', id, 'approve_extension')).json.ticket;
    expect(approved).toMatchObject({ extensionPending: false, extensions: 1, tierDeadlineAt: pending.data.until });
    expect((await f.act('unit', id, 'escalate', { note: '需楼栋协调' })).json.ticket).toMatchObject({ tier: 'building_team', status: 'dispatched', escalations: 1, teamName: '幸福新邻里小区1号楼互助队' });
    expect((await f.act('building', id, 'accept')).status).toBe(200);
    expect((await f.act('building', id, 'report_back', { note: '已清理' })).json.ticket.reportedAt).not.toBeNull();
    const rework = (await f.act('resident', id, 'verify_fail', { note: '还有' })).json.ticket;
    expect(rework).toMatchObject({ status: 'in_progress', reworks: 1, tier: 'building_team' });
    expect(new Date(rework.tierDeadlineAt).getTime()).toBeGreaterThan(Date.now());
    await f.act('building', id, 'report_back', { note: '已清理' });
    const closed = (await f.act('grid', id, 'verify_pass')).json.ticket;
    expect(closed).toMatchObject({ status: 'closed', closedOnTime: true });
    const rated = await f.act('resident', id, 'rate', { rating: 'basically_satisfied', comment: '还行' });
    expect(rated.json.ticket).toMatchObject({ rating: 'basically_satisfied', ratingComment: '还行' });
    expect(rated.json.allowedActions).toEqual(['reopen']);
    expect((await f.act('resident', id, 'rate', { rating: 'satisfied' })).json.fields[0].message).toBe('allowed: reopen');
    const reopened = (await f.act('resident', id, 'reopen', { reason: '又堆上了' })).json.ticket;
    expect(reopened).toMatchObject({ status: 'dispatched', closedAt: null, rating: null, tier: 'building_team' });
  });

  it('reopening is for 7 days after closing', () => {
    const closedAt = new Date(Date.now() - REOPEN_DAYS * 86_400_000 + 60_000);
    const state = { status: 'closed' as const, extensionPending: false, rating: 'satisfied', closedAt, tier: 'unit_team' as const };
    expect(allowedActions(state)).toEqual(['reopen']);
    expect(allowedActions({ ...state, closedAt: new Date(Date.now() - REOPEN_DAYS * 86_400_000 - 60_000) })).toEqual([]);
  });

  it('bodies are checked: reasons, review dates, extensions, merge targets', async () => {
    const id = await f.ticketIn('in_progress');
    expect((await f.act('unit', id, 'return', {})).json.fields[0].field).toBe('reason');
    expect((await f.act('community', id, 'shelve', { reason: '需协调', reviewOn: daysAhead(0) })).json.fields[0].field).toBe('reviewOn');
    expect((await f.act('unit', id, 'request_extension', { reason: '等待' })).json.fields[0].field).toBe('until');
    expect((await f.act('unit', id, 'request_extension', { reason: '等待', until: new Date(Date.now() - 1000).toISOString() })).json.fields[0].field).toBe('until');
    expect((await f.act('community', id, 'merge', { targetId: id })).json.fields[0].field).toBe('targetId');
    expect((await f.act('community', id, 'merge', { targetId: '00000000-0000-4000-8000-000000000000' })).json.fields[0].field).toBe('targetId');
    const closed = await f.ticketIn('closed');
    expect((await f.act('community', id, 'merge', { targetId: closed })).json.fields[0].message).toMatch(/closed/);
    expect((await f.act('unit', id, 'accept', { version: 0 })).status).toBe(409);
    const stale = await f.act('unit', id, 'report_back', { note: '好了', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.fields[0].field).toBe('version');
    const version = (await f.get('unit', id)).ticket.version;
    expect((await f.act('unit', id, 'report_back', { note: '好了', version })).status).toBe(200);
  });

  it('a merged ticket’s reporter follows the ticket it was merged into', async () => {
    const target = await f.ticketIn('dispatched');
    const dup = (await f.create('member', { channel: 'resident', description: '楼道杂物又多了', categoryCode: 'other' })).json.ticket.id;
    expect((await f.act('community', dup, 'merge', { targetId: target, note: '同一问题' })).json.ticket).toMatchObject({ status: 'merged', mergedInto: target });
    expect((await f.get('member', target)).following).toBe(true);
    expect((await f.get('community', target)).ticket.followers).toBe(1);
  });
});

describe('concurrency', () => {
  it('verify pass against verify fail at the same moment: exactly one wins, the other is 409', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await f.ticketIn('reported');
      const [pass, fail] = await Promise.all([f.act('grid', id, 'verify_pass'), f.act('resident', id, 'verify_fail', { note: '没弄好' })]);
      expect([pass.status, fail.status].sort()).toEqual([200, 409]);
      const after = (await f.get('community', id)).ticket;
      expect(after.status).toBe(pass.status === 200 ? 'closed' : 'in_progress');
      const events = await findEvents(t.database.db, id);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(events.filter((e) => e.type.startsWith('verify_'))).toHaveLength(1);
    }
  });

  it('many actions at once on one ticket: seqs stay 1..n without gaps', async () => {
    const id = await f.ticketIn('in_progress');
    const results = await Promise.all([
      f.act('township', id, 'supervise', { note: '督办一' }),
      f.act('county', id, 'supervise', { note: '督办二' }),
      f.act('admin', id, 'supervise', { note: '督办三' }),
      f.act('unit', id, 'report_back', { note: '已处理' }),
    ]);
    const ok = results.filter((r) => r.status === 200).length;
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const events = await findEvents(t.database.db, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.length).toBe(3 + ok);
  });
});

describe('hooks on new events', () => {
  it('run in the writing transaction with the new row; one that throws undoes the change', async () => {
    const seen: string[] = [];
    const off = onTicketEvents(async (_tx, ticket, events) => {
      seen.push(...events.map((e) => `${e.type}:${ticket.status}`));
    });
    const id = await f.ticketIn('dispatched');
    await f.act('unit', id, 'accept');
    off();
    expect(seen).toEqual(['register:dispatched', 'dispatch:dispatched', 'accept:in_progress']);
    const offBad = onTicketEvents(async () => {
      throw new Error('inbox is down');
    });
    try {
      expect((await f.act('unit', id, 'report_back', { note: '好了' })).status).toBe(500);
    } finally {
      offBad();
    }
    const after = (await f.get('unit', id)).ticket;
    expect(after).toMatchObject({ status: 'in_progress', version: 3 });
  });
});

describe('automatic escalation', () => {
  /** A category whose tiers get a fraction of a second, on the calendar clock. */
  async function quickCategory() {
    await t.database.query(
      `INSERT INTO ticket_categories (code, name, first_tier, deadline_hours, tier_shares, clock, department, keywords, sort)
       VALUES ('quick', '测试', 'unit_team', '{"emergency": 0.0002, "urgent": 0.0002, "general": 0.0002, "complex": 0.0002}',
               '{"unit_team": 0.5, "building_team": 0.5, "compound_team": 0.5, "community": 0.5, "township": 0.5, "department": 0.5}', 'calendar', '城市管理局', '{}', 999)
       ON CONFLICT (code) DO NOTHING`,
    );
  }

  it('a missed tier deadline escalates exactly once, however many call', async () => {
    await quickCategory();
    const id = (await f.create('resident', { channel: 'resident', description: '测试升级', categoryCode: 'quick' })).json.ticket.id;
    const fresh = await escalateTicket(t.database.db, id, { by: 'system', note: '超时' });
    expect(fresh.escalated).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect((await escalateTicket(t.database.db, id, { by: 'system', note: '超时', tier: 'building_team' })).escalated).toBe(false);
    const results = await Promise.all([1, 2, 3].map(() => escalateTicket(t.database.db, id, { by: 'system', note: '单元自治组超时，自动升级', tier: 'unit_team' })));
    expect(results.filter((r) => r.escalated)).toHaveLength(1);
    const detail = await f.get('community', id);
    expect(detail.ticket).toMatchObject({ tier: 'building_team', escalations: 1, status: 'dispatched' });
    const event = detail.timeline.at(-1);
    expect(event).toMatchObject({ type: 'escalate', actorRole: 'system', note: '单元自治组超时，自动升级', data: expect.objectContaining({ automatic: true, fromTier: 'unit_team' }) });
    // A second missed deadline (the building tier's) escalates once more.
    await new Promise((r) => setTimeout(r, 400));
    expect((await escalateTicket(t.database.db, id, { by: 'system', note: '超时' })).escalated).toBe(true);
    expect((await f.get('community', id)).ticket.tier).toBe('compound_team');
  });

  it('nothing above the department; a closed or reported ticket is not escalated', async () => {
    const id = await f.ticketIn('reported');
    expect((await escalateTicket(t.database.db, id, { by: 'system', note: 'x' })).escalated).toBe(false);
    expect((await escalateTicket(t.database.db, '00000000-0000-4000-8000-000000000000', { by: 'system', note: 'x' })).escalated).toBe(false);
  });
});

describe('the row is a projection of the events', () => {
  it('a long, varied history: folding the events gives the stored row; a damaged or lost row is rebuilt identical', async () => {
    const id = await f.ticketIn('in_progress_pending');
    const steps: Array<[string, TicketAction, Record<string, unknown>?]> = [
      ['community', 'reject_extension', { note: '不予延期' }],
      ['township', 'supervise', { note: '请加快' }],
      ['unit', 'escalate', { note: '需楼栋协调' }],
      ['building', 'return', { reason: '应由物业处理' }],
      ['community', 'dispatch', { tier: 'compound_team', categoryCode: 'property_service', urgency: 'urgent', note: '转小区共治团' }],
      ['secretary', 'accept'],
      ['secretary', 'request_extension', { until: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: '等待维修资金' }],
      ['community', 'approve_extension'],
      ['community', 'shelve', { reason: '资金未到位', reviewOn: daysAhead(10) }],
      ['community', 'unshelve', { note: '资金到位' }],
      ['secretary', 'accept'],
      ['secretary', 'report_back', { note: '已修复' }],
      ['resident', 'verify_fail', { note: '没修好' }],
      ['secretary', 'report_back', { note: '再次修复' }],
      ['grid', 'verify_pass', { note: '现场核实' }],
      ['resident', 'rate', { rating: 'dissatisfied', comment: '太慢' }],
      ['resident', 'reopen', { reason: '又坏了' }],
      ['admin', 'supervise', { note: '市级督办' }],
      ['secretary', 'accept'],
      ['secretary', 'report_back', { note: '彻底修复' }],
      ['resident', 'verify_pass'],
      ['resident', 'rate', { rating: 'satisfied' }],
    ];
    for (const [who, action, b] of steps) {
      const res = await f.act(who, id, action, b ?? {});
      expect({ who, action, status: res.status, err: res.status === 200 ? null : res.json }).toEqual({ who, action, status: 200, err: null });
    }
    await (await f.as('member')).post(`/api/v1/tickets/${id}/follow`);
    const stored = (await findTicket(t.database.db, id))!;
    expect(stored).toMatchObject({ status: 'closed', rating: 'satisfied', reworks: 1, extensions: 1, escalations: 1, supervised: true, categoryCode: 'property_service', urgency: 'urgent', tier: 'compound_team', followers: 1, version: steps.length + 4 });
    const events = await findEvents(t.database.db, id);
    expect(diffRows(stored, foldEvents(events, 1)!)).toEqual([]);
    expect((await rebuildTicket(t.database.db, id)).outcome).toBe('same');

    await t.database.query("UPDATE tickets SET status = 'registered', supervised = false, rating = NULL, tier_deadline_at = now(), version = 3, followers = 9 WHERE id = $1", [id]);
    const repaired = await rebuildTicket(t.database.db, id);
    expect(repaired.outcome).toBe('rebuilt');
    expect(repaired.differences.sort()).toEqual(['followers', 'rating', 'status', 'supervised', 'tierDeadlineAt', 'version']);
    expect(diffRows(stored, (await findTicket(t.database.db, id))!)).toEqual([]);

    await t.database.query('DELETE FROM tickets WHERE id = $1', [id]);
    expect((await rebuildTicket(t.database.db, id)).outcome).toBe('created');
    expect(diffRows(stored, (await findTicket(t.database.db, id))!)).toEqual([]);
  });

  it('every ticket written in this file folds to its stored row', async () => {
    const counts = await rebuildAllTickets(t.database.db);
    expect(counts.rebuilt + counts.created).toBe(0);
    expect(counts.same).toBeGreaterThan(40);
  });
});
