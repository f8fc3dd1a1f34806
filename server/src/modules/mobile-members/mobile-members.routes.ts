/** HTTP for 流动党员: survey, register, list (overdue), group proposals and adoption, pairing, the contact log, reminders. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import { AdoptBody, ContactBody, GroupSchema, MemberDetail, MembersQuery, MobileMemberSchema, PairBody, ProposalSchema, SurveyBody, type MobileMember } from '../../../../contracts/mobile-members.js';
import * as service from './mobile-members.service.js';

export async function mobileMembersRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['mobile-members'];
  const params = Type.Object({ id: Uuid });
  const Place = Type.Object({ place: Type.String({ pattern: '^[0-9]{9,12}$' }) }, { additionalProperties: false });

  app.get('/mobile-members', { schema: { tags, summary: '流动党员 Mobile party members under a community or township (overdue=true: contacts overdue)', querystring: MembersQuery, response: { 200: Type.Array(MobileMemberSchema) } } }, async (req) =>
    service.listMembers(db, requireActor(req), req.query),
  );
  app.post(
    '/mobile-members',
    { schema: { tags, summary: '摸底 Survey a member who left', headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }), body: SurveyBody, response: { 201: MobileMemberSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const stored = await idempotent<MobileMember>(db, { userId: actor.userId, route: 'POST /mobile-members', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await service.surveyMember(db, cipher, actor, req.body, req) }));
      return reply.status(201).send(stored.body);
    },
  );
  app.get('/mobile-members/:id', { schema: { tags, summary: '流动党员详情 A member and the contact log', params, response: { 200: MemberDetail } } }, async (req) => service.getMember(db, requireActor(req), req.params.id));
  app.post('/mobile-members/:id/register', { schema: { tags, summary: '建库 Register', params, response: { 200: MobileMemberSchema } } }, async (req) => service.registerMember(db, requireActor(req), req.params.id, req));
  app.post('/mobile-members/:id/pair', { schema: { tags, summary: '结对 Pair with a contact cadre (default: me), rhythm in days (default 30)', params, body: PairBody, response: { 200: MobileMemberSchema } } }, async (req) =>
    service.pairMember(db, requireActor(req), req.params.id, req.body ?? {}, req),
  );
  app.post('/mobile-members/:id/contacts', { schema: { tags, summary: '联系记录 Log a contact (and study taken part in)', params, body: ContactBody, response: { 200: MemberDetail } } }, async (req) =>
    service.logContact(db, requireActor(req), req.params.id, req.body, req),
  );
  app.get('/mobile-groups/proposal', { schema: { tags, summary: '编组建议 Proposed organisations: 3+ full members per destination city', querystring: Place, response: { 200: Type.Array(ProposalSchema) } } }, async (req) =>
    service.proposeGroups(db, requireActor(req), req.query.place),
  );
  app.get('/mobile-groups', { schema: { tags, summary: '流动党员党组织 Organisations formed', querystring: Place, response: { 200: Type.Array(GroupSchema) } } }, async (req) => service.listGroups(db, requireActor(req), req.query.place));
  app.post('/mobile-groups', { schema: { tags, summary: '采纳编组 Form the proposed organisation of a city', body: AdoptBody, response: { 201: GroupSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.adoptGroup(db, requireActor(req), req.body, req);
  });
  app.post('/mobile-members/reminders', { schema: { tags, summary: '联系提醒 Remind cadres of overdue contacts', body: Type.Object({ placeCode: Type.String({ pattern: '^[0-9]{9,12}$' }) }, { additionalProperties: false }), response: { 200: Type.Object({ overdue: Type.Integer(), cadres: Type.Integer() }) } } }, async (req) =>
    service.remindOverdue(db, requireActor(req), req.body.placeCode, new Date(), req),
  );
}
