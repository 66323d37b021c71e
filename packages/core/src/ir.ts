import type { DataType } from './dtype.js';
import type { Tensor } from './tensor.js';

/** A dimension: a number, a symbolic name ('batch'), or unknown (null). */
export type Dim = number | string | null;

export interface ValueInfo {
  name: string;
  dtype?: DataType;
  shape?: Dim[];
  /** Non-tensor ONNX values (sequences, optionals, maps) are recognised, not yet run. */
  kind?: 'tensor' | 'sequence' | 'optional' | 'map' | 'sparse';
}

export type Attribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: Tensor }
  | { type: 'graph'; value: Graph }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] }
  | { type: 'tensors'; value: Tensor[] }
  | { type: 'graphs'; value: Graph[] };

export interface Node {
  name: string;
  opType: string;
  /** '' is the default ONNX domain ('ai.onnx'). */
  domain: string;
  /** Value names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attributes: Record<string, Attribute>;
}

export interface Graph {
  name: string;
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Map<string, Tensor>;
  /** Types and shapes of intermediate values, where known. */
  valueInfo: Map<string, ValueInfo>;
}

export interface Model {
  irVersion: number;
  /** domain -> opset version; '' is ai.onnx. */
  opsetImports: Record<string, number>;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata: Record<string, string>;
  graph: Graph;
}

export function opsetOf(model: Pick<Model, 'opsetImports'>, domain: string): number {
  return model.opsetImports[domain === 'ai.onnx' ? '' : domain] ?? 0;
}

/** The graph's real inputs: declared inputs that no initializer backs. */
export function runtimeInputs(g: Graph): ValueInfo[] {
  return g.inputs.filter((i) => !g.initializers.has(i.name));
}

// ---- attribute access ----

export function attrInt(n: Node, name: string, dflt: number): number;
export function attrInt(n: Node, name: string): number | undefined;
export function attrInt(n: Node, name: string, dflt?: number): number | undefined {
  const a = n.attributes[name];
  if (!a) return dflt;
  if (a.type === 'int') return a.value;
  if (a.type === 'float') return Math.trunc(a.value);
  return dflt;
}
export function attrFloat(n: Node, name: string, dflt: number): number;
export function attrFloat(n: Node, name: string): number | undefined;
export function attrFloat(n: Node, name: string, dflt?: number): number | undefined {
  const a = n.attributes[name];
  if (!a) return dflt;
  if (a.type === 'float' || a.type === 'int') return a.value;
  return dflt;
}
export function attrString(n: Node, name: string, dflt: string): string;
export function attrString(n: Node, name: string): string | undefined;
export function attrString(n: Node, name: string, dflt?: string): string | undefined {
  const a = n.attributes[name];
  return a && a.type === 'string' ? a.value : dflt;
}
export function attrInts(n: Node, name: string): number[] | undefined {
  const a = n.attributes[name];
  if (!a) return undefined;
  if (a.type === 'ints' || a.type === 'floats') return a.value;
  if (a.type === 'int') return [a.value];
  return undefined;
}
export function attrFloats(n: Node, name: string): number[] | undefined {
  const a = n.attributes[name];
  if (!a) return undefined;
  if (a.type === 'floats' || a.type === 'ints') return a.value;
  if (a.type === 'float') return [a.value];
  return undefined;
}
export function attrTensor(n: Node, name: string): Tensor | undefined {
  const a = n.attributes[name];
  return a && a.type === 'tensor' ? a.value : undefined;
}

export function cloneGraphShallow(g: Graph): Graph {
  return { ...g, nodes: [...g.nodes], inputs: [...g.inputs], outputs: [...g.outputs], initializers: new Map(g.initializers), valueInfo: new Map(g.valueInfo) };
}
