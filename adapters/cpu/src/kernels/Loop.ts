import { Tensor } from '@anychip/core';
import { defineKernel } from '../kernel.js';
import { compileBody, emptyShape, graphAttr, nestedKernelsMissing, runBody, scalar, stack } from '../nested.js';

/**
 * Loop: `for (i = 0; i < M && cond; i++) { cond, v... = body(i, cond, v...) }`, stacking the
 * body's scan outputs along a new first axis. M and cond are optional; the body may read
 * values of the enclosing graphs.
 */
export const Loop = defineKernel({
  opType: 'Loop',
  // 11 let branches/bodies differ in shape (handled); 13-23 add sequence, optional and float8 types, refused elsewhere
  versions: [1, 23],
  check: (q) => nestedKernelsMissing(q.node),
  create: (ctx) => {
    const { node } = ctx;
    const body = compileBody(graphAttr(node, 'body'), ctx);
    const carried = node.inputs.length - 2;
    const scans = body.outputs.length - 1 - carried;
    return (inputs) => {
      const trip = inputs[0] ? scalar(inputs[0], `Loop '${node.name}' trip count M`) : Infinity;
      let cond = inputs[1] ? scalar(inputs[1], `Loop '${node.name}' condition`) !== 0 : true;
      let v = inputs.slice(2, 2 + carried) as Tensor[];
      const rows: Tensor[][] = Array.from({ length: scans }, () => []);
      for (let i = 0; i < trip && cond; i++) {
        const outs = runBody(body, [new Tensor('int64', BigInt64Array.from([BigInt(i)]), []), new Tensor('bool', Uint8Array.from([cond ? 1 : 0]), []), ...v], inputs);
        cond = scalar(outs[0], `Loop '${node.name}' body condition`) !== 0;
        v = outs.slice(1, 1 + carried);
        for (let k = 0; k < scans; k++) rows[k].push(outs[1 + carried + k]);
      }
      return [
        ...v.map((t) => new Tensor(t.type, t.data, t.dims)),
        ...rows.map((r, k) => stack(r, 0, emptyShape(body.outputs[1 + carried + k]))),
      ];
    };
  },
});
