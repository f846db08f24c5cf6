import type { CallError, ErrorCode } from '../../shared/contract';
import { translate } from '../../shared/i18n/messages';

/** An error the teacher can read: code for programs, Chinese message for people. */
export class KejiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail = '',
    readonly field?: string,
  ) {
    super(translate(`error.${code}`, { detail }));
    this.name = 'KejiError';
  }
  toJSON(): CallError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export const notFound = (what: string) => new KejiError('NOT_FOUND', what);
export const invalid = (detail: string, field?: string) => new KejiError('INVALID_INPUT', detail, field);
