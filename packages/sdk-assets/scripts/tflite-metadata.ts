/**
 * Build-time FlatBuffer code that makes the BlazeFace short-range model from
 * `@mediapipe/face_detection` loadable by `@mediapipe/tasks-vision`'s
 * FaceDetector, which requires TFLite model metadata (input normalization,
 * colour space, output names) that the legacy file lacks.
 *
 * - {@link faceDetectorMetadata} builds the `ModelMetadata` FlatBuffer
 *   (file identifier `M001`, tflite-support `metadata_schema.fbs`).
 * - {@link attachTfliteMetadata} adds it to a model (`TFL3`, TFLite
 *   `schema.fbs`) as a new buffer named in `Model.metadata` as
 *   `TFLITE_METADATA`. FlatBuffer offsets only point forward, so it writes a
 *   new root `Model` table, new `buffers` and `metadata` vectors and the new
 *   buffer in front of the untouched original bytes, all referring forward
 *   into them.
 */
import { Builder } from 'flatbuffers';

/** TFLite `Model` field slots (schema.fbs). */
const MODEL_FIELDS = 8;
const MODEL_BUFFERS = 4;
const MODEL_METADATA = 6;
const MODEL_VERSION = 0;

/** Union tags in metadata_schema.fbs. */
const CONTENT_IMAGE_PROPERTIES = 2;
const PROCESS_UNIT_NORMALIZATION = 1;
const COLOR_SPACE_RGB = 1;

function floatVector(builder: Builder, values: readonly number[]): number {
  builder.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) builder.addFloat32(values[i] as number);
  return builder.endVector();
}

function offsetVector(builder: Builder, offsets: readonly number[]): number {
  builder.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) builder.addOffset(offsets[i] as number);
  return builder.endVector();
}

function namedTensor(builder: Builder, name: string, extra?: (b: Builder) => void): number {
  const nameOffset = builder.createString(name);
  const fields = extra ? extra : () => {};
  builder.startObject(7);
  builder.addFieldOffset(0, nameOffset, 0);
  fields(builder);
  return builder.endObject();
}

/**
 * The metadata of a float32 `[1, H, W, 3]` image-input detector whose input
 * is normalized as `(x − 127.5) / 127.5` and whose outputs are named
 * `regressors` and `classificators` (BlazeFace).
 */
export function faceDetectorMetadata(): Uint8Array {
  const b = new Builder(1024);
  // TensorMetadata.process_units = [ProcessUnit { options: NormalizationOptions }]
  const mean = floatVector(b, [127.5]);
  const std = floatVector(b, [127.5]);
  b.startObject(2);
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const normalization = b.endObject();
  b.startObject(2);
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnits = offsetVector(b, [b.endObject()]);
  // TensorMetadata.content = Content { content_properties: ImageProperties { color_space: RGB } }
  b.startObject(2);
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const imageProperties = b.endObject();
  b.startObject(3);
  b.addFieldInt8(0, CONTENT_IMAGE_PROPERTIES, 0);
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();
  // TensorMetadata.stats = Stats { max: [1], min: [-1] }
  const max = floatVector(b, [1]);
  const min = floatVector(b, [-1]);
  b.startObject(2);
  b.addFieldOffset(0, max, 0);
  b.addFieldOffset(1, min, 0);
  const stats = b.endObject();

  const input = namedTensor(b, 'image', (t) => {
    t.addFieldOffset(3, content, 0);
    t.addFieldOffset(4, processUnits, 0);
    t.addFieldOffset(5, stats, 0);
  });
  const regressors = namedTensor(b, 'regressors');
  const classificators = namedTensor(b, 'classificators');
  const inputs = offsetVector(b, [input]);
  const outputs = offsetVector(b, [regressors, classificators]);
  b.startObject(10);
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputs, 0);
  const subgraphs = offsetVector(b, [b.endObject()]);

  const name = b.createString('BlazeFace short range (Reverify)');
  const description = b.createString('Face detector; metadata added by Reverify at build time.');
  const minParser = b.createString('1.0.0');
  b.startObject(8);
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(1, description, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, minParser, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array().slice();
}

