import { type Attribute, type Model, type Node, Session, Tensor } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { describe, expect, it } from 'vitest';
import { runOrt } from '../../../test/helpers.js';

const i64 = (v: number[], dims = [v.length]) => new Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);
const i32 = (v: number[], dims = [v.length]) => new Tensor('int32', Int32Array.from(v), dims);
const f32 = (v: number[], dims = [v.length]) => new Tensor('float32', Float32Array.from(v), dims);
const bool = (v: number[], dims = [v.length]) => new Tensor('bool', Uint8Array.from(v), dims);
const int = (value: number): Attribute => ({ type: 'int', value });
const ints = (value: number[]): Attribute => ({ type: 'ints', value });

/**
 * A one-node model whose inputs are all constants: the session folds it at create, so its
 * output comes from core's evaluator; onnxruntime computes the same node at run time.
 */
function constModel(opType: string, inputs: (Tensor | undefined)[], attributes: Record<string, Attribute> = {}, opset = 13): Model {
  const names = inputs.map((t, i) => (t ? `c${i}` : ''));
  const node: Node = { name: opType, opType, domain: '', inputs: names, outputs: ['y'], attributes };
  return {
    irVersion: 8, opsetImports: { '': opset }, metadata: {},
    graph: {
      name: 'fold', nodes: [node], inputs: [], outputs: [{ name: 'y' }], valueInfo: new Map(),
      initializers: new Map(inputs.flatMap((t, i) => (t ? [[`c${i}`, t] as [string, Tensor]] : []))),
    },
  };
}

const CASES: [string, string, (Tensor | undefined)[], Record<string, Attribute>?, number?][] = [
  ['Gather of a shape, negative index', 'Gather', [i64([1, 3, 48, 320]), i64([-1, 0])], { axis: int(0) }],
  ['Gather on axis 1 of a matrix', 'Gather', [f32([1, 2, 3, 4, 5, 6], [2, 3]), i64([2, 0], [2])], { axis: int(1) }],
  ['Concat of dims', 'Concat', [i64([1]), i64([-1]), i64([3, 4])], { axis: int(0) }],
  ['Concat on axis -1', 'Concat', [f32([1, 2], [2, 1]), f32([3, 4, 5, 6], [2, 2])], { axis: int(-1) }],
  ['Unsqueeze (axes input)', 'Unsqueeze', [i64([7]), i64([0])]],
  ['Unsqueeze (axes attribute, opset 11)', 'Unsqueeze', [i64([7], [])], { axes: ints([0]) }, 11],
  ['Squeeze', 'Squeeze', [i64([5], [1, 1]), i64([0, -1])]],
  ['Reshape with 0 and -1', 'Reshape', [f32([1, 2, 3, 4, 5, 6], [2, 3]), i64([0, -1])]],
  ['Slice with a negative step', 'Slice', [i64([10, 20, 30, 40, 50]), i64([-1]), i64([-6]), i64([0]), i64([-2])]],
  ['Slice clamps an end far past the dim', 'Slice', [i64([1, 3, 48, 320]), i64([2]), i64([Number.MAX_SAFE_INTEGER])]],
  ['Cast int64 -> float32', 'Cast', [i64([1, 3, 48, 320])], { to: int(1) }],
  ['Cast float32 -> int64 truncates', 'Cast', [f32([2.7, -2.7, 0.5])], { to: int(7) }],
  ['Cast int32 -> bool', 'Cast', [i32([0, 2, -1])], { to: int(9) }],
  ['integer Div truncates toward zero', 'Div', [i64([7, -7, 320]), i64([2, 2, 4])]],
  ['float Mul broadcasts', 'Mul', [f32([48, 320]), f32([0.5], [1])]],
  ['Sub', 'Sub', [i32([5, 1]), i32([7, 1])]],
  ['Add with broadcasting', 'Add', [i64([1, 2, 3], [3, 1]), i64([10, 20], [1, 2])]],
  ['Max', 'Max', [i64([3, -1]), i64([2, 5])]],
  ['Equal', 'Equal', [i64([1, 2, 3]), i64([1, 0, 3])]],
  ['Less on floats with NaN', 'Less', [f32([1, NaN, -1]), f32([2, 1, -1])]],
  ['Where', 'Where', [bool([1, 0, 1]), i64([1, 2, 3]), i64([-1, -2, -3])]],
  ['Not', 'Not', [bool([1, 0])]],
  ['Floor of scaled dims', 'Floor', [f32([23.5, -0.5, 7])]],
  ['Ceil of scaled dims', 'Ceil', [f32([23.5, -0.5, 7])]],
  ['int32 Mul keeps the low 32 bits of a product past 2^53', 'Mul', [i32([1, 123456789]), i32([1, 987654321])]],
  ['Concat of string constants', 'Concat', [new Tensor('string', ['a', 'b'], [2]), new Tensor('string', ['c'], [1])], { axis: int(0) }],
  ['Slice of string constants', 'Slice', [new Tensor('string', ['a', 'b', 'c'], [3]), i64([1]), i64([3])]],
  ['Range', 'Range', [i64([2], []), i64([11], []), i64([3], [])]],
  ['ConstantOfShape', 'ConstantOfShape', [i64([2, 3])], { value: { type: 'tensor', value: i64([4], [1]) } }],
  ['Expand', 'Expand', [f32([1, 2], [2, 1]), i64([2, 3])]],
  ['Size', 'Size', [f32([1, 2, 3, 4, 5, 6], [2, 3])]],
  ['Neg of int64', 'Neg', [i64([3, -4, 0])]],
];

