export { cpu, cpuOps, type CpuOptions } from './adapter.js';
/** Testing hook: run GEMM and depthwise on the plain-JS kernels even where WASM SIMD exists. */
export { setForceJsGemm, usesSimd } from './gemm.js';
export { defineKernel, type KernelDef, type KernelFn, type KernelContext } from './kernel.js';
