import { expect, test } from './fixtures.js';

const decided = (r: { success: unknown[]; error: unknown[] }) =>
  r.success.length + r.error.length > 0;

test.describe('startReverification', () => {
  for (const [outcome, reasons] of [
    ['approved', ['selfie_match', 'liveness_passed']],
    ['rejected', ['selfie_no_match', 'liveness_passed']],
    ['manual_review', ['selfie_unclear', 'liveness_passed']],
  ] as const) {
    test(`reports ${outcome} through onSuccess, once`, async ({ flow }) => {
      await flow.enroll('e2e-person');
      await flow.start({ referenceId: 'e2e-person', sandboxOutcome: outcome });
      const recorded = await flow.waitFor(decided);
      expect(recorded.error).toEqual([]);
      expect(recorded.success).toHaveLength(1);
      expect(recorded.success[0]).toMatchObject({
        decision: outcome,
        reasons,
        referenceId: 'e2e-person',
      });
      const types = recorded.events.map((e) => e.type);
      expect(types).toContain('camera_ready');
      expect(types).toContain('captured');
      const statuses = recorded.events
        .filter((e) => e.type === 'status')
        .map((e) => e.event?.status);
      expect(statuses).toEqual(['pending', 'capturing', 'processing', 'completed']);
      expect(
        await flow.page.evaluate(() =>
          (window as unknown as { tracksEnded: () => boolean }).tracksEnded(),
        ),
      ).toBe(true);
    });
  }

  test('reports a provider failure as provider_error', async ({ flow }) => {
    await flow.enroll('e2e-person');
    await flow.start({ referenceId: 'e2e-person', sandboxOutcome: 'failed' });
    const recorded = await flow.waitFor(decided);
    expect(recorded.success).toEqual([]);
    expect(recorded.error.map((e) => e.code)).toEqual(['provider_error']);
  });

  test('reports an expired session as reverification_expired', async ({ flow }) => {
    await flow.enroll('e2e-person');
    await flow.start({ referenceId: 'e2e-person', sandboxOutcome: 'expired', timeoutSeconds: 30 });
    await flow.waitFor((r) =>
      r.events.some((e) => e.type === 'upload' && e.progress === 'processing'),
    );
    await flow.api.post('/test/advance', { data: { seconds: 31 } });
    const recorded = await flow.waitFor(decided);
    expect(recorded.error.map((e) => e.code)).toEqual(['reverification_expired']);
    await expect(flow.page.locator('reverify-capture')).toHaveAttribute('state', 'error');
  });

  test('reports an unknown referenceId as enrollment_not_found, before opening the camera', async ({
    flow,
  }) => {
    await flow.start({ referenceId: 'nobody-enrolled-this' });
    const recorded = await flow.waitFor(decided);
    expect(recorded.error.map((e) => e.code)).toEqual(['enrollment_not_found']);
    expect(recorded.events.map((e) => e.type)).not.toContain('camera_ready');
  });

  test('starts a sandbox session with only a publishable key', async ({ flow }) => {
    await flow.start({
      referenceId: 'sandbox_rejected',
      publishableKey: 'pk_test_e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2e',
    });
    const recorded = await flow.waitFor(decided);
    expect(recorded.success.map((s) => s.decision)).toEqual(['rejected']);
  });

  test('retries an upload whose answer was lost, storing one capture', async ({ flow }) => {
    await flow.enroll('e2e-person');
    await flow.api.post('/test/faults', { data: { cutNextUploadResponse: true } });
    await flow.start({ referenceId: 'e2e-person', sandboxOutcome: 'approved' });
    const recorded = await flow.waitFor(decided);
    expect(recorded.success.map((s) => s.decision)).toEqual(['approved']);
    const state = await flow.serverState(await flow.reverificationId());
    expect(state.uploadRequests).toBe(2);
    expect(state.captureId).toMatch(/^cap_/);
    expect(state.events.map((e) => e.status)).toEqual([
      'pending',
      'capturing',
      'processing',
      'completed',
    ]);
  });

  test('delivers the decision once after the event stream drops mid-processing', async ({
    flow,
  }) => {
    await flow.enroll('e2e-person');
    await flow.start({ referenceId: 'e2e-person', sandboxOutcome: 'slow' });
    await flow.waitFor((r) =>
      r.events.some((e) => e.type === 'upload' && e.progress === 'processing'),
    );
    const { dropped } = (await (await flow.api.post('/test/drop-streams')).json()) as {
      dropped: number;
    };
    expect(dropped).toBeGreaterThan(0);
    const recorded = await flow.waitFor(decided);
    await flow.page.waitForTimeout(1000);
    const after = await flow.recorded();
    expect(after.success).toHaveLength(1);
    expect(recorded.success[0]?.decision).toBe('approved');
    const sequences = after.events.filter((e) => e.type === 'status').map((e) => e.event?.sequence);
    expect(sequences).toEqual([1, 2, 3, 4]);
  });

  test('cleanup() mid-flow stops the camera and silences every callback', async ({ flow }) => {
    await flow.enroll('e2e-person');
    await flow.start({ referenceId: 'e2e-person', sandboxOutcome: 'slow' });
    await flow.waitFor((r) => r.events.some((e) => e.type === 'camera_ready'));
    await flow.page.evaluate(() => {
      const w = window as unknown as { cleanup: () => void };
      w.cleanup();
      w.cleanup();
    });
    const before = await flow.recorded();
    expect(await flow.page.locator('reverify-capture').count()).toBe(0);
    expect(
      await flow.page.evaluate(() =>
        (window as unknown as { tracksEnded: () => boolean }).tracksEnded(),
      ),
    ).toBe(true);
    await flow.page.waitForTimeout(4500);
    const after = await flow.recorded();
    expect(after).toEqual(before);
  });
});
