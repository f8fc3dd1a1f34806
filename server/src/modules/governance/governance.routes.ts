/** HTTP for votes, elections and the owners' roll. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import { XLSX_TYPE } from '../../../../contracts/registry-import.js';
import {
  BallotSchema,
  BoxBallotBody,
  BoxEntrySchema,
  CastBody,
  ChainCheckSchema,
  CreateVoteBody,
  HandInBody,
  HandInSchema,
  OwnerImportResult,
  OwnerRoll,
  PaperBallotBody,
  PutOwnerBody,
  ReceiptSchema,
  VoterSchema,
  VoteSchema,
  VotesQuery,
} from '../../../../contracts/governance.js';
import * as votes from './votes.service.js';
import * as owners from './owners.service.js';

const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
const HouseholdParams = Type.Object({ householdCode: Type.String({ pattern: '^[0-9]{24}$' }) });
const CompoundQuery = Type.Object({ compound: Type.String({ pattern: '^[0-9]{15}$' }) }, { additionalProperties: false });

export function attachment(reply: FastifyReply, fileName: string, type = XLSX_TYPE) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply.type(type).header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`).header('cache-control', 'no-store');
}

export async function governanceRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['governance'];
  const P = Type.Object({ id: Uuid });
  /** A create under the request's Idempotency-Key: 201, and a retry gets the first answer. */
  const createOnce = async (route: string, req: FastifyRequest, reply: FastifyReply, create: (actor: Actor) => Promise<unknown>) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route, key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await create(actor) }));
    return reply.status(201).send(stored.body);
  };

  app.get('/votes', { schema: { tags, summary: '表决与选举 Votes in scope (residents: where they vote)', querystring: VotesQuery, response: { 200: Type.Array(VoteSchema) } } }, async (req) =>
    votes.listVotes(db, requireActor(req), req.query),
  );
  app.post('/votes', { schema: { tags, summary: '发起表决或选举 Set up a vote (a draft)', body: CreateVoteBody, response: { 201: VoteSchema } } }, async (req, reply) =>
    createOnce('POST /votes', req, reply, (actor) => votes.createVote(db, actor, req.body, req)),
  );
  app.get('/votes/:id', { schema: { tags, summary: '表决详情 A vote', params: P, response: { 200: VoteSchema } } }, async (req) => votes.getVote(db, requireActor(req), req.params.id));
  app.post('/votes/:id/open', { schema: { tags, summary: '开始投票 Open: the electorate is fixed now', params: P, response: { 200: VoteSchema } } }, async (req) =>
    votes.openVote(db, requireActor(req), req.params.id, req),
  );
  app.post('/votes/:id/close', { schema: { tags, summary: '结束并计票 Close and count', params: P, response: { 200: VoteSchema } } }, async (req) =>
    votes.closeVote(db, requireActor(req), req.params.id, req),
  );
  app.post('/votes/:id/ballots', { schema: { tags, summary: '投票 Cast my ballot; returns the receipt', params: P, body: CastBody, response: { 201: ReceiptSchema } } }, async (req, reply) => {
    reply.status(201);
    return votes.castBallot(db, requireActor(req), req.params.id, req.body.choices, req);
  });
  app.post(
    '/votes/:id/paper-ballots',
    { schema: { tags, summary: '录入记名纸质选票 Enter a named paper ballot (open votes; a secret vote takes hand-ins and box ballots)', params: P, body: PaperBallotBody, response: { 201: ReceiptSchema } } },
    async (req, reply) => {
      reply.status(201);
      return votes.enterPaperBallot(db, requireActor(req), req.params.id, req.body, req);
    },
  );
  app.post(
    '/votes/:id/hand-ins',
    { schema: { tags, summary: '登记交票 Secret vote, step 1: the voter hands in her paper ballot (owners: returns the paper’s number)', params: P, body: HandInBody, response: { 201: HandInSchema } } },
    async (req, reply) => createOnce('POST /votes/:id/hand-ins', req, reply, (actor) => votes.handInPaper(db, actor, req.params.id, req.body.voterKey, req)),
  );
  app.post(
    '/votes/:id/box-ballots',
    { schema: { tags, summary: '录入票箱选票 Secret vote, step 2: a ballot from the box, without its voter', params: P, body: BoxBallotBody, response: { 201: BoxEntrySchema } } },
    async (req, reply) => createOnce('POST /votes/:id/box-ballots', req, reply, (actor) => votes.enterBoxBallot(db, actor, req.params.id, req.body, req)),
  );
  app.get('/votes/:id/voters', { schema: { tags, summary: '选民与参与情况 The electorate and who voted (not what)', params: P, response: { 200: Type.Array(VoterSchema) } } }, async (req) =>
    votes.listVoters(db, requireActor(req), req.params.id),
  );
  app.get('/votes/:id/ballots', { schema: { tags, summary: '选票链 The ballots of a closed vote (secret: no voter, time or channel, in receipt order)', params: P, response: { 200: Type.Array(BallotSchema) } } }, async (req) =>
    votes.listBallots(db, requireActor(req), req.params.id),
  );
  app.get('/votes/:id/verify', { schema: { tags, summary: '校验选票链 Check the ballot chain', params: P, response: { 200: ChainCheckSchema } } }, async (req) =>
    votes.verifyVote(db, requireActor(req), req.params.id),
  );
  app.post('/votes/:id/appoint', { schema: { tags, summary: '按选举结果任命 Appoint the winner as team leader', params: P, response: { 200: VoteSchema } } }, async (req) =>
    votes.appointWinner(db, requireActor(req), req.params.id, req),
  );
  app.get(
    '/vote-receipts/:hash',
    { schema: { tags, summary: '查验回执 Is the ballot with this receipt counted?', params: Type.Object({ hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 200: ReceiptSchema } } },
    async (req) => votes.findReceipt(db, requireActor(req), req.params.hash),
  );

  app.get('/owners', { schema: { tags, summary: '业主名册 The owners’ roll of a compound', querystring: CompoundQuery, response: { 200: OwnerRoll } } }, async (req) =>
    owners.getOwnerRoll(db, requireActor(req), req.query.compound),
  );
  app.put('/owners/:householdCode', { schema: { tags, summary: '登记业主与面积 Set the owner and floor area of a household', params: HouseholdParams, body: PutOwnerBody, response: { 200: OwnerRoll } } }, async (req) =>
    owners.putOwner(db, requireActor(req), req.params.householdCode, req.body, req),
  );
  app.delete('/owners/:householdCode', { schema: { tags, summary: '删除业主登记', params: HouseholdParams, response: { 200: OwnerRoll } } }, async (req) =>
    owners.deleteOwner(db, requireActor(req), req.params.householdCode, req),
  );
  app.get('/owners.xlsx', { schema: { tags, summary: '导出业主名册 (xlsx, also the import template)', querystring: CompoundQuery } }, async (req, reply) =>
    attachment(reply, `业主名册-${req.query.compound}.xlsx`).send(await owners.exportOwners(db, requireActor(req), req.query.compound)),
  );
  await root.register(async (scoped) => {
    const up = scoped.withTypeProvider<TypeBoxTypeProvider>();
    up.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body));
    up.post(
      '/owners/import',
      { bodyLimit: UPLOAD_LIMIT_BYTES, schema: { tags, summary: '导入业主名册 Upload the xlsx (raw body; columns 房屋编码, 业主姓名, 建筑面积)', querystring: CompoundQuery, response: { 200: OwnerImportResult } } },
      async (req) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || !body.length) throw errors.field('file', '文件是空的 (empty file)');
        return owners.importOwners(db, requireActor(req), req.query.compound, body, req);
      },
    );
  });
}
