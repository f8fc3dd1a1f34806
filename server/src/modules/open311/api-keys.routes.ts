/** HTTP for the city admin's Open311 API keys. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { ApiKeySchema, CreateApiKeyBody, IssuedApiKey } from '../../../../contracts/open311.js';
import * as service from './api-keys.service.js';

export async function apiKeysRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['open311'];
  app.get('/api-keys', { schema: { tags, summary: '开放接口密钥 Open311 API keys', response: { 200: Type.Array(ApiKeySchema) } } }, async (req) => service.listKeys(db, requireActor(req)));
  app.post('/api-keys', { schema: { tags, summary: '发放密钥 Issue a key (shown once)', body: CreateApiKeyBody, response: { 201: IssuedApiKey } } }, async (req, reply) => {
    reply.status(201);
    return service.createKey(db, requireActor(req), req.body.name, req);
  });
  app.post(
    '/api-keys/:name/revoke',
    { schema: { tags, summary: '吊销密钥 Revoke a key', params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }) }), response: { 200: ApiKeySchema } } },
    async (req) => service.revokeKey(db, requireActor(req), req.params.name, req),
  );
}
