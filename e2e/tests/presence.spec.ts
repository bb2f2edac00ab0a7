import { expect, lookAt, type Recorded, test } from './fixtures.js';

/**
 * The head-turn challenge end to end: Debian Chromium's fake camera plays a
 * synthesized presentation (scripts/test-media.sh), the SDK runs the
 * challenge on the device, and the handler's local matcher verifies the
 * keyframes. Each project plays one video and runs the tests written for
 * it (the projects' `grep` in playwright.config.ts).
 */
const decided = (r: Recorded) => r.success.length + r.error.length > 0;
const challengeEvents = (r: Recorded) => r.events.filter((event) => event.type === 'challenge');
const guidance = (r: Recorded) =>
  challengeEvents(r).flatMap((event) => (event.kind === 'guidance' ? [event.code] : []));
const ended = (r: Recorded) => challengeEvents(r).find((event) => event.kind === 'ended');

/** Runs one reverification of person A (enrolled from their photo) with the moves fixed. */
async function run(
  flow: import('./fixtures.js').Flow,
  referenceId: string,
  moves: string[],
): Promise<Recorded> {
  await flow.enroll(referenceId);
  await flow.start({ referenceId, session: { challengeMoves: moves } });
  return flow.waitFor(decided, 50_000);
}

test.describe('a head that turns as asked', () => {
  test('is guided through both moves and approved, with both steps passed', async ({ flow }) => {
    const recorded = await run(flow, 'presence-turn', ['turn_left', 'turn_right']);
    expect(recorded.error).toEqual([]);
    expect(challengeEvents(recorded)[0]).toMatchObject({
      kind: 'started',
      moves: ['turn_left', 'turn_right'],
    });
    const codes = guidance(recorded);
    expect(codes.indexOf('turn_left')).toBeLessThan(codes.indexOf('turn_right'));
    expect(codes).toContain('back_to_centre');
    expect(ended(recorded)).toMatchObject({ outcome: 'completed', keyframes: 3 });
    const [result] = recorded.success;
    expect(result?.decision).toBe('approved');
    expect(result?.reasons).toEqual(expect.arrayContaining(['selfie_match', 'liveness_passed']));
    expect(result?.steps).toMatchObject({
      match: { status: 'passed' },
      liveness: { status: 'passed', method: 'active' },
    });
  });

  test('from a virtual camera goes to manual review, never approved', async ({ flow }) => {
    await flow.page.addInitScript(() => {
      Object.defineProperty(MediaStreamTrack.prototype, 'label', {
        get(this: MediaStreamTrack) {
          return this.kind === 'video' ? 'OBS Virtual Camera' : '';
        },
      });
    });
    const recorded = await run(flow, 'presence-virtual', ['turn_left', 'turn_right']);
    expect(ended(recorded)?.outcome).toBe('completed');
    expect(recorded.success.map((s) => s.decision)).toEqual(['manual_review']);
    expect(recorded.success[0]?.reasons).toContain('camera_suspicious');
  });
});

test.describe('a still photo on the camera', () => {
  test('from the camera app, where the camera API is missing, is checked and goes to review', async ({
    flow,
  }) => {
    await flow.enroll('presence-camera-app');
    const page = flow.page;
    await flow.start({ referenceId: 'presence-camera-app' }, { withoutCameraApi: true });
    const element = page.locator('reverify-capture');
    await expect(element).toHaveAttribute('state', 'fallback');
    await lookAt(page, 'fallback');
    await element
      .locator('input[type="file"]')
      .setInputFiles(new URL('../../.cache/test-media/person-a.png', import.meta.url).pathname);
    const recorded = await flow.waitFor(decided, 50_000);
    expect(recorded.events.find((e) => e.type === 'captured')).toMatchObject({ trigger: 'file' });
    // The same person, but a still cannot show presence: a person looks, the policy never approves.
    expect(recorded.success.map((s) => s.decision)).toEqual(['manual_review']);
    expect(recorded.success[0]?.reasons).toEqual(
      expect.arrayContaining(['selfie_match', 'challenge_incomplete']),
    );
    await expect(element.locator('[part~="result-review"]')).toBeVisible();
  });

  test('is asked to turn, accessibly, times out and is never approved', async ({ flow }) => {
    await flow.enroll('presence-still');
    await flow.start({ referenceId: 'presence-still', session: { challengeMoves: ['turn_left'] } });
    const element = flow.page.locator('reverify-capture');
    await expect(element).toHaveAttribute('state', 'challenge');
    await expect(element.locator('[part~="challenge-guidance"]')).toHaveText(
      'Slowly turn your head to your left',
    );
    await expect(element.locator('[part~="challenge-arrow"]')).toHaveClass(/left/);
    await lookAt(flow.page, 'challenge');
    const recorded = await flow.waitFor(decided, 50_000);
    expect(ended(recorded)).toMatchObject({ outcome: 'timed_out', keyframes: 0 });
    expect(recorded.success.map((s) => s.decision)).toEqual(['manual_review']);
    expect(recorded.success[0]?.reasons).toContain('challenge_incomplete');
  });

  test('lets a person who cannot turn say so from the keyboard, and goes to review', async ({
    flow,
  }) => {
    await flow.enroll('presence-cannot');
    await flow.start({
      referenceId: 'presence-cannot',
      session: { challengeMoves: ['turn_left'] },
    });
    const cancel = flow.page.locator('reverify-capture [part~="challenge-cancel-button"]');
    await expect(cancel).toHaveText('I can’t do this');
    await cancel.focus();
    await flow.page.keyboard.press('Enter');
    const recorded = await flow.waitFor(decided, 30_000);
    expect(ended(recorded)?.outcome).toBe('gave_up');
    expect(recorded.success.map((s) => s.decision)).toEqual(['manual_review']);
    expect(recorded.success[0]?.reasons).toContain('challenge_incomplete');
  });
});

test('a head that turns only one way cannot answer the other', async ({ flow }) => {
  const recorded = await run(flow, 'presence-one-way', ['turn_right', 'turn_left']);
  expect(ended(recorded)?.outcome).toBe('timed_out');
  expect(recorded.success.map((s) => s.decision)).toEqual(['manual_review']);
});

test('a photo turned in front of the camera is never approved', async ({ flow }) => {
  const recorded = await run(flow, 'presence-flat', ['turn_left', 'turn_right']);
  const decision = recorded.success[0]?.decision;
  test.info().annotations.push({
    type: 'presentation',
    description: `challenge ${ended(recorded)?.outcome}, decision ${decision}, reasons ${recorded.success[0]?.reasons.join(' ')}`,
  });
  expect(recorded.error).toEqual([]);
  expect(decision).not.toBe('approved');
});
