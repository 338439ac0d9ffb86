import type { BrigadeErrorCode, Issue } from '../spec/index.ts';

/** Every error code the API answers with: Brigade's own, plus the HTTP edge's. */
export type ApiErrorCode =
  | BrigadeErrorCode
  | 'UNAUTHORIZED'
  | 'FORBIDDEN_HOST'
  | 'FORBIDDEN_ORIGIN'
  | 'BODY_TOO_LARGE'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'INTERNAL';

/** The one table from error code to HTTP status. */
export const httpStatusForError: Record<ApiErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500> = {
  WORKSPACE_INVALID: 422,
  WORKSPACE_NOT_FOUND: 404,
  PLAYBOOK_NOT_FOUND: 404,
  INPUT_INVALID: 422,
  RUN_NOT_FOUND: 404,
  RUN_BUSY: 409,
  RUN_FINISHED: 409,
  APPROVAL_NOT_FOUND: 404,
  MODEL_UNAVAILABLE: 422,
  USAGE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  BODY_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  INTERNAL: 500,
};

/** What every error response holds: a closed code, words for people, and for invalid files every issue. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  hint?: string;
  issues?: Issue[];
}

/** An error the HTTP edge itself raises (bad token, bad Host, too large, malformed input). */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly hint: string | undefined;
  readonly issues: Issue[] | undefined;
  constructor(code: ApiErrorCode, message: string, options?: { hint?: string; issues?: Issue[] }) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.hint = options?.hint;
    this.issues = options?.issues;
  }
}
