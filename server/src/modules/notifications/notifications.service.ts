/** Use cases of notifications: put messages in inboxes, text reporters, read and clear the inbox. */
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import type { Notification } from '../../../../contracts/notifications.js';
import * as repo from './notifications.repository.js';
import { LogTransport, type MessageTransport } from './notifications.transports.js';

export interface Message {
  ticketId?: string | null;
  kind: string;
  title: string;
  body: string;
}

/** The SMS transport in use: the log transport until a gateway is configured. */
export function smsTransport(db: Db): MessageTransport {
  return new LogTransport(db, 'sms');
}

/** Puts one message in each user's inbox (duplicates in `userIds` are sent once). */
export async function notifyUsers(db: Db, userIds: Array<string | null | undefined>, message: Message) {
  const unique = [...new Set(userIds.filter((u): u is string => !!u))];
  await repo.insertNotifications(
    db,
    unique.map((userId) => ({ userId, ticketId: message.ticketId ?? null, kind: message.kind, title: message.title, body: message.body })),
  );
  return unique.length;
}

/** Texts a phone number (a reporter who called in has no account). */
export async function textPhone(db: Db, phone: string, body: string, transport = smsTransport(db)) {
  await transport.send(phone, body);
}

export async function readInbox(db: Db, actor: Actor, q: { unread?: boolean; limit?: number }) {
  const [items, unread] = await Promise.all([repo.listInbox(db, actor.userId, !!q.unread, q.limit ?? 50), repo.countUnread(db, actor.userId)]);
  return {
    unread,
    items: items.map(
      (n): Notification => ({
        id: n.id,
        ticketId: n.ticketId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        readAt: n.readAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
      }),
    ),
  };
}

/** Marks one message (or, with null, every message) of the actor read; returns how many changed. */
export function markRead(db: Db, actor: Actor, id: number | null) {
  return repo.markRead(db, actor.userId, id);
}
