/** Configuration of the ticket loop that city admins keep: ticket categories and the holiday table (节假日与调休). */
import { Type, type Static } from 'typebox';
import { CategoryCode, TierSchema, type TicketTier, type Urgency } from './tickets.js';

const ClockSchema = Type.Unsafe<'calendar' | 'working'>({ type: 'string', enum: ['calendar', 'working'] });

/** Hours to close by urgency: {emergency, urgent, general, complex}. */
const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 24 * 366 });
export const DeadlineHours = Type.Object({ emergency: Hours, urgent: Hours, general: Hours, complex: Hours }, { additionalProperties: false });
export type DeadlineHours = Record<Urgency, number>;

/** Share of the total each tier gets, from the first tier up to the department; the shares sum to 1. */
const Share = Type.Optional(Type.Number({ minimum: 0, maximum: 1 }));
export const TierShares = Type.Object(
  { unit_team: Share, building_team: Share, compound_team: Share, community: Share, township: Share, department: Share },
  { additionalProperties: false },
);
export type TierShares = Partial<Record<TicketTier, number>>;

const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 100 });

/** Categories are presented as GET /ticket-categories lists them. */
export { TicketCategorySchema, type TicketCategory } from './tickets.js';

const editable = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  firstTier: TierSchema,
  deadlineHours: DeadlineHours,
  tierShares: TierShares,
  clock: ClockSchema,
  confidentialByDefault: Type.Boolean(),
  department: Type.String({ minLength: 1, maxLength: 60 }),
  keywords: Keywords,
  active: Type.Boolean(),
  sort: Type.Integer({ minimum: -100000, maximum: 100000 }),
};

/** A new category: code, name, first tier, deadlines, shares and department are required. */
export const CreateCategoryBody = Type.Object(
  {
    code: Type.String({ ...CategoryCode, description: 'lower-case letters and _, e.g. elevator_fault' }),
    name: editable.name,
    firstTier: editable.firstTier,
    deadlineHours: editable.deadlineHours,
    tierShares: editable.tierShares,
    clock: Type.Optional(editable.clock),
    confidentialByDefault: Type.Optional(editable.confidentialByDefault),
    department: editable.department,
    keywords: Type.Optional(editable.keywords),
    active: Type.Optional(editable.active),
    sort: Type.Optional(editable.sort),
  },
  { additionalProperties: false },
);
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

/** Any subset of the editable fields. */
export const PatchCategoryBody = Type.Object(
  {
    name: Type.Optional(editable.name),
    firstTier: Type.Optional(editable.firstTier),
    deadlineHours: Type.Optional(editable.deadlineHours),
    tierShares: Type.Optional(editable.tierShares),
    clock: Type.Optional(editable.clock),
    confidentialByDefault: Type.Optional(editable.confidentialByDefault),
    department: Type.Optional(editable.department),
    keywords: Type.Optional(editable.keywords),
    active: Type.Optional(editable.active),
    sort: Type.Optional(editable.sort),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchCategoryBody = Static<typeof PatchCategoryBody>;

export const HOLIDAY_KINDS = ['holiday', 'workday'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];
const HolidayKindSchema = Type.Unsafe<HolidayKind>({ type: 'string', enum: [...HOLIDAY_KINDS], description: 'holiday: a weekday off; workday: a weekend day worked (调休)' });

export const HolidaySchema = Type.Object(
  { day: Type.String({ format: 'date' }), kind: HolidayKindSchema, name: Type.String() },
  { additionalProperties: false },
);
export type Holiday = Static<typeof HolidaySchema>;

export const HolidaysQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'default: this year in Asia/Shanghai' })) },
  { additionalProperties: false },
);

export const HolidayParams = Type.Object({ day: Type.String({ format: 'date', description: 'YYYY-MM-DD' }) }, { additionalProperties: false });

export const PutHolidayBody = Type.Object(
  { kind: HolidayKindSchema, name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type PutHolidayBody = Static<typeof PutHolidayBody>;
