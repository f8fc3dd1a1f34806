/** HTTP for party members, check-ins, transfers and new-employment workers. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Ok, Uuid } from '../../../../contracts/common.js';
import {
  CheckinBody,
  CheckinSchema,
  CheckinsQuery,
  GigWorkerBody,
  GigWorkerSchema,
  MembershipBody,
  PartyMemberSchema,
  PartyMembersQuery,
  TransferBody,
  TransferSchema,
} from '../../../../contracts/members.js';
import * as service from './members.service.js';

const Community = Type.Object({ community: Type.String({ pattern: '^[0-9]{12}$' }) }, { additionalProperties: false });

export async function membersRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['party members'];

  app.get('/party-members', { schema: { tags, summary: '党员名册 Party members under a place', querystring: PartyMembersQuery, response: { 200: Type.Array(PartyMemberSchema) } } }, async (req) =>
    service.listPartyMembers(db, requireActor(req), req.query),
  );
  app.put(
    '/residents/:id/party-membership',
    { schema: { tags, summary: '登记党员 Record a party membership', params: Type.Object({ id: Uuid }), body: MembershipBody, response: { 200: PartyMemberSchema } } },
    async (req) => service.setMembership(db, requireActor(req), req.params.id, req.body, req),
  );
  app.delete('/residents/:id/party-membership', { schema: { tags, summary: '删除党员登记 Remove a membership record', params: Type.Object({ id: Uuid }), response: { 200: Ok } } }, async (req) => {
    await service.removeMembership(db, requireActor(req), req.params.id, req);
    return { ok: true as const };
  });

  app.get('/member-checkins', { schema: { tags, summary: '在职党员报到名单 Check-ins', querystring: CheckinsQuery, response: { 200: Type.Array(CheckinSchema) } } }, async (req) =>
    service.listCheckins(db, requireActor(req), req.query),
  );
  app.post('/member-checkins', { schema: { tags, summary: '在职党员社区报到 Check in where one lives', body: CheckinBody, response: { 201: CheckinSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.checkIn(db, requireActor(req), req.body, req);
  });
  app.post('/member-checkins/:id/end', { schema: { tags, summary: '结束报到 End a check-in', params: Type.Object({ id: Uuid }), response: { 200: Ok } } }, async (req) => {
    await service.endCheckIn(db, requireActor(req), req.params.id, req);
    return { ok: true as const };
  });

  app.get('/membership-transfers', { schema: { tags, summary: '组织关系转接 Transfers of a community', querystring: Community, response: { 200: Type.Array(TransferSchema) } } }, async (req) =>
    service.listTransfers(db, requireActor(req), req.query.community),
  );
  app.post('/membership-transfers', { schema: { tags, summary: '申请转接 Request a transfer to the community', body: TransferBody, response: { 201: TransferSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.requestTransfer(db, requireActor(req), req.body, req);
  });
  app.post(
    '/membership-transfers/:id/complete',
    { schema: { tags, summary: '完成转接 Complete a transfer', params: Type.Object({ id: Uuid }), response: { 200: TransferSchema } } },
    async (req) => service.completeTransfer(db, requireActor(req), req.params.id, req),
  );

  app.get('/gig-workers', { schema: { tags: ['new employment'], summary: '新就业群体 Registered workers of a community', querystring: Community, response: { 200: Type.Array(GigWorkerSchema) } } }, async (req) =>
    service.listGigWorkers(db, requireActor(req), req.query.community),
  );
  app.post('/gig-workers', { schema: { tags: ['new employment'], summary: '报到备案 Register a delivery rider, courier…', body: GigWorkerBody, response: { 201: GigWorkerSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.registerGigWorker(db, cipher, requireActor(req), req.body, req);
  });
}
