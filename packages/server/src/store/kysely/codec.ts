import type { ImageFormat } from '@reverify/contract';
import type { StoredImage } from '../../plugin/provider.js';

/**
 * JSON text columns: the few values that are objects or lists (metadata,
 * reasons, options, checks) are kept as JSON text, so the same columns work
 * on every SQL dialect.
 */
export const json = {
  encode: (value: unknown): string => JSON.stringify(value),
  decode: <T>(text: string): T => JSON.parse(text) as T,
  /** `null` stays `null`. */
  decodeNullable: <T>(text: string | null): T | null =>
    text === null ? null : (JSON.parse(text) as T),
};

/** A stored image from its columns, or `null` when they are empty (purged). */
export function imageFromColumns(row: {
  bytes: Uint8Array | null;
  format: string | null;
  width: number | null;
  height: number | null;
}): StoredImage | null {
  if (!row.bytes || !row.format || row.width === null || row.height === null) return null;
  return {
    bytes: new Uint8Array(row.bytes),
    format: row.format as ImageFormat,
    width: row.width,
    height: row.height,
  };
}

/** The columns of `image`, all `null` without one. */
export function imageColumns(image: StoredImage | null) {
  return {
    bytes: image?.bytes ?? null,
    format: image?.format ?? null,
    width: image?.width ?? null,
    height: image?.height ?? null,
  };
}

/** The image columns of a purged capture. */
export const PURGED_IMAGE = { bytes: null, format: null, width: null, height: null } as const;
