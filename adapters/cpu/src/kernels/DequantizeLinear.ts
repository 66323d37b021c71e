import { Tensor as T, allocData, attrInt, dtypeFromOnnx } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { perAxis, storeFloat } from './quant.js';

const OUT_TYPES: readonly string[] = ['float32', 'float16', 'bfloat16'];

/**
 * y = (x - zero_point) * scale, per tensor, per axis or (opset 21) per block along `axis`.
 * The output type is the scale's (float32, float16 or bfloat16; opset 19) unless output_dtype
 * says otherwise (opset 23); the product is formed in float32 and rounded once to that type,
 * as onnxruntime does.
 */
export const DequantizeLinear = defineKernel({
  opType: 'DequantizeLinear',
  check: (q) => {
    const od = attrInt(q.node, 'output_dtype', 0);
    if (od && !OUT_TYPES.includes(dtypeFromOnnx(od) ?? '')) return `DequantizeLinear output_dtype ${od} is not supported on cpu (float32, float16, bfloat16)`;
    const s = q.inputs[1]?.dtype;
    if (s && !OUT_TYPES.includes(s)) return `DequantizeLinear x_scale of type ${s} is not supported on cpu (float32, float16, bfloat16)`;
    return undefined;
  },
  create: ({ node }) => {
    const axis = attrInt(node, 'axis', 1);
    const blockSize = attrInt(node, 'block_size', 0);
    const outputDtype = dtypeFromOnnx(attrInt(node, 'output_dtype', 0));
    return (inputs) => {
      const x = required(node, inputs, 0);
      const scaleT = required(node, inputs, 1);
      const type = outputDtype ?? (OUT_TYPES.includes(scaleT.type) ? scaleT.type : 'float32');
      const scale = perAxis(scaleT, x.dims, axis, 1, blockSize);
      const zp = perAxis(inputs[2], x.dims, axis, 0, blockSize);
      const xd = x.data as ArrayLike<number>;
      const y = allocData(type, x.size) as Float32Array;
      for (let i = 0; i < x.size; i++) y[i] = storeFloat(type, Math.fround((Number(xd[i]) - zp(i)) * scale(i)));
      return [new T(type, y as never, x.dims)];
    };
  },
});
