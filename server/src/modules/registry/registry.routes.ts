/** HTTP for households and residents. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { PlaceCode, Uuid } from '../../../../contracts/common.js';
import { HouseholdSchema, ResidentSchema, RevealedSchema } from '../../../../contracts/registry.js';
import * as service from './registry.service.js';

export async function registryRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/me/household', { schema: { tags: ['registry'], summary: '我的家 My household', response: { 200: HouseholdSchema } } }, async (req) =>
    service.getMyHousehold(db, requireActor(req), req),
  );

  app.get(
    '/households/:code',
    { schema: { tags: ['registry'], summary: '户 A household and its members', params: Type.Object({ code: PlaceCode }), response: { 200: HouseholdSchema } } },
    async (req) => service.getHousehold(db, requireActor(req), req.params.code, req),
  );

  app.get(
    '/residents/:id',
    { schema: { tags: ['registry'], summary: '居民 A resident (masked)', params: Type.Object({ id: Uuid }), response: { 200: ResidentSchema } } },
    async (req) => service.getResident(db, requireActor(req), req.params.id, req),
  );

  app.post(
    '/residents/:id/reveal',
    { schema: { tags: ['registry'], summary: '查看完整证件号和手机号 Reveal ID number and mobile (audited)', params: Type.Object({ id: Uuid }), response: { 200: RevealedSchema } } },
    async (req) => service.revealResident(db, cipher, requireActor(req), req.params.id, req),
  );
}
