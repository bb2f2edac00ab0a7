import type { Notifier } from '@reverify/server/provider';

/**
 * One notifier from several, each message going to the first that sends
 * its channel: `combineNotifiers(createTwilioSmsNotifier(), createSmtpEmailNotifier())`.
 */
export function combineNotifiers(...notifiers: readonly Notifier[]): Notifier {
  return {
    channels: [...new Set(notifiers.flatMap((notifier) => notifier.channels))],
    send(message) {
      const notifier = notifiers.find((candidate) => candidate.channels.includes(message.channel));
      if (!notifier) return Promise.reject(new Error(`no notifier sends ${message.channel}`));
      return notifier.send(message);
    },
  };
}
