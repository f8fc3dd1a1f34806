/** HTTP for changing the place tree. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { PlaceCode } from '../../../../contracts/common.js';
import { PlaceSchema } from '../../../../contracts/places.js';
import { CreatePlaceBody, MovedPlace, MovePlaceBody, PlaceHistoryEntry, UpdatePlaceBody } from '../../../../contracts/place-editing.js';
import * as service from './place-editing.service.js';

export async function placeEditingRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/places', { schema: { tags: ['places'], summary: '新建地点 Create a place under a parent', body: CreatePlaceBody, response: { 201: PlaceSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createPlace(db, requireActor(req), req.body, req);
  });

  app.patch(
    '/places/:code',
    { schema: { tags: ['places'], summary: '修改地点 Rename or relocate a place', params: Type.Object({ code: PlaceCode }), body: UpdatePlaceBody, response: { 200: PlaceSchema } } },
    async (req) => service.updatePlace(db, requireActor(req), req.params.code, req.body, req),
  );

  app.post(
    '/places/:code/move',
    { schema: { tags: ['places'], summary: '迁移地点 Move a place (its code changes)', params: Type.Object({ code: PlaceCode }), body: MovePlaceBody, response: { 200: MovedPlace } } },
    async (req) => service.movePlace(db, requireActor(req), req.params.code, req.body, req),
  );

  app.get(
    '/places/:code/history',
    { schema: { tags: ['places'], summary: '地点沿革 History of a place', params: Type.Object({ code: PlaceCode }), response: { 200: Type.Array(PlaceHistoryEntry) } } },
    async (req) => service.getPlaceHistory(db, requireActor(req), req.params.code),
  );
}
