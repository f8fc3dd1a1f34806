import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { TICKET_ACTIONS, type TicketAction } from '../../../../contracts/tickets.js';
import { daysAhead, setUpTickets, type TicketFixture } from './tickets.test-helpers.js';

let t: TestContext;
let f: TicketFixture;
beforeAll(async () => {
  t = await createTestContext();
  f = await setUpTickets(t);
});
afterAll(() => t?.close());

type State = 'registered' | 'dispatched' | 'in_progress' | 'in_progress_pending' | 'reported' | 'closed' | 'shelved' | 'cancelled';
const ACCOUNTS = ['admin', 'county', 'township', 'community', 'other.staff', 'secretary', 'grid', 'grid2', 'building', 'unit', 'member', 'resident', 'property', 'supervisor'];
const DENIED = 'no read';

/**
 * What each account may do to the usual ticket (a household's 杂物 in unit 1 of building 1, grid A,
 * reported by `resident`; `member` is on the unit team) in each state: the buttons the detail shows,
 * or no read at all. Unlisted readers may do nothing.
 */
const EXPECTED: Record<State, Record<string, TicketAction[] | typeof DENIED>> = {
  // Before dispatch the ticket waits at the community tier, with no team.
  registered: {
    community: ['dispatch', 'cancel', 'merge'],
    township: ['dispatch', 'supervise', 'cancel', 'merge'],
    county: ['supervise'],
    admin: ['supervise'],
    member: DENIED,
  },
  dispatched: {
    unit: ['accept', 'return', 'escalate'],
    member: ['accept', 'return', 'escalate'],
    community: ['escalate', 'supervise', 'shelve', 'cancel', 'merge'],
    township: ['escalate', 'supervise', 'shelve', 'cancel', 'merge'],
    county: ['escalate', 'supervise'],
    admin: ['escalate', 'supervise'],
    secretary: ['supervise'],
  },
  in_progress: {
    unit: ['return', 'request_extension', 'escalate', 'report_back'],
    member: ['return', 'request_extension', 'escalate', 'report_back'],
    community: ['escalate', 'supervise', 'shelve', 'merge'],
    township: ['escalate', 'supervise', 'shelve', 'merge'],
    county: ['escalate', 'supervise'],
    admin: ['escalate', 'supervise'],
    secretary: ['supervise'],
  },
  in_progress_pending: {
    unit: ['return', 'escalate', 'report_back'],
    member: ['return', 'escalate', 'report_back'],
    community: ['approve_extension', 'reject_extension', 'escalate', 'supervise', 'shelve', 'merge'],
    township: ['approve_extension', 'reject_extension', 'escalate', 'supervise', 'shelve', 'merge'],
    county: ['approve_extension', 'reject_extension', 'escalate', 'supervise'],
    admin: ['approve_extension', 'reject_extension', 'escalate', 'supervise'],
    secretary: ['supervise'],
  },
  reported: {
    grid: ['verify_pass', 'verify_fail'],
    resident: ['verify_pass', 'verify_fail'],
    community: ['supervise'],
    township: ['supervise'],
    county: ['supervise'],
    admin: ['supervise'],
    secretary: ['supervise'],
  },
  closed: { resident: ['reopen', 'rate'] },
  shelved: {
    community: ['supervise', 'unshelve'],
    township: ['supervise', 'unshelve'],
    county: ['supervise'],
    admin: ['supervise'],
    secretary: ['supervise'],
  },
  cancelled: { member: DENIED },
};
// Never readers of this ticket: another community's staff, grid B's worker, property staff.
for (const s of Object.values(EXPECTED)) for (const who of ['other.staff', 'grid2', 'property']) s[who] = DENIED;

const expectedOf = (state: State, who: string) => EXPECTED[state][who] ?? [];

/** The state in which each action is tried. */
const STATE_OF: Record<TicketAction, State> = {
  dispatch: 'registered',
  cancel: 'registered',
  merge: 'registered',
  accept: 'dispatched',
  return: 'dispatched',
  escalate: 'dispatched',
  supervise: 'dispatched',
  shelve: 'dispatched',
  request_extension: 'in_progress',
  report_back: 'in_progress',
  approve_extension: 'in_progress_pending',
  reject_extension: 'in_progress_pending',
  verify_pass: 'reported',
  verify_fail: 'reported',
  reopen: 'closed',
  rate: 'closed',
  unshelve: 'shelved',
};

let mergeTarget: string;
const bodyOf = (a: TicketAction): Record<string, unknown> =>
  ({
    return: { reason: '不属于本单元' },
    request_extension: { hours: 12, reason: '等待配件' },
    escalate: { note: '需上级协调' },
    supervise: { note: '请尽快办理' },
    report_back: { note: '已处理' },
    verify_fail: { note: '未处理好' },
    reopen: { reason: '问题复发' },
    rate: { rating: 'satisfied' },
    shelve: { reason: '需协调', reviewOn: daysAhead(20) },
    cancel: { reason: '无效' },
    merge: { targetId: mergeTarget },
  })[a as string] ?? {};

