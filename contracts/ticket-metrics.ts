/** The national set of ticket metrics (数字化城市管理 考核指标), per place and per team, over a period. */
import { Type, type Static } from 'typebox';

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'null when the denominator is 0' });

export const MetricsSchema = Type.Object(
  {
    received: Type.Integer({ description: '受理: tickets created in the period' }),
    registered: Type.Integer({ description: '立案: created in the period, not cancelled or merged' }),
    due: Type.Integer({ description: '应结案: registered tickets (not shelved) whose deadline falls in the period' }),
    closed: Type.Integer({ description: '结案: of those due, closed by the end of the period' }),
    closedOnTime: Type.Integer({ description: '按期结案: of those due, closed by their (extended) deadline' }),
    closeRate: Rate,
    onTimeRate: Rate,
    reworkRate: Rate,
    extensionRate: Rate,
    responseRate: Rate,
    satisfactionRate: Rate,
    rated: Type.Integer(),
    meanHoursToClose: Type.Union([Type.Number(), Type.Null()]),
    p90HoursToClose: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Metrics = Static<typeof MetricsSchema>;

export const MetricsRow = Type.Object(
  { code: Type.String(), name: Type.String(), metrics: MetricsSchema },
  { additionalProperties: false },
);

export const MetricsReport = Type.Object(
  {
    place: Type.Object({ code: Type.String(), name: Type.String() }),
    from: Type.String(),
    to: Type.String(),
    totals: MetricsSchema,
    /** The places one level down, ranked by on-time rate, then close rate, then satisfaction. */
    byPlace: Type.Array(MetricsRow),
    /** Teams that held tickets of the period, ranked the same way. */
    byTeam: Type.Array(MetricsRow),
  },
  { additionalProperties: false },
);
export type MetricsReport = Static<typeof MetricsReport>;

export const MetricsQuery = Type.Object(
  {
    place: Type.String({ pattern: '^[0-9]{4,24}$' }),
    from: Type.String({ format: 'date', description: 'first day, Asia/Shanghai' }),
    to: Type.String({ format: 'date', description: 'last day, inclusive' }),
  },
  { additionalProperties: false },
);
