import { handoffMessageText, type Notifier, type NotifierMessage } from '../plugin/notifier.js';

/** One message the development inbox holds. */
export type InboxMessage = NotifierMessage & {
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly sentAt: string;
};

/** The development notifier: keeps messages in memory for the demo page. */
export interface DevInbox extends Notifier {
  /** Messages, newest first. */
  messages(): readonly InboxMessage[];
}

/**
 * A notifier for development and the sandbox: sends nothing, keeps the last
 * `capacity` messages in memory (shown by the demo's inbox). The default
 * notifier of the handler in sandbox mode.
 */
export function createDevInbox(capacity = 100): DevInbox {
  const messages: InboxMessage[] = [];
  let sequence = 0;
  return {
    channels: ['sms', 'email'],
    async send(message) {
      sequence += 1;
      const messageId = `dev_${sequence}`;
      messages.unshift({
        ...message,
        ...handoffMessageText(message),
        messageId,
        sentAt: new Date().toISOString(),
      });
      messages.length = Math.min(messages.length, capacity);
      return { messageId };
    },
    messages: () => messages,
  };
}
