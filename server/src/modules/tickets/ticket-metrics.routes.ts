/** HTTP for ticket metrics and their xlsx export. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { MetricsQuery, MetricsReport } from '../../../../contracts/ticket-metrics.js';
import * as service from './ticket-metrics.service.js';

export async function ticketMetricsRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/ticket-metrics', { schema: { tags: ['tickets'], summary: '工单考核指标 Metrics of a place over a period', querystring: MetricsQuery, response: { 200: MetricsReport } } }, async (req) =>
    service.getTicketMetrics(db, requireActor(req), req.query),
  );
  app.get('/ticket-metrics/export', { schema: { tags: ['tickets'], summary: '导出考核指标 The same as xlsx', querystring: MetricsQuery } }, async (req, reply) => {
    const report = await service.getTicketMetrics(db, requireActor(req), req.query);
    const file = `工单指标-${report.place.name}-${report.from}-${report.to}.xlsx`;
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="metrics.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`);
    return service.exportTicketMetrics(report);
  });
}
