/** Residents' self-governance: the owners' roll, votes and elections (表决与选举). */
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Iso = Type.String({ format: 'date-time' });

export const VOTE_KINDS = ['matter', 'election'] as const;
export const VOTE_METHODS = ['person', 'household', 'owners'] as const;
export const MATTERS = ['ordinary', 'maintenance_fund', 'rebuilding', 'change_of_use'] as const;
export const VOTE_STATUSES = ['draft', 'open', 'closed'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];
export type VoteMethod = (typeof VOTE_METHODS)[number];
export type MatterKind = (typeof MATTERS)[number];
export type VoteStatus = (typeof VOTE_STATUSES)[number];

export const VoteKindSchema = enumOf(VOTE_KINDS, 'matter 事项表决, election 选举');
export const VoteMethodSchema = enumOf(VOTE_METHODS, 'person 按人, household 按户, owners 业主（按专有部分面积与人数，民法典第二百七十八条）');
export const MatterSchema = enumOf(MATTERS, 'ordinary 一般事项; maintenance_fund 维修资金, rebuilding 改建重建, change_of_use 改变共有部分用途 (3/4)');

/** An area in square metres with at most two decimals. */
const Area = Type.Number({ minimum: 0.01, maximum: 100000, multipleOf: 0.01 });

export const OwnerSchema = Type.Object(
  {
    householdCode: Type.String(),
    address: Type.String(),
    ownerName: Type.String(),
    residentId: Nullable(Type.String()),
    area: Type.Number({ description: '建筑面积 m²' }),
    updatedAt: Iso,
  },
  { additionalProperties: false },
);
export type Owner = Static<typeof OwnerSchema>;

export const OwnerRoll = Type.Object(
  { compoundCode: Type.String(), owners: Type.Array(OwnerSchema), households: Type.Integer({ description: 'households of the compound' }), totalArea: Type.Number(), ownerCount: Type.Integer({ description: '业主人数: one owner of several units counts once' }) },
  { additionalProperties: false },
);

export const PutOwnerBody = Type.Object(
  { ownerName: Type.String({ minLength: 1, maxLength: 40 }), area: Area, residentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))) },
  { additionalProperties: false },
);
export type PutOwnerBody = Static<typeof PutOwnerBody>;

export const OwnerImportResult = Type.Object(
  { imported: Type.Integer(), rejected: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), reason: Type.String() }, { additionalProperties: false })) },
  { additionalProperties: false },
);

export const VoteOptionSchema = Type.Object({ key: Type.String(), label: Type.String(), residentId: Type.Optional(Type.String()) }, { additionalProperties: false });

