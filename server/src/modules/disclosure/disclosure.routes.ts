/** HTTP for 居务公开. Public posts are readable without signing in. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { errors } from '../../platform/errors.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import { CreateDisclosureBody, DisclosureSchema, DisclosuresQuery } from '../../../../contracts/disclosure.js';
import * as service from './disclosure.service.js';

const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export async function disclosureRoutes(root: FastifyInstance, { db, config }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['disclosure'];
  const P = Type.Object({ id: Uuid });
  const open = { public: true };

  app.get('/disclosures', { config: open, schema: { tags, summary: '居务公开 Posts of a community the reader may see', querystring: DisclosuresQuery, response: { 200: Type.Array(DisclosureSchema) } } }, async (req) =>
    service.listDisclosures(db, req.actor ?? null, req.query),
  );
  app.get('/disclosures/:id', { config: open, schema: { tags, summary: '公开详情', params: P, response: { 200: DisclosureSchema } } }, async (req) => service.getDisclosure(db, req.actor ?? null, req.params.id));
  app.post('/disclosures', { schema: { tags, summary: '发布公开 Publish a post', body: CreateDisclosureBody, response: { 201: DisclosureSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route: 'POST /disclosures', key: idempotencyKeyOf(req) }, async () => ({ status: 201, body: await service.publishDisclosure(db, actor, req.body, req) }));
    return reply.status(201).send(stored.body);
  });
  app.post('/disclosures/:id/archive', { schema: { tags, summary: '归档 Archive a post', params: P, response: { 200: DisclosureSchema } } }, async (req) =>
    service.archiveDisclosure(db, requireActor(req), req.params.id, req),
  );
  app.get('/disclosure-attachments/:id', { config: open, schema: { tags, summary: '附件 An attachment of a post the reader may see', params: P } }, async (req, reply) => {
    const a = await service.readAttachment(db, config.uploadsDir, req.actor ?? null, req.params.id);
    return reply
      .type(a.mime)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(a.buffer);
  });
  await root.register(async (scoped) => {
    const up = scoped.withTypeProvider<TypeBoxTypeProvider>();
    for (const type of Object.keys(service.ATTACHMENT_TYPES)) {
      if (!up.hasContentTypeParser(type)) up.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body));
    }
    up.post(
      '/disclosures/:id/attachments',
      {
        bodyLimit: UPLOAD_LIMIT_BYTES,
        schema: { tags, summary: '上传附件 Attach a file (raw body: PDF, JPEG, PNG or xlsx)', params: P, querystring: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false }), response: { 201: DisclosureSchema } },
      },
      async (req, reply) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || !body.length) throw errors.field('file', '文件是空的 (empty file)');
        const mime = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        reply.status(201);
        return service.attachFile(db, config.uploadsDir, requireActor(req), req.params.id, { buffer: body, mime, fileName: req.query.fileName }, req);
      },
    );
  });
}
