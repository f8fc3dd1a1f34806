/** The in-app inbox and live events. */
import { Type, type Static } from 'typebox';

export const NotificationSchema = Type.Object(
  {
    id: Type.Number(),
    ticketId: Type.Union([Type.String(), Type.Null()]),
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    readAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Notification = Static<typeof NotificationSchema>;

export const InboxQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);
export const InboxResponse = Type.Object({ unread: Type.Integer(), items: Type.Array(NotificationSchema) }, { additionalProperties: false });
