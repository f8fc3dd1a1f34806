/** HTTP for the public list: no sign-in needed. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { PublicListQuery, PublicListResponse, PublicTicketDetail } from '../../../../contracts/ticket-public.js';
import * as service from './ticket-public.service.js';

export async function ticketPublicRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const config = { public: true };
  app.get('/public/tickets', { config, schema: { tags: ['public list'], summary: '线上问题办理清单 The public list', querystring: PublicListQuery, response: { 200: PublicListResponse } } }, async (req) =>
    service.listPublicTickets(db, req.query),
  );
  app.get(
    '/public/tickets/:number',
    { config, schema: { tags: ['public list'], summary: '办理过程 A ticket and its public timeline', params: Type.Object({ number: Type.String({ pattern: '^[0-9A-Z-]{4,30}$' }) }), response: { 200: PublicTicketDetail } } },
    async (req) => service.getPublicTicket(db, req.params.number),
  );
}
