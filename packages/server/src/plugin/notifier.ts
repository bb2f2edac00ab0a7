import type { MessageChannel, MessageLocale } from '@reverify/contract';

/** A handoff link to send to a person. */
export interface HandoffMessage {
  /** Absent on messages from before one-time codes existed. */
  readonly kind?: 'handoff';
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

/** A one-time reverification code to send to a person's enrolled phone or mailbox. */
export interface CodeMessage {
  readonly kind: 'code';
  readonly channel: MessageChannel;
  /** E.164 phone number (sms) or email address (email). */
  readonly to: string;
  /** Six digits; a credential, so notifiers must not log it. */
  readonly code: string;
  readonly locale: MessageLocale;
  /** When the code stops working. */
  readonly expiresAt: string;
  readonly reverificationId: string;
}

/** Anything a notifier sends: a handoff link or a one-time code. */
export type NotifierMessage = HandoffMessage | CodeMessage;

/**
 * Sends handoff links and one-time codes: the development inbox, SMS and email adapters
 * (`@reverify/notifiers`) or your own. `send` resolves with the provider's
 * message id and throws when the message was not accepted.
 */
export interface Notifier {
  /** The channels this notifier can send on. */
  readonly channels: readonly MessageChannel[];
  send(message: NotifierMessage): Promise<{ messageId: string }>;
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

const CODE_TEXT: Record<MessageLocale, { subject: string; body: (code: string) => string }> = {
  en: {
    subject: 'Your identity check code',
    body: (code) =>
      `${code} is your identity check code. It works once, for 10 minutes. Never share it.`,
  },
  es: {
    subject: 'Tu código de verificación de identidad',
    body: (code) =>
      `${code} es tu código de verificación de identidad. Sirve una vez, durante 10 minutos. No lo compartas.`,
  },
  'pt-BR': {
    subject: 'Seu código de verificação de identidade',
    body: (code) =>
      `${code} é seu código de verificação de identidade. Vale uma vez, por 10 minutos. Não o compartilhe.`,
  },
};

/** The subject and text of a message (a handoff link or a one-time code) in its locale. */
export function handoffMessageText(message: NotifierMessage): { subject: string; text: string } {
  if (message.kind === 'code') {
    const text = CODE_TEXT[message.locale];
    return { subject: text.subject, text: text.body(message.code) };
  }
  const text = TEXT[message.locale];
  return { subject: text.subject, text: text.body(message.link) };
}

/** Masks a phone number or email for logs and API answers: `+55•••••5678`, `a•••@example.com`. */
export function maskRecipient(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}•••${to.slice(at)}`;
  return to.length <= 7 ? '•••' : `${to.slice(0, 3)}${'•'.repeat(to.length - 7)}${to.slice(-4)}`;
}
