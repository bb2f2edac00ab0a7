import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test as base, expect, type Page } from '@playwright/test';

/** What a page recorded through its callbacks. */
export interface Recorded {
  success: {
    decision: string;
    reasons: string[];
    reverificationId: string;
    referenceId: string;
    completedAt: string;
    steps?: {
      match: { status: string; score: number | null };
      liveness: { status: string; score: number | null; method: string | null };
    };
  }[];
  error: { code: string; message: string }[];
  events: {
    type: string;
    event?: { sequence: number; type: string; status: string };
    progress?: string;
    /** Challenge events: `started` (with `moves`), `guidance` (with `code`), `ended` (with `outcome`). */
    kind?: string;
    moves?: string[];
    code?: string;
    outcome?: string;
    keyframes?: number;
  }[];
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * The page's accessibility violations by axe-core (WCAG 2 A and AA rules,
 * shadow roots included), each as `rule: targets`. Injected through the
 * DevTools protocol, so the page's CSP stays as strict as in production.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: {
        run(
          context: Document,
          options: object,
        ): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }>;
      };
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`,
    );
  });
}

/** The widths every end-user state is looked at: a phone and a desktop. */
const WIDTHS = [390, 1280] as const;

/**
 * Screenshots of `<reverify-capture>` in its current state at both widths
 * (in the test's output folder, to be looked at), and no axe violation at
 * either.
 */
export async function lookAt(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.locator('reverify-capture').screenshot({
      path: test.info().outputPath(`${name}-${width}.png`),
      animations: 'disabled',
    });
    expect(await axeViolations(page), `${name} at ${width} px`).toEqual([]);
  }
}

/**
 * The page under test (script tag or npm build, from the project), a guard
 * that fails the test on any request to another host or any CSP violation,
 * and helpers to drive a reverification.
 */
export const test = base.extend<{ page: Page; pagePath: string; flow: Flow }, object>({
  pagePath: ['/script-tag.html', { option: true }],
  page: async ({ page, baseURL }, use) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== baseURL) foreign.push(url.href);
    });
    await page.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { violations: string[] }).violations.push(
          `${event.violatedDirective} ${event.blockedURI}`,
        );
      });
    });
    await use(page);
    expect(foreign, 'requests to other hosts').toEqual([]);
    const violations = await page
      .evaluate(() => (window as unknown as { violations?: string[] }).violations ?? [])
      .catch(() => []);
    expect(violations, 'CSP violations').toEqual([]);
  },
  flow: async ({ page, pagePath, request }, use) => {
    await use(new Flow(page, pagePath, request));
  },
});

export { expect };

/** Drives one page through a reverification. */
export class Flow {
  constructor(
    readonly page: Page,
    readonly path: string,
    readonly api: import('@playwright/test').APIRequestContext,
  ) {}

  async enroll(referenceId: string): Promise<void> {
    const response = await this.api.post('/test/enroll', { data: { referenceId } });
    expect([200, 201]).toContain(response.status());
  }

  /**
   * Opens the page and starts a reverification with `options`;
   * `withoutCameraApi` first removes getUserMedia, as in an in-app browser
   * or a WebView.
   */
  async start(options: Record<string, unknown>, { withoutCameraApi = false } = {}): Promise<void> {
    await this.page.goto(this.path);
    await this.page.waitForFunction(
      () => typeof (window as unknown as { start?: unknown }).start === 'function',
    );
    if (withoutCameraApi) {
      await this.page.evaluate(() => {
        (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia = undefined;
      });
    }
    await this.page.evaluate(
      (o) => (window as unknown as { start: (o: unknown) => Promise<void> }).start(o),
      options,
    );
  }

  recorded(): Promise<Recorded> {
    return this.page.evaluate(() => (window as unknown as { results: Recorded }).results);
  }

  async waitFor(check: (r: Recorded) => boolean, timeout = 30_000): Promise<Recorded> {
    const started = Date.now();
    for (;;) {
      const recorded = await this.recorded();
      if (check(recorded)) return recorded;
      if (Date.now() - started > timeout)
        throw new Error(`timed out; recorded ${JSON.stringify(recorded).slice(0, 800)}`);
      await this.page.waitForTimeout(100);
    }
  }

  reverificationId(): Promise<string> {
    return this.page.evaluate(
      () => (window as unknown as { reverificationId: string }).reverificationId,
    );
  }

  async serverState(id: string) {
    return (await (await this.api.get(`/test/state/${id}`)).json()) as {
      captureId: string | null;
      uploadRequests: number;
      events: { sequence: number; status: string }[];
    };
  }
}
