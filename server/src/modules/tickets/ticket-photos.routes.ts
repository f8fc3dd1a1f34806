/** HTTP for ticket photos: raw image bodies in, bytes out behind the ticket's access checks. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { ErrorCode } from '../../../../contracts/errors.js';
import { MAX_IMAGE_BYTES } from '../../platform/images.js';
import * as service from './ticket-photos.service.js';

const PhotoSchema = Type.Object(
  { id: Type.String(), url: Type.String(), thumbUrl: Type.String(), width: Type.Integer(), height: Type.Integer(), mime: Type.String() },
  { additionalProperties: false },
);
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export async function ticketPhotosRoutes(root: FastifyInstance, { db, config }: AppDeps) {
  await root.register(async (scoped) => {
    const app = scoped.withTypeProvider<TypeBoxTypeProvider>();
    // The photo is the body, as sent by a phone's fetch(file); 10 MB and a little room.
    app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES + 1024 }, (_req, body, done) => done(null, body));
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 }, (req, _body, done) =>
      done(
        new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415, `照片只接受 JPEG、PNG 或 WebP (got ${req.headers['content-type'] ?? 'no content type'})`, [
          { field: 'content-type', message: 'use image/jpeg, image/png or image/webp' },
        ]),
      ),
    );
    app.post(
      '/ticket-photos',
      { schema: { tags: ['tickets'], summary: '上传照片 Upload a photo (the raw image as the body; EXIF and GPS are removed)', response: { 201: PhotoSchema } } },
      async (req, reply) => {
        const actor = requireActor(req);
        if (!Buffer.isBuffer(req.body) || !req.body.length) {
          throw new AppError(ErrorCode.VALIDATION_FAILED, 400, 'the body must be the photo', [{ field: 'file', message: 'is required' }]);
        }
        reply.status(201);
        return service.uploadPhoto(db, config.uploadsDir, actor, req.body);
      },
    );
    for (const [suffix, thumb] of [['', false], ['/thumb', true]] as const) {
      app.get(
        `/ticket-photos/:id${suffix}`,
        { schema: { tags: ['tickets'], summary: thumb ? '缩略图 A photo’s thumbnail' : '照片 A photo', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
        async (req, reply) => {
          const { body, mime } = await service.readPhoto(db, config.uploadsDir, requireActor(req), req.params.id, thumb);
          reply.header('content-type', mime).header('cache-control', 'private, max-age=86400');
          return body;
        },
      );
    }
  });
}
