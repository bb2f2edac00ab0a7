import { describe, expect, it } from 'vitest';
import { resolveFactorSettings } from './factor-settings.js';

const settings = (allowedOrigins: string[], rpId?: string) =>
  resolveFactorSettings(rpId ? { rpId } : undefined, { allowedOrigins, box: null, notifier: null });

describe('resolveFactorSettings', () => {
  it('takes the RP ID from the first allowed origin that is a domain, never an IP address', () => {
    expect(settings(['https://app.example.com']).rpId).toBe('app.example.com');
    expect(settings(['http://127.0.0.1:8080', 'http://localhost:8080']).rpId).toBe('localhost');
    expect(settings(['http://127.0.0.1:8080', 'http://[::1]:8080']).rpId).toBeNull();
    expect(settings([]).rpId).toBeNull();
  });

  it('accepts WebAuthn answers only from origins under the RP ID', () => {
    const resolved = settings(
      [
        'https://example.com',
        'https://app.example.com',
        'https://example.org',
        'http://127.0.0.1:1',
      ],
      'example.com',
    );
    expect(resolved.origins).toEqual(['https://example.com', 'https://app.example.com']);
    expect(settings(['http://127.0.0.1:1']).origins).toEqual([]);
  });
});
