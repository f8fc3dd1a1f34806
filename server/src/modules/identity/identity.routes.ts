/** HTTP for sign-in, the signed-in person, accounts, grants and the audit log. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor, SESSION_COOKIE } from '../../platform/auth.js';
import { Ok, Uuid } from '../../../../contracts/common.js';
import { AuditEntrySchema, AuditQuery, CreateUserBody, GrantBody, LoginBody, MeResponse, UserSchema, UserWithGrants } from '../../../../contracts/identity.js';
import { GrantSchema } from '../../../../contracts/roles.js';
import * as service from './identity.service.js';

export async function identityRoutes(root: FastifyInstance, { db, config }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.cookieSecure,
  };

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['identity'], summary: '登录 Sign in', body: LoginBody, response: { 200: MeResponse } },
    },
    async (req, reply) => {
      const { token, me } = await service.signIn(db, config, req.body, req);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: config.sessionTtlHours * 3600 });
      return me;
    },
  );

  app.post('/auth/logout', { schema: { tags: ['identity'], summary: '退出 Sign out', response: { 200: Ok } } }, async (req, reply) => {
    await service.signOut(db, req.cookies[SESSION_COOKIE]!, req.actor, req);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return { ok: true as const };
  });

  app.get('/me', { schema: { tags: ['identity'], summary: '当前用户 The signed-in person and her roles', response: { 200: MeResponse } } }, async (req) => {
    requireActor(req);
    return service.presentMe(req.session!);
  });

  app.post(
    '/users',
    { schema: { tags: ['identity'], summary: '新建账户 Create a user', body: CreateUserBody, response: { 201: UserSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.createUser(db, requireActor(req), req.body, req);
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags: ['identity'], summary: '账户 A user and her roles', params: Type.Object({ id: Uuid }), response: { 200: UserWithGrants } } },
    async (req) => service.getUser(db, requireActor(req), req.params.id),
  );

  app.post(
    '/users/:id/grants',
    {
      schema: { tags: ['identity'], summary: '授予角色 Grant a role on a node', params: Type.Object({ id: Uuid }), body: GrantBody, response: { 201: GrantSchema } },
    },
    async (req, reply) => {
      reply.status(201);
      return service.grantRole(db, requireActor(req), req.params.id, req.body, req);
    },
  );

  app.delete(
    '/users/:id/grants/:grantId',
    { schema: { tags: ['identity'], summary: '撤销角色 Revoke a role', params: Type.Object({ id: Uuid, grantId: Uuid }), response: { 200: Ok } } },
    async (req) => {
      await service.revokeRole(db, requireActor(req), req.params.id, req.params.grantId, req);
      return { ok: true as const };
    },
  );

  app.get(
    '/audit',
    { schema: { tags: ['identity'], summary: '审计日志 The audit log', querystring: AuditQuery, response: { 200: Type.Array(AuditEntrySchema) } } },
    async (req) => service.readAudit(db, requireActor(req), req.query),
  );
}
