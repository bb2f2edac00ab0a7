import { CreateHandoffRequestSchema, HandoffSchema } from './handoff.js';
import { describeSchema } from './schema-cases.test-helper.js';

describeSchema(
  'CreateHandoffRequestSchema',
  CreateHandoffRequestSchema,
  // The VECU seed writes phone numbers as people do.
  { phoneNumber: '+1-555-123-4567', sendMessage: true, locale: 'es' },
  [
    {
      why: 'sendMessage without a recipient',
      mutate: () => ({ sendMessage: true }),
      path: 'sendMessage',
    },
    {
      why: 'a phone number without a country code',
      mutate: (v) => ({ ...v, phoneNumber: '011912345678' }),
      path: 'phoneNumber',
    },
    { why: 'an invalid email', mutate: (v) => ({ ...v, email: 'not-an-email' }), path: 'email' },
    { why: 'an unknown field', mutate: (v) => ({ ...v, channel: 'sms' }), path: '' },
  ],
);

describeSchema(
  'HandoffSchema',
  HandoffSchema,
  {
    reverificationId: 'rv_0123456789abcdefABCD',
    url: 'https://app.example.com/verify#rvh_abcdefghijklmnopqrstuvwxyz012345',
    qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    expiresAt: '2026-11-25T09:05:00.000Z',
    message: { channel: 'sms', to: '+55•••••5678', messageId: 'SM123' },
  },
  [
    { why: 'a relative url', mutate: (v) => ({ ...v, url: '/verify' }), path: 'url' },
    { why: 'a QR code that is not SVG', mutate: (v) => ({ ...v, qrSvg: 'data:' }), path: 'qrSvg' },
    {
      why: 'an unknown channel',
      mutate: (v) => ({ ...v, message: { channel: 'fax', to: 'x', messageId: 'y' } }),
      path: 'message.channel',
    },
  ],
);
