/** HTTP for public notices: reading, feedback and receipts are public; publishing and reading feedback are not. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import { AnswerBody, CreateNoticeBody, FeedbackBody, FeedbackSchema, FeedbackStatusSchema, NoticeSchema, NoticesQuery, ReceiptBody } from '../../../../contracts/notices.js';
import * as service from './notices.service.js';

export async function noticesRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notices'];
  const P = Type.Object({ id: Uuid });
  const open = { public: true };

  app.get('/notices', { config: open, schema: { tags, summary: '公示 Public notices', querystring: NoticesQuery, response: { 200: Type.Array(NoticeSchema) } } }, async (req) => service.listNotices(db, req.query.place));
  app.get('/notices/:id', { config: open, schema: { tags, summary: '公示详情', params: P, response: { 200: NoticeSchema } } }, async (req) => service.getNotice(db, req.params.id));
  app.post('/notices', { schema: { tags, summary: '发布公示 Publish a notice', body: CreateNoticeBody, response: { 201: NoticeSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route: 'POST /notices', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await service.publishNotice(db, actor, req.body, req) }));
    return reply.status(201).send(stored.body);
  });
  app.post(
    '/notices/:id/feedback',
    { config: { ...open, rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { tags, summary: '反映情况 Send feedback (named or anonymous) during the window; returns the receipt code', params: P, body: FeedbackBody, response: { 201: ReceiptBody } } },
    async (req, reply) => {
      reply.status(201);
      return service.sendFeedback(db, cipher, req.actor ?? null, req.params.id, req.body);
    },
  );
  app.get(
    '/notice-receipts/:code',
    { config: open, schema: { tags, summary: '凭回执码查询结果 The outcome of a feedback', params: Type.Object({ code: Type.String({ pattern: '^[2-9A-Za-z]{4}-[2-9A-Za-z]{4}-[2-9A-Za-z]{4}$' }) }), response: { 200: FeedbackStatusSchema } } },
    async (req) => service.lookUpReceipt(db, req.params.code),
  );
  app.get('/notices/:id/feedback', { schema: { tags, summary: '反映情况列表 (sender: supervisor only)', params: P, response: { 200: Type.Array(FeedbackSchema) } } }, async (req) =>
    service.listFeedback(db, cipher, requireActor(req), req.params.id, req),
  );
  app.post('/notice-feedback/:id/answer', { schema: { tags, summary: '核查答复 Record the outcome (supervisor)', params: P, body: AnswerBody, response: { 200: FeedbackSchema } } }, async (req) =>
    service.answerFeedback(db, cipher, requireActor(req), req.params.id, req.body.outcome, req),
  );
}
