/**
 * @packageDocumentation
 * Notifiers that send Reverify's cross-device handoff links: SMS through
 * Twilio, email through any SMTP server, and a combiner. Pass the result as
 * `handoff.notifier` to `createReverifyHandler`.
 */
export { combineNotifiers } from './combine.js';
export { createSmtpEmailNotifier, type SmtpEmailOptions } from './smtp-email.js';
export { createTwilioSmsNotifier, TwilioError, type TwilioSmsOptions } from './twilio-sms.js';
