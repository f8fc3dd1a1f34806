/** HTTP for party organisations: the coverage plan and report, adoption, hand edits, centre households. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.js';
import { requireActor } from '../../platform/auth.js';
import { Ok, PlaceCode, Uuid } from '../../../../contracts/common.js';
import {
  AdoptBody,
  AdoptResult,
  AppointBody,
  CentreHouseholdSchema,
  CoveragePlanView,
  CoverageReportSchema,
  MoveBody,
  PartyOrgSchema,
  RenameOrgBody,
  UnitCentreSchema,
} from '../../../../contracts/party.js';
import * as service from './party.service.js';
import * as editing from './org-editing.service.js';

const tags = ['party'];
const code = Type.Object({ code: PlaceCode }, { additionalProperties: false });
const OrgList = Type.Array(PartyOrgSchema);

export async function partyRoutes(root: FastifyInstance, { db }: AppDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/party/coverage/:code',
    { schema: { tags, summary: '党组织覆盖方案 The coverage plan for a place', params: code, response: { 200: CoveragePlanView } } },
    async (req) => service.planCoverage(db, requireActor(req), req.params.code),
  );

  app.get(
    '/party/coverage/:code/report',
    { schema: { tags, summary: '覆盖情况 The coverage report of a place', params: code, response: { 200: CoverageReportSchema } } },
    async (req) => service.reportCoverage(db, requireActor(req), req.params.code),
  );

  app.post(
    '/party/coverage/:code/adopt',
    { schema: { tags, summary: '采纳方案 Adopt the plan for a community or township', params: code, body: AdoptBody, response: { 200: AdoptResult } } },
    async (req) => editing.adoptCoverage(db, requireActor(req), req.params.code, req.body ?? {}, req),
  );

  app.get(
    '/party/places/:code/orgs',
    { schema: { tags, summary: '党组织 The party orgs at, under and above a place', params: code, response: { 200: OrgList } } },
    async (req) => service.listOrgs(db, requireActor(req), req.params.code),
  );

  app.post(
    '/party/places/:code/move',
    {
      schema: {
        tags,
        summary: '调整 Move a compound to another branch or a building to another group',
        params: code,
        body: MoveBody,
        response: { 200: OrgList },
      },
    },
    async (req) => editing.movePlace(db, requireActor(req), req.params.code, req.body, req),
  );

  app.patch(
    '/party/orgs/:id',
    { schema: { tags, summary: '重命名 Rename a party org', params: Type.Object({ id: Uuid }, { additionalProperties: false }), body: RenameOrgBody, response: { 200: PartyOrgSchema } } },
    async (req) => service.renameOrg(db, requireActor(req), req.params.id, req.body.name, req),
  );

  app.get(
    '/party/places/:code/centre-households',
    { schema: { tags, summary: '单元中心户 Units with their centre household and suggestions', params: code, response: { 200: Type.Array(UnitCentreSchema) } } },
    async (req) => service.suggestCentreHouseholds(db, requireActor(req), req.params.code, req),
  );

  app.put(
    '/party/units/:code/centre-household',
    { schema: { tags, summary: '设立单元中心户 Appoint a unit’s centre household', params: code, body: AppointBody, response: { 200: CentreHouseholdSchema } } },
    async (req) => service.appointCentreHousehold(db, requireActor(req), req.params.code, req.body, req),
  );

  app.delete(
    '/party/units/:code/centre-household',
    { schema: { tags, summary: '撤销单元中心户 Withdraw a unit’s centre household', params: code, response: { 200: Ok } } },
    async (req) => {
      await service.withdrawCentreHousehold(db, requireActor(req), req.params.code, req);
      return { ok: true as const };
    },
  );
}
