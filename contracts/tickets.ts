/** The ticket loop's vocabulary, shared by server and web, and the schemas of its requests and responses. */
import { Type, type Static, type TSchema } from 'typebox';

export const TICKET_STATUSES = ['registered', 'dispatched', 'in_progress', 'reported', 'closed', 'shelved', 'cancelled', 'merged'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Every action on a ticket, as its event type and its route name (`POST /tickets/:id/<action>`). */
export const TICKET_ACTIONS = [
  'dispatch',
  'accept',
  'return',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'escalate',
  'supervise',
  'report_back',
  'verify_pass',
  'verify_fail',
  'reopen',
  'rate',
  'shelve',
  'unshelve',
  'cancel',
  'merge',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** The tiers, bottom up: three volunteer tiers, then community, township (属地兜底), county department. */
export const TIERS = ['unit_team', 'building_team', 'compound_team', 'community', 'township', 'department'] as const;
export type TicketTier = (typeof TIERS)[number];

export const URGENCIES = ['emergency', 'urgent', 'general', 'complex'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CHANNELS = ['resident', 'patrol', 'phone', 'device', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/** zh-CN labels (the web has them in i18n too; the server uses these in notifications and exports). */
export const STATUS_LABEL: Record<TicketStatus, string> = {
  registered: '待派遣',
  dispatched: '已派遣',
  in_progress: '处置中',
  reported: '待核查',
  closed: '已结案',
  shelved: '已挂账',
  cancelled: '已注销',
  merged: '已合并',
};
export const TIER_LABEL: Record<TicketTier, string> = {
  unit_team: '单元自治组',
  building_team: '楼栋互助队',
  compound_team: '小区共治团',
  community: '社区',
  township: '街道',
  department: '职能部门',
};

// ---------------------------------------------------------------------------------------------
// Request and response schemas of the ticket loop.
// ---------------------------------------------------------------------------------------------
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const TicketStatusSchema = enumOf(TICKET_STATUSES);
export const TicketActionSchema = enumOf(TICKET_ACTIONS);
export const TierSchema = enumOf(TIERS);
export const UrgencySchema = enumOf(URGENCIES, 'emergency 紧急, urgent 急, general 一般, complex 复杂');
export const ChannelSchema = enumOf(CHANNELS, 'resident 居民, patrol 网格巡查, phone 电话, device 设备告警, referral 上级转办');
export const RatingSchema = enumOf(RATINGS, 'satisfied 满意, basically_satisfied 基本满意, dissatisfied 不满意');
export const CategoryCode = Type.String({ pattern: '^[a-z][a-z_]{1,39}$' });
/** Events of a ticket: its registration, then one per action. */
export type TicketEventType = 'register' | TicketAction;
export const TicketEventTypeSchema = enumOf<TicketEventType>(['register', ...TICKET_ACTIONS]);

export const DeadlineHoursSchema = Type.Object(
  { emergency: Type.Number({ minimum: 0 }), urgent: Type.Number({ minimum: 0 }), general: Type.Number({ minimum: 0 }), complex: Type.Number({ minimum: 0 }) },
  { additionalProperties: false },
);
const Share = Type.Optional(Type.Number({ minimum: 0, maximum: 1 }));
export const TierSharesSchema = Type.Object(
  { unit_team: Share, building_team: Share, compound_team: Share, community: Share, township: Share, department: Share },
  { additionalProperties: false, description: "each tier's share of the total hours before the ticket escalates" },
);

export const TicketCategorySchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    firstTier: TierSchema,
    deadlineHours: DeadlineHoursSchema,
    tierShares: TierSharesSchema,
    clock: Type.Union([Type.Literal('calendar'), Type.Literal('working')]),
    confidentialByDefault: Type.Boolean(),
    department: Type.String(),
    keywords: Type.Array(Type.String()),
    active: Type.Boolean(),
    sort: Type.Integer(),
  },
  { additionalProperties: false },
);
export type TicketCategory = Static<typeof TicketCategorySchema>;

export const SuggestCategoryBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const SuggestCategoryResult = Type.Object(
  { suggestions: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), score: Type.Number() }, { additionalProperties: false }), { description: 'best first; empty when nothing matches' }) },
  { additionalProperties: false },
);
export type SuggestCategoryResult = Static<typeof SuggestCategoryResult>;

