/** HTTP for teams. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Uuid } from '../../../../contracts/common.js';
import { AddMemberBody, BootstrapBody, BootstrapResult, CreateTeamBody, TeamDetail, TeamSchema, TeamsQuery } from '../../../../contracts/teams.js';
import * as service from './teams.service.js';

export async function teamsRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['teams'];

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
    { schema: { tags, summary: '移出队员 Remove a member', params: Type.Object({ id: Uuid, memberKey: Type.String({ pattern: '^[ru]:[0-9a-f-]{36}$' }) }), response: { 200: TeamDetail } } },
    async (req) => service.removeMember(db, requireActor(req), req.params.id, req.params.memberKey, req),
  );
}
