/** buildApp: the Fastify application with every module. No side effects on import. */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifySchema } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.js';
import type { Database, Db } from './platform/db.js';
import { PersonalDataCipher } from './platform/crypto.js';
import { installErrorHandler } from './platform/errors.js';
import { installValidation } from './platform/validation.js';
import { startBus, type Bus } from './platform/bus.js';
import { installAuth } from './platform/auth.js';
import { installMetrics } from './platform/metrics.js';
import { installHealth } from './platform/health.js';
import { ErrorBody, ErrorCode } from '../../contracts/errors.js';
import { forgetSessionsOnChange, resolveSession } from './modules/identity/identity.service.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { placesRoutes } from './modules/places/places.routes.js';
import { placeEditingRoutes } from './modules/places/place-editing.routes.js';
import { gridRoutes } from './modules/places/grid.routes.js';
import { registryRoutes } from './modules/registry/registry.routes.js';
import { registryImportRoutes } from './modules/registry/import/import.routes.js';
import { teamsRoutes } from './modules/teams/teams.routes.js';
import { partyRoutes } from './modules/party/party.routes.js';
import { membersRoutes } from './modules/registry/members.routes.js';
import { ticketsRoutes } from './modules/tickets/tickets.routes.js';
import { ticketConfigRoutes } from './modules/tickets/ticket-config.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { installTicketNotifications } from './modules/notifications/ticket-notifications.js';
import { ticketMetricsRoutes } from './modules/tickets/ticket-metrics.routes.js';
import { ticketPublicRoutes } from './modules/tickets/ticket-public.routes.js';
import { ticketDuplicatesRoutes } from './modules/tickets/ticket-duplicates.routes.js';
import { ticketPhotosRoutes } from './modules/tickets/ticket-photos.routes.js';
import { governanceRoutes } from './modules/governance/governance.routes.js';
import { activitiesRoutes } from './modules/activities/activities.routes.js';
import { pointsRoutes } from './modules/points/points.routes.js';
import { memberServiceRoutes } from './modules/member-service/member-service.routes.js';
import { mobileMembersRoutes } from './modules/mobile-members/mobile-members.routes.js';
import { installTicketPoints } from './modules/points/ticket-points.js';
import { apiKeysRoutes } from './modules/open311/api-keys.routes.js';
import { supervisionRoutes } from './modules/supervision/supervision.routes.js';
import { tileSource } from './modules/supervision/supervision.map.js';
import { open311Routes, OPEN311_PREFIX } from './modules/open311/open311.routes.js';
import { deliberationRoutes } from './modules/governance/deliberation.routes.js';
import { propertyRoutes } from './modules/property/property.routes.js';
import { disclosureRoutes } from './modules/disclosure/disclosure.routes.js';
import { noticesRoutes } from './modules/notices/notices.routes.js';
import { assessmentRoutes } from './modules/assessment/assessment.routes.js';

/** What every module's routes receive. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  cipher: PersonalDataCipher;
  /** Live events from every server process on this database (SSE, notifications). */
  bus: Bus;
}

/** The modules' route plugins, mounted under /api/v1. Add a module here. */
const MODULES = [identityRoutes, placesRoutes, placeEditingRoutes, gridRoutes, registryRoutes, membersRoutes, teamsRoutes, registryImportRoutes, partyRoutes, notificationsRoutes, ticketMetricsRoutes, ticketPublicRoutes, ticketDuplicatesRoutes, ticketPhotosRoutes, ticketConfigRoutes, ticketsRoutes, governanceRoutes, activitiesRoutes, pointsRoutes, memberServiceRoutes, mobileMembersRoutes, apiKeysRoutes, deliberationRoutes, propertyRoutes, supervisionRoutes, disclosureRoutes, noticesRoutes, assessmentRoutes];

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  /** The route's validation schema (body, querystring, params), as registered; the robustness test reads it. */
  schema?: FastifySchema;
}
const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the app registered, with whether it is public (the policy tests walk it). */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  return tables.get(app) ?? [];
}

