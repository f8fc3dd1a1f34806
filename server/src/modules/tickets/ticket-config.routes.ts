/** HTTP for the ticket loop's configuration: categories (add, change) and the holiday table. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Ok } from '../../../../contracts/common.js';
import { CreateCategoryBody, HolidayParams, HolidaySchema, HolidaysQuery, PatchCategoryBody, PutHolidayBody, TicketCategorySchema } from '../../../../contracts/ticket-config.js';
import * as service from './ticket-config.service.js';

export async function ticketConfigRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['ticket configuration'];

  app.post(
    '/ticket-categories',
    { schema: { tags, summary: '新增诉求类别 Add a ticket category (city admin)', body: CreateCategoryBody, response: { 201: TicketCategorySchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.createCategory(db, requireActor(req), req.body, req);
    },
  );
  app.patch(
    '/ticket-categories/:code',
    {
      schema: {
        tags,
        summary: '修改诉求类别 Change a ticket category (city admin): name, first tier, deadlines, tier shares, clock, confidentiality, department, keywords, active, order',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        body: PatchCategoryBody,
        response: { 200: TicketCategorySchema },
      },
    },
    async (req) => service.updateCategory(db, requireActor(req), req.params.code, req.body, req),
  );

  app.get(
    '/holidays',
    { schema: { tags, summary: '节假日与调休 The holiday table of a year', querystring: HolidaysQuery, response: { 200: Type.Array(HolidaySchema) } } },
    async (req) => {
      requireActor(req);
      return service.listHolidays(db, req.query.year);
    },
  );
  app.put(
    '/holidays/:day',
    { schema: { tags, summary: '设置节假日或调休上班日 Set a day: a weekday off or a weekend day worked (city admin)', params: HolidayParams, body: PutHolidayBody, response: { 200: HolidaySchema } } },
    async (req) => service.putHoliday(db, requireActor(req), req.params.day, req.body, req),
  );
  app.delete(
    '/holidays/:day',
    { schema: { tags, summary: '删除节假日设置 Remove a day from the table (city admin)', params: HolidayParams, response: { 200: Ok } } },
    async (req) => service.deleteHoliday(db, requireActor(req), req.params.day, req),
  );
}