export const CreateVoteBody = Type.Object(
  {
    kind: VoteKindSchema,
    method: VoteMethodSchema,
    title: Type.String({ minLength: 2, maxLength: 80 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    matter: Type.Optional(MatterSchema),
    secret: Type.Optional(Type.Boolean({ description: '无记名投票: no one can see who chose what' })),
    placeCode: Type.String({ pattern: '^[0-9]{12,20}$', description: 'community, compound, building or unit whose people vote; a compound or building for owners' }),
    candidates: Type.Optional(Type.Array(Type.Object({ residentId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), { minItems: 1, maxItems: 30 })),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    closesAt: Type.Optional(Iso),
    appointTeamId: Type.Optional(Type.String({ format: 'uuid', description: 'an election: the team whose leader the winner becomes' })),
    proposalId: Type.Optional(Type.String({ format: 'uuid', description: 'a matter: the proposal it decides (its outcome follows the result)' })),
  },
  { additionalProperties: false },
);
export type CreateVoteBody = Static<typeof CreateVoteBody>;

/** Paper ballots: voters marked as having handed one in, and ballots entered (on a secret vote, from the box). */
const PaperCounts = Type.Object({ handedIn: Type.Integer(), entered: Type.Integer() }, { additionalProperties: false });

const Tally = Type.Object({ voters: Type.Integer(), areaCenti: Type.Integer({ description: 'hundredths of a m²' }) }, { additionalProperties: false });

export const VoteResultSchema = Type.Object(
  {
    method: VoteMethodSchema,
    kind: VoteKindSchema,
    matter: MatterSchema,
    electorate: Tally,
    participation: Tally,
    quorum: Type.Object({ rule: Type.String(), met: Type.Boolean() }, { additionalProperties: false }),
    threshold: Type.Union([Type.Literal('more_than_half'), Type.Literal('three_quarters')]),
    options: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), votes: Type.Integer(), areaCenti: Type.Integer() }, { additionalProperties: false })),
    passed: Nullable(Type.Boolean()),
    elected: Type.Array(Type.String()),
    tie: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type VoteResult = Static<typeof VoteResultSchema>;

export const VoteSchema = Type.Object(
  {
    id: Type.String(),
    kind: VoteKindSchema,
    method: VoteMethodSchema,
    title: Type.String(),
    description: Type.String(),
    matter: MatterSchema,
    secret: Type.Boolean(),
    placeCode: Type.String(),
    placeName: Type.String(),
    status: enumOf(VOTE_STATUSES),
    options: Type.Array(VoteOptionSchema),
    seats: Type.Integer(),
    closesAt: Nullable(Iso),
    openedAt: Nullable(Iso),
    closedAt: Nullable(Iso),
    electorate: Tally,
    participation: Tally,
    paper: PaperCounts,
    /** '' while a secret vote is open. */
    chainHead: Type.String(),
    appointTeamId: Nullable(Type.String()),
    appointedAt: Nullable(Iso),
    subjectKind: Nullable(Type.String()),
    subjectId: Nullable(Type.String()),
    result: Nullable(VoteResultSchema),
    /** For the signed-in resident: may she vote here, and has she. */
    mine: Type.Object({ eligible: Type.Boolean(), voted: Type.Boolean() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type Vote = Static<typeof VoteSchema>;

export const VotesQuery = Type.Object(
  { place: Type.Optional(Type.String({ pattern: '^[0-9]{4,24}$' })), status: Type.Optional(enumOf(VOTE_STATUSES)), kind: Type.Optional(VoteKindSchema) },
  { additionalProperties: false },
);

const Choice = Type.String({ minLength: 1, maxLength: 40 });
export const CastBody = Type.Object({ choices: Type.Array(Choice, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false });
const VoterKey = Type.String({ minLength: 3, maxLength: 80 });
/** A named paper ballot (an open vote), entered in one step. */
export const PaperBallotBody = Type.Object({ voterKey: VoterKey, choices: CastBody.properties.choices }, { additionalProperties: false });

/** A secret vote's first paper step: the voter hands in her ballot. */
export const HandInBody = Type.Object({ voterKey: VoterKey }, { additionalProperties: false });
export const HandInSchema = Type.Object(
  { voteId: Type.String(), paperNo: Nullable(Type.String({ description: '选票编号 (owners’ votes): write it on the paper; it carries the floor area, not the name' })) },
  { additionalProperties: false },
);

/** A secret vote's second paper step: a ballot from the box, with no voter; no choice is a spoilt ballot (废票). */
export const BoxBallotBody = Type.Object(
  {
    choices: Type.Array(Choice, { maxItems: 20 }),
    paperNo: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}$', description: 'owners’ votes: the number written on the paper at hand-in' })),
  },
  { additionalProperties: false },
);

/** What entering a ballot from the box answers: the box's counts. No receipt: no one keeps a box ballot's, and a stored answer would time it. */
export const BoxEntrySchema = Type.Object({ voteId: Type.String(), paper: PaperCounts }, { additionalProperties: false });

/** What a voter keeps: her ballot's receipt, to find it in the published chain; a secret ballot's place is known once the vote closes. */
export const ReceiptSchema = Type.Object({ voteId: Type.String(), seq: Nullable(Type.Integer()), hash: Type.String() }, { additionalProperties: false });

export const VoterSchema = Type.Object(
  { voterKey: Type.String(), label: Type.String(), householdCode: Nullable(Type.String()), areaCenti: Type.Integer(), voted: Type.Boolean(), channel: Nullable(Type.String()) },
  { additionalProperties: false },
);

export const BallotSchema = Type.Object(
  {
    seq: Type.Integer(),
    voterKey: Nullable(Type.String()),
    choices: Type.Array(Type.String()),
    /** null on a secret owners' ballot: a floor area would point at its owner. */
    areaCenti: Nullable(Type.Integer()),
    /** null on a secret ballot. */
    channel: Nullable(Type.String()),
    /** null on a secret owners' ballot (with it the receipt would give the area away). */
    nonce: Nullable(Type.String()),
    castAt: Nullable(Iso),
    /** The hash of the ballot's content: the voter's receipt. */
    receipt: Type.String(),
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { additionalProperties: false },
);

export const ChainCheckSchema = Type.Object(
  { ok: Type.Boolean(), checked: Type.Integer(), brokenAt: Nullable(Type.Integer()), reason: Nullable(Type.String()), head: Type.String() },
  { additionalProperties: false },
);
