// The CPU adapter's kernel list: one file per op in this folder, one line here.
import { Abs } from './Abs.js';
import { Add } from './Add.js';
import { AveragePool } from './AveragePool.js';
import { BatchNormalization } from './BatchNormalization.js';
import { Cast } from './Cast.js';
import { Ceil } from './Ceil.js';
import { Clip } from './Clip.js';
import { Concat } from './Concat.js';
import { Constant } from './Constant.js';
import { Conv } from './Conv.js';
import { ConvTranspose } from './ConvTranspose.js';
import { Cos } from './Cos.js';
import { Div } from './Div.js';
import { Elu } from './Elu.js';
import { Exp } from './Exp.js';
import { Flatten } from './Flatten.js';
import { Floor } from './Floor.js';
import { Gather } from './Gather.js';
import { Gemm } from './Gemm.js';
import { GlobalAveragePool } from './GlobalAveragePool.js';
import { GlobalMaxPool } from './GlobalMaxPool.js';
import { HardSigmoid } from './HardSigmoid.js';
import { HardSwish } from './HardSwish.js';
import { Identity } from './Identity.js';
import { LeakyRelu } from './LeakyRelu.js';
import { Log } from './Log.js';
import { LogSoftmax } from './LogSoftmax.js';
import { MatMul } from './MatMul.js';
import { MaxPool } from './MaxPool.js';
import { Mul } from './Mul.js';
import { Neg } from './Neg.js';
import { Pow } from './Pow.js';
import { Reciprocal } from './Reciprocal.js';
import { ReduceL1 } from './ReduceL1.js';
import { ReduceL2 } from './ReduceL2.js';
import { ReduceLogSumExp } from './ReduceLogSumExp.js';
import { ReduceMax } from './ReduceMax.js';
import { ReduceMean } from './ReduceMean.js';
import { ReduceMin } from './ReduceMin.js';
import { ReduceProd } from './ReduceProd.js';
import { ReduceSum } from './ReduceSum.js';
import { ReduceSumSquare } from './ReduceSumSquare.js';
import { Relu } from './Relu.js';
import { Reshape } from './Reshape.js';
import { Resize } from './Resize.js';
import { Selu } from './Selu.js';
import { Shape } from './Shape.js';
import { Sigmoid } from './Sigmoid.js';
import { Sin } from './Sin.js';
import { Slice } from './Slice.js';
import { Softmax } from './Softmax.js';
import { Softplus } from './Softplus.js';
import { Softsign } from './Softsign.js';
import { Sqrt } from './Sqrt.js';
import { Squeeze } from './Squeeze.js';
import { Sub } from './Sub.js';
import { Tanh } from './Tanh.js';
import { Transpose } from './Transpose.js';
import { Unsqueeze } from './Unsqueeze.js';
import type { KernelDef } from '../kernel.js';

export const KERNELS: readonly KernelDef[] = [
  Abs,
  Add,
  AveragePool,
  BatchNormalization,
  Cast,
  Ceil,
  Clip,
  Concat,
  Constant,
  Conv,
  ConvTranspose,
  Cos,
  Div,
  Elu,
  Exp,
  Flatten,
  Floor,
  Gather,
  Gemm,
  GlobalAveragePool,
  GlobalMaxPool,
  HardSigmoid,
  HardSwish,
  Identity,
  LeakyRelu,
  Log,
  LogSoftmax,
  MatMul,
  MaxPool,
  Mul,
  Neg,
  Pow,
  Reciprocal,
  ReduceL1,
  ReduceL2,
  ReduceLogSumExp,
  ReduceMax,
  ReduceMean,
  ReduceMin,
  ReduceProd,
  ReduceSum,
  ReduceSumSquare,
  Relu,
  Reshape,
  Resize,
  Selu,
  Shape,
  Sigmoid,
  Sin,
  Slice,
  Softmax,
  Softplus,
  Softsign,
  Sqrt,
  Squeeze,
  Sub,
  Tanh,
  Transpose,
  Unsqueeze,
];