export interface BuildOptions {
  config: Config;
  database: Database;
  cipher: PersonalDataCipher;
  /** Pino logger options; false in tests. */
  logger?: boolean | object;
}

export async function buildApp({ config, database, cipher, logger }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: true,
    // The router's own refusals (a path parameter over 100 characters, malformed %-encoding) leave in the
    // one error shape too; they are answered before any hook runs.
    frameworkErrors: (err, req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      if (!/^[A-Za-z0-9-]{8,64}$/.test(req.id)) (req as { id: string }).id = randomUUID();
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      reply.status(tooLong ? 414 : 400).header('x-request-id', req.id);
      const message = tooLong ? 'a path segment is too long (100 characters at most)' : 'the URL is malformed';
      // Open311 keeps its spec's error list (JSON; the format of a URL that did not parse is unknown).
      if (req.url.startsWith(`${OPEN311_PREFIX}/`)) return reply.send([{ code: tooLong ? 414 : 400, description: message }]);
      return reply
        .send({
          code: ErrorCode.VALIDATION_FAILED,
          message,
          fields: [{ field: 'url', message: tooLong ? 'path segment too long' : 'malformed' }],
          requestId: req.id,
        });
    },
  });
  const bus = await startBus(database);
  const stopForgetting = forgetSessionsOnChange(bus);
  installTicketNotifications(cipher);
  installTicketPoints();
  const deps: AppDeps = { config, database, db: database.db, cipher, bus };
  app.addHook('onClose', () => {
    stopForgetting();
    return bus.close();
  });

  app.addHook('onRequest', async (req, reply) => {
    // Only well-formed incoming ids are echoed back; anything else gets a fresh one.
    if (!/^[A-Za-z0-9-]{8,64}$/.test(req.id)) (req as { id: string }).id = randomUUID();
    reply.header('x-request-id', req.id);
  });
  installErrorHandler(app);
  installValidation(app);
  // JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onRoute', (route) => {
    // Swagger UI's own routes are public documentation; the web app's files are public too (the API behind them is not).
    if (route.url.startsWith('/api/docs') || (!route.url.startsWith('/api/') && route.url !== '/metrics')) {
      route.config = { ...(route.config as object), public: true };
    }
  });
  const table: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url, public: (route.config as { public?: boolean } | undefined)?.public === true, schema: route.schema });
  });
  tables.set(app, table);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'upgrade-insecure-requests': null,
        // Base map tiles come from their own host when one is configured.
        'img-src': ["'self'", 'data:', 'blob:', ...[tileSource(config.mapTileUrl)].filter((s): s is string => !!s)],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
    hsts: config.cookieSecure,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: ErrorCode.RATE_LIMITED,
      message: `请求过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试 (too many requests)`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Linli 邻里 API', version: '1', description: '党建引领基层治理平台 API. Errors: {code, message, fields?}.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'linli_sid' } } },
      security: [{ session: [] }],
    },
  });
  app.addSchema(ErrorBody);
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });
  installAuth(app, (token) => resolveSession(deps.db, token));
  installMetrics(app);
  installHealth(app, database);
  await app.register(
    async (api) => {
      for (const mod of MODULES) await mod(api, deps);
    },
    { prefix: '/api/v1' },
  );
  // Open311 GeoReport v2 for other systems: its own paths, formats and error shape.
  await app.register(async (open311) => open311Routes(open311, deps), { prefix: OPEN311_PREFIX });
  await installWeb(app, config.webDir);
  return app;
}

/** Serves the built web app; unknown non-API paths get index.html (client-side routes). */
async function installWeb(app: FastifyInstance, webDir: string) {
  const index = join(webDir, 'index.html');
  const hasWeb = existsSync(index);
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, serve: true, prefix: '/', decorateReply: false, allowedPath: (p) => p !== '/index.html' });
  const html = hasWeb ? readFileSync(index, 'utf8') : '<!doctype html><meta charset="utf-8"><title>Linli</title><p>Web app not built: run <code>npm run build:web</code>.</p>';
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ code: ErrorCode.NOT_FOUND, message: `no route GET ${req.url.split('?')[0]}`, requestId: req.id });
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
