// How the outbox reaches channels beside email without knowing them: src/channels registers a router (which copies
// of a message to write when it is enqueued) and a transport (how a copy is sent). Without them the outbox is
// email only, as before.
import type { DeliveryFailure } from './delivery';
import type { NewOutboxMessage } from './mail.repository';
import type { OutboxMessage } from './outbox-message.entity';

/** The short form a feature gives of its message for chat and SMS: a line or two, and the page it is about. */
export interface ShortMessage {
  text: string;
  /** The page, relative to the public URL (e.g. `/my-unit`); without it the kind's usual page. */
  path?: string;
}

/** What the router is told of a message being enqueued. */
export interface RoutedMessage {
  key: string;
  kind: string;
  recipientKey: string;
  subject: string;
  short?: ShortMessage;
}

export interface ChannelRouter {
  /**
   * The email row as it goes out (addresses of people who opted out of the kind by email left out) and the
   * copies for other channels, each with its own key `<key>|<channel>:<recipient>`.
   */
  route(
    message: RoutedMessage,
    email: NewOutboxMessage,
  ): Promise<{ email: NewOutboxMessage; copies: NewOutboxMessage[] }>;
}

export interface ChannelTransport {
  /** Sends a non-email copy to one of its addresses: null when the channel took it, else why not. */
  send(message: OutboxMessage, address: string): Promise<DeliveryFailure | null>;
  /** When another attempt may be made, given when it would be: later for a copy that must not land in quiet hours. */
  retryAt(message: OutboxMessage, at: Date): Date;
}
