/** HTTP for the place tree and grids. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { PlaceCode } from '../../../../contracts/common.js';
import { ChildrenQuery, GridSchema, PlaceDetail, PlaceSchema } from '../../../../contracts/places.js';
import * as service from './places.service.js';

export async function placesRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/places', { schema: { tags: ['places'], summary: '我的组织架构起点 The roots of my view', response: { 200: Type.Array(PlaceSchema) } } }, async (req) =>
    service.listRoots(db, requireActor(req)),
  );

  app.get(
    '/places/:code',
    {
      schema: {
        tags: ['places'],
        summary: '地点 A place with its ancestors and children',
        params: Type.Object({ code: PlaceCode }),
        querystring: ChildrenQuery,
        response: { 200: PlaceDetail },
      },
    },
    async (req) => service.getPlaceDetail(db, requireActor(req), req.params.code, req.query.page, req.query.pageSize),
  );

  app.get(
    '/grids/:code',
    {
      schema: {
        tags: ['places'],
        summary: '网格 A grid and its buildings',
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{15}$' }) }),
        response: { 200: GridSchema },
      },
    },
    async (req) => service.getGrid(db, requireActor(req), req.params.code),
  );
}
