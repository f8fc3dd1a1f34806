/** HTTP for grids. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { CommunityGrids, CreateGridBody, GridBuildingsBody, GridCode, GridDetail, GridWorkerBody, RenameGridBody } from '../../../../contracts/grids.js';
import * as service from './grid.service.js';

export async function gridRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['grids'];

  app.get(
    '/communities/:code/grids',
    { schema: { tags, summary: '社区网格 Grids of a community, and buildings in no grid', params: Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }) }), response: { 200: CommunityGrids } } },
    async (req) => service.listCommunityGrids(db, requireActor(req), req.params.code),
  );
  app.post('/grids', { schema: { tags, summary: '新建网格 Create a grid', body: CreateGridBody, response: { 201: GridDetail } } }, async (req, reply) => {
    reply.status(201);
    return service.createGrid(db, requireActor(req), req.body, req);
  });
  app.patch(
    '/grids/:code',
    { schema: { tags, summary: '重命名网格 Rename a grid', params: Type.Object({ code: GridCode }), body: RenameGridBody, response: { 200: GridDetail } } },
    async (req) => service.renameGrid(db, requireActor(req), req.params.code, req.body.name),
  );
  app.put(
    '/grids/:code/buildings',
    { schema: { tags, summary: '划定网格楼栋 Set the buildings of a grid', params: Type.Object({ code: GridCode }), body: GridBuildingsBody, response: { 200: GridDetail } } },
    async (req) => service.assignBuildings(db, requireActor(req), req.params.code, req.body.buildingCodes, req),
  );
  app.post(
    '/grids/:code/workers',
    { schema: { tags, summary: '任命网格员 Appoint a grid worker', params: Type.Object({ code: GridCode }), body: GridWorkerBody, response: { 200: GridDetail } } },
    async (req) => service.appointWorker(db, requireActor(req), req.params.code, req.body.userId, req),
  );
  app.delete(
    '/grids/:code/workers/:userId',
    { schema: { tags, summary: '免去网格员 Remove a grid worker', params: Type.Object({ code: GridCode, userId: Type.String({ format: 'uuid' }) }), response: { 200: GridDetail } } },
    async (req) => service.removeWorker(db, requireActor(req), req.params.code, req.params.userId, req),
  );
}
