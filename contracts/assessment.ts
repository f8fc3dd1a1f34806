/** 考核评价: indicators per target kind, satisfaction surveys, the yearly ranking. */
import { Type, type Static } from 'typebox';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const TARGET_KINDS = ['branch', 'team', 'grid_worker'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const SOURCES = ['ticket_close_rate', 'ticket_on_time_rate', 'ticket_satisfaction_rate', 'meetings_held', 'volunteer_hours', 'survey_score'] as const;
export type Source = (typeof SOURCES)[number];

const Community = Type.String({ pattern: '^[0-9]{12}$' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export const IndicatorSchema = Type.Object(
  { id: Type.String(), communityCode: Type.String(), year: Type.Integer(), targetKind: enumOf(TARGET_KINDS), name: Type.String(), source: enumOf(SOURCES), weight: Type.Integer(), goal: Type.Number() },
  { additionalProperties: false },
);
export type Indicator = Static<typeof IndicatorSchema>;
export const CreateIndicatorBody = Type.Object(
  {
    communityCode: Community,
    year: Year,
    targetKind: enumOf(TARGET_KINDS, 'branch 小区党支部, team 三级队伍, grid_worker 网格员'),
    name: Type.String({ minLength: 2, maxLength: 40 }),
    source: enumOf(SOURCES, 'ticket rates from the ticket loop (0–1), meetings held, volunteer hours (approved service hours of the target’s residents), or the survey score (1–5)'),
    weight: Type.Integer({ minimum: 1, maximum: 100, description: 'points' }),
    goal: Type.Number({ exclusiveMinimum: 0, maximum: 10000, description: 'the value that earns full points' }),
  },
  { additionalProperties: false },
);
export const IndicatorsQuery = Type.Object({ community: Community, year: Year }, { additionalProperties: false });

export const SurveySchema = Type.Object(
  { id: Type.String(), year: Type.Integer(), targetKind: enumOf(TARGET_KINDS), targetId: Type.String(), targetName: Type.String(), title: Type.String(), responses: Type.Integer(), average: Type.Union([Type.Number(), Type.Null()]), answered: Type.Boolean() },
  { additionalProperties: false },
);
export const CreateSurveyBody = Type.Object(
  { communityCode: Community, year: Year, targetKind: enumOf(TARGET_KINDS), targetId: Type.String({ minLength: 1, maxLength: 40 }), title: Type.String({ minLength: 2, maxLength: 60 }) },
  { additionalProperties: false },
);
export const SurveysQuery = Type.Object({ community: Type.Optional(Community), year: Year }, { additionalProperties: false });
export const ResponseBody = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false });

export const RankingQuery = Type.Object({ community: Community, year: Year, targetKind: enumOf(TARGET_KINDS) }, { additionalProperties: false });
export const RankingSchema = Type.Object(
  {
    year: Type.Integer(),
    targetKind: enumOf(TARGET_KINDS),
    indicators: Type.Array(IndicatorSchema),
    rows: Type.Array(
      Type.Object(
        {
          rank: Type.Integer(),
          targetId: Type.String(),
          name: Type.String(),
          total: Type.Number(),
          values: Type.Array(Type.Object({ indicatorId: Type.String(), value: Type.Union([Type.Number(), Type.Null()]), points: Type.Number() }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Ranking = Static<typeof RankingSchema>;
