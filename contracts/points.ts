/** Points (积分): the ledger, rules per community, balances, leaderboards and the points shop (积分超市). */
import { Type, type Static } from 'typebox';

export const POINTS_REASONS = ['service_hours', 'participation', 'ticket_closed', 'redemption', 'reversal', 'manual'] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];
export const REASON_LABEL: Record<PointsReason, string> = {
  service_hours: '志愿服务时长',
  participation: '参加活动',
  ticket_closed: '办结诉求',
  redemption: '积分兑换',
  reversal: '冲正',
  manual: '人工调整',
};

export const RulesSchema = Type.Object(
  { communityCode: Type.String(), perHour: Type.Integer(), perParticipation: Type.Integer(), perTicketClosed: Type.Integer(), isDefault: Type.Boolean() },
  { additionalProperties: false },
);
export type PointsRules = Static<typeof RulesSchema>;
export const SetRulesBody = Type.Object(
  { perHour: Type.Integer({ minimum: 0, maximum: 1000 }), perParticipation: Type.Integer({ minimum: 0, maximum: 1000 }), perTicketClosed: Type.Integer({ minimum: 0, maximum: 1000 }) },
  { additionalProperties: false },
);
export type SetRulesBody = Static<typeof SetRulesBody>;

export const LedgerEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    residentId: Type.String(),
    name: Type.Optional(Type.String()),
    delta: Type.Integer(),
    reason: Type.String(),
    note: Type.String(),
    source: Type.Union([Type.String(), Type.Null()]),
    reversesId: Type.Union([Type.Integer(), Type.Null()]),
    reversedBy: Type.Union([Type.Integer(), Type.Null()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type LedgerEntry = Static<typeof LedgerEntrySchema>;

export const AccountSchema = Type.Object(
  { residentId: Type.String(), balance: Type.Integer(), earned: Type.Integer(), entries: Type.Array(LedgerEntrySchema) },
  { additionalProperties: false },
);
export const ReverseBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const AdjustBody = Type.Object(
  { residentId: Type.String({ format: 'uuid' }), delta: Type.Integer({ minimum: -10000, maximum: 10000 }), note: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const LeaderboardSchema = Type.Array(
  Type.Object({ rank: Type.Integer(), residentId: Type.String(), name: Type.String(), earned: Type.Integer(), balance: Type.Integer() }, { additionalProperties: false }),
);

export const ItemSchema = Type.Object(
  { id: Type.String(), communityCode: Type.String(), name: Type.String(), description: Type.String(), cost: Type.Integer(), stock: Type.Integer(), active: Type.Boolean() },
  { additionalProperties: false },
);
export type PointsItem = Static<typeof ItemSchema>;
export const CreateItemBody = Type.Object(
  {
    communityCode: Type.String({ pattern: '^[0-9]{12}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    cost: Type.Integer({ minimum: 1, maximum: 100000 }),
    stock: Type.Integer({ minimum: 0, maximum: 100000 }),
  },
  { additionalProperties: false },
);
export type CreateItemBody = Static<typeof CreateItemBody>;
export const UpdateItemBody = Type.Object(
  { stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })), cost: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const RedeemBody = Type.Object({ quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) }, { additionalProperties: false });
export const RedemptionSchema = Type.Object(
  { id: Type.String(), itemId: Type.String(), itemName: Type.String(), residentId: Type.String(), name: Type.String(), quantity: Type.Integer(), points: Type.Integer(), status: Type.String(), createdAt: Type.String() },
  { additionalProperties: false },
);
export type Redemption = Static<typeof RedemptionSchema>;