describe('who may do what to a ticket at the unit tier', () => {
  it.each(Object.keys(EXPECTED).map((s) => [s]))('%s: each account’s allowed actions (the buttons) or no read', async (state) => {
    const id = await f.ticketIn(state as State);
    for (const who of ACCOUNTS) {
      const res = await (await f.as(who)).get(`/api/v1/tickets/${id}`);
      const expected = expectedOf(state as State, who);
      if (expected === DENIED) expect({ who, status: res.statusCode }).toEqual({ who, status: 403 });
      else expect({ who, allowed: res.json().allowedActions }).toEqual({ who, allowed: expected });
    }
  });

  it.each(TICKET_ACTIONS.map((a) => [a]))('%s: the allowed succeed, everyone else gets 403', async (action) => {
    mergeTarget ??= await f.ticketIn('dispatched');
    const state = STATE_OF[action];
    const allowed = ACCOUNTS.filter((who) => {
      const e = expectedOf(state, who);
      return e !== DENIED && e.includes(action);
    });
    expect(allowed.length).toBeGreaterThan(0);
    const shared = await f.ticketIn(state);
    for (const who of ACCOUNTS.filter((w) => !allowed.includes(w))) {
      const res = await f.act(who, shared, action, bodyOf(action));
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    for (const who of allowed) {
      const res = await f.act(who, await f.ticketIn(state), action, bodyOf(action));
      expect({ who, status: res.status, body: res.status === 200 ? null : res.json }).toEqual({ who, status: 200, body: null });
      expect(res.json.timeline.at(-1)).toMatchObject({ type: action });
    }
  });
});

describe('higher tiers', () => {
  it('at the building tier the building head and its team act; the unit’s people no longer do', async () => {
    const id = await f.ticketIn('dispatched');
    await f.act('unit', id, 'escalate', { note: '需楼栋协调' });
    expect((await f.get('building', id)).allowedActions).toEqual(['accept', 'return', 'escalate']);
    expect((await f.get('unit', id)).allowedActions).toEqual([]);
    // The unit team's member no longer acts on it, and never did: it is not hers to read.
    expect((await (await f.as('member')).get(`/api/v1/tickets/${id}`)).statusCode).toBe(403);
    expect((await f.get('secretary', id)).allowedActions).toEqual(['supervise']);
    expect((await f.act('building', id, 'accept')).json.timeline.at(-1)).toMatchObject({ actorRole: 'building_head' });
  });

  it('at the compound tier the branch secretary responds; at the community tier its staff, with the township above', async () => {
    const id = await f.ticketIn('dispatched');
    await f.act('community', id, 'escalate', { note: '直接到小区' });
    await f.act('community', id, 'escalate', { note: '需小区协调' });
    expect((await f.get('community', id)).ticket.tier).toBe('compound_team');
    expect((await f.get('secretary', id)).allowedActions).toEqual(['accept', 'return', 'escalate']);
    await f.act('secretary', id, 'escalate', { note: '需社区协调' });
    expect((await f.get('secretary', id)).allowedActions).toEqual([]);
    expect((await f.get('community', id)).allowedActions).toEqual(['accept', 'return', 'escalate', 'shelve', 'cancel', 'merge']);
    expect((await f.get('township', id)).allowedActions).toEqual(['escalate', 'supervise', 'shelve', 'cancel', 'merge']);
    await f.act('community', id, 'escalate', { note: '需街道协调' });
    expect((await f.get('township', id)).allowedActions).toEqual(['accept', 'return', 'escalate', 'shelve', 'cancel', 'merge']);
    expect((await f.get('community', id)).allowedActions).toEqual([]);
    await f.act('township', id, 'escalate', { note: '转职能部门' });
    const top = await f.get('county', id);
    expect(top.ticket).toMatchObject({ tier: 'department', department: '城市管理局', tierDeadlineAt: null });
    expect(top.allowedActions).toEqual(['accept', 'return', 'supervise', 'shelve']);
    expect((await f.get('township', id)).allowedActions).toEqual([]);
    expect((await f.get('admin', id)).allowedActions).toEqual(['supervise']);
  });

  it('a reporter without an account (a phone call): the dispatcher verifies nothing but records the rating and the reopening', async () => {
    const created = await f.create('community', { channel: 'phone', placeCode: t.codes.household, description: '楼道杂物', categoryCode: 'clutter', caller: { name: '赵', phone: '13700001111' } });
    const id = created.json.ticket.id;
    await f.act('unit', id, 'accept');
    await f.act('unit', id, 'report_back', { note: '已清理' });
    expect((await f.get('community', id)).allowedActions).toEqual(['supervise']);
    await f.act('grid', id, 'verify_pass');
    expect((await f.get('community', id)).allowedActions).toEqual(['reopen', 'rate']);
    expect((await f.act('community', id, 'rate', { rating: 'satisfied', comment: '电话回访' })).json.timeline.at(-1)).toMatchObject({ type: 'rate', actorRole: 'community_staff' });
  });
});
