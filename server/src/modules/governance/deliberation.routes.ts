/** HTTP for proposals, deliberation meetings and the residents' convention. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import {
  AttendanceBody,
  ConventionSchema,
  ConventionVoteBody,
  CreateConventionBody,
  CreateMeetingBody,
  CreateProposalBody,
  CreateTaskBody,
  DecideProposalBody,
  MeetingSchema,
  MeetingsQuery,
  MinutesBody,
  ProposalSchema,
  ProposalsQuery,
  SettingsBody,
  SettingsSchema,
  TaskTicketBody,
} from '../../../../contracts/deliberation.js';
import * as deliberation from './deliberation.service.js';
import * as convention from './convention.service.js';

export async function deliberationRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['deliberation'];
  const P = Type.Object({ id: Uuid });
  const C = Type.Object({ community: Type.String({ pattern: '^[0-9]{12}$' }) });

  app.get('/governance-settings/:community', { schema: { tags, summary: '议题附议门槛 The community’s support threshold', params: C, response: { 200: SettingsSchema } } }, async (req) =>
    deliberation.getSettings(db, requireActor(req), req.params.community),
  );
  app.put('/governance-settings/:community', { schema: { tags, summary: '设置附议门槛', params: C, body: SettingsBody, response: { 200: SettingsSchema } } }, async (req) =>
    deliberation.setSettings(db, requireActor(req), req.params.community, req.body.supportThreshold, req),
  );

  app.get('/proposals', { schema: { tags, summary: '议题 Proposals of a community (hers for a resident)', querystring: ProposalsQuery, response: { 200: Type.Array(ProposalSchema) } } }, async (req) =>
    deliberation.listProposals(db, requireActor(req), req.query),
  );
  app.post('/proposals', { schema: { tags, summary: '提出议题 Raise a proposal', body: CreateProposalBody, response: { 201: ProposalSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route: 'POST /proposals', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await deliberation.createProposal(db, actor, req.body, req) }));
    return reply.status(201).send(stored.body);
  });
  app.get('/proposals/:id', { schema: { tags, summary: '议题详情', params: P, response: { 200: ProposalSchema } } }, async (req) => deliberation.getProposal(db, requireActor(req), req.params.id));
  app.post('/proposals/:id/support', { schema: { tags, summary: '附议 Support a proposal (once)', params: P, response: { 200: ProposalSchema } } }, async (req) =>
    deliberation.supportProposal(db, requireActor(req), req.params.id, req),
  );
  app.post('/proposals/:id/decide', { schema: { tags, summary: '办结或不予采纳 Decide or reject with the outcome', params: P, body: DecideProposalBody, response: { 200: ProposalSchema } } }, async (req) =>
    deliberation.decideProposal(db, requireActor(req), req.params.id, req.body, req),
  );

  app.get('/meetings', { schema: { tags, summary: '议事会 Meetings of a community', querystring: MeetingsQuery, response: { 200: Type.Array(MeetingSchema) } } }, async (req) =>
    deliberation.listMeetings(db, requireActor(req), req.query),
  );
  app.post('/meetings', { schema: { tags, summary: '召集议事会 Call a meeting', body: CreateMeetingBody, response: { 201: MeetingSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route: 'POST /meetings', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await deliberation.createMeeting(db, actor, req.body, req) }));
    return reply.status(201).send(stored.body);
  });
  app.get('/meetings/:id', { schema: { tags, summary: '议事会详情', params: P, response: { 200: MeetingSchema } } }, async (req) => deliberation.getMeeting(db, requireActor(req), req.params.id));
  app.put('/meetings/:id/attendance', { schema: { tags, summary: '签到 Record attendance', params: P, body: AttendanceBody, response: { 200: MeetingSchema } } }, async (req) =>
    deliberation.recordAttendance(db, requireActor(req), req.params.id, req.body.present, req),
  );
  app.put('/meetings/:id/minutes', { schema: { tags, summary: '会议纪要与决定 Minutes and decisions', params: P, body: MinutesBody, response: { 200: MeetingSchema } } }, async (req) =>
    deliberation.recordMinutes(db, requireActor(req), req.params.id, req.body, req),
  );
  app.post('/meetings/:id/tasks', { schema: { tags, summary: '跟进事项 Add a follow-up task', params: P, body: CreateTaskBody, response: { 201: MeetingSchema } } }, async (req, reply) => {
    reply.status(201);
    return deliberation.addTask(db, requireActor(req), req.params.id, req.body, req);
  });
  app.post('/meeting-tasks/:id/ticket', { schema: { tags, summary: '转为工单 Turn a task into a ticket (ticket loop)', params: P, body: TaskTicketBody, response: { 201: MeetingSchema } } }, async (req, reply) => {
    reply.status(201);
    return deliberation.taskToTicket({ db, cipher }, requireActor(req), req.params.id, req.body, req);
  });

  app.get('/conventions', { schema: { tags, summary: '居民公约 Versions of a community’s convention', querystring: MeetingsQuery, response: { 200: Type.Array(ConventionSchema) } } }, async (req) =>
    convention.listConventions(db, requireActor(req), req.query.community),
  );
  app.post('/conventions', { schema: { tags, summary: '起草新版本 Draft the next version', body: CreateConventionBody, response: { 201: ConventionSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route: 'POST /conventions', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await convention.draftConvention(db, actor, req.body, req) }));
    return reply.status(201).send(stored.body);
  });
  app.post('/conventions/:id/vote', { schema: { tags, summary: '提交表决 Put a draft to the vote', params: P, body: ConventionVoteBody, response: { 200: ConventionSchema } } }, async (req) =>
    convention.putConventionToVote(db, requireActor(req), req.params.id, req.body, req),
  );
  app.post('/conventions/:id/acknowledge', { schema: { tags, summary: '户确认知晓 A household acknowledges it', params: P, response: { 200: ConventionSchema } } }, async (req) =>
    convention.acknowledgeConvention(db, requireActor(req), req.params.id, req),
  );
}
