import { type NodeQuery, Tensor as T, UnsupportedError, allocData, attrInt, dtypeFromOnnx } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { roundHalfEven } from '../math.js';
import { RANGE, numberAt, perAxis, saturate } from './quant.js';

const OUT_TYPES: readonly string[] = ['uint8', 'int8', 'uint16', 'int16'];

function check(q: NodeQuery): string | undefined {
  const od = attrInt(q.node, 'output_dtype', 0);
  const outType = q.inputs[2]?.dtype ?? (od ? dtypeFromOnnx(od) : 'uint8');
  if (!outType || !OUT_TYPES.includes(outType)) return `QuantizeLinear to ${outType ?? `ONNX type ${od}`} is not supported on cpu (${OUT_TYPES.join(', ')})`;
  return undefined;
}

/**
 * y = saturate(round_half_even(x / scale) + zero_point), per tensor, per axis or (opset 21)
 * per block along `axis`. The output type is the zero point's, else output_dtype (opset 21),
 * else uint8. x and scale may be float16/bfloat16 (opset 19); the division runs in float32,
 * as onnxruntime does (opset 23's `precision` attribute is not implemented: op-versions.ts
 * stops QuantizeLinear at 21).
 */
export const QuantizeLinear = defineKernel({
  opType: 'QuantizeLinear',
  check,
  create: ({ node }) => {
    const axis = attrInt(node, 'axis', 1);
    const blockSize = attrInt(node, 'block_size', 0);
    const outputDtype = dtypeFromOnnx(attrInt(node, 'output_dtype', 0));
    return (inputs) => {
      const x = required(node, inputs, 0);
      const scale = perAxis(required(node, inputs, 1), x.dims, axis, 1, blockSize);
      const zpT = inputs[2];
      const type = zpT?.type ?? outputDtype ?? 'uint8';
      if (!OUT_TYPES.includes(type) || !RANGE[type]) throw new UnsupportedError(`QuantizeLinear to ${type} is not supported on cpu`);
      const zp = perAxis(zpT, x.dims, axis, 0, blockSize);
      const y = allocData(type, x.size) as Uint8Array;
      // float32 division, as the spec computes it: a double quotient can fall on the other side of a .5 tie
      for (let i = 0; i < x.size; i++) y[i] = saturate(roundHalfEven(Math.fround(Math.fround(numberAt(x, i)) / Math.fround(scale(i)))) + zp(i), type);
      return [new T(type, y as never, x.dims)];
    };
  },
});
