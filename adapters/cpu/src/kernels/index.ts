// The CPU adapter's kernel list: one file per op in this folder, one line here.
// Regenerate with adapters/cpu/scripts-gen-index.sh after adding a kernel file.
import { Abs } from './Abs.js';
import { Acos } from './Acos.js';
import { Acosh } from './Acosh.js';
import { Adagrad } from './Adagrad.js';
import { Adam } from './Adam.js';
import { Add } from './Add.js';
import { And } from './And.js';
import { ArgMax } from './ArgMax.js';
import { ArgMin } from './ArgMin.js';
import { Asin } from './Asin.js';
import { Asinh } from './Asinh.js';
import { Atan } from './Atan.js';
import { Atanh } from './Atanh.js';
import { AveragePool } from './AveragePool.js';
import { BatchNormalization } from './BatchNormalization.js';
import { BitShift } from './BitShift.js';
import { BlackmanWindow } from './BlackmanWindow.js';
import { Cast } from './Cast.js';
import { CastLike } from './CastLike.js';
import { Ceil } from './Ceil.js';
import { Celu } from './Celu.js';
import { Clip } from './Clip.js';
import { Compress } from './Compress.js';
import { Concat } from './Concat.js';
import { Constant } from './Constant.js';
import { ConstantOfShape } from './ConstantOfShape.js';
import { Conv } from './Conv.js';
import { ConvInteger } from './ConvInteger.js';
import { ConvTranspose } from './ConvTranspose.js';
import { Cos } from './Cos.js';
import { Cosh } from './Cosh.js';
import { CumSum } from './CumSum.js';
import { DFT } from './DFT.js';
import { DepthToSpace } from './DepthToSpace.js';
import { DequantizeLinear } from './DequantizeLinear.js';
import { Det } from './Det.js';
import { Div } from './Div.js';
import { Dropout } from './Dropout.js';
import { DynamicQuantizeLinear } from './DynamicQuantizeLinear.js';
import { Einsum } from './Einsum.js';
import { Elu } from './Elu.js';
import { Equal } from './Equal.js';
import { Erf } from './Erf.js';
import { Exp } from './Exp.js';
import { Expand } from './Expand.js';
import { EyeLike } from './EyeLike.js';
import { Flatten } from './Flatten.js';
import { Floor } from './Floor.js';
import { GRU } from './GRU.js';
import { Gather } from './Gather.js';
import { GatherElements } from './GatherElements.js';
import { GatherND } from './GatherND.js';
import { Gemm } from './Gemm.js';
import { GlobalAveragePool } from './GlobalAveragePool.js';
import { GlobalMaxPool } from './GlobalMaxPool.js';
import { Greater } from './Greater.js';
import { GreaterOrEqual } from './GreaterOrEqual.js';
import { HammingWindow } from './HammingWindow.js';
import { HannWindow } from './HannWindow.js';
import { HardSigmoid } from './HardSigmoid.js';
import { HardSwish } from './HardSwish.js';
import { Hardmax } from './Hardmax.js';
import { Identity } from './Identity.js';
import { If } from './If.js';
import { InstanceNormalization } from './InstanceNormalization.js';
import { IsInf } from './IsInf.js';
import { IsNaN } from './IsNaN.js';
import { LRN } from './LRN.js';
import { LSTM } from './LSTM.js';
import { LayerNormalization } from './LayerNormalization.js';
import { LeakyRelu } from './LeakyRelu.js';
import { Less } from './Less.js';
import { LessOrEqual } from './LessOrEqual.js';
import { Log } from './Log.js';
import { LogSoftmax } from './LogSoftmax.js';
import { Loop } from './Loop.js';
import { MatMul } from './MatMul.js';
import { MatMulInteger } from './MatMulInteger.js';
import { Max } from './Max.js';
import { MaxPool } from './MaxPool.js';
import { Mean } from './Mean.js';
import { MeanVarianceNormalization } from './MeanVarianceNormalization.js';
import { Min } from './Min.js';
import { Mod } from './Mod.js';
import { Momentum } from './Momentum.js';
import { Mul } from './Mul.js';
import { Neg } from './Neg.js';
import { NegativeLogLikelihoodLoss } from './NegativeLogLikelihoodLoss.js';
import { NonZero } from './NonZero.js';
import { Not } from './Not.js';
import { OneHot } from './OneHot.js';
import { Or } from './Or.js';
import { PRelu } from './PRelu.js';
import { Pad } from './Pad.js';
import { Pow } from './Pow.js';
import { QLinearConv } from './QLinearConv.js';
import { QLinearMatMul } from './QLinearMatMul.js';
import { QuantizeLinear } from './QuantizeLinear.js';
import { RNN } from './RNN.js';
import { Range } from './Range.js';
import { Reciprocal } from './Reciprocal.js';
import { ReduceL1 } from './ReduceL1.js';
import { ReduceL2 } from './ReduceL2.js';
import { ReduceLogSum } from './ReduceLogSum.js';
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
import { ReverseSequence } from './ReverseSequence.js';
import { Round } from './Round.js';
import { Scan } from './Scan.js';
import { Scatter } from './Scatter.js';
import { ScatterElements } from './ScatterElements.js';
import { ScatterND } from './ScatterND.js';
import { Selu } from './Selu.js';
import { Shape } from './Shape.js';
import { Shrink } from './Shrink.js';
import { Sigmoid } from './Sigmoid.js';
import { Sign } from './Sign.js';
import { Sin } from './Sin.js';
import { Sinh } from './Sinh.js';
import { Size } from './Size.js';
import { Slice } from './Slice.js';
import { Softmax } from './Softmax.js';
import { SoftmaxCrossEntropyLoss } from './SoftmaxCrossEntropyLoss.js';
import { Softplus } from './Softplus.js';
import { Softsign } from './Softsign.js';
import { SpaceToDepth } from './SpaceToDepth.js';
import { Split } from './Split.js';
import { Sqrt } from './Sqrt.js';
import { Squeeze } from './Squeeze.js';
import { StringNormalizer } from './StringNormalizer.js';
import { Sub } from './Sub.js';
import { Sum } from './Sum.js';
import { Tan } from './Tan.js';
import { Tanh } from './Tanh.js';
import { ThresholdedRelu } from './ThresholdedRelu.js';
import { Tile } from './Tile.js';
import { TopK } from './TopK.js';
import { Transpose } from './Transpose.js';
import { Trilu } from './Trilu.js';
import { Unique } from './Unique.js';
import { Unsqueeze } from './Unsqueeze.js';
import { Upsample } from './Upsample.js';
import { Where } from './Where.js';
import { Xor } from './Xor.js';
import type { KernelDef } from '../kernel.js';

