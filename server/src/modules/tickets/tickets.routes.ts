/** HTTP for the ticket loop: categories (read, suggest), tickets (create, read, list, follow) and one route per lifecycle action. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { idempotencyKeyOf } from '../../platform/idempotency.js';
import { Ok, Uuid } from '../../../../contracts/common.js';
import {
  ACTION_BODIES,
  CreateTicketBody,
  RevealedPhoneSchema,
  SuggestCategoryBody,
  SuggestCategoryResult,
  TICKET_ACTIONS,
  TicketCategorySchema,
  TicketDetailSchema,
  TicketListSchema,
  TicketsQuery,
  type AnyActionBody,
} from '../../../../contracts/tickets.js';
import * as service from './tickets.service.js';

const SUMMARY: Record<(typeof TICKET_ACTIONS)[number], string> = {
  dispatch: '派遣 Dispatch to the tier team of its place (community or township staff)',
  accept: '受理 Accept (the current tier)',
  return: '退回 Return to the dispatcher, with reason',
  request_extension: '申请延期 Ask for more time (approved one level up)',
  approve_extension: '批准延期 Approve the pending extension',
  reject_extension: '驳回延期 Reject the pending extension',
  escalate: '升级 Escalate by hand to the next tier, with a note',
  supervise: '督办 Supervise from a level above, with a note',
  report_back: '反馈 Report it handled, with notes',
  verify_pass: '核查通过 Verify on site: closes it (结案)',
  verify_fail: '核查不通过 Verify failed: back to the tier (返工)',
  reopen: '重新办理 Reopen within 7 days of closing (the reporter)',
  rate: '评价 Rate: 满意, 基本满意, 不满意 (the reporter)',
  shelve: '挂账 Shelve with reason and review date',
  unshelve: '解除挂账 Take off the shelf, back to its tier',
  cancel: '注销 Cancel, with reason',
  merge: '合并 Merge as a duplicate into another ticket of the community',
};

export async function ticketsRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['tickets'];
  const params = Type.Object({ id: Uuid });

  app.get(
    '/ticket-categories',
    {
      schema: {
        tags,
        summary: '诉求类别 Ticket categories (active ones; all=true adds inactive ones)',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Array(TicketCategorySchema) },
      },
    },
    async (req) => {
      requireActor(req);
      return service.listCategories(db, { includeInactive: req.query.all === true });
    },
  );
  app.post(
    '/ticket-categories/suggest',
    { schema: { tags, summary: '推荐类别 Suggest categories for a text (best first)', body: SuggestCategoryBody, response: { 200: SuggestCategoryResult } } },
    async (req) => {
      requireActor(req);
      return service.suggestCategories(db, req.body.text);
    },
  );

  app.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: '登记诉求 Register a ticket (resident, patrol, phone, device, referral); send an Idempotency-Key so a retry creates nothing twice',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: CreateTicketBody,
        response: { 201: TicketDetailSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const stored = await service.createTicketOnce({ db, cipher }, actor, req.body, idempotencyKeyOf(req), req);
      if (stored.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(stored.status as 201).send(stored.body);
    },
  );
  app.get('/tickets', { schema: { tags, summary: '工单列表 My tickets, my queue, or the tickets under a place', querystring: TicketsQuery, response: { 200: TicketListSchema } } }, async (req) =>
    service.listTickets(db, requireActor(req), req.query),
  );
  app.get('/tickets/:id', { schema: { tags, summary: '工单详情 A ticket, its timeline and what I may do now', params, response: { 200: TicketDetailSchema } } }, async (req) =>
    service.getTicket(db, requireActor(req), req.params.id),
  );
  app.get(
    '/tickets/:id/reporter-phone',
    { schema: { tags, summary: '查看来电号码 The reporter’s full phone number (audited)', params, response: { 200: RevealedPhoneSchema } } },
    async (req) => service.revealReporterPhone({ db, cipher }, requireActor(req), req.params.id, req),
  );
  app.post('/tickets/:id/follow', { schema: { tags, summary: '关注 Follow a ticket', params, response: { 200: TicketDetailSchema } } }, async (req) =>
    service.followTicket(db, requireActor(req), req.params.id),
  );
  app.delete('/tickets/:id/follow', { schema: { tags, summary: '取消关注 Stop following', params, response: { 200: Ok } } }, async (req) =>
    service.unfollowTicket(db, requireActor(req), req.params.id),
  );
  for (const action of TICKET_ACTIONS) {
    app.post(
      `/tickets/:id/${action}`,
      { schema: { tags, summary: SUMMARY[action], params, body: ACTION_BODIES[action], response: { 200: TicketDetailSchema } } },
      async (req) => service.actOnTicket(db, requireActor(req), req.params.id, action, req.body as AnyActionBody, req),
    );
  }
}
