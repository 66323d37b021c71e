/**
 * Op versions after ai.onnx opset 17 that the cpu kernels implement, each with the reason it
 * is safe. Without an entry a kernel stops at the version in effect at opset 17 (what the
 * ONNX 1.12 backend tests check), and supports() refuses newer versions by name, so a
 * fallback adapter takes them.
 */
export const LATER_VERSIONS: Readonly<Record<string, { upTo: number; why: string }>> = {
  ReduceL1: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
  ReduceL2: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
  ReduceLogSum: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
  ReduceLogSumExp: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
  ReduceMean: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
  ReduceProd: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
  ReduceSumSquare: { upTo: 18, why: '18 moved axes to an input; reduce.ts reads input 1 from opset 18' },
};
