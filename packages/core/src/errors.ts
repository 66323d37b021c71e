/**
 * Typed errors. Every failure a caller can act on is one of these; `code` is stable
 * for programs, `message` is written for the person reading it.
 */
export type ErrorCode =
  | 'E_MODEL' | 'E_UNSUPPORTED' | 'E_BAD_INPUT' | 'E_OUT_OF_MEMORY'
  | 'E_DEVICE_LOST' | 'E_COMPILE' | 'E_EXECUTION' | 'E_CONTRACT' | 'E_DISPOSED';

export class AnychipError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The model file is malformed: truncated, cyclic, inconsistent, or reaches outside its folder. */
export class ModelError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_MODEL', message, options); }
}
/** No adapter (or not the one asked for) can run an op, dtype or attribute combination. */
export class UnsupportedError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_UNSUPPORTED', message, options); }
}
/** The caller's feeds or arguments are wrong: missing input, wrong dtype or shape. */
export class BadInputError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_BAD_INPUT', message, options); }
}
export class OutOfMemoryError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_OUT_OF_MEMORY', message, options); }
}
export class DeviceLostError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_DEVICE_LOST', message, options); }
}
/**
 * An adapter could not compile a subgraph. Thrown from compile(), it is a refusal: `nodes`
 * (node names) says which nodes to blame; without it the whole subgraph moves on.
 */
export class CompileError extends AnychipError {
  readonly nodes?: readonly string[];
  constructor(message: string, options?: { cause?: unknown; nodes?: readonly string[] }) {
    super('E_COMPILE', message, options);
    if (options?.nodes?.length) this.nodes = [...options.nodes];
  }
}
/** A kernel failed while running; the session stays usable. */
export class ExecutionError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_EXECUTION', message, options); }
}
/** An adapter breaks the contract: wrong version, bad description, bad return values. */
export class ContractError extends AnychipError {
  constructor(message: string, options?: { cause?: unknown }) { super('E_CONTRACT', message, options); }
}
export class DisposedError extends AnychipError {
  constructor(message: string) { super('E_DISPOSED', message); }
}

export function isAnychipError(e: unknown): e is AnychipError {
  return e instanceof AnychipError || (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && String((e as { code: string }).code).startsWith('E_'));
}
