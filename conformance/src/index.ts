export { listOnnxCases, loadDataSets, ONNX_SUITES, ONNX_TESTDATA, type OnnxCase } from './cases/onnx.js';
export { runOnnxCases, type CaseResult, type RunOptions, type Status } from './runner.js';
export {
  BASE, MODEL_BUDGET, OPS, UNIT_ROUNDOFF, compareData, compareOutputs, compareTensors, modelBudget, nodeBudget, sumBudgets, ulpDistance, valuesOf, verdict,
  type Agreement, type Budget, type Mismatch, type Numerics,
} from './tolerance.js';
export { BaselineSchema, baselineFrom, diffBaseline, isGeneratedReason, readBaseline, type Baseline, type BaselineFromOptions } from './baseline.js';
export { buildReport, toHtml, toMarkdown, type Report } from './report.js';
export { runContractCases, withOverrides, type ContractResult } from './cases/contract.js';
export { MODEL_CASES, runModelCases, type ModelCaseResult } from './cases/models.js';
export { GENERATORS, runGeneratedCases } from './cases/generated.js';
export { MODELS, MODELS_PACKAGE, modelPath, modelsDir, selectModels, type ModelSpec } from './models.js';
export { SUITES, runConformance, type ConformanceOptions, type ConformanceProgress, type Suite } from './run.js';
export { median, runDemo, timeRuns, type DemoOptions, type DemoRow, type NamedAdapter } from './demo.js';
