/**
 * Op versions after ai.onnx opset 17 that the cpu kernels implement, each with the reason it
 * is safe. Without an entry a kernel stops at the version in effect at opset 17 (what the
 * ONNX 1.12 backend tests check), and supports() refuses newer versions by name, so a
 * fallback adapter takes them.
 *
 * Checked against onnx/onnx docs/Changelog.md (opsets 18-21), the opset 22 bfloat16 change
 * (onnx/onnx#6099: 48 ops got a version that only adds bfloat16) and onnx/defs old.cc (23).
 * anychip has no float8, int4/uint4 or float4 dtype: the ONNX loader refuses tensors of those
 * types, so versions that only add them cannot reach a kernel. float16/bfloat16 do exist, so a
 * version adding bfloat16 is only safe where the kernel's `types` (or its runtime check)
 * refuses it, or where the kernel handles it.
 */

// the reasons shared by many ops
const BF16_FLOAT = '22 only adds bfloat16, which this kernel refuses (types float32/float64)';
const BF16_F32 = '22 only adds bfloat16, which this kernel refuses (types float32)';
const NEW_DTYPES = '19, 21, 23 only add float8, int4/uint4, float4 types, which anychip has no dtype for (the loader refuses them)';
const REDUCE_18 = '18 moved axes to an input; reduce.ts reads input 1 from opset 18';

