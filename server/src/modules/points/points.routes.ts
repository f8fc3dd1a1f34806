/** HTTP for points: my account, accounts, the ledger, reversals, rules, leaderboard, the points shop. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Ok, Uuid } from '../../../../contracts/common.js';
import {
  AccountSchema,
  AdjustBody,
  CreateItemBody,
  ItemSchema,
  LeaderboardSchema,
  LedgerEntrySchema,
  RedeemBody,
  RedemptionSchema,
  ReverseBody,
  RulesSchema,
  SetRulesBody,
  UpdateItemBody,
  type PointsItem,
  type Redemption,
} from '../../../../contracts/points.js';
import * as service from './points.service.js';

const Community = Type.String({ pattern: '^[0-9]{12}$' });

export async function pointsRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['points'];
  const idem = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

  app.get('/points/me', { schema: { tags, summary: '我的积分 My balance and ledger', response: { 200: AccountSchema } } }, async (req) => service.myAccount(db, requireActor(req)));
  app.get('/points/accounts/:residentId', { schema: { tags, summary: '居民积分 A resident’s balance and ledger', params: Type.Object({ residentId: Uuid }), response: { 200: AccountSchema } } }, async (req) =>
    service.getAccount(db, requireActor(req), req.params.residentId),
  );
  app.get('/points/ledger', { schema: { tags, summary: '积分台账 The ledger of a community (newest first)', querystring: Type.Object({ community: Community }, { additionalProperties: false }), response: { 200: Type.Array(LedgerEntrySchema) } } }, async (req) =>
    service.listEntries(db, requireActor(req), req.query.community),
  );
  app.post('/points/ledger/:id/reverse', { schema: { tags, summary: '冲正 Reverse an entry, with a note', params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }), body: ReverseBody, response: { 200: LedgerEntrySchema } } }, async (req) =>
    service.reverseEntry(db, requireActor(req), req.params.id, req.body.note, req),
  );
  app.post('/points/adjustments', { schema: { tags, summary: '人工调整 Add or take points, with a note', body: AdjustBody, response: { 200: AccountSchema } } }, async (req) =>
    service.adjustPoints(db, requireActor(req), req.body, req),
  );
  app.get('/points/rules/:community', { schema: { tags, summary: '积分规则 The rules of a community', params: Type.Object({ community: Community }), response: { 200: RulesSchema } } }, async (req) =>
    service.getRules(db, requireActor(req), req.params.community),
  );
  app.put('/points/rules/:community', { schema: { tags, summary: '设置积分规则 Set the rules of a community', params: Type.Object({ community: Community }), body: SetRulesBody, response: { 200: RulesSchema } } }, async (req) =>
    service.setRules(db, requireActor(req), req.params.community, req.body, req),
  );
  app.get(
    '/points/leaderboard',
    {
      schema: {
        tags,
        summary: '积分榜 Points earned in a community, best first',
        querystring: Type.Object({ community: Community, period: Type.Optional(Type.Union([Type.Literal('year'), Type.Literal('month'), Type.Literal('all')])) }, { additionalProperties: false }),
        response: { 200: LeaderboardSchema },
      },
    },
    async (req) => service.leaderboard(db, requireActor(req), req.query.community, req.query.period),
  );
  app.get('/points/items', { schema: { tags, summary: '积分超市 Items of a community', querystring: Type.Object({ community: Community }, { additionalProperties: false }), response: { 200: Type.Array(ItemSchema) } } }, async (req) =>
    service.listItems(db, requireActor(req), req.query.community),
  );
  app.post('/points/items', { schema: { tags, summary: '上架商品 Add an item', headers: idem, body: CreateItemBody, response: { 201: ItemSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent<PointsItem>(db, { userId: actor.userId, route: 'POST /points/items', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await service.createItem(db, actor, req.body, req) }));
    return reply.status(201).send(stored.body);
  });
  app.patch('/points/items/:id', { schema: { tags, summary: '修改商品 Change stock, cost or availability', params: Type.Object({ id: Uuid }), body: UpdateItemBody, response: { 200: ItemSchema } } }, async (req) =>
    service.updateItem(db, requireActor(req), req.params.id, req.body, req),
  );
  app.post(
    '/points/items/:id/redeem',
    { schema: { tags, summary: '兑换 Redeem an item with my points (never below zero)', params: Type.Object({ id: Uuid }), headers: idem, body: RedeemBody, response: { 201: RedemptionSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const stored = await idempotent<Redemption>(db, { userId: actor.userId, route: `POST /points/items/${req.params.id}/redeem`, key: idempotencyKeyOf(req) }, async () => ({
        status: 201,
        body: await service.redeemItem(db, actor, req.params.id, req.body?.quantity ?? 1, req),
      }));
      return reply.status(201).send(stored.body);
    },
  );
  app.get(
    '/points/redemptions',
    { schema: { tags, summary: '兑换记录 Redemptions of a community, or mine', querystring: Type.Object({ community: Type.Optional(Community), mine: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(RedemptionSchema) } } },
    async (req) => service.listRedemptions(db, requireActor(req), req.query),
  );
  app.post('/points/redemptions/:id/hand-over', { schema: { tags, summary: '领取 Hand the item over', params: Type.Object({ id: Uuid }), response: { 200: Ok } } }, async (req) =>
    service.handOver(db, requireActor(req), req.params.id, req),
  );
}
