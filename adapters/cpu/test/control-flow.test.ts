import { type Attribute, type Graph, type Model, type Node, Session, Tensor, type ValueInfo } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { describe, expect, it } from 'vitest';
import { mismatch, runOrt } from '../../../test/helpers.js';

const f32 = (v: number[], dims = [v.length]) => new Tensor('float32', Float32Array.from(v), dims);
const i64 = (v: number[], dims = [v.length]) => new Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);
const bool = (v: number[], dims: number[] = []) => new Tensor('bool', Uint8Array.from(v), dims);
const n = (opType: string, inputs: string[], outputs: string[], attributes: Record<string, Attribute> = {}): Node => ({ name: `${opType}_${outputs[0]}`, opType, domain: '', inputs, outputs, attributes });
const vi = (name: string, dtype: ValueInfo['dtype'], shape?: ValueInfo['shape']): ValueInfo => ({ name, dtype, shape });
const g = (name: string, nodes: Node[], inputs: ValueInfo[], outputs: ValueInfo[], inits: Record<string, Tensor> = {}): Graph => ({ name, nodes, inputs, outputs, initializers: new Map(Object.entries(inits)), valueInfo: new Map() });
const graphAttr = (value: Graph): Attribute => ({ type: 'graph', value });
const model = (graph: Graph, opset = 13): Model => ({ irVersion: 8, opsetImports: { '': opset }, metadata: {}, graph });

/** Runs on cpu() alone and on onnxruntime-node; every output must match in shape, type and value. */
async function agree(m: Model, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const s = await Session.create(m, { adapters: [cpu()] });
  expect(s.placement().every((p) => p.adapter === 'cpu')).toBe(true);
  const ours = await s.run(feeds);
  const ref = await runOrt(m, feeds);
  for (const k of s.outputNames) {
    expect(ours[k].type, k).toBe(ref[k].type);
    expect(ours[k].dims, k).toEqual(ref[k].dims);
    expect(mismatch(ours[k], ref[k], 1e-6, 1e-6), k).toBeUndefined();
  }
  await s.dispose();
  return ours;
}

