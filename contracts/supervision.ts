/** Supervision dashboards (督办看板) and the big screen: what the tickets, the organisation and the registry look like under a place. */
import { Type, type Static } from 'typebox';
import { MetricsRow, MetricsSchema } from './ticket-metrics.js';
import { CoverageReportSchema } from './party.js';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const DashboardQuery = Type.Object(
  {
    place: Type.String({ pattern: '^[0-9]{4,15}$', description: 'city, county, township, community or compound code' }),
    from: Type.String({ format: 'date', description: 'first day, Asia/Shanghai' }),
    to: Type.String({ format: 'date', description: 'last day, inclusive' }),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

/** Places whose dashboard ranks their communities beside their children: the city and a county (a township's children are its communities). */
export const COMMUNITY_RANKING_LEVELS: readonly string[] = ['city', 'county'];

export const PlaceQuery = Type.Object({ place: Type.String({ pattern: '^[0-9]{4,15}$' }) }, { additionalProperties: false });

export const Bucket = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]);

export const TrendPoint = Type.Object(
  {
    /** First day of the bucket (Shanghai), YYYY-MM-DD. */
    bucket: Type.String(),
    /** 应结案 with the deadline in the bucket; 结案 and 按期结案 of those by the bucket's end. */
    due: Type.Integer(),
    closed: Type.Integer(),
    closedOnTime: Type.Integer(),
    closeRate: Rate,
    onTimeRate: Rate,
    /** Of tickets closed in the bucket. */
    rated: Type.Integer(),
    satisfied: Type.Integer(),
    satisfactionRate: Rate,
  },
  { additionalProperties: false },
);
export type TrendPoint = Static<typeof TrendPoint>;

export const OverdueTicket = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    title: Type.String(),
    categoryName: Type.String(),
    placeName: Type.String(),
    status: Type.String(),
    tier: Type.String(),
    holder: Type.String({ description: 'the tier team, community, township or department holding it' }),
    deadlineAt: Type.String(),
    overdueHours: Type.Number(),
    supervised: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const TicketDashboard = Type.Object(
  {
    place: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
    from: Type.String(),
    to: Type.String(),
    bucket: Bucket,
    totals: MetricsSchema,
    categories: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    /** Tickets received per bucket and category. */
    volume: Type.Array(Type.Object({ bucket: Type.String(), category: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    /** Of the tickets received in the period: how far each got (受理 → 立案 → 派遣 → 处置 → 反馈 → 结案 → 评价). */
    funnel: Type.Array(Type.Object({ stage: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    trend: Type.Array(TrendPoint),
    /** Compounds by tickets received, most first (top 15). */
    hotspots: Type.Array(
      Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer(), open: Type.Integer(), lat: Nullable(Type.Number()), lng: Nullable(Type.Number()) }, { additionalProperties: false }),
    ),
    /** Open tickets past their deadline now (not bound to the period), most overdue first (50 at most). */
    overdue: Type.Array(OverdueTicket),
    overdueTotal: Type.Integer(),
    /** The places one level down and the teams, ranked (on-time rate, close rate, satisfaction, volume). */
    byPlace: Type.Array(MetricsRow),
    byTeam: Type.Array(MetricsRow),
    /**
     * For the city and a county: every community under it with tickets in the period, ranked the same
     * way, without the 90th percentile of hours to close (null). Empty for a township (its byPlace are
     * its communities) and below.
     */
    byCommunity: Type.Array(MetricsRow),
  },
  { additionalProperties: false },
);
export type TicketDashboard = Static<typeof TicketDashboard>;

export const OrgDashboard = Type.Object(
  {
    place: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
    coverage: Nullable(CoverageReportSchema),
    grids: Type.Object({ total: Type.Integer(), withWorker: Type.Integer(), buildings: Type.Integer(), buildingsInGrid: Type.Integer() }, { additionalProperties: false }),
    population: Type.Object(
      {
        residents: Type.Integer(),
        households: Type.Integer(),
        byTag: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
        byResidence: Type.Array(Type.Object({ status: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    ),
    members: Type.Object(
      {
        total: Type.Integer(),
        byStatus: Type.Array(Type.Object({ status: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
        keptElsewhere: Type.Integer(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type OrgDashboard = Static<typeof OrgDashboard>;

/** Geometry for maps (WGS-84 as stored; the web converts to the base map's system). */
export const MapFeatures = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object(
        {
          type: Type.Literal('Feature'),
          geometry: Type.Unknown(),
          properties: Type.Object(
            {
              code: Type.String(),
              name: Type.String(),
              kind: Type.Union([Type.Literal('compound'), Type.Literal('grid'), Type.Literal('building')]),
              /** Tickets received in the last 30 days (compounds and grids). */
              tickets: Type.Integer(),
              open: Type.Integer(),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type MapFeatures = Static<typeof MapFeatures>;

/** The map settings the web needs: a tile source (none on a bare install) and its coordinate system. */
export const MapConfig = Type.Object(
  {
    tileUrl: Nullable(Type.String()),
    tileCrs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')]),
    attribution: Type.String(),
    subdomains: Type.String(),
  },
  { additionalProperties: false },
);
export type MapConfig = Static<typeof MapConfig>;
