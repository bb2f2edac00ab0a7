import {
  BATCH_REPORT_COLUMNS,
  BatchCreatedSchema,
  type BatchStatus,
  BatchStatusSchema,
  ReverificationPageSchema,
} from '@reverify/contract';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { createDevInbox } from '../notify/dev-inbox.js';
import type { Notifier } from '../plugin/notifier.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { expectError } from '../testing/expect-error.js';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { enrollWithSelfie, uploadAndSettle } from '../testing/provider-flow.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer({ clock: () => new Date(), ...options });
  servers.push(server);
  return server;
}

async function enroll(server: TestServer, ...people: string[]) {
  const selfie = await testPhoto(320, 240);
  for (const person of people)
    expect((await enrollWithSelfie(server, person, selfie)).status).toBe(201);
}

const postCsv = (server: TestServer, csv: string, query = '') =>
  server.call(`/v1/batches${query}`, { body: csv, headers: { 'Content-Type': 'text/csv' } });

async function completed(server: TestServer, statusUrl: string): Promise<BatchStatus> {
  for (let i = 0; i < 500; i++) {
    const status = BatchStatusSchema.parse(await (await server.call(statusUrl)).json());
    if (status.status === 'completed' && status.report.status === 'ready') return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('batch did not complete');
}

async function report(server: TestServer, reportUrl: string): Promise<Record<string, string>[]> {
  const response = await server.call(reportUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
  const text = await response.text();
  expect(text.split('\n')[0]).toBe(BATCH_REPORT_COLUMNS.join(','));
  return parse(text, { columns: true });
}

describe('batch reverification', () => {
  it('invites every referenceId in the background, sends links, and reports per person', async () => {
    const inbox = createDevInbox();
    const server = await start({ handoff: { notifier: inbox } });
    await enroll(server, 'alice', 'bob');
    const answer = await server.call('/v1/batches', {
      json: {
        records: [
          { referenceId: 'alice' },
          { referenceId: 'bob', phoneNumber: '+5511912345678' },
          { referenceId: 'stranger', email: 'stranger@example.com' },
        ],
        sendMessage: true,
        locale: 'es',
        metadata: { campaign: 'annual' },
      },
    });
    expect(answer.status).toBe(202);
    const created = BatchCreatedSchema.parse(await answer.json());
    expect(answer.headers.get('Location')).toBe(created.statusUrl);
    const status = await completed(server, created.statusUrl);
    expect(status).toMatchObject({ totalRecords: 3, recordsProcessed: 3, recordsFailed: 1 });
    const rows = await report(server, created.reportUrl);
    expect(
      rows.map((row) => [
        row.referenceId,
        row.invitation,
        row.error,
        row.status,
        row.messageChannel,
      ]),
    ).toEqual([
      ['alice', 'invited', '', 'pending', ''],
      ['bob', 'invited', '', 'pending', 'sms'],
      ['stranger', 'failed', 'enrollment_not_found', '', ''],
    ]);
    expect(inbox.messages()).toHaveLength(1);
    expect(inbox.messages()[0]).toMatchObject({ to: '+5511912345678', locale: 'es' });
    const history = ReverificationPageSchema.parse(
      await (await server.call('/v1/reverifications?referenceId=bob')).json(),
    );
    expect(history.data[0]).toMatchObject({
      metadata: { campaign: 'annual', batchId: created.batchId },
    });
  });

  it('takes a CSV upload (BOM, blank lines, options in the query) and refreshes its report', async () => {
    const server = await start();
    await enroll(server, 'carol', 'dave');
    const answer = await postCsv(
      server,
      '\ufeffreferenceId,phoneNumber,email\r\ncarol,,\r\n\r\ndave,+5521987654321,\r\n',
      '?timeoutSeconds=600&sendMessage=true',
    );
    expect(answer.status).toBe(202);
    const created = BatchCreatedSchema.parse(await answer.json());
    await completed(server, created.statusUrl);
    const [carol] = await report(server, created.reportUrl);
    expect(carol).toMatchObject({ referenceId: 'carol', status: 'pending', decision: '' });

    const session = await server.session({ referenceId: 'carol' });
    expect(session.id).toBe(carol?.reverificationId);
    expect(session.timeoutSeconds).toBe(600);
    await uploadAndSettle(server, session, await testPhoto(640, 480));
    const refresh = await server.call(created.reportUrl, { method: 'POST' });
    expect(refresh.status).toBe(202);
    await completed(server, created.statusUrl);
    const [refreshed] = await report(server, created.reportUrl);
    expect(refreshed).toMatchObject({
      status: 'completed',
      decision: 'approved',
      reasons: 'selfie_match;liveness_passed',
    });
  });

  it('neutralizes spreadsheet formulas in the report', async () => {
    const server = await start();
    await enroll(server, '=HYPERLINK("x")');
    const created = BatchCreatedSchema.parse(
      await (
        await server.call('/v1/batches', {
          json: { records: [{ referenceId: '=HYPERLINK("x")' }] },
        })
      ).json(),
    );
    await completed(server, created.statusUrl);
    expect((await report(server, created.reportUrl))[0]?.referenceId).toBe(`'=HYPERLINK("x")`);
  });

  it.each([
    ['an unclosed quote', 'referenceId\nalice\n"bob\n', 3, 'CSV_QUOTE_NOT_CLOSED'],
    [
      'a row with too many cells',
      'referenceId,email\nalice,a@example.com,extra\n',
      2,
      'CSV_RECORD_INCONSISTENT_COLUMNS',
    ],
    ['no referenceId column', 'id,email\nalice,a@example.com\n', 1, 'bad header row'],
    ['an unknown column', 'referenceId,ssn\nalice,123\n', 1, 'bad header row'],
    ['a duplicate referenceId', 'referenceId\nalice\nbob\n\nalice\n', 5, 'duplicate referenceId'],
    ['a bad phone number', 'referenceId,phoneNumber\nalice,+55\n', 2, 'country code'],
    ['only a header', 'referenceId\n', null, 'records'],
  ])('refuses a CSV with %s, naming the line', async (_what, csv, line, message) => {
    const server = await start();
    const body = await expectError(await postCsv(server, csv), 'invalid_request');
    const issues = (
      body.error.details as {
        issues: { line: number | null; message: string; field: string | null }[];
      }
    ).issues;
    expect(issues[0]?.line ?? null).toBe(line);
    expect(JSON.stringify(issues)).toContain(message);
  });

  it('refuses bad JSON batches and unknown batch ids', async () => {
    const server = await start();
    const duplicate = await expectError(
      await server.call('/v1/batches', {
        json: { records: [{ referenceId: 'a' }, { referenceId: 'b' }, { referenceId: 'a' }] },
      }),
      'invalid_request',
    );
    expect(JSON.stringify(duplicate.error.details)).toContain(
      'duplicate referenceId (first at records[0])',
    );
    await expectError(
      await server.call('/v1/batches', { json: { records: [] } }),
      'invalid_request',
    );
    await expectError(
      await server.call('/v1/batches', { json: { records: [{ referenceId: 'a', ssn: '1' }] } }),
      'invalid_request',
    );
    await expectError(
      await postCsv(server, 'referenceId\na\n', '?sendMessage=maybe'),
      'invalid_request',
    );
    await expectError(await server.call('/v1/batches/bat_00000000000000000000'), 'batch_not_found');
    await expectError(await server.call('/v1/batches/nonsense/report'), 'batch_not_found');
    await expectError(
      await server.call('/v1/batches', { json: { records: [{ referenceId: 'a' }] }, auth: null }),
      'unauthorized',
    );
  });

  it('sends with bounded concurrency and resumes after a restart without a second reverification', async () => {
    const store = createMemoryStore();
    let inFlight = 0;
    let peak = 0;
    const sent: string[] = [];
    const slowInbox: Notifier = {
      channels: ['sms'],
      async send(message) {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 40));
        inFlight -= 1;
        sent.push(message.to);
        return { messageId: `m${sent.length}` };
      },
    };
    const options = { store, handoff: { notifier: slowInbox }, batches: { concurrency: 3 } };
    const first = await start(options);
    const people = Array.from({ length: 24 }, (_, i) => `person-${i}`);
    await enroll(first, ...people);
    const created = BatchCreatedSchema.parse(
      await (
        await first.call('/v1/batches', {
          json: {
            records: people.map((referenceId, i) => ({
              referenceId,
              phoneNumber: `+55119000000${String(i).padStart(2, '0')}`,
            })),
            sendMessage: true,
          },
        })
      ).json(),
    );
    await expect
      .poll(
        async () =>
          BatchStatusSchema.parse(await (await first.call(created.statusUrl)).json())
            .recordsProcessed,
      )
      .toBeGreaterThanOrEqual(3);
    servers.splice(servers.indexOf(first), 1);
    await first.close();
    const interrupted = BatchStatusSchema.parse(
      await (await (await start(options)).call(created.statusUrl)).json(),
    );
    expect(interrupted.recordsProcessed).toBeLessThan(24);
    const second = servers.at(-1) as TestServer;
    expect(await completed(second, created.statusUrl)).toMatchObject({
      recordsProcessed: 24,
      recordsFailed: 0,
    });
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
    for (const person of people) {
      const history = ReverificationPageSchema.parse(
        await (await second.call(`/v1/reverifications?referenceId=${person}`)).json(),
      );
      expect(history.total, person).toBe(1);
    }
    expect(new Set(sent).size).toBe(24);
  });
});
