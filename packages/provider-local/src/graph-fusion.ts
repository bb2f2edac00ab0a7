/**
 * Load-time graph fusion for TensorFlow.js graph models (pure).
 *
 * Keras exports MobileNet blocks as five or six separate ops: a convolution,
 * an unfolded batch-norm scale (`Mul`) and shift (`Add`), then ReLU6 spelled
 * `Relu` → `Minimum(6)` → `Maximum(0)`. TensorFlow.js's wasm backend runs each
 * op as its own pass over the activations, and its broadcasting `Minimum` /
 * `Maximum` against a scalar are slow: in FaceRes they took a third of a
 * match. One fused convolution with a bias and a ReLU6 computes the same
 * function in one pass (XNNPACK clamps in the convolution's own loop).
 *
 * Exactness: ReLU6 and the bias are computed exactly as before; a folded
 * scale multiplies the weights instead of the outputs, which differs only by
 * float32 rounding.
 */

/** A node of a TensorFlow GraphDef as TensorFlow.js's converter stores it. */
export interface GraphNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, unknown>>;
  readonly device?: string;
}

/** A float32 constant: its shape and values (which a caller may decode only when read). */
export interface FloatConstant {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The float32 constant a node name holds; undefined for anything else. */
export type ConstantLookup = (name: string) => FloatConstant | undefined;

/** What {@link fuseConvolutionBlocks} returns. */
export interface FusedGraph {
  /** The graph's nodes; constants nothing reads any more are gone. */
  readonly nodes: GraphNode[];
  /** The constants the fusion made (folded filters), by node name. */
  readonly added: Map<string, FloatConstant>;
  /** How many blocks became one fused convolution. */
  readonly fused: number;
}

/** Fused op for each convolution op this module rewrites. */
const FUSED_OP: Readonly<Record<string, string>> = {
  Conv2D: '_FusedConv2D',
  DepthwiseConv2dNative: 'FusedDepthwiseConv2dNative',
};
const ADD_OPS = new Set(['Add', 'AddV2', 'BiasAdd']);
/** Attributes a fused convolution keeps from the convolution it replaces. */
const CONV_ATTRS = ['T', 'strides', 'padding', 'data_format', 'dilations', 'explicit_paddings'];

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** The node an input reference names (`name:1` → `name`); null for a control input. */
const sourceOf = (input: string) => (input.startsWith('^') ? null : (input.split(':')[0] ?? ''));
/** The node an input reference reads, a control input's included. */
const readOf = (input: string) => sourceOf(input) ?? input.slice(1);

/** Output channels of a convolution's filter: HWIO for Conv2D, HWIM for depthwise. */
function outputChannels(op: string, shape: readonly number[]): number {
  const [, , inputs = 0, outputs = 0] = shape;
  return op === 'DepthwiseConv2dNative' ? inputs * outputs : outputs;
}

/** A graph's node for a float32 constant whose values are in the weight data. */
export function floatConstNode(name: string, shape: readonly number[]): GraphNode {
  return {
    name,
    op: 'Const',
    attr: {
      dtype: { type: 'DT_FLOAT' },
      value: {
        tensor: {
          dtype: 'DT_FLOAT',
          tensorShape: { dim: shape.map((size) => ({ size: String(size) })) },
        },
      },
    },
  };
}

/**
 * Rewrites every `conv → [Mul(scale)] → Add(bias) → Relu → Minimum(6) ↔
 * Maximum(0)` chain whose inner results nothing else reads into one fused
 * convolution with a bias and ReLU6, named as the chain's last node so every
 * consumer still finds it. Chains that do not match exactly are left alone.
 *
 * @param nodes The graph's nodes.
 * @param constant The graph's float32 constants by node name.
 * @param outputs Names the model returns, which must survive as they are.
 */
export function fuseConvolutionBlocks(
  nodes: readonly GraphNode[],
  constant: ConstantLookup,
  outputs: readonly string[] = [],
): FusedGraph {
  const readers = new Map<string, GraphNode[]>();
  for (const node of nodes)
    for (const input of node.input ?? []) {
      const source = readOf(input);
      readers.set(source, [...(readers.get(source) ?? []), node]);
    }
  const kept = new Set(outputs.map((output) => output.split(':')[0]));
  /** The single node reading `node`, when nothing else (nor the caller) does. */
  const onlyReader = (node: GraphNode) => {
    const list = readers.get(node.name) ?? [];
    return list.length === 1 && !kept.has(node.name) ? list[0] : undefined;
  };
  const constantOf = (node: GraphNode, other: string) => {
    const inputs = (node.input ?? []).map(sourceOf);
    if (inputs.length !== 2 || inputs.includes(null) || !inputs.includes(other)) return undefined;
    const name = inputs[0] === other ? inputs[1] : inputs[0];
    return name === undefined || name === null ? undefined : { name, value: constant(name) };
  };
  const isScalar = (value: FloatConstant | undefined, expected: number) =>
    value !== undefined && value.values.length > 0 && value.values.every((v) => v === expected);
  const isVector = (value: FloatConstant | undefined, length: number) =>
    value !== undefined && value.shape.length === 1 && value.values.length === length;

  const removed = new Set<string>();
  const replacement = new Map<string, GraphNode>();
  const added = new Map<string, FloatConstant>();
  for (const conv of nodes) {
    const fusedOp = FUSED_OP[conv.op];
    const [input, filterName, ...rest] = (conv.input ?? []).map(sourceOf);
    if (!fusedOp || rest.length > 0 || !input || !filterName) continue;
    const filter = constant(filterName);
    if (filter?.shape.length !== 4) continue;
    const channels = outputChannels(conv.op, filter.shape);

    let next = onlyReader(conv);
    let previous = conv;
    let scale: FloatConstant | undefined;
    if (next?.op === 'Mul') {
      scale = constantOf(next, previous.name)?.value;
      if (!isVector(scale, channels)) continue;
      previous = next;
      next = onlyReader(next);
    }
    const add = next && ADD_OPS.has(next.op) ? next : undefined;
    const bias = add && constantOf(add, previous.name);
    if (!add || !bias || !isVector(bias.value, channels)) continue;
    const relu = onlyReader(add);
    if (relu?.op !== 'Relu') continue;
    const first = onlyReader(relu);
    const second = first && onlyReader(first);
    const clampOf = (node: GraphNode | undefined, reads: GraphNode | undefined) =>
      node && reads && (node.op === 'Minimum' || node.op === 'Maximum')
        ? { op: node.op, value: constantOf(node, reads.name)?.value }
        : undefined;
    const clamps = [clampOf(first, relu), clampOf(second, first)];
    const upper = clamps.find((clamp) => clamp?.op === 'Minimum');
    const lower = clamps.find((clamp) => clamp?.op === 'Maximum');
    if (!first || !second || !isScalar(upper?.value, 6) || !isScalar(lower?.value, 0)) continue;

    let kernelName = filterName;
    if (scale) {
      const { values } = scale;
      kernelName = `${conv.name}/scaled_filter`;
      added.set(kernelName, {
        shape: filter.shape,
        values: filter.values.map((weight, i) => weight * (values[i % channels] as number)),
      });
    }
    const attr: Record<string, unknown> = {};
    for (const key of CONV_ATTRS) if (conv.attr?.[key] !== undefined) attr[key] = conv.attr[key];
    attr.fused_ops = { list: { s: [base64('BiasAdd'), base64('Relu6')] } };
    attr.num_args = { i: '1' };
    attr.epsilon = { f: 0 };
    replacement.set(second.name, {
      name: second.name,
      op: fusedOp,
      input: [input, kernelName, bias.name],
      attr,
      ...(conv.device ? { device: conv.device } : {}),
    });
    for (const node of [conv, previous, add, relu, first]) removed.add(node.name);
  }

  const rewritten: GraphNode[] = [];
  for (const node of nodes) {
    if (removed.has(node.name)) continue;
    rewritten.push(replacement.get(node.name) ?? node);
  }
  for (const [name, value] of added) rewritten.push(floatConstNode(name, value.shape));
  // Constants only the removed ops read go too: nothing loads weights for nothing.
  const read = new Set(rewritten.flatMap((node) => (node.input ?? []).map(readOf)));
  const live = rewritten.filter(
    (node) => node.op !== 'Const' || read.has(node.name) || kept.has(node.name),
  );
  return { nodes: live, added, fused: replacement.size };
}
