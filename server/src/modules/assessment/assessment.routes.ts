/** HTTP for 考核评价. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Uuid } from '../../../../contracts/common.js';
import { CreateIndicatorBody, CreateSurveyBody, IndicatorSchema, IndicatorsQuery, RankingQuery, RankingSchema, ResponseBody, SurveySchema, SurveysQuery } from '../../../../contracts/assessment.js';
import * as service from './assessment.service.js';

export async function assessmentRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assessment'];
  app.get('/assessment/indicators', { schema: { tags, summary: '考核指标', querystring: IndicatorsQuery, response: { 200: Type.Array(IndicatorSchema) } } }, async (req) =>
    service.listIndicators(db, requireActor(req), req.query.community, req.query.year),
  );
  app.post('/assessment/indicators', { schema: { tags, summary: '设置考核指标', body: CreateIndicatorBody, response: { 201: IndicatorSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createIndicator(db, requireActor(req), req.body, req);
  });
  app.get('/assessment/surveys', { schema: { tags, summary: '满意度测评', querystring: SurveysQuery, response: { 200: Type.Array(SurveySchema) } } }, async (req) => service.listSurveys(db, requireActor(req), req.query));
  app.post('/assessment/surveys', { schema: { tags, summary: '发起满意度测评', body: CreateSurveyBody, response: { 201: SurveySchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createSurvey(db, requireActor(req), req.body, req);
  });
  app.post('/assessment/surveys/:id/responses', { schema: { tags, summary: '居民评价 (1–5, once)', params: Type.Object({ id: Uuid }), body: ResponseBody, response: { 201: SurveySchema } } }, async (req, reply) => {
    reply.status(201);
    return service.answerSurvey(db, requireActor(req), req.params.id, req.body.score, req);
  });
  app.get('/assessment/ranking', { schema: { tags, summary: '年度考核排名', querystring: RankingQuery, response: { 200: RankingSchema } } }, async (req) => service.rankTargets(db, requireActor(req), req.query));
}