/** Reads the table fields of a FlatBuffer by absolute position. */
export class TableReader {
  readonly #view: DataView;
  constructor(bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u32(at: number): number {
    return this.#view.getUint32(at, true);
  }
  /** Absolute position of field `slot`'s value in the table at `table`, or 0 when absent. */
  field(table: number, slot: number): number {
    const vtable = table - this.#view.getInt32(table, true);
    const size = this.#view.getUint16(vtable, true);
    if (4 + slot * 2 >= size) return 0;
    const offset = this.#view.getUint16(vtable + 4 + slot * 2, true);
    return offset ? table + offset : 0;
  }
  /** Absolute position of the object a reference field points to, or 0. */
  target(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at ? at + this.u32(at) : 0;
  }
  /** Absolute positions of the tables in the vector at `vector`. */
  tables(vector: number): number[] {
    return Array.from({ length: vector ? this.u32(vector) : 0 }, (_, i) => {
      const element = vector + 4 + i * 4;
      return element + this.u32(element);
    });
  }
}

/** A little-endian byte writer that only appends. */
class ForwardWriter {
  #bytes = new Uint8Array(1024);
  #view = new DataView(this.#bytes.buffer);
  length = 0;
  #ensure(extra: number): void {
    if (this.length + extra <= this.#bytes.length) return;
    const next = new Uint8Array(Math.max(this.#bytes.length * 2, this.length + extra));
    next.set(this.#bytes);
    this.#bytes = next;
    this.#view = new DataView(next.buffer);
  }
  align(to: number, offsetWithin = 0): void {
    while ((this.length + offsetWithin) % to !== 0) this.u8(0);
  }
  u8(value: number): number {
    this.#ensure(1);
    this.#view.setUint8(this.length, value);
    return this.length++;
  }
  u16(value: number): number {
    this.#ensure(2);
    this.#view.setUint16(this.length, value, true);
    this.length += 2;
    return this.length - 2;
  }
  u32(value: number): number {
    this.#ensure(4);
    this.#view.setUint32(this.length, value, true);
    this.length += 4;
    return this.length - 4;
  }
  bytes(values: Uint8Array): number {
    this.#ensure(values.length);
    this.#bytes.set(values, this.length);
    this.length += values.length;
    return this.length - values.length;
  }
  /** Overwrites a u32 written earlier. */
  patch(at: number, value: number): void {
    this.#view.setUint32(at, value, true);
  }
  /** Writes a vtable and its table; `fields` are u32 values (null = absent). Returns the slot positions. */
  table(fields: readonly (number | null)[]): { table: number; slots: (number | null)[] } {
    this.align(2);
    const vtable = this.u16(4 + fields.length * 2);
    const present = fields.filter((f) => f !== null).length;
    this.u16(4 + present * 4);
    let next = 4;
    for (const field of fields) {
      this.u16(field === null ? 0 : next);
      if (field !== null) next += 4;
    }
    this.align(4);
    const table = this.u32(0);
    this.patch(table, table - vtable);
    const slots = fields.map((field) => (field === null ? null : this.u32(field)));
    return { table, slots };
  }
  result(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}

/**
 * Returns a copy of the TFLite `model` with `metadata` attached as the
 * `TFLITE_METADATA` entry. The original bytes are kept verbatim after a
 * 16-byte-aligned prefix, so every buffer keeps its alignment.
 *
 * @throws when `model` is not a TFLite FlatBuffer or already has the entry.
 */
export function attachTfliteMetadata(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  if (String.fromCharCode(...model.subarray(4, 8)) !== 'TFL3')
    throw new Error('not a TFLite model (TFL3)');
  const read = new TableReader(model);
  const root = read.u32(0);
  const buffers = read.tables(read.target(root, MODEL_BUFFERS));
  const entries = read.tables(read.target(root, MODEL_METADATA));
  for (const entry of entries) {
    const name = read.target(entry, 0);
    const text = new TextDecoder().decode(model.subarray(name + 4, name + 4 + read.u32(name)));
    if (text === 'TFLITE_METADATA') throw new Error('the model already has TFLITE_METADATA');
  }

  const w = new ForwardWriter();
  const rootOffsetAt = w.u32(0);
  w.bytes(new TextEncoder().encode('TFL3'));
  // Model' copies every field of the original root, except the two vectors it replaces.
  const fields: (number | null)[] = [];
  for (let slot = 0; slot < MODEL_FIELDS; slot++) {
    const present = read.field(root, slot) !== 0;
    if (slot === MODEL_BUFFERS || slot === MODEL_METADATA) fields.push(0);
    else fields.push(present ? 0 : null);
  }
  if (fields[MODEL_VERSION] !== null)
    fields[MODEL_VERSION] = read.u32(read.field(root, MODEL_VERSION));
  const modelTable = w.table(fields);
  w.patch(rootOffsetAt, modelTable.table - rootOffsetAt);

  // References into the original bytes are resolved once the prefix length is known.
  const pending: { at: number; target: number }[] = [];
  for (let slot = 0; slot < MODEL_FIELDS; slot++) {
    const at = modelTable.slots[slot];
    if (at == null || slot === MODEL_VERSION || slot === MODEL_BUFFERS || slot === MODEL_METADATA)
      continue;
    pending.push({ at, target: read.target(root, slot) });
  }

  // Each replaced vector: the original tables, then one new slot (its offset is returned).
  const extendVector = (slot: number, tables: readonly number[]): number => {
    const field = modelTable.slots[slot] as number;
    w.patch(field, w.length - field);
    w.u32(tables.length + 1);
    for (const table of tables) pending.push({ at: w.u32(0), target: table });
    return w.u32(0);
  };
  w.align(4);
  const newBufferRef = extendVector(MODEL_BUFFERS, buffers);
  const newEntryRef = extendVector(MODEL_METADATA, entries);

  const entry = w.table([0, buffers.length]);
  w.patch(newEntryRef, entry.table - newEntryRef);
  w.align(4);
  w.patch(entry.slots[0] as number, w.length - (entry.slots[0] as number));
  const name = new TextEncoder().encode('TFLITE_METADATA');
  w.u32(name.length);
  w.bytes(name);
  w.u8(0);

  const buffer = w.table([0]);
  w.patch(newBufferRef, buffer.table - newBufferRef);
  // Buffer.data is force_align 16: the bytes after the length must start on 16.
  w.align(16, 4);
  w.patch(buffer.slots[0] as number, w.length - (buffer.slots[0] as number));
  w.u32(metadata.length);
  w.bytes(metadata);
  w.align(16);

  const prefix = w.result();
  const shift = prefix.length;
  const out = new Uint8Array(shift + model.length);
  out.set(prefix);
  out.set(model, shift);
  const view = new DataView(out.buffer);
  for (const { at, target } of pending) view.setUint32(at, target + shift - at, true);
  return out;
}
