/** The closed set of error codes Brigade throws; the CLI maps them to exit codes and the API to HTTP status. */
export type BrigadeErrorCode =
  | 'WORKSPACE_INVALID'
  | 'WORKSPACE_NOT_FOUND'
  | 'PLAYBOOK_NOT_FOUND'
  | 'INPUT_INVALID'
  | 'RUN_NOT_FOUND'
  | 'RUN_BUSY'
  | 'RUN_FINISHED'
  | 'APPROVAL_NOT_FOUND'
  | 'MODEL_UNAVAILABLE'
  | 'USAGE';

/** The one base class for errors Brigade throws on impossible requests. */
export class BrigadeError extends Error {
  readonly code: BrigadeErrorCode;
  readonly hint: string | undefined;
  constructor(code: BrigadeErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options?.hint;
  }
}
