import { expect, lookAt, test } from './fixtures.js';

test('camera permission denied ends in camera_denied, with a retry screen', async ({ flow }) => {
  await flow.enroll('e2e-person');
  await flow.start({ referenceId: 'e2e-person' });
  const recorded = await flow.waitFor((r) => r.error.length > 0);
  expect(recorded.error.map((e) => e.code)).toEqual(['camera_denied']);
  const element = flow.page.locator('reverify-capture');
  await expect(element).toHaveAttribute('state', 'error');
  await expect(element.locator('[part~="retry-button"]')).toBeVisible();
  await expect(element.locator('[part~="error"]')).toContainText('Allow the camera');
  await lookAt(flow.page, 'error-camera-denied');
});