describe('constant folding evaluates shape arithmetic as onnxruntime does', () => {
  for (const [title, op, inputs, attrs, opset] of CASES) {
    it(title, async () => {
      const m = constModel(op, inputs, attrs, opset);
      const s = await Session.create(m, { adapters: [cpu()] });
      expect(s.plan().folded).toEqual([op]);
      expect(s.plan().steps).toEqual([]);
      const ours = (await s.run({})).y;
      const ref = (await runOrt(m, {})).y;
      expect(ours.type).toBe(ref.type);
      expect(ours.dims).toEqual(ref.dims);
      expect(Array.from(ours.data as ArrayLike<unknown>)).toEqual(Array.from(ref.data as ArrayLike<unknown>));
    });
  }

  it('leaves to the runtime what it cannot decide: an out-of-range Gather, integer division by zero, large outputs, casts C leaves undefined, float Range', async () => {
    const rows = i64(Array.from({ length: 32768 }, (_, i) => i % 256), [256, 128]);
    const idx = i64(Array.from({ length: 32768 }, (_, i) => i % 256));
    for (const m of [
      constModel('Gather', [i64([1, 2]), i64([5])], { axis: int(0) }),
      constModel('Div', [i64([1, 2]), i64([0, 1])]),
      constModel('ConstantOfShape', [i64([1024, 1024])]),
      // each input is small enough to read, the output is not: refused before it is built
      constModel('Gather', [rows, idx], { axis: int(0) }),
      constModel('Less', [i64(Array.from({ length: 2048 }, (_, i) => i), [2048, 1]), i64(Array.from({ length: 2048 }, (_, i) => i), [1, 2048])]),
      constModel('Cast', [f32([1e10])], { to: int(6) }),
      constModel('Cast', [f32([NaN])], { to: int(7) }),
      constModel('Cast', [i64([2 ** 53 + 2])], { to: int(1) }),
      // runtimes accumulate a float Range step by step, the spec multiplies: not folded
      constModel('Range', [f32([1], []), f32([2], []), f32([0.1], [])]),
    ]) {
      const s = await Session.create(m, { adapters: [cpu()] });
      expect(s.plan().folded).toEqual([]);
      expect(s.plan().steps).toHaveLength(1);
    }
  });
});
