import { describe, expect, it } from 'vitest';
import { handoffMessageText, maskRecipient } from '../plugin/notifier.js';
import { createDevInbox } from './dev-inbox.js';

const message = {
  channel: 'sms' as const,
  to: '+5511912345678',
  link: 'https://app.test/handoff#rvh_secret',
  locale: 'pt-BR' as const,
  expiresAt: '2026-01-01T00:00:00.000Z',
  reverificationId: 'rv_0123456789abcdef',
};

describe('notifier helpers', () => {
  it('masks phone numbers and emails', () => {
    expect(maskRecipient('+5511912345678')).toBe('+55•••••••5678');
    expect(maskRecipient('alice@example.com')).toBe('a•••@example.com');
    expect(maskRecipient('+123')).toBe('•••');
  });

  it('writes the message in its locale with the link', () => {
    expect(handoffMessageText(message).text).toContain(
      'neste aparelho: https://app.test/handoff#rvh_secret',
    );
    expect(handoffMessageText({ ...message, locale: 'es' }).subject).toMatch(/^Continúa/);
    expect(handoffMessageText({ ...message, locale: 'en' }).text).toMatch(/^Continue/);
  });

  it('keeps the newest messages of the development inbox, up to its capacity', async () => {
    const inbox = createDevInbox(2);
    for (const to of ['+5511900000001', '+5511900000002', '+5511900000003']) {
      await inbox.send({ ...message, to });
    }
    expect(inbox.messages().map((m) => [m.to, m.messageId])).toEqual([
      ['+5511900000003', 'dev_3'],
      ['+5511900000002', 'dev_2'],
    ]);
  });
});
