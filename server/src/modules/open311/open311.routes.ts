/**
 * HTTP of Open311 GeoReport v2 at /open311/v2: every resource as .json and .xml, form-encoded
 * POST, and errors as the spec's array of {code, description} (in the format asked for).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { idempotencyKeyOf } from '../../platform/idempotency.js';
import { splitFormat, xmlList, xmlObject, type Format } from './open311.format.js';
import * as service from './open311.service.js';
import { resolveApiKey } from './api-keys.service.js';

export const OPEN311_PREFIX = '/open311/v2';

declare module 'fastify' {
  interface FastifyRequest {
    open311Format?: Format;
  }
}

/** Query and form fields as one flat map (the first value of a repeated field). */
function paramsOf(req: FastifyRequest): service.Params {
  const out: service.Params = {};
  const add = (src: unknown) => {
    if (!src || typeof src !== 'object') return;
    for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined && first !== null && out[k] === undefined) out[k] = String(first);
    }
  };
  add(req.body);
  add(req.query);
  return out;
}

function send(reply: FastifyReply, format: Format, xml: () => string, json: unknown) {
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(xml());
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
}

function sendErrors(reply: FastifyReply, format: Format, status: number, description: string) {
  const body = [{ code: status, description }];
  reply.status(status);
  return send(reply, format, () => xmlList('errors', 'error', body), body);
}

/** The resource and format of a file path segment; a missing or unknown extension is a 404 in JSON. */
function fileOf(req: FastifyRequest, file: string): string {
  const { name, format } = splitFormat(file);
  if (!format) throw service.fail(404, `${file}: add .json or .xml`);
  req.open311Format = format;
  return name;
}

export async function open311Routes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const config = { public: true };
  const schema = { tags: ['open311'] };

  // The spec posts form-encoded fields (attribute[code]=value); only in this scope.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(body as string)) if (out[k] === undefined) out[k] = v;
    done(null, out);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const format = req.open311Format ?? (req.url.split('?')[0].endsWith('.xml') ? 'xml' : 'json');
    if (err instanceof AppError) return sendErrors(reply, format, err.status, err.message);
    if (err.statusCode === 429) return sendErrors(reply, format, 429, 'too many requests, try again later');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendErrors(reply, format, 400, err.message);
    req.log.error({ err }, 'open311: unhandled error');
    return sendErrors(reply, format, 500, 'internal error');
  });

  const base = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? 'localhost'}${OPEN311_PREFIX}`;

  for (const format of ['json', 'xml'] as const) {
    const at = (req: FastifyRequest) => {
      req.open311Format = format;
    };
    app.get(`/discovery.${format}`, { config, schema: { ...schema, summary: 'GeoReport v2 discovery' } }, async (req, reply) => {
      at(req);
      const d = service.discovery(base(req));
      return send(reply, format, () => xmlObject('discovery', d), d);
    });
    app.get(`/services.${format}`, { config, schema: { ...schema, summary: 'Services (ticket categories)' } }, async (req, reply) => {
      at(req);
      await service.checkJurisdiction(db, paramsOf(req).jurisdiction_id);
      const list = await service.listServices(db);
      return send(reply, format, () => xmlList('services', 'service', list), list);
    });
    app.get(`/requests.${format}`, { config, schema: { ...schema, summary: 'Requests (public tickets), 90 days / 1,000 at most' } }, async (req, reply) => {
      at(req);
      const list = await service.listRequests(db, paramsOf(req));
      return send(reply, format, () => xmlList('service_requests', 'request', list), list);
    });
    app.post(`/requests.${format}`, { config, schema: { ...schema, summary: 'Submit a request (api_key; form-encoded)' } }, async (req, reply) => {
      at(req);
      const p = paramsOf(req);
      if (!p.api_key) throw service.fail(403, 'api_key: required');
      const key = await resolveApiKey(db, p.api_key);
      if (!key) throw service.fail(403, 'api_key: invalid or revoked');
      const out = await service.submitRequest(deps, key, p, idempotencyKeyOf(req));
      return send(reply, format, () => xmlList('service_requests', 'request', out), out);
    });
  }
  app.get('/services/:file', { config, schema: { ...schema, summary: 'Service definition (attributes)' } }, async (req, reply) => {
    const code = fileOf(req, (req.params as { file: string }).file);
    await service.checkJurisdiction(db, paramsOf(req).jurisdiction_id);
    const def = await service.getServiceDefinition(db, code);
    return send(reply, req.open311Format!, () => xmlObject('service_definition', def), def);
  });
  // The spec's path is requests/{id}; the GeoReport swagger names it request/{id}: both answer.
  for (const path of ['/requests/:file', '/request/:file']) {
    app.get(path, { config, schema: { ...schema, summary: 'One request' } }, async (req, reply) => {
      const id = fileOf(req, (req.params as { file: string }).file);
      const one = await service.getRequest(db, id, paramsOf(req));
      return send(reply, req.open311Format!, () => xmlList('service_requests', 'request', one), one);
    });
  }
  app.get('/tokens/:file', { config, schema: { ...schema, summary: 'The request id of a token' } }, async (req, reply) => {
    const token = fileOf(req, (req.params as { file: string }).file);
    const out = await service.resolveToken(db, token, paramsOf(req));
    return send(reply, req.open311Format!, () => xmlList('service_requests', 'request', out), out);
  });
  // Anything else under the prefix: the spec's 404, not the web app.
  app.all('/*', { config, schema: { hide: true } }, async (req) => {
    throw service.fail(404, `no resource ${req.method} ${req.url.split('?')[0]}`);
  });
}
