/** HTTP for activities: theme calendar, activities, sign-up, QR and hand check-in/out, hours, attendance xlsx. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { idempotencyKeyOf, idempotent } from '../../platform/idempotency.js';
import { Uuid } from '../../../../contracts/common.js';
import {
  ActivitiesQuery,
  ActivitySchema,
  CreateActivityBody,
  DecideHoursBody,
  HandCheckBody,
  MyHoursSchema,
  QrSchema,
  ScanBody,
  SetThemeBody,
  SignUpBody,
  SignupSchema,
  ThemeSchema,
  ThemesQuery,
  type Activity,
  type Signup,
} from '../../../../contracts/activities.js';
import * as service from './activities.service.js';
import { attendanceWorkbook } from './activities.workbook.js';

export async function activitiesRoutes(root: FastifyInstance, { db, cipher }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['activities'];
  const params = Type.Object({ id: Uuid });
  const idem = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

  app.get('/activity-themes', { schema: { tags, summary: '月度主题 The monthly theme calendar of a community', querystring: ThemesQuery, response: { 200: Type.Array(ThemeSchema) } } }, async (req) =>
    service.listThemes(db, requireActor(req), req.query.community, req.query.year ?? Number(service.monthOf(new Date()).slice(0, 4))),
  );
  app.put('/activity-themes', { schema: { tags, summary: '设置月度主题 Set the theme of a month', body: SetThemeBody, response: { 200: ThemeSchema } } }, async (req) =>
    service.setTheme(db, requireActor(req), req.body, req),
  );
  app.get('/activities', { schema: { tags, summary: '活动 Activities under a place, or near me (residents)', querystring: ActivitiesQuery, response: { 200: Type.Array(ActivitySchema) } } }, async (req) =>
    service.listActivities(db, requireActor(req), req.query),
  );
  app.post(
    '/activities',
    { schema: { tags, summary: '发布活动 Create an activity or a weekly/monthly series (returns every occurrence)', headers: idem, body: CreateActivityBody, response: { 201: Type.Array(ActivitySchema) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const stored = await idempotent<Activity[]>(db, { userId: actor.userId, route: 'POST /activities', key: idempotencyKeyOf(req) }, async () => ({
        status: 201,
        body: await service.createActivity(db, actor, req.body, req),
      }));
      return reply.status(201).send(stored.body);
    },
  );
  app.get('/activities/my-hours', { schema: { tags, summary: '我的服务时长 My service hours', response: { 200: MyHoursSchema } } }, async (req) => service.myHours(db, requireActor(req)));
  app.get('/activities/:id', { schema: { tags, summary: '活动详情 An activity', params, response: { 200: ActivitySchema } } }, async (req) => service.getActivity(db, requireActor(req), req.params.id));
  app.get('/activities/:id/signups', { schema: { tags, summary: '报名名单 Sign-ups (confirmed, waitlist, cancelled)', params, response: { 200: Type.Array(SignupSchema) } } }, async (req) =>
    service.listSignups(db, requireActor(req), req.params.id),
  );
  app.post(
    '/activities/:id/signups',
    { schema: { tags, summary: '报名 Sign up (myself, or a resident by staff); beyond capacity on the waitlist', params, headers: idem, body: SignUpBody, response: { 201: SignupSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const stored = await idempotent<Signup>(db, { userId: actor.userId, route: `POST /activities/${req.params.id}/signups`, key: idempotencyKeyOf(req) }, async () => ({
        status: 201,
        body: await service.signUp(db, actor, req.params.id, req.body ?? {}, req),
      }));
      return reply.status(201).send(stored.body);
    },
  );
  app.post(
    '/activity-signups/:id/cancel',
    { schema: { tags, summary: '取消报名 Cancel; the first on the waitlist takes the place and is told', params, response: { 200: Type.Object({ cancelled: SignupSchema, promotedSignupId: Type.Union([Type.String(), Type.Null()]) }) } } },
    async (req) => service.cancelSignup(db, requireActor(req), req.params.id, req),
  );
  app.get(
    '/activities/:id/qr',
    { schema: { tags, summary: '签到码 The signed, short-lived check-in or check-out code (the leader)', params, querystring: Type.Object({ kind: Type.Union([Type.Literal('in'), Type.Literal('out')]) }, { additionalProperties: false }), response: { 200: QrSchema } } },
    async (req) => service.issueQr(cipher, db, requireActor(req), req.params.id, req.query.kind),
  );
  app.post('/activities/scan', { schema: { tags, summary: '扫码签到/签退 Scan the leader’s code', body: ScanBody, response: { 200: Type.Object({ activity: ActivitySchema, signup: SignupSchema }) } } }, async (req) =>
    service.scanQr(cipher, db, requireActor(req), req.body.token, req),
  );
  for (const kind of ['in', 'out'] as const) {
    app.post(
      `/activity-signups/:id/check-${kind}`,
      { schema: { tags, summary: kind === 'in' ? '手动签到 Check in by hand (the leader)' : '手动签退 Check out by hand (the leader)', params, body: HandCheckBody, response: { 200: SignupSchema } } },
      async (req) => service.checkByHand(db, requireActor(req), req.params.id, kind, req.body?.at ? new Date(req.body.at) : null, req),
    );
  }
  app.post('/activity-signups/:id/hours', { schema: { tags, summary: '审核时长 Approve or reject the service hours (the leader)', params, body: DecideHoursBody, response: { 200: SignupSchema } } }, async (req) =>
    service.decideHours(db, requireActor(req), req.params.id, req.body, req),
  );
  app.get('/activities/:id/attendance.xlsx', { schema: { tags, summary: '导出签到表 The attendance sheet as xlsx', params } }, async (req, reply) => {
    const { activity, signups } = await service.attendanceOf(db, requireActor(req), req.params.id);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="attendance.xlsx"; filename*=UTF-8''${encodeURIComponent(`签到表-${activity.title}.xlsx`)}`);
    return attendanceWorkbook(activity, signups);
  });
}
