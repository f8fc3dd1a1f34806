/** HTTP for the inbox, and the live streams (server-sent events) that keep open pages current. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { reaches, STAFF_ROLES, type Actor } from '../../platform/access.js';
import type { BusEvent } from '../../platform/bus.js';
import { errors } from '../../platform/errors.js';
import { InboxQuery, InboxResponse } from '../../../../contracts/notifications.js';
import * as service from './notifications.service.js';

/** Whether a signed-in person should see a live event: addressed to her, or about a place she serves or lives in (confidential: only hers, or community staff and above). */
export function visibleTo(actor: Actor, e: BusEvent): boolean {
  if (e.userIds?.includes(actor.userId)) return true;
  if (!e.placeCode) return false;
  const roles = e.confidential ? (['community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'] as const) : ([...STAFF_ROLES, 'resident'] as const);
  return reaches(actor, roles, e.placeCode);
}

/** The public stream's view of an event: no people, place to the compound, nothing confidential. */
export function publicView(e: BusEvent): Omit<BusEvent, 'userIds'> | null {
  if (e.confidential || !e.type.startsWith('ticket.')) return null;
  const { userIds: _hidden, ...rest } = e;
  return { ...rest, placeCode: e.placeCode?.slice(0, 15) };
}

export async function notificationsRoutes(root: FastifyInstance, { db, bus }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const open = new Set<FastifyReply>();
  // Streams never end by themselves: end them so the server can close.
  root.addHook('preClose', async () => {
    for (const reply of open) reply.raw.end();
  });

  function stream(req: FastifyRequest, reply: FastifyReply, pick: (e: BusEvent) => object | null) {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': req.id,
    });
    // Browsers reconnect by themselves after a drop; three seconds keeps a restart short.
    res.write('retry: 3000\n: connected\n\n');
    open.add(reply);
    const off = bus.subscribe((e) => {
      const view = pick(e);
      if (view) res.write(`event: ${e.type}\ndata: ${JSON.stringify(view)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      off();
      clearInterval(ping);
      open.delete(reply);
    });
  }

  app.get('/inbox', { schema: { tags: ['notifications'], summary: '消息 My inbox', querystring: InboxQuery, response: { 200: InboxResponse } } }, async (req) =>
    service.readInbox(db, requireActor(req), req.query),
  );
  app.post(
    '/inbox/:id/read',
    { schema: { tags: ['notifications'], summary: '标为已读 Mark read', params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }), response: { 200: Type.Object({ changed: Type.Integer() }) } } },
    async (req) => {
      const changed = await service.markRead(db, requireActor(req), req.params.id);
      if (!changed) throw errors.notFound('unread message');
      return { changed };
    },
  );
  app.post('/inbox/read-all', { schema: { tags: ['notifications'], summary: '全部已读 Mark all read', response: { 200: Type.Object({ changed: Type.Integer() }) } } }, async (req) => ({
    changed: await service.markRead(db, requireActor(req), null),
  }));

  app.get('/stream', { schema: { tags: ['notifications'], summary: '实时更新 Live events for me (text/event-stream)' } }, async (req, reply) => {
    const actor = requireActor(req);
    stream(req, reply, (e) => (visibleTo(actor, e) ? { ...e, userIds: undefined } : null));
  });
  app.get('/public/stream', { config: { public: true }, schema: { tags: ['notifications'], summary: '公开清单实时更新 Live events of the public list' } }, async (req, reply) => {
    stream(req, reply, publicView);
  });
}