export const PinSchema = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], { default: 'wgs84', description: 'coordinates as sent; stored as WGS-84' })),
  },
  { additionalProperties: false },
);
export type Pin = Static<typeof PinSchema>;

export const CallerSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }), phone: Type.String({ minLength: 5, maxLength: 20, description: 'mainland mobile; stored encrypted, shown masked' }) },
  { additionalProperties: false },
);

/** Photos uploaded first (POST /ticket-photos), attached when the ticket or a report is sent. */
const PhotoIds = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, uniqueItems: true, description: 'ids from POST /ticket-photos, at most 9' });

export const CreateTicketBody = Type.Object(
  {
    channel: ChannelSchema,
    title: Type.Optional(Type.String({ maxLength: 60, description: 'defaults to the start of the description' })),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    categoryCode: Type.Optional(CategoryCode),
    urgency: Type.Optional(UrgencySchema),
    placeCode: Type.Optional(Type.String({ pattern: '^[0-9]{9,24}$', description: 'household, unit, building, compound or community; a resident may give only her household' })),
    pin: Type.Optional(PinSchema),
    caller: Type.Optional(CallerSchema),
    tier: Type.Optional(TierSchema),
    deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'referral: the reference of the level above (e.g. a 12345 hotline number)' })),
    confidential: Type.Optional(Type.Boolean({ description: 'ask for confidentiality; categories such as 矛盾纠纷 are confidential anyway' })),
    photoIds: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
);
export type CreateTicketBody = Static<typeof CreateTicketBody>;

export const DeviceAlertBody = Type.Object(
  {
    placeCode: Type.String({ pattern: '^[0-9]{15}([0-9]{3})?$', description: 'the compound or building of the device' }),
    categoryCode: CategoryCode,
    title: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    urgency: Type.Optional(UrgencySchema),
    deviceId: Type.String({ minLength: 1, maxLength: 80 }),
  },
  { additionalProperties: false },
);
export type DeviceAlertBody = Static<typeof DeviceAlertBody>;

const Iso = Type.String({ format: 'date-time' });
export const TicketSummarySchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    title: Type.String(),
    categoryCode: Type.String(),
    urgency: UrgencySchema,
    channel: ChannelSchema,
    status: TicketStatusSchema,
    tier: TierSchema,
    placeCode: Type.String(),
    compoundCode: Nullable(Type.String()),
    communityCode: Nullable(Type.String()),
    gridCode: Nullable(Type.String()),
    confidential: Type.Boolean(),
    supervised: Type.Boolean(),
    extensionPending: Type.Boolean(),
    deadlineAt: Nullable(Iso),
    tierDeadlineAt: Nullable(Iso),
    overdue: Type.Boolean({ description: 'past the tier deadline (dispatched, in progress) or the overall deadline (any open status)' }),
    shelvedUntil: Nullable(Type.String()),
    createdAt: Iso,
    updatedAt: Iso,
  },
  { additionalProperties: false },
);
export type TicketSummary = Static<typeof TicketSummarySchema>;

export const TicketSchema = Type.Object(
  {
    ...TicketSummarySchema.properties,
    description: Type.String(),
    categoryName: Type.String(),
    reporterName: Nullable(Type.String()),
    reporterPhone: Nullable(Type.String({ description: 'masked' })),
    reporterIsMe: Type.Boolean(),
    placeName: Type.String({ description: 'address below the county' }),
    townshipCode: Type.String(),
    countyCode: Type.String(),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    teamId: Nullable(Type.String()),
    teamName: Nullable(Type.String()),
    department: Nullable(Type.String()),
    acceptedAt: Nullable(Iso),
    reportedAt: Nullable(Iso),
    closedAt: Nullable(Iso),
    closedOnTime: Nullable(Type.Boolean()),
    extensions: Type.Integer(),
    reworks: Type.Integer(),
    escalations: Type.Integer(),
    rating: Nullable(RatingSchema),
    ratingComment: Nullable(Type.String()),
    mergedInto: Nullable(Type.String()),
    followers: Type.Integer(),
    version: Type.Integer({ description: 'events applied; send it back as `version` to act only on what you saw' }),
  },
  { additionalProperties: false },
);
export type Ticket = Static<typeof TicketSchema>;

