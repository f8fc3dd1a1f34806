/** Proposals 议题, deliberation meetings 议事会 and the residents' convention 居民公约. */
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Iso = Type.String({ format: 'date-time' });
const Community = Type.String({ pattern: '^[0-9]{12}$' });

export const PROPOSAL_STATUSES = ['collecting', 'accepted', 'deliberating', 'voting', 'decided', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const SettingsSchema = Type.Object({ communityCode: Type.String(), supportThreshold: Type.Integer() }, { additionalProperties: false });
export const SettingsBody = Type.Object({ supportThreshold: Type.Integer({ minimum: 1, maximum: 10000 }) }, { additionalProperties: false });

export const ProposalSchema = Type.Object(
  {
    id: Type.String(),
    placeCode: Type.String(),
    placeName: Type.String(),
    title: Type.String(),
    body: Type.String(),
    authorName: Type.String(),
    status: enumOf(PROPOSAL_STATUSES),
    supportCount: Type.Integer(),
    threshold: Type.Integer(),
    meetingId: Nullable(Type.String()),
    voteId: Nullable(Type.String()),
    outcome: Nullable(Type.String()),
    createdAt: Iso,
    acceptedAt: Nullable(Iso),
    /** The signed-in resident supports it. */
    supported: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Proposal = Static<typeof ProposalSchema>;

export const CreateProposalBody = Type.Object(
  {
    title: Type.String({ minLength: 4, maxLength: 60 }),
    body: Type.String({ minLength: 4, maxLength: 4000 }),
    placeCode: Type.Optional(Type.String({ pattern: '^[0-9]{12,20}$', description: 'the community (default: hers) or a compound, building or unit of it' })),
  },
  { additionalProperties: false },
);
export const ProposalsQuery = Type.Object({ community: Type.Optional(Community), status: Type.Optional(enumOf(PROPOSAL_STATUSES)) }, { additionalProperties: false });
export const DecideProposalBody = Type.Object({ status: Type.Union([Type.Literal('rejected'), Type.Literal('decided')]), outcome: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false });

export const MeetingItemSchema = Type.Object(
  { id: Type.String(), seq: Type.Integer(), title: Type.String(), proposalId: Nullable(Type.String()), decision: Nullable(Type.String()) },
  { additionalProperties: false },
);
export const InviteeSchema = Type.Object(
  { inviteeKey: Type.String(), name: Type.String(), role: Type.String(), householdCode: Nullable(Type.String()), attended: Type.Boolean() },
  { additionalProperties: false },
);
export const TaskSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    placeCode: Type.String(),
    assignee: Nullable(Type.String()),
    dueOn: Nullable(Type.String()),
    ticketId: Nullable(Type.String()),
    ticketNumber: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export const MeetingSchema = Type.Object(
  {
    id: Type.String(),
    placeCode: Type.String(),
    placeName: Type.String(),
    title: Type.String(),
    startsAt: Iso,
    location: Type.String(),
    status: Type.Union([Type.Literal('planned'), Type.Literal('held')]),
    minutes: Nullable(Type.String()),
    heldAt: Nullable(Iso),
    items: Type.Array(MeetingItemSchema),
    invitees: Type.Array(InviteeSchema),
    attended: Type.Integer(),
    tasks: Type.Array(TaskSchema),
  },
  { additionalProperties: false },
);
export type Meeting = Static<typeof MeetingSchema>;

export const CreateMeetingBody = Type.Object(
  {
    placeCode: Type.String({ pattern: '^[0-9]{12,20}$' }),
    title: Type.String({ minLength: 2, maxLength: 80 }),
    startsAt: Iso,
    location: Type.String({ minLength: 1, maxLength: 120 }),
    items: Type.Array(Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), proposalId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 30,
    }),
    /** Invite one representative of every household under this place. */
    inviteHouseholdsOf: Type.Optional(Type.String({ pattern: '^[0-9]{15,20}$' })),
    /** Invite these residents as representatives (居民代表, 党员, 楼栋长…). */
    representatives: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type CreateMeetingBody = Static<typeof CreateMeetingBody>;
export const MeetingsQuery = Type.Object({ community: Type.Optional(Community) }, { additionalProperties: false });

export const AttendanceBody = Type.Object({ present: Type.Array(Type.String({ minLength: 3, maxLength: 80 }), { maxItems: 2000 }) }, { additionalProperties: false });
export const MinutesBody = Type.Object(
  {
    minutes: Type.String({ minLength: 2, maxLength: 20000 }),
    decisions: Type.Array(Type.Object({ itemId: Type.String({ format: 'uuid' }), decision: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }), { maxItems: 30 }),
  },
  { additionalProperties: false },
);
export const CreateTaskBody = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 60 }),
    description: Type.String({ minLength: 2, maxLength: 2000 }),
    placeCode: Type.Optional(Type.String({ pattern: '^[0-9]{12,24}$' })),
    assignee: Type.Optional(Type.String({ maxLength: 40 })),
    dueOn: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
/** The ticket of a task is entered as a phone entry in the name of the task's contact. */
export const TaskTicketBody = Type.Object(
  { contactName: Type.String({ minLength: 1, maxLength: 40 }), contactPhone: Type.String({ minLength: 11, maxLength: 20 }), categoryCode: Type.Optional(Type.String({ pattern: '^[a-z_]{2,40}$' })) },
  { additionalProperties: false },
);

export const ConventionSchema = Type.Object(
  {
    id: Type.String(),
    placeCode: Type.String(),
    version: Type.Integer(),
    title: Type.String(),
    body: Type.String(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('voting'), Type.Literal('adopted'), Type.Literal('superseded'), Type.Literal('rejected')]),
    voteId: Nullable(Type.String()),
    adoptedAt: Nullable(Iso),
    createdAt: Iso,
    acknowledged: Type.Integer({ description: 'households that acknowledged it' }),
    households: Type.Integer(),
    /** The signed-in resident's household has acknowledged it. */
    mine: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Convention = Static<typeof ConventionSchema>;
export const CreateConventionBody = Type.Object(
  { communityCode: Community, title: Type.String({ minLength: 2, maxLength: 60 }), body: Type.String({ minLength: 10, maxLength: 20000 }) },
  { additionalProperties: false },
);
export const ConventionVoteBody = Type.Object(
  { method: Type.Union([Type.Literal('person'), Type.Literal('household')]), secret: Type.Optional(Type.Boolean()), closesAt: Type.Optional(Iso) },
  { additionalProperties: false },
);