export const LATER_VERSIONS: Readonly<Record<string, { upTo: number; why: string }>> = {
  // 18: axes moved to an input
  ReduceL1: { upTo: 18, why: REDUCE_18 },
  ReduceL2: { upTo: 18, why: REDUCE_18 },
  ReduceLogSum: { upTo: 18, why: REDUCE_18 },
  ReduceLogSumExp: { upTo: 18, why: REDUCE_18 },
  ReduceMean: { upTo: 18, why: REDUCE_18 },
  ReduceProd: { upTo: 18, why: REDUCE_18 },
  ReduceSumSquare: { upTo: 18, why: REDUCE_18 },
  ReduceMax: { upTo: 20, why: `${REDUCE_18}; 20 only adds bool (False < True), which this kernel refuses (types float32/float64/int32)` },
  ReduceMin: { upTo: 20, why: `${REDUCE_18}; 20 only adds bool (False < True), which this kernel refuses (types float32/float64/int32)` },

  // 18-19: semantics changed, handled by the kernel
  Split: { upTo: 18, why: '18 adds the num_outputs attribute (last chunk smaller when uneven); Split.ts reads it when no split input is given' },
  ScatterElements: { upTo: 18, why: "18 adds reduction 'max' and 'min'; indexing.ts SCATTER_REDUCE implements them" },
  ScatterND: { upTo: 18, why: "18 adds reduction 'max' and 'min'; indexing.ts SCATTER_REDUCE implements them" },
  Pad: { upTo: 23, why: "18 adds the axes input and 19 mode 'wrap', both handled by Pad.ts; 21, 23 only add int4/uint4, float4 types, which anychip has no dtype for" },
  Resize: { upTo: 19, why: "18 adds axes (handled), keep_aspect_ratio_policy (handled) and antialias (refused by check); 19 adds half_pixel_symmetric (handled)" },
  AveragePool: { upTo: 22, why: `19 adds dilations, which pool.ts applies (window taps and counts); ${BF16_FLOAT}` },
  Equal: { upTo: 19, why: '19 only adds string, which this kernel compares (types include string)' },
  DFT: { upTo: 20, why: '20 moves axis from an attribute (default 1) to optional input 2 (default -2 over the full rank); DFT.ts reads it from opset 20' },

  // 19-23: only new element types
  Cast: { upTo: 23, why: `${NEW_DTYPES}; saturate (19) applies only to float8; Cast's check refuses a 'to' anychip has no dtype for` },
  CastLike: { upTo: 23, why: `${NEW_DTYPES}; saturate (19) applies only to float8` },
  Constant: { upTo: 23, why: NEW_DTYPES },
  ConstantOfShape: { upTo: 23, why: '20 adds bfloat16 (filled bit for bit from the value attribute, like float16) and float8; 21, 23 only add int4/uint4, float4 types, which anychip has no dtype for' },
  Identity: { upTo: 23, why: NEW_DTYPES },
  Reshape: { upTo: 23, why: NEW_DTYPES },
  Shape: { upTo: 23, why: NEW_DTYPES },
  Size: { upTo: 23, why: NEW_DTYPES },
  Flatten: { upTo: 23, why: '21, 23 only add int4/uint4, float4 types, which anychip has no dtype for' },
  Squeeze: { upTo: 23, why: '21, 23 only add int4/uint4, float4 types, which anychip has no dtype for' },
  Unsqueeze: { upTo: 23, why: '21, 23 only add int4/uint4, float4 types, which anychip has no dtype for' },
  Transpose: { upTo: 23, why: '21, 23 only add int4/uint4, float4 types, which anychip has no dtype for' },
  IsInf: { upTo: 20, why: '20 only adds float16, bfloat16 and float8, which this kernel refuses (types float32/float64)' },
  IsNaN: { upTo: 20, why: '20 only adds float8, which anychip has no dtype for' },

  // quantization: new types and attributes, implemented in the kernels
  DequantizeLinear: { upTo: 23, why: '19 float16/bfloat16 scales (output of the scale type), 21 block_size, 23 output_dtype: implemented in DequantizeLinear.ts; float8/int4/float4 have no anychip dtype' },
  // not 23: it adds `precision` (the division's type, by default y_scale's) and lets x and y_scale differ
  // in type; onnxruntime 1.30 ignores precision (divides in float32), so nothing checks an implementation
  QuantizeLinear: { upTo: 21, why: '19 float16/bfloat16 x and scale, 21 block_size and output_dtype (int16/uint16): implemented in QuantizeLinear.ts; float8/int4 outputs are refused by check' },
  QLinearMatMul: { upTo: 21, why: '21 adds float16/bfloat16 scales (read as numbers by quant.ts) and float8, which anychip has no dtype for' },

  // 22: bfloat16 (onnx/onnx#6099)
  Acos: { upTo: 22, why: BF16_FLOAT },
  Acosh: { upTo: 22, why: BF16_FLOAT },
  Asin: { upTo: 22, why: BF16_FLOAT },
  Asinh: { upTo: 22, why: BF16_FLOAT },
  Atan: { upTo: 22, why: BF16_FLOAT },
  Atanh: { upTo: 22, why: BF16_FLOAT },
  Cos: { upTo: 22, why: BF16_FLOAT },
  Cosh: { upTo: 22, why: BF16_FLOAT },
  Sin: { upTo: 22, why: BF16_FLOAT },
  Sinh: { upTo: 22, why: BF16_FLOAT },
  Tan: { upTo: 22, why: BF16_FLOAT },
  Elu: { upTo: 22, why: BF16_FLOAT },
  Selu: { upTo: 22, why: BF16_FLOAT },
  Softplus: { upTo: 22, why: BF16_FLOAT },
  Softsign: { upTo: 22, why: BF16_FLOAT },
  ThresholdedRelu: { upTo: 22, why: BF16_FLOAT },
  HardSigmoid: { upTo: 22, why: BF16_FLOAT },
  HardSwish: { upTo: 22, why: BF16_FLOAT },
  Round: { upTo: 22, why: BF16_FLOAT },
  Det: { upTo: 22, why: BF16_FLOAT },
  InstanceNormalization: { upTo: 22, why: BF16_FLOAT },
  NegativeLogLikelihoodLoss: { upTo: 22, why: BF16_FLOAT },
  GlobalAveragePool: { upTo: 22, why: BF16_FLOAT },
  GlobalMaxPool: { upTo: 22, why: BF16_FLOAT },
  MaxPool: { upTo: 22, why: '22 only adds bfloat16, which this kernel refuses (types float32/float64/int8/uint8)' },
  Conv: { upTo: 22, why: BF16_F32 },
  ConvTranspose: { upTo: 22, why: BF16_F32 },
  GRU: { upTo: 22, why: BF16_F32 },
  LSTM: { upTo: 22, why: BF16_F32 },
  RNN: { upTo: 22, why: BF16_F32 },
  Dropout: { upTo: 22, why: '22 only adds bfloat16 (ratio) and float8 (data); inference Dropout passes data through whatever its type, and reads the ratio only to refuse random training' },
  EyeLike: { upTo: 22, why: '22 only adds bfloat16; EyeLike.ts writes the bits of 1.0 for float16/bfloat16 outputs' },
};
