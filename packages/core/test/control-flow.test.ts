import { type Adapter, type Graph, type Model, Session, Tensor } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { ort } from '@anychip/adapter-ort';
import { describe, expect, it } from 'vitest';
import { mismatch, runOrt } from '../../../test/helpers.js';
import { f32, node } from './fixtures.js';

const i64 = (v: number[]) => new Tensor('int64', BigInt64Array.from(v.map(BigInt)), [v.length]);
const graph = (name: string, nodes: Graph['nodes'], inputs: Graph['inputs'], outputs: Graph['outputs'], inits: Record<string, Tensor> = {}): Graph => ({
  name, nodes, inputs, outputs, initializers: new Map(Object.entries(inits)), valueInfo: new Map(),
});

/**
 * Control flow whose bodies read the enclosing graph, as audio and streaming models do:
 * - `If` branches read `h` (computed in the main graph) and `w` (a main-graph weight);
 * - a `Loop` carries `s` for `n` iterations and reads the main graph's `u` (a weight) and
 *   `h` in its body; an `If` nested in the loop body reads `g` two scopes up.
 */
function controlFlowModel(): Model {
  const thenB = graph('then', [node('Add', ['h', 'w'], ['t_out'])], [], [{ name: 't_out', dtype: 'float32', shape: [2, 3] }]);
  const elseB = graph('else', [node('Mul', ['h', 'w'], ['e_out'])], [], [{ name: 'e_out', dtype: 'float32', shape: [2, 3] }]);
  const inner = graph('inner', [node('Sub', ['s_in', 'g'], ['i_out'])], [], [{ name: 'i_out', dtype: 'float32', shape: [2, 3] }]);
  const innerElse = graph('inner_else', [node('Identity', ['s_in'], ['ie_out'])], [], [{ name: 'ie_out', dtype: 'float32', shape: [2, 3] }]);
  const body = graph('body', [
    node('Mul', ['s_in', 'u'], ['m1']),
    node('Add', ['m1', 'h'], ['m2']),
    { ...node('If', ['c_in'], ['m3']), attributes: { then_branch: { type: 'graph', value: inner }, else_branch: { type: 'graph', value: innerElse } } },
    node('Add', ['m2', 'm3'], ['s_out']),
    node('Identity', ['c_in'], ['c_out']),
    node('Identity', ['s_out'], ['scan_out']),
  ], [
    { name: 'iter', dtype: 'int64', shape: [] }, { name: 'c_in', dtype: 'bool', shape: [] }, { name: 's_in', dtype: 'float32', shape: [2, 3] },
  ], [
    { name: 'c_out', dtype: 'bool', shape: [] }, { name: 's_out', dtype: 'float32', shape: [2, 3] }, { name: 'scan_out', dtype: 'float32', shape: [2, 3] },
  ]);
  return {
    irVersion: 8, opsetImports: { '': 13 }, metadata: {},
    graph: graph('cf', [
      node('Relu', ['x'], ['h']),
      node('Tanh', ['x'], ['g']),
      { ...node('If', ['cond'], ['y_if']), attributes: { then_branch: { type: 'graph', value: thenB }, else_branch: { type: 'graph', value: elseB } } },
      { ...node('Loop', ['n', 'cond', 'x'], ['y_loop', 'y_scan']), attributes: { body: { type: 'graph', value: body } } },
    ], [
      { name: 'x', dtype: 'float32', shape: [2, 3] }, { name: 'cond', dtype: 'bool', shape: [] },
    ], [
      { name: 'y_if', dtype: 'float32', shape: [2, 3] }, { name: 'y_loop', dtype: 'float32', shape: [2, 3] }, { name: 'y_scan', dtype: 'float32', shape: [3, 2, 3] },
    ], { w: f32([0.5, -1, 2, 0.25, 3, -0.5], [2, 3]), u: f32([0.5], [1]), n: i64([3]) }),
  };
}

const feeds = (c: boolean) => ({ x: f32([-1.5, -0.5, 0, 0.5, 1, 2], [2, 3]), cond: new Tensor('bool', Uint8Array.from([c ? 1 : 0]), []) });

/** A cpu that leaves the control-flow ops to the next adapter. */
function cpuWithoutControlFlow(): Adapter<any, any> {
  const base = cpu();
  return { ...base, supports: (q) => (['If', 'Loop', 'Scan'].includes(q.node.opType) ? { ok: false, reason: `${q.node.opType} stays on ort in this test` } : base.supports(q)) };
}

describe('nested graphs read values from enclosing scopes', () => {
  const placements: Record<string, () => Adapter<any, any>[]> = {
    '[ort()]': () => [ort()],
    '[cpu(), ort()]': () => [cpuWithoutControlFlow(), ort()],
    '[cpu()]': () => [cpu()],
  };
  for (const [label, adapters] of Object.entries(placements)) {
    it(`If and Loop bodies reading outer tensors and weights run on ${label} and agree with onnxruntime-node`, async () => {
      const m = controlFlowModel();
      const s = await Session.create(m, { adapters: adapters() });
      if (label === '[cpu(), ort()]') {
        // Relu and Tanh run on cpu, the control flow on ort: h and g cross the seam as inputs
        // of the subgraph that holds If/Loop, though no node there names them as an input
        const p = s.plan();
        const cf = p.steps.find((st) => st.ops.includes('Loop'))!;
        expect(cf.adapter).toBe('ort');
        expect(cf.inputs.map((i) => i.name).sort()).toEqual(['cond', 'g', 'h', 'x']);
      }
      for (const c of [true, false]) {
        const ours = await s.run(feeds(c));
        const ref = await runOrt(m, feeds(c));
        for (const name of s.outputNames) {
          expect(ours[name].dims).toEqual(ref[name].dims);
          expect(mismatch(ours[name], ref[name], 1e-6, 1e-6)).toBeUndefined();
        }
      }
      await s.dispose();
    });
  }
});
