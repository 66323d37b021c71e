import { Tensor, attrInt, attrInts, normalizeAxis } from '@anychip/core';
import { ExecutionError } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { compileBody, emptyShape, graphAttr, nestedKernelsMissing, runBody, stack, take } from '../nested.js';

/**
 * Scan (opset 9 on): runs the body once per slice of the scan inputs along their scan axes
 * (forward or reverse), carrying state, and stacks the per-step scan outputs along their
 * output axes. Scan-8's batched form with sequence_lens is a different op and not here.
 */
export const Scan = defineKernel({
  opType: 'Scan',
  // 11-23 add types (sequences and optionals are refused elsewhere, float8/int4 have no dtype here)
  versions: [9, 23],
  check: (q) => nestedKernelsMissing(q.node),
  create: (ctx) => {
    const { node } = ctx;
    const body = compileBody(graphAttr(node, 'body'), ctx);
    const m = attrInt(node, 'num_scan_inputs', 0);
    const n = node.inputs.length - m;
    const k = body.outputs.length - n;
    const inAxes = attrInts(node, 'scan_input_axes') ?? new Array<number>(m).fill(0);
    const inDirs = attrInts(node, 'scan_input_directions') ?? new Array<number>(m).fill(0);
    const outAxes = attrInts(node, 'scan_output_axes') ?? new Array<number>(k).fill(0);
    const outDirs = attrInts(node, 'scan_output_directions') ?? new Array<number>(k).fill(0);
    return (inputs) => {
      let state = inputs.slice(0, n).map((t, i) => t ?? required(node, inputs, i)) as Tensor[];
      const xs = Array.from({ length: m }, (_, j) => required(node, inputs, n + j));
      const axes = xs.map((x, j) => normalizeAxis(inAxes[j], x.dims.length, 'scan_input_axes'));
      const len = m ? xs[0].dims[axes[0]] : 0;
      xs.forEach((x, j) => {
        if (x.dims[axes[j]] !== len) throw new ExecutionError(`Scan '${node.name}': scan input ${j} has ${x.dims[axes[j]]} steps along axis ${axes[j]}, input 0 has ${len}`);
      });
      const rows: Tensor[][] = Array.from({ length: k }, () => []);
      for (let t = 0; t < len; t++) {
        const slices = xs.map((x, j) => take(x, axes[j], inDirs[j] ? len - 1 - t : t));
        const outs = runBody(body, [...state, ...slices], inputs);
        state = outs.slice(0, n);
        for (let o = 0; o < k; o++) rows[o].push(outs[n + o]);
      }
      return [
        ...state.map((t) => new Tensor(t.type, t.data, t.dims)),
        ...rows.map((r, o) => {
          const shape = emptyShape(body.outputs[n + o]);
          const rank = (r[0]?.dims.length ?? shape.dims.length) + 1;
          return stack(outDirs[o] ? [...r].reverse() : r, normalizeAxis(outAxes[o], rank, 'scan_output_axes'), shape);
        }),
      ];
    };
  },
});
