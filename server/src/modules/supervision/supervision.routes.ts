/** HTTP of the dashboards: JSON for the charts, xlsx of each chart's data. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { DashboardQuery, MapConfig, MapFeatures, OrgDashboard, PlaceQuery, TicketDashboard } from '../../../../contracts/supervision.js';
import * as service from './supervision.service.js';
import { exportOrgDashboard, exportTicketDashboard, ORG_CHARTS, TICKET_CHARTS, type OrgChart, type TicketChart } from './supervision.export.js';
import { getMapConfig, getMapFeatures } from './supervision.map.js';

const Chart = <T extends readonly string[]>(list: T) => Type.Optional(Type.Union(list.map((c) => Type.Literal(c)), { description: 'one chart; all when absent' }));

function xlsx(reply: FastifyReply, name: string, body: Buffer) {
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="dashboard.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  return body;
}

export async function supervisionRoutes(root: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['supervision'];
  app.get('/supervision/tickets', { schema: { tags, summary: '诉求看板 Ticket dashboard of a place over a period', querystring: DashboardQuery, response: { 200: TicketDashboard } } }, async (req) =>
    service.getTicketDashboard(db, requireActor(req), req.query),
  );
  app.get(
    '/supervision/tickets/export',
    { schema: { tags, summary: '导出诉求看板 The ticket dashboard as xlsx', querystring: Type.Object({ ...DashboardQuery.properties, chart: Chart(TICKET_CHARTS) }, { additionalProperties: false }) } },
    async (req, reply) => {
      const { chart, ...q } = req.query;
      const d = await service.getTicketDashboard(db, requireActor(req), q);
      return xlsx(reply, `诉求看板-${d.place.name}-${d.from}-${d.to}${chart ? `-${chart}` : ''}.xlsx`, await exportTicketDashboard(d, chart as TicketChart | undefined));
    },
  );
  app.get('/supervision/org', { schema: { tags, summary: '组织与人口看板 Organisation coverage, grids and registry figures', querystring: PlaceQuery, response: { 200: OrgDashboard } } }, async (req) =>
    service.getOrgDashboard(db, requireActor(req), req.query.place),
  );
  app.get(
    '/supervision/org/export',
    { schema: { tags, summary: '导出组织与人口看板 The same as xlsx', querystring: Type.Object({ ...PlaceQuery.properties, chart: Chart(ORG_CHARTS) }, { additionalProperties: false }) } },
    async (req, reply) => {
      const d = await service.getOrgDashboard(db, requireActor(req), req.query.place);
      return xlsx(reply, `组织与人口-${d.place.name}${req.query.chart ? `-${req.query.chart}` : ''}.xlsx`, await exportOrgDashboard(d, req.query.chart as OrgChart | undefined));
    },
  );
  app.get('/supervision/map', { schema: { tags, summary: '地图要素 Compounds and grids under a place (GeoJSON, WGS-84)', querystring: PlaceQuery, response: { 200: MapFeatures } } }, async (req) =>
    getMapFeatures(db, requireActor(req), req.query.place),
  );
  app.get('/supervision/map-config', { schema: { tags, summary: '底图设置 Tile source and its coordinate system', response: { 200: MapConfig } } }, async (req) => {
    requireActor(req);
    return getMapConfig(deps.config);
  });
}
