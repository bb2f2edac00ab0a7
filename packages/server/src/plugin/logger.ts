/**
 * The logger the handler writes to: the subset of pino's API it uses, so a
 * pino logger can be passed as is. The handler logs ids, codes and timings,
 * never images, tokens or keys.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};

/** A logger that writes one JSON object per line to a stream (stdout by default). */
export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`,
    );
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
