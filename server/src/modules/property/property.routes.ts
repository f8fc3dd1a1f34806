/** HTTP for smart property: devices, rules, alerts, the invalid-message store, and the signed device webhook. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { errors } from '../../platform/errors.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import {
  AlertSchema,
  AlertsQuery,
  AlertSummary,
  CreateDeviceBody,
  CreatedDevice,
  CreateRuleBody,
  DeviceSchema,
  DevicesQuery,
  InvalidMessagesResponse,
  RuleSchema,
  SerialSchema,
  TelemetryQuery,
  TelemetryResponse,
  UpdateDeviceBody,
  UpdateRuleBody,
  type Device,
  type Rule,
} from '../../../../contracts/property.js';
import * as service from './property.service.js';
import * as alerts from './property-alerts.service.js';

const PlaceQuery = Type.Object({ placeCode: Type.String({ pattern: '^[0-9]{4,24}$' }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Uuid });

export async function propertyRoutes(root: FastifyInstance, { db, cipher, config }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['property'];
  const deps: service.PropertyDeps = { db, cipher, topicPrefix: config.mqttTopicPrefix };

  app.get('/property/devices', { schema: { tags, summary: '设备 Devices under a place', querystring: DevicesQuery, response: { 200: Type.Array(DeviceSchema) } } }, async (req) =>
    service.listDevices(deps, requireActor(req), req.query),
  );
  app.post('/property/devices', { schema: { tags, summary: '添加设备 Add a device (its webhook secret is shown once)', body: CreateDeviceBody, response: { 201: CreatedDevice } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent(db, { userId: actor.userId, route: 'POST /property/devices', key: idempotencyKeyOf(req) }, async () => ({
      status: 201,
      body: await service.createDevice(deps, actor, req.body, req),
    }));
    if (stored.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(stored.status as 201).send(stored.body);
  });
  app.get('/property/devices/:id', { schema: { tags, summary: '设备详情 A device', params: IdParams, response: { 200: DeviceSchema } } }, async (req) =>
    service.getDevice(deps, requireActor(req), req.params.id),
  );
  app.patch('/property/devices/:id', { schema: { tags, summary: '修改设备 Edit a device', params: IdParams, body: UpdateDeviceBody, response: { 200: DeviceSchema } } }, async (req): Promise<Device> =>
    service.updateDevice(deps, requireActor(req), req.params.id, req.body, req),
  );
  app.post('/property/devices/:id/secret', { schema: { tags, summary: '更换密钥 New webhook secret', params: IdParams, response: { 200: CreatedDevice } } }, async (req) =>
    service.rotateDeviceSecret(deps, requireActor(req), req.params.id, req),
  );
  app.get(
    '/property/devices/:id/telemetry',
    { schema: { tags, summary: '历史曲线 History, downsampled', params: IdParams, querystring: TelemetryQuery, response: { 200: TelemetryResponse } } },
    async (req) => service.deviceHistory(deps, requireActor(req), req.params.id, req.query),
  );

  app.get('/property/rules', { schema: { tags, summary: '告警规则 Rules that apply under a place', querystring: PlaceQuery, response: { 200: Type.Array(RuleSchema) } } }, async (req) =>
    service.listRules(deps, requireActor(req), req.query.placeCode),
  );
  app.post('/property/rules', { schema: { tags, summary: '新建规则 Add a rule', body: CreateRuleBody, response: { 201: RuleSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const stored = await idempotent<Rule>(db, { userId: actor.userId, route: 'POST /property/rules', key: idempotencyKeyOf(req) }, async () => ({
      status: 201,
      body: await service.createRule(deps, actor, req.body, req),
    }));
    if (stored.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(stored.status as 201).send(stored.body);
  });
  app.patch('/property/rules/:id', { schema: { tags, summary: '修改规则 Edit a rule', params: IdParams, body: UpdateRuleBody, response: { 200: RuleSchema } } }, async (req) =>
    service.updateRule(deps, requireActor(req), req.params.id, req.body, req),
  );
  app.delete('/property/rules/:id', { schema: { tags, summary: '删除规则 Delete a rule', params: IdParams, response: { 200: Type.Object({ ok: Type.Literal(true) }) } } }, async (req) => {
    await service.deleteRule(deps, requireActor(req), req.params.id, req);
    return { ok: true as const };
  });

  app.get('/property/alerts', { schema: { tags, summary: '告警 Alerts under a place', querystring: AlertsQuery, response: { 200: Type.Array(AlertSchema) } } }, async (req) =>
    alerts.listAlerts(db, requireActor(req), req.query),
  );
  app.get(
    '/property/alerts/summary',
    { schema: { tags, summary: '各小区当前告警 Current alerts per compound (big screen)', querystring: PlaceQuery, response: { 200: AlertSummary } } },
    async (req) => alerts.summariseAlerts(db, requireActor(req), req.query.placeCode),
  );
  app.get('/property/alerts/:id', { schema: { tags, summary: '告警详情 An alert', params: IdParams, response: { 200: AlertSchema } } }, async (req) =>
    alerts.getAlert(db, requireActor(req), req.params.id),
  );
  app.post('/property/alerts/:id/acknowledge', { schema: { tags, summary: '确认告警 Acknowledge', params: IdParams, response: { 200: AlertSchema } } }, async (req) =>
    alerts.acknowledgeAlert(db, requireActor(req), req.params.id, req),
  );
  app.post('/property/alerts/:id/resolve', { schema: { tags, summary: '解除告警 Resolve by hand', params: IdParams, response: { 200: AlertSchema } } }, async (req) =>
    alerts.resolveAlert(db, requireActor(req), req.params.id, req),
  );
  app.get(
    '/property/invalid-messages',
    { schema: { tags, summary: '异常消息 Messages that failed validation', querystring: Type.Object({ placeCode: PlaceQuery.properties.placeCode, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }), response: { 200: InvalidMessagesResponse } } },
    async (req) => service.listInvalidMessages(deps, requireActor(req), req.query.placeCode, req.query.limit),
  );

  // The webhook needs the body exactly as sent (the signature is over it), so it parses JSON itself, in a scope of its own.
  await root.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/property/webhook/:serial',
      {
        config: { public: true },
        schema: {
          tags,
          summary: '设备推送 Device webhook: JSON body signed with X-Linli-Timestamp and X-Linli-Signature (sha256=HMAC of "<timestamp>.<body>")',
          params: Type.Object({ serial: SerialSchema }),
          response: { 200: Type.Object({ status: Type.String(), alertsRaised: Type.Optional(Type.Integer()) }) },
        },
      },
      async (req) => {
        const outcome = await service.receiveWebhook(deps, req.params.serial, req.headers, String(req.body ?? ''));
        if (outcome.status === 'invalid') {
          const field = outcome.reason.split(':')[0];
          throw errors.validation(outcome.reason, [{ field, message: outcome.reason.slice(field.length + 1).trim() }]);
        }
        return outcome;
      },
    );
  });
}