export const TicketEventSchema = Type.Object(
  {
    seq: Type.Integer(),
    type: TicketEventTypeSchema,
    actorName: Nullable(Type.String()),
    actorRole: Nullable(Type.String()),
    at: Iso,
    note: Nullable(Type.String()),
    data: Type.Record(Type.String(), Type.Unknown()),
    public: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type TicketEvent = Static<typeof TicketEventSchema>;

export const TicketDetailSchema = Type.Object(
  {
    ticket: TicketSchema,
    timeline: Type.Array(TicketEventSchema),
    allowedActions: Type.Array(TicketActionSchema, { description: 'what this viewer may do now: the buttons to show' }),
    following: Type.Boolean(),
    photos: Type.Array(
      Type.Object(
        { id: Type.String(), url: Type.String(), thumbUrl: Type.String(), width: Type.Integer(), height: Type.Integer(), mime: Type.String(), eventSeq: Type.Union([Type.Integer(), Type.Null()]) },
        { additionalProperties: false },
      ),
      { description: 'with the event (seq) that brought each' },
    ),
  },
  { additionalProperties: false },
);
export type TicketDetail = Static<typeof TicketDetailSchema>;

export const TicketsQuery = Type.Object(
  {
    scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('queue'), Type.Literal('place')], { default: 'queue', description: 'mine: reported or followed; queue: awaiting me; place: everything under `place`' })),
    place: Type.Optional(Type.String({ pattern: '^[0-9]{4,24}$' })),
    status: Type.Optional(TicketStatusSchema),
    category: Type.Optional(CategoryCode),
    overdue: Type.Optional(Type.Boolean()),
    supervised: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);
export type TicketsQuery = Static<typeof TicketsQuery>;

export const TicketListSchema = Type.Object(
  { items: Type.Array(TicketSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() },
  { additionalProperties: false },
);
export type TicketList = Static<typeof TicketListSchema>;

export const RevealedPhoneSchema = Type.Object({ phone: Nullable(Type.String()) }, { additionalProperties: false });

// Bodies of the actions. `version`, when sent, must equal the ticket's: the action applies only to what the actor saw.
const Version = Type.Optional(Type.Integer({ minimum: 0, description: 'the version the actor saw; 409 if the ticket changed since' }));
const Note = Type.String({ minLength: 1, maxLength: 1000 });
const Reason = Type.String({ minLength: 2, maxLength: 500 });
const body = <P extends Record<string, TSchema>>(props: P) => Type.Object({ ...props, version: Version }, { additionalProperties: false });

export const ACTION_BODIES = {
  dispatch: body({ tier: Type.Optional(TierSchema), categoryCode: Type.Optional(CategoryCode), urgency: Type.Optional(UrgencySchema), note: Type.Optional(Note) }),
  accept: body({ note: Type.Optional(Note) }),
  return: body({ reason: Reason }),
  request_extension: body({
    until: Type.Optional(Type.String({ format: 'date-time', description: 'the new tier deadline' })),
    hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 2160, description: 'or: hours on the category clock added to the current tier deadline' })),
    reason: Reason,
  }),
  approve_extension: body({ note: Type.Optional(Note) }),
  reject_extension: body({ note: Type.Optional(Note) }),
  escalate: body({ note: Note }),
  supervise: body({ note: Note }),
  report_back: body({ note: Note, photoIds: Type.Optional(PhotoIds) }),
  verify_pass: body({ note: Type.Optional(Note) }),
  verify_fail: body({ note: Note, photoIds: Type.Optional(PhotoIds) }),
  reopen: body({ reason: Reason }),
  rate: body({ rating: RatingSchema, comment: Type.Optional(Type.String({ maxLength: 500 })) }),
  shelve: body({ reason: Reason, reviewOn: Type.String({ format: 'date', description: 'YYYY-MM-DD, after today' }) }),
  unshelve: body({ note: Type.Optional(Note) }),
  cancel: body({ reason: Reason }),
  merge: body({ targetId: Type.String({ format: 'uuid' }), note: Type.Optional(Note) }),
} satisfies Record<TicketAction, TSchema>;
export type ActionBody<A extends TicketAction> = Static<(typeof ACTION_BODIES)[A]>;
/** Any action's body, as the service sees it. */
export type AnyActionBody = {
  [A in TicketAction]: Static<(typeof ACTION_BODIES)[A]>;
}[TicketAction];
