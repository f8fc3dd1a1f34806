/** HTTP for teams. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Uuid } from '../../../../contracts/common.js';
import {
  AddMemberBody,
  ApplicationSchema,
  ApplicationsQuery,
  ApplyBody,
  BootstrapBody,
  BootstrapResult,
  CreateTeamBody,
  DecideBody,
  MyTeamsSchema,
  RecruitingBody,
  SetRoleBody,
  TeamDetail,
  TeamSchema,
  TeamsQuery,
  type Application,
} from '../../../../contracts/teams.js';
import { idempotencyKeyOf, idempotentWrite } from '../../platform/idempotency.js';
import * as service from './teams.service.js';

export async function teamsRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['teams'];
  const idem = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });
  const MemberKey = Type.String({ pattern: '^[ru]:[0-9a-f-]{36}$' });

  app.get('/teams', { schema: { tags, summary: '队伍 Teams under a place', querystring: TeamsQuery, response: { 200: Type.Array(TeamSchema) } } }, async (req) =>
    service.listTeams(db, requireActor(req), req.query),
  );
  app.post('/teams', { schema: { tags, summary: '组建队伍 Form a team', body: CreateTeamBody, response: { 201: TeamSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createTeam(db, requireActor(req), req.body, req);
  });
  app.post(
    '/teams/bootstrap',
    { schema: { tags, summary: '一键组建三级队伍 Form every missing tier team under a place', body: BootstrapBody, response: { 200: BootstrapResult } } },
    async (req) => service.bootstrapTierTeams(db, requireActor(req), req.body.placeCode, req),
  );
  app.get('/teams/:id', { schema: { tags, summary: '队伍详情 A team and its members', params: Type.Object({ id: Uuid }), response: { 200: TeamDetail } } }, async (req) =>
    service.getTeam(db, requireActor(req), req.params.id),
  );
  app.patch(
    '/teams/:id',
    { schema: { tags, summary: '重命名队伍 Rename a team', params: Type.Object({ id: Uuid }), body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }), response: { 200: TeamDetail } } },
    async (req) => service.renameTeam(db, requireActor(req), req.params.id, req.body.name),
  );
  app.post(
    '/teams/:id/members',
    { schema: { tags, summary: '加入队员 Add a member or the leader', params: Type.Object({ id: Uuid }), body: AddMemberBody, response: { 200: TeamDetail } } },
    async (req) => service.addMember(db, requireActor(req), req.params.id, req.body, req),
  );
  app.delete(
    '/teams/:id/members/:memberKey',
    { schema: { tags, summary: '移出队员 Remove a member', params: Type.Object({ id: Uuid, memberKey: MemberKey }), response: { 200: TeamDetail } } },
    async (req) => service.removeMember(db, requireActor(req), req.params.id, req.params.memberKey, req),
  );
  app.put(
    '/teams/:id/members/:memberKey/role',
    { schema: { tags, summary: '设置角色 Set a member\'s role (队长/副队长/队员)', params: Type.Object({ id: Uuid, memberKey: MemberKey }), body: SetRoleBody, response: { 200: TeamDetail } } },
    async (req) => service.setMemberRole(db, requireActor(req), req.params.id, req.params.memberKey, req.body.role, req),
  );
  app.put(
    '/teams/:id/recruiting',
    { schema: { tags, summary: '公开招募 Open or close recruiting (the leader or staff)', params: Type.Object({ id: Uuid }), body: RecruitingBody, response: { 200: TeamSchema } } },
    async (req) => service.setRecruiting(db, requireActor(req), req.params.id, req.body, req),
  );
  app.get('/teams/mine', { schema: { tags, summary: '我的队伍 Teams near me that recruit, mine, and my applications (residents)', response: { 200: MyTeamsSchema } } }, async (req) =>
    service.myTeams(db, requireActor(req)),
  );
  app.post(
    '/teams/:id/applications',
    { schema: { tags, summary: '申请入队 Apply to a recruiting team (a resident)', params: Type.Object({ id: Uuid }), headers: idem, body: ApplyBody, response: { 201: ApplicationSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const stored = await idempotentWrite<Application>(db, { userId: actor.userId, route: `POST /teams/${req.params.id}/applications`, key: idempotencyKeyOf(req) }, async (tx) => ({
        status: 201,
        body: await service.applyToTeam(tx, actor, req.params.id, req.body?.message, req),
      }));
      return reply.status(201).send(stored.body);
    },
  );
  app.get(
    '/teams/:id/applications',
    { schema: { tags, summary: '入队申请 Applications to a team (the leader or staff)', params: Type.Object({ id: Uuid }), querystring: ApplicationsQuery, response: { 200: Type.Array(ApplicationSchema) } } },
    async (req) => service.listTeamApplications(db, requireActor(req), req.params.id, req.query.status),
  );
  app.get(
    '/team-applications',
    { schema: { tags, summary: '待审批 Applications I may decide (pending by default)', querystring: ApplicationsQuery, response: { 200: Type.Array(ApplicationSchema) } } },
    async (req) => service.listApplicationsToDecide(db, requireActor(req), req.query.status),
  );
  app.post(
    '/team-applications/:id/decision',
    { schema: { tags, summary: '审批 Approve or reject (with a reason) an application', params: Type.Object({ id: Uuid }), body: DecideBody, response: { 200: ApplicationSchema } } },
    async (req) => service.decideApplication(db, requireActor(req), req.params.id, req.body, req),
  );
  app.post(
    '/team-applications/:id/withdraw',
    { schema: { tags, summary: '撤回申请 Withdraw my pending application', params: Type.Object({ id: Uuid }), response: { 200: ApplicationSchema } } },
    async (req) => service.withdrawApplication(db, requireActor(req), req.params.id, req),
  );
}
