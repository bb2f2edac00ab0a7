import { bodyLimit } from 'hono/body-limit';
import { ReverifyError } from '../../plugin/errors.js';

/** Refuses bodies over `maxSize` bytes with `payload_too_large` (naming `maxBytes`). */
export function limitBody(maxSize: number, what: string, maxBytes = maxSize) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ReverifyError('payload_too_large', `${what} is larger than ${maxBytes} bytes.`, {
        details: { maxBytes },
      });
    },
  });
}
