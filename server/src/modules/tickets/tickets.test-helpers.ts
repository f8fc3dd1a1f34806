/** Shared set-up of the ticket tests: tier teams, extra accounts, signed-in clients, and tickets brought to any status. */
import { expect } from 'vitest';
import type { Client, TestContext } from '../../testing/harness.js';
import { DEMO_PASSWORD } from '../../seed/demo-city.js';
import { createUserWithGrants } from '../identity/identity.service.js';
import type { TicketStatus } from '../../../../contracts/tickets.js';

export const PASSWORD = DEMO_PASSWORD;

/** A response body as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface TicketFixture {
  /** A signed-in client per account (each signs in once). */
  as(who: string): Promise<Client>;
  create(who: string, body: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; json: Json }>;
  act(who: string, id: string, action: string, body?: Record<string, unknown>): Promise<{ status: number; json: Json }>;
  get(who: string, id: string): Promise<Json>;
  /** A new resident ticket (楼道杂物 at her household: the unit team) brought to a status by the usual actors. */
  ticketIn(status: TicketStatus | 'in_progress_pending', body?: Record<string, unknown>): Promise<string>;
  /** A resident of the demo unit linked to the account `member`, on the unit team. */
  memberResidentId: string;
}

/** Tomorrow or later in Shanghai (YYYY-MM-DD). */
export function daysAhead(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Forms every tier team of the demo community, adds the account `member` (a resident of the demo
 * unit, on its unit team) and `other.staff` (community staff of a neighbouring community).
 */
export async function setUpTickets(t: TestContext): Promise<TicketFixture> {
  const clients = new Map<string, Promise<Client>>();
  const as = (who: string) => {
    if (!clients.has(who)) clients.set(who, t.signIn(who, PASSWORD));
    return clients.get(who)!;
  };
  const community = await as('community');
  expect((await community.post('/api/v1/teams/bootstrap', { placeCode: t.codes.community })).statusCode).toBe(200);
  const [resident] = await t.database.query<{ id: string; name: string; household_code: string }>(
    'SELECT id, name, household_code FROM residents WHERE household_code LIKE $1 ORDER BY household_code DESC, id LIMIT 1',
    [t.codes.unit + '%'],
  );
  await createUserWithGrants(t.database.db, { username: 'member', displayName: resident.name, password: PASSWORD, residentId: resident.id, grants: [{ role: 'resident', scopeCode: resident.household_code }] });
  await createUserWithGrants(t.database.db, { username: 'other.staff', displayName: '另一社区工作者', password: PASSWORD, grants: [{ role: 'community_staff', scopeCode: t.codes.community.slice(0, 9) + '002' }] });
  const [team] = (await community.get(`/api/v1/teams?place=${t.codes.unit}&kind=unit_team`)).json();
  expect((await community.post(`/api/v1/teams/${team.id}/members`, { residentId: resident.id })).statusCode).toBe(200);

  const create = async (who: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await (await as(who)).request({ method: 'POST', url: '/api/v1/tickets', payload: body, headers });
    return { status: res.statusCode, json: res.json() };
  };
  const act = async (who: string, id: string, action: string, body: Record<string, unknown> = {}) => {
    const res = await (await as(who)).post(`/api/v1/tickets/${id}/${action}`, body);
    return { status: res.statusCode, json: res.json() };
  };
  const get = async (who: string, id: string) => (await (await as(who)).get(`/api/v1/tickets/${id}`)).json();
  const ok = async (p: Promise<{ status: number; json: Json }>) => {
    const r = await p;
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
    return r.json;
  };

  const ticketIn: TicketFixture['ticketIn'] = async (status, body = {}) => {
    const registeredOnly = status === 'registered' || status === 'cancelled' || status === 'merged';
    const created = await ok(create('resident', { channel: 'resident', description: '楼道里杂物乱堆，堵住了消防通道', categoryCode: registeredOnly ? 'other' : 'clutter', ...body }));
    const id: string = created.ticket.id;
    if (registeredOnly) {
      if (status === 'cancelled') await ok(act('community', id, 'cancel', { reason: '重复登记' }));
      if (status === 'merged') {
        const target = await ticketIn('dispatched');
        await ok(act('community', id, 'merge', { targetId: target }));
      }
      return id;
    }
    if (status === 'dispatched') return id;
    if (status === 'shelved') {
      await ok(act('community', id, 'shelve', { reason: '需协调产权单位', reviewOn: daysAhead(30) }));
      return id;
    }
    await ok(act('unit', id, 'accept'));
    if (status === 'in_progress') return id;
    if (status === 'in_progress_pending') {
      await ok(act('unit', id, 'request_extension', { hours: 24, reason: '需等物业协调' }));
      return id;
    }
    await ok(act('unit', id, 'report_back', { note: '已清理' }));
    if (status === 'reported') return id;
    await ok(act('grid', id, 'verify_pass'));
    return id;
  };
  return { as, create, act, get, ticketIn, memberResidentId: resident.id };
}
