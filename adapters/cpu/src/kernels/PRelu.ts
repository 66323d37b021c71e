import { ALL_NUMERIC, mappedBinaryKernel } from '../elementwise.js';
import { defineKernel, required } from '../kernel.js';

const base = mappedBinaryKernel('PRelu', (x, slope) => (x < 0 ? x * slope : x), { types: ALL_NUMERIC });

export const PRelu = defineKernel({
  opType: 'PRelu',
  types: ALL_NUMERIC,
  create: (ctx) => {
    const run = base.create(ctx);
    return (inputs) => {
      const x = required(ctx.node, inputs, 0);
      let slope = required(ctx.node, inputs, 1);
      // before opset 7 a 1-D slope of length C applied along the channel axis
      if (ctx.opset < 7 && slope.dims.length === 1 && x.dims.length > 2 && x.dims[1] === slope.size && slope.size !== x.dims[x.dims.length - 1]) {
        slope = slope.reshape([slope.size, ...x.dims.slice(2).map(() => 1)]);
      }
      return run([x, slope]);
    };
  },
});
