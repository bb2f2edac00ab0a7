import { describe, expect, it } from 'vitest';
import { foldHealth } from './health.js';

const fresh = {
  id: 'ep_1',
  disabledAt: null,
  consecutiveFailures: 0,
  lastSuccessAt: null,
  lastFailureAt: null,
  lastStatus: null,
};

describe('foldHealth', () => {
  it('counts failures in a row, reset by a delivery, and keeps the last status and times', () => {
    const failing = foldHealth(fresh, [
      { endpointId: 'ep_1', delivered: false, status: 500, at: 't1' },
      { endpointId: 'ep_1', delivered: false, status: null, at: 't2' },
    ]);
    expect(failing).toMatchObject({
      consecutiveFailures: 2,
      lastFailureAt: 't2',
      lastStatus: null,
    });
    const recovered = foldHealth(failing, [
      { endpointId: 'ep_1', delivered: true, status: 200, at: 't3' },
      { endpointId: 'ep_1', delivered: false, status: 503, at: 't4' },
    ]);
    expect(recovered).toEqual({
      ...fresh,
      consecutiveFailures: 1,
      lastSuccessAt: 't3',
      lastFailureAt: 't4',
      lastStatus: 503,
    });
    expect(foldHealth(recovered, [])).toEqual(recovered);
  });
});
