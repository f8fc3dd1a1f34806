/** HTTP for resident import and export: the template, uploads (raw xlsx or CSV body), job progress, the rejected-rows report, exports. */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../../app.js';
import { requireActor } from '../../../platform/auth.js';
import { AppError, errors } from '../../../platform/errors.js';
import { idempotencyKeyOf, idempotent } from '../../../platform/idempotency.js';
import { ErrorCode } from '../../../../../contracts/errors.js';
import { Uuid } from '../../../../../contracts/common.js';
import { ExportQuery, ImportAcceptedSchema, ImportJobListSchema, ImportJobSchema, ImportListQuery, ImportUploadQuery, XLSX_TYPE } from '../../../../../contracts/registry-import.js';
import * as service from './import.service.js';
import { prepareExport } from './export.service.js';
import { buildTemplate } from './import.workbook.js';
import { copyWriterFor } from './import.copy.js';

/** Largest upload: about 100,000 rows of CSV. Larger files go through `linli import residents`. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** Content types a browser may send for a spreadsheet (Windows labels .csv as application/vnd.ms-excel). */
const SPREADSHEET_TYPES = new Set([XLSX_TYPE, 'text/csv', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel', 'application/octet-stream']);

function attachment(reply: FastifyReply, fileName: string, type = XLSX_TYPE) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store');
}

export async function registryImportRoutes(root: FastifyInstance, { db, cipher, database }: AppDeps) {
  const runner = new service.ImportRunner();
  const copy = copyWriterFor(database);
  // A plugin of its own, so the raw-body parser and the larger limit apply to these routes only.
  await root.register(async (scoped) => {
    const app = scoped.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_req, body, done) => done(null, body));
    app.addHook('onClose', async () => runner.drain());

    app.get('/registry/import-template', { schema: { tags: ['registry'], summary: '居民导入模板 The import template (xlsx)' } }, async (_req, reply) =>
      attachment(reply, '居民导入模板.xlsx').send(await buildTemplate()),
    );

    app.post(
      '/registry/imports',
      {
        bodyLimit: UPLOAD_LIMIT_BYTES,
        schema: {
          tags: ['registry'],
          summary: '导入居民 Upload an xlsx or CSV file (raw body); returns the job to poll',
          description: `Body: the file itself, with Content-Type ${XLSX_TYPE} or text/csv (UTF-8 or GB18030). Optional Idempotency-Key header.`,
          querystring: ImportUploadQuery,
          response: { 202: ImportAcceptedSchema },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!SPREADSHEET_TYPES.has(type)) {
          throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415, `不支持的文件类型 ${type || '(none)'}：请上传 .xlsx 或 .csv (send ${XLSX_TYPE} or text/csv)`, [
            { field: 'content-type', message: `use ${XLSX_TYPE} or text/csv` },
          ]);
        }
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw errors.field('file', '文件是空的 (empty file)');
        const stored = await idempotent(db, { userId: actor.userId, route: 'POST /registry/imports', key: idempotencyKeyOf(req) }, async () => {
          await service.authorizeImport(db, actor, req.query.community);
          const sheet = await service.openImportFile({ buffer: body });
          const jobId = await service.startImportJob({ db, cipher, runner, writers: database.engine === 'postgres' ? 2 : 1, copy, log: req.log }, actor, {
            communityCode: req.query.community,
            createPlaces: req.query.createPlaces ?? false,
            fileName: req.query.fileName ?? `upload.${sheet.format}`,
            sheet,
          }, req);
          return { status: 202, body: { jobId } };
        });
        return reply.status(stored.status as 202).send(stored.body);
      },
    );

    app.get(
      '/registry/imports',
      { schema: { tags: ['registry'], summary: '导入记录 Recent imports into a community', querystring: ImportListQuery, response: { 200: ImportJobListSchema } } },
      async (req) => service.listImportJobs(db, requireActor(req), req.query.community),
    );

    app.get(
      '/registry/imports/:id',
      { schema: { tags: ['registry'], summary: '导入进度 An import job and its progress', params: Type.Object({ id: Uuid }), response: { 200: ImportJobSchema } } },
      async (req) => service.getImportJob(db, requireActor(req), req.params.id),
    );

    app.get(
      '/registry/imports/:id/rejected',
      { schema: { tags: ['registry'], summary: '未导入行报告 The rejected rows as xlsx (行号, 列, 原因)', params: Type.Object({ id: Uuid }) } },
      async (req, reply) => {
        const report = await service.getRejectedReport(db, requireActor(req), req.params.id);
        return attachment(reply, `未导入的行-${req.params.id.slice(0, 8)}.xlsx`).send(report);
      },
    );

    app.get(
      '/registry/export',
      { schema: { tags: ['registry'], summary: '导出居民名册 Export a subtree’s residents as xlsx (masked unless reveal=true; audited)', querystring: ExportQuery } },
      async (req, reply) => {
        const prepared = await prepareExport(db, cipher, requireActor(req), { placeCode: req.query.place, reveal: req.query.reveal ?? false }, req);
        const out = new PassThrough();
        prepared.write(out).catch((err) => {
          req.log.error({ err }, 'export failed while streaming');
          out.destroy(err as Error);
        });
        return attachment(reply, prepared.fileName).send(out);
      },
    );
  });
}
