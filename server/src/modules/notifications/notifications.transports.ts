/** SMS and e-mail behind one interface. The log transport (the default) records what would be sent. */
import type { Db } from '../../platform/db.js';
import { outboundMessages } from '../tickets/tickets.schema.js';

export interface MessageTransport {
  readonly channel: 'sms' | 'email';
  send(recipient: string, body: string): Promise<void>;
}

/** Writes the message to `outbound_messages` instead of sending it; a real gateway implements the same interface. */
export class LogTransport implements MessageTransport {
  constructor(
    private readonly db: Db,
    readonly channel: 'sms' | 'email',
  ) {}
  async send(recipient: string, body: string) {
    await this.db.insert(outboundMessages).values({ channel: this.channel, recipient, body, status: 'logged' });
  }
}
