export { cpu, cpuOps, type CpuOptions } from './adapter.js';
export { defineKernel, type KernelDef, type KernelFn, type KernelContext } from './kernel.js';
