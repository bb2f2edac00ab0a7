import { ReverifyError } from '../plugin/errors.js';

/**
 * Runs one provider call with a deadline: `work` gets a signal that aborts
 * when `timeoutMs` passes, and the call then rejects with
 * `provider_timeout`. Any other failure that is not already a
 * `ReverifyError` becomes `provider_error` (the cause kept for logs).
 */
export async function callProvider<T>(
  what: string,
  timeoutMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new ReverifyError('provider_timeout', `The face-match provider did not answer (${what}).`),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } catch (error) {
    if (error instanceof ReverifyError) throw error;
    throw new ReverifyError('provider_error', `The face-match provider failed (${what}).`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
