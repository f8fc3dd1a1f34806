/** 居务公开: posts by kind and period, a funds ledger, attachments, visibility and the archive. */
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const DISCLOSURE_KINDS = ['finance', 'affairs', 'party'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
export const VISIBILITIES = ['residents', 'public'] as const;
/** 2026-11 (month), 2026-Q4 (quarter) or 2026 (year). */
export const PERIOD_PATTERN = '^20[0-9]{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$';

export const LedgerEntrySchema = Type.Object(
  { occurredOn: Type.String({ format: 'date' }), item: Type.String({ minLength: 1, maxLength: 80 }), income: Type.Number({ minimum: 0, maximum: 1e9, multipleOf: 0.01 }), expense: Type.Number({ minimum: 0, maximum: 1e9, multipleOf: 0.01 }), note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) },
  { additionalProperties: false },
);

export const DisclosureSchema = Type.Object(
  {
    id: Type.String(),
    placeCode: Type.String(),
    placeName: Type.String(),
    kind: enumOf(DISCLOSURE_KINDS),
    title: Type.String(),
    body: Type.String(),
    period: Type.String(),
    visibility: enumOf(VISIBILITIES),
    publishedAt: Type.String(),
    archivedAt: Nullable(Type.String()),
    ledger: Type.Array(LedgerEntrySchema),
    totals: Type.Object({ income: Type.Number(), expense: Type.Number(), balance: Type.Number() }, { additionalProperties: false }),
    attachments: Type.Array(Type.Object({ id: Type.String(), fileName: Type.String(), mime: Type.String(), size: Type.Integer(), url: Type.String() }, { additionalProperties: false })),
    vote: Nullable(
      Type.Object(
        { id: Type.String(), title: Type.String(), passed: Nullable(Type.Boolean()), quorumMet: Type.Boolean(), electorate: Type.Integer(), participation: Type.Integer(), options: Type.Array(Type.Object({ label: Type.String(), votes: Type.Integer() }, { additionalProperties: false })), elected: Type.Array(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Disclosure = Static<typeof DisclosureSchema>;

export const CreateDisclosureBody = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    kind: enumOf(DISCLOSURE_KINDS, 'finance 财务公开, affairs 事务公开, party 党务公开'),
    title: Type.String({ minLength: 2, maxLength: 80 }),
    body: Type.String({ minLength: 1, maxLength: 20000 }),
    period: Type.String({ pattern: PERIOD_PATTERN }),
    visibility: enumOf(VISIBILITIES, 'residents 本社区居民, public 所有人'),
    ledger: Type.Optional(Type.Array(LedgerEntrySchema, { maxItems: 500 })),
    voteId: Type.Optional(Type.String({ format: 'uuid', description: 'publish a closed vote’s result' })),
  },
  { additionalProperties: false },
);
export type CreateDisclosureBody = Static<typeof CreateDisclosureBody>;

export const DisclosuresQuery = Type.Object(
  {
    community: Type.String({ pattern: '^[0-9]{12}$' }),
    kind: Type.Optional(enumOf(DISCLOSURE_KINDS)),
    period: Type.Optional(Type.String({ pattern: PERIOD_PATTERN })),
    archived: Type.Optional(Type.Boolean({ description: 'true: the archive; false (default): current posts' })),
  },
  { additionalProperties: false },
);
