import { Tensor as T, UnsupportedError, attrFloat, attrInt } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

/** Inference Dropout is the identity (mask all true); training with a ratio > 0 is random and refused. */
export const Dropout = defineKernel({
  opType: 'Dropout',
  check: (q) => (q.node.inputs[2] && !q.constants.has(q.node.inputs[2]) ? 'Dropout with a runtime training_mode input may need random masks; anychip runs inference dropout only' : undefined),
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const training = opset >= 12 ? !!inputs[2] && (inputs[2].data as Uint8Array)[0] !== 0 : opset < 7 && attrInt(node, 'is_test', 0) === 0;
    const ratio = opset >= 12 ? (inputs[1] ? Number((inputs[1].data as Float32Array)[0]) : 0.5) : attrFloat(node, 'ratio', 0.5);
    if (training && ratio > 0) throw new UnsupportedError('Dropout in training mode is random; anychip runs inference (training_mode false, or ratio 0)');
    return [x, new T('bool', new Uint8Array(x.size).fill(1), x.dims)];
  },
});
