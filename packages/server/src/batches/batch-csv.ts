import {
  BATCH_REPORT_COLUMNS,
  type CreateBatchRequest,
  CreateBatchRequestSchema,
  type Reverification,
} from '@reverify/contract';
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ReverifyError } from '../plugin/errors.js';
import type { BatchItemRecord } from '../store/store.js';

const CSV_COLUMNS = ['referenceId', 'phoneNumber', 'email'];

/**
 * Reads a batch CSV upload: a header row naming `referenceId` and, if
 * wanted, `phoneNumber` and `email`; one person per row; a UTF-8 BOM and
 * blank lines are fine. `options` are the batch options (from the query
 * string). Each problem is reported with its line number.
 *
 * @throws `invalid_request` with `details.issues[] = { line, field, message }`.
 */
export function parseBatchCsv(
  text: string,
  options: Omit<CreateBatchRequest, 'records'>,
): CreateBatchRequest {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        const unknown = header.filter((name) => !CSV_COLUMNS.includes(name));
        if (!header.includes('referenceId') || unknown.length) {
          throw new ReverifyError(
            'invalid_request',
            `The header row must name referenceId and may name phoneNumber and email${unknown.length ? `, not ${unknown.join(', ')}` : ''}.`,
            { details: { issues: [{ line: 1, field: null, message: 'bad header row' }] } },
          );
        }
        return header;
      },
      info: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof ReverifyError) throw error;
    if (error instanceof CsvError) {
      throw new ReverifyError('invalid_request', `Malformed CSV: ${error.message}`, {
        details: {
          issues: [
            {
              line: (error as CsvError & { lines?: number }).lines ?? null,
              field: null,
              message: error.code,
            },
          ],
        },
      });
    }
    throw error;
  }
  const records = rows.map(({ record }) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')),
  );
  const parsed = CreateBatchRequestSchema.safeParse({ ...options, records });
  if (parsed.success) return parsed.data;
  throw new ReverifyError('invalid_request', 'Some rows of the CSV are not valid.', {
    details: {
      issues: parsed.error.issues.map((issue) => {
        const [, index, field] = issue.path;
        return {
          line: typeof index === 'number' ? (rows[index]?.info.lines ?? null) : null,
          field: typeof field === 'string' ? field : issue.path.join('.') || null,
          message: issue.message,
        };
      }),
    },
  });
}

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The CSV report of a batch: {@link BATCH_REPORT_COLUMNS}, one row per
 * referenceId in batch order, with the current state of each
 * reverification.
 */
export function batchReportCsv(
  items: readonly BatchItemRecord[],
  reverifications: ReadonlyMap<string, Reverification>,
): string {
  const rows = items.map((item) => {
    const reverification = item.reverificationId
      ? reverifications.get(item.reverificationId)
      : undefined;
    const row: Record<(typeof BATCH_REPORT_COLUMNS)[number], string> = {
      referenceId: item.referenceId,
      invitation: item.status,
      error: item.errorCode ?? '',
      reverificationId: item.reverificationId ?? '',
      status: reverification?.status ?? '',
      decision: reverification?.decision ?? '',
      reasons: reverification?.reasons.join(';') ?? '',
      messageChannel: item.messageChannel ?? '',
      createdAt: reverification?.createdAt ?? '',
      completedAt: reverification?.completedAt ?? '',
    };
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, neutralize(value)]));
  });
  return stringify(rows, { header: true, columns: [...BATCH_REPORT_COLUMNS] });
}