export const KERNELS: readonly KernelDef[] = [
  Abs,
  Acos,
  Acosh,
  Adagrad,
  Adam,
  Add,
  And,
  ArgMax,
  ArgMin,
  Asin,
  Asinh,
  Atan,
  Atanh,
  AveragePool,
  BatchNormalization,
  BitShift,
  BlackmanWindow,
  Cast,
  CastLike,
  Ceil,
  Celu,
  Clip,
  Compress,
  Concat,
  Constant,
  ConstantOfShape,
  Conv,
  ConvInteger,
  ConvTranspose,
  Cos,
  Cosh,
  CumSum,
  DFT,
  DepthToSpace,
  DequantizeLinear,
  Det,
  Div,
  Dropout,
  DynamicQuantizeLinear,
  Einsum,
  Elu,
  Equal,
  Erf,
  Exp,
  Expand,
  EyeLike,
  Flatten,
  Floor,
  GRU,
  Gather,
  GatherElements,
  GatherND,
  Gemm,
  GlobalAveragePool,
  GlobalMaxPool,
  Greater,
  GreaterOrEqual,
  HammingWindow,
  HannWindow,
  HardSigmoid,
  HardSwish,
  Hardmax,
  Identity,
  If,
  InstanceNormalization,
  IsInf,
  IsNaN,
  LRN,
  LSTM,
  LayerNormalization,
  LeakyRelu,
  Less,
  LessOrEqual,
  Log,
  LogSoftmax,
  Loop,
  MatMul,
  MatMulInteger,
  Max,
  MaxPool,
  Mean,
  MeanVarianceNormalization,
  Min,
  Mod,
  Momentum,
  Mul,
  Neg,
  NegativeLogLikelihoodLoss,
  NonZero,
  Not,
  OneHot,
  Or,
  PRelu,
  Pad,
  Pow,
  QLinearConv,
  QLinearMatMul,
  QuantizeLinear,
  RNN,
  Range,
  Reciprocal,
  ReduceL1,
  ReduceL2,
  ReduceLogSum,
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
  ReverseSequence,
  Round,
  Scan,
  Scatter,
  ScatterElements,
  ScatterND,
  Selu,
  Shape,
  Shrink,
  Sigmoid,
  Sign,
  Sin,
  Sinh,
  Size,
  Slice,
  Softmax,
  SoftmaxCrossEntropyLoss,
  Softplus,
  Softsign,
  SpaceToDepth,
  Split,
  Sqrt,
  Squeeze,
  StringNormalizer,
  Sub,
  Sum,
  Tan,
  Tanh,
  ThresholdedRelu,
  Tile,
  TopK,
  Transpose,
  Trilu,
  Unique,
  Unsqueeze,
  Upsample,
  Where,
  Xor,
];
