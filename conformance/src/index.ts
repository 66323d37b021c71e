export { listOnnxCases, loadDataSets, ONNX_SUITES, ONNX_TESTDATA, type OnnxCase } from './cases/onnx.js';
export { runOnnxCases, type CaseResult, type RunOptions, type Status } from './runner.js';
export { BASE, OPS, compareData, nodeBudget, sumBudgets, ulpDistance, type Budget } from './tolerance.js';
export { BaselineSchema, baselineFrom, diffBaseline, readBaseline, type Baseline } from './baseline.js';
export { buildReport, toHtml, toMarkdown, type Report } from './report.js';
export { runContractCases, type ContractResult } from './cases/contract.js';
export { MODEL_CASES, modelBudget, runModelCases, type ModelCaseResult } from './cases/models.js';
export { GENERATORS, runGeneratedCases } from './cases/generated.js';
