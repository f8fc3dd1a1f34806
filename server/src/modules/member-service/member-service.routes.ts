/** HTTP for 在职党员服务: posts, choosing a post, targets, progress, reminders, the employer's xlsx. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Ok, Uuid } from '../../../../contracts/common.js';
import { ChooseBody, CreatePostBody, PostSchema, ProgressQuery, ProgressSchema, RemindResult, SetTargetBody, TargetSchema } from '../../../../contracts/member-service.js';
import * as service from './member-service.service.js';
import { employerWorkbook } from './member-service.workbook.js';

const Community = Type.String({ pattern: '^[0-9]{12}$' });

export async function memberServiceRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['member-service'];
  app.get('/member-service/posts', { schema: { tags, summary: '服务岗位 Posts of a community', querystring: Type.Object({ community: Community }, { additionalProperties: false }), response: { 200: Type.Array(PostSchema) } } }, async (req) =>
    service.listPosts(db, requireActor(req), req.query.community),
  );
  app.post('/member-service/posts', { schema: { tags, summary: '设置服务岗位 Add a post', body: CreatePostBody, response: { 201: PostSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createPost(db, requireActor(req), req.body, req);
  });
  app.post('/member-service/posts/:id/choose', { schema: { tags, summary: '认岗 Take a post (myself, or a member by staff)', params: Type.Object({ id: Uuid }), body: ChooseBody, response: { 200: Ok } } }, async (req) =>
    service.choosePost(db, requireActor(req), req.params.id, req.body?.residentId, req),
  );
  app.post('/member-service/posts/:id/leave', { schema: { tags, summary: '退岗 Leave a post', params: Type.Object({ id: Uuid }), body: ChooseBody, response: { 200: Ok } } }, async (req) =>
    service.leavePost(db, requireActor(req), req.params.id, req.body?.residentId, req),
  );
  app.get(
    '/member-service/targets/:community',
    { schema: { tags, summary: '年度目标 The annual target', params: Type.Object({ community: Community }), querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }), response: { 200: TargetSchema } } },
    async (req) => service.getTarget(db, requireActor(req), req.params.community, req.query.year ?? service.shanghaiYear()),
  );
  app.put('/member-service/targets/:community', { schema: { tags, summary: '设置年度目标 Set the annual target (hours)', params: Type.Object({ community: Community }), body: SetTargetBody, response: { 200: TargetSchema } } }, async (req) =>
    service.setTarget(db, requireActor(req), req.params.community, req.body.year, req.body.targetHours, req),
  );
  app.get('/member-service/progress', { schema: { tags, summary: '服务进度 Progress of checked-in members', querystring: ProgressQuery, response: { 200: Type.Array(ProgressSchema) } } }, async (req) =>
    service.listProgress(db, requireActor(req), req.query),
  );
  app.post('/member-service/reminders', { schema: { tags, summary: '提醒 Remind the members behind their target', body: Type.Object({ communityCode: Community }, { additionalProperties: false }), response: { 200: RemindResult } } }, async (req) =>
    service.remindBehind(db, requireActor(req), req.body.communityCode, new Date(), req),
  );
  app.get('/member-service/employer-list.xlsx', { schema: { tags, summary: '单位党组织名单 The list per employer party organisation, xlsx', querystring: ProgressQuery } }, async (req, reply) => {
    const year = req.query.year ?? service.shanghaiYear();
    const rows = await service.listProgress(db, requireActor(req), req.query);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="member-service.xlsx"; filename*=UTF-8''${encodeURIComponent(`在职党员服务-${req.query.employerPartyOrg ?? req.query.community}-${year}.xlsx`)}`);
    return employerWorkbook(rows, year);
  });
}
