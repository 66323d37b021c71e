import { Tensor as T, attrInt, attrString, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { nll } from './NegativeLogLikelihoodLoss.js';

/** log_softmax over the class axis (1), then the NLL loss; outputs loss and, if asked, log_prob. */
export const SoftmaxCrossEntropyLoss = defineKernel({
  opType: 'SoftmaxCrossEntropyLoss',
  types: ['float32', 'float64'],
  create: ({ node }) => {
    const reduction = attrString(node, 'reduction', 'mean');
    const ignore = node.attributes.ignore_index ? attrInt(node, 'ignore_index', 0) : undefined;
    return (inputs) => {
      const x = required(node, inputs, 0);
      const [N, C] = x.dims;
      const D = shapeSize(x.dims.slice(2));
      const xd = x.data as Float32Array;
      const lp = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
      for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, xd[(n * C + c) * D + d]);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(xd[(n * C + c) * D + d] - m);
        const ls = Math.log(s);
        for (let c = 0; c < C; c++) lp[(n * C + c) * D + d] = xd[(n * C + c) * D + d] - m - ls;
      }
      const logProb = new T(x.type, lp, x.dims);
      return [nll(logProb, required(node, inputs, 1), inputs[2], reduction, ignore), logProb];
    };
  },
});