describe('control flow on the cpu adapter agrees with onnxruntime', () => {
  // s <- s * 2 + x, scan output s; the trip count and the condition are graph inputs
  const loopModel = (withM: boolean, withCond: boolean) => {
    const body = g('body', [
      n('Mul', ['s_in', 'two'], ['m']), n('Add', ['m', 'x'], ['s_out']),
      n('ReduceSum', ['s_out'], ['tot'], { keepdims: { type: 'int', value: 0 } }), n('Less', ['tot', 'limit'], ['c_out']),
      n('Identity', ['s_out'], ['row']),
    ], [vi('i', 'int64', []), vi('c_in', 'bool', []), vi('s_in', 'float32', [3])], [vi('c_out', 'bool', []), vi('s_out', 'float32', [3]), vi('row', 'float32', [3])]);
    return model(g('loop', [n('Loop', [withM ? 'M' : '', withCond ? 'cond' : '', 's0'], ['s', 'rows'], { body: graphAttr(body) })],
      [vi('x', 'float32', [3]), vi('s0', 'float32', [3]), ...(withM ? [vi('M', 'int64', [])] : []), ...(withCond ? [vi('cond', 'bool', [])] : [])],
      [vi('s', 'float32', [3]), vi('rows', 'float32')], { two: f32([2], [1]), limit: f32([100], []) }));
  };
  const x = f32([1, -0.5, 2]);
  const s0 = f32([0.25, 1, -1]);

  it('Loop with a trip count: the body runs M times and its scan output stacks every step', async () => {
    const out = await agree(loopModel(true, true), { x, s0, M: i64([3], []), cond: bool([1]) });
    expect(out.rows.dims).toEqual([3, 3]);
  });
  it('Loop without M stops when the body says so', async () => {
    const out = await agree(loopModel(false, true), { x, s0, cond: bool([1]) });
    expect(out.rows.dims[0]).toBeGreaterThan(1);
  });
  it('Loop with a false condition runs zero times: the initial state comes back, the scan output is empty', async () => {
    const out = await agree(loopModel(true, true), { x, s0, M: i64([5], []), cond: bool([0]) });
    expect(out.rows.size).toBe(0);
    expect(Array.from(out.s.data as Float32Array)).toEqual([0.25, 1, -1]);
  });

  it('Scan in reverse along axis 1, with its output stacked along axis 1 in reverse', async () => {
    const body = g('body', [n('Add', ['acc_in', 'col'], ['acc_out']), n('Mul', ['acc_out', 'col'], ['y'])],
      [vi('acc_in', 'float32', [2]), vi('col', 'float32', [2])], [vi('acc_out', 'float32', [2]), vi('y', 'float32', [2])]);
    const m = model(g('scan', [n('Scan', ['acc0', 'X'], ['acc', 'Y'], {
      body: graphAttr(body), num_scan_inputs: { type: 'int', value: 1 },
      scan_input_axes: { type: 'ints', value: [1] }, scan_input_directions: { type: 'ints', value: [1] },
      scan_output_axes: { type: 'ints', value: [-1] }, scan_output_directions: { type: 'ints', value: [1] },
    })], [vi('acc0', 'float32', [2]), vi('X', 'float32', [2, 4])], [vi('acc', 'float32', [2]), vi('Y', 'float32', [2, 4])]), 11);
    await agree(m, { acc0: f32([0, 1]), X: f32([1, 2, 3, 4, -1, -2, 0.5, 8], [2, 4]) });
  });

  it('If returns values of the enclosing graph and weights as they are, and nests inside a Loop body', async () => {
    const thenB = g('then', [n('Identity', ['w'], ['t'])], [], [vi('t', 'float32', [3])]);
    const elseB = g('else', [n('Identity', ['h'], ['e'])], [], [vi('e', 'float32', [3])]);
    const m1 = model(g('if', [n('Relu', ['x'], ['h']), n('If', ['c'], ['y'], { then_branch: graphAttr(thenB), else_branch: graphAttr(elseB) })],
      [vi('x', 'float32', [3]), vi('c', 'bool', [])], [vi('y', 'float32', [3])], { w: f32([7, 8, 9]) }));
    for (const c of [1, 0]) await agree(m1, { x, c: bool([c]) });

    // a Loop whose body holds an If that reads the loop's outer value h two scopes up
    const inner = g('inner', [n('Add', ['s_in', 'h'], ['a'])], [], [vi('a', 'float32', [3])]);
    const innerElse = g('inner_else', [n('Sub', ['s_in', 'h'], ['b'])], [], [vi('b', 'float32', [3])]);
    const body = g('body', [
      n('Cast', ['i'], ['odd0'], { to: { type: 'int', value: 6 } }),
      n('Mod', ['odd0', 'two'], ['odd1']), n('Cast', ['odd1'], ['odd'], { to: { type: 'int', value: 9 } }),
      n('If', ['odd'], ['s_out'], { then_branch: graphAttr(inner), else_branch: graphAttr(innerElse) }),
      n('Identity', ['c_in'], ['c_out']),
    ], [vi('i', 'int64', []), vi('c_in', 'bool', []), vi('s_in', 'float32', [3])], [vi('c_out', 'bool', []), vi('s_out', 'float32', [3])]);
    const m2 = model(g('nested', [n('Relu', ['x'], ['h']), n('Loop', ['M', '', 's0'], ['s'], { body: graphAttr(body) })],
      [vi('x', 'float32', [3]), vi('s0', 'float32', [3])], [vi('s', 'float32', [3])], { M: i64([5], []), two: new Tensor('int32', Int32Array.from([2]), []) }));
    await agree(m2, { x, s0 });
  });

  it('a branch with no nodes that returns an enclosing value as it is (onnxruntime rejects this form; the spec allows it)', async () => {
    const thenB = g('then', [], [], [vi('h', 'float32', [3])]);
    const elseB = g('else', [], [], [vi('w', 'float32', [3])]);
    const m = model(g('if', [n('Relu', ['x'], ['h']), n('If', ['c'], ['y'], { then_branch: graphAttr(thenB), else_branch: graphAttr(elseB) })],
      [vi('x', 'float32', [3]), vi('c', 'bool', [])], [vi('y', 'float32', [3])], { w: f32([7, 8, 9]) }));
    const s = await Session.create(m, { adapters: [cpu()] });
    // Relu is read only by the branch's output: it must not be dropped as dead
    expect(s.plan().folded).toEqual([]);
    expect(Array.from((await s.run({ x, c: bool([1]) })).y.data as Float32Array)).toEqual([1, 0, 2]);
    const w = (await s.run({ x, c: bool([0]) })).y;
    expect(Array.from(w.data as Float32Array)).toEqual([7, 8, 9]);
    // the output is the weight's value, not the weight itself: writing to it leaves the model alone
    (w.data as Float32Array)[0] = 100;
    expect(Array.from((await s.run({ x, c: bool([0]) })).y.data as Float32Array)).toEqual([7, 8, 9]);
  });

  it('a body that uses an op with no cpu kernel is refused up front, with the op named', () => {
    const body = g('body', [{ ...n('Mystery', ['c_in'], ['c_out']), domain: 'com.acme' }], [vi('i', 'int64', []), vi('c_in', 'bool', [])], [vi('c_out', 'bool', [])]);
    const node = n('Loop', ['', 'c'], [], { body: graphAttr(body) });
    const r = cpu().supports({ node, opset: 13, version: 13, inputs: [], outputs: [], constants: new Set() });
    expect(r).toEqual({ ok: false, reason: "Loop's nested graph uses ops with no cpu kernel: com.acme.Mystery" });
  });
});
