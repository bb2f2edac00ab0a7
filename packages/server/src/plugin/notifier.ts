import type { MessageChannel, MessageLocale } from '@reverify/contract';

/** A handoff link to send to a person. */
export interface HandoffMessage {
  readonly channel: MessageChannel;
  /** E.164 phone number (sms) or email address (email). */
  readonly to: string;
  /** The one-time link; it is a credential, so notifiers must not log it. */
  readonly link: string;
  readonly locale: MessageLocale;
  /** When the link stops working. */
  readonly expiresAt: string;
  readonly reverificationId: string;
}

/**
 * Sends handoff links: the development inbox, SMS and email adapters
 * (`@reverify/notifiers`) or your own. `send` resolves with the provider's
 * message id and throws when the message was not accepted.
 */
export interface Notifier {
  /** The channels this notifier can send on. */
  readonly channels: readonly MessageChannel[];
  send(message: HandoffMessage): Promise<{ messageId: string }>;
}

const TEXT: Record<MessageLocale, { subject: string; body: (link: string) => string }> = {
  en: {
    subject: 'Continue your identity check on your phone',
    body: (link) => `Continue your identity check on this device: ${link} (one-time link)`,
  },
  es: {
    subject: 'Continúa tu verificación de identidad en tu teléfono',
    body: (link) =>
      `Continúa tu verificación de identidad en este dispositivo: ${link} (enlace de un solo uso)`,
  },
  'pt-BR': {
    subject: 'Continue sua verificação de identidade no celular',
    body: (link) =>
      `Continue sua verificação de identidade neste aparelho: ${link} (link de uso único)`,
  },
};

/** The subject and text of a handoff message in its locale. */
export function handoffMessageText(message: HandoffMessage): { subject: string; text: string } {
  const text = TEXT[message.locale];
  return { subject: text.subject, text: text.body(message.link) };
}

/** Masks a phone number or email for logs and API answers: `+55•••••5678`, `a•••@example.com`. */
export function maskRecipient(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}•••${to.slice(at)}`;
  return to.length <= 7 ? '•••' : `${to.slice(0, 3)}${'•'.repeat(to.length - 7)}${to.slice(-4)}`;
}
