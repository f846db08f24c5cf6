// zod's messages in Chinese, by issue code: set once for every process that loads the contract
// (core, hosts, renderer), so a form validated with a call's own schema says what the core would.
// A schema's own message ('结束日期不能早于开始日期', max(3, '…')) still wins over these.
import { z } from 'zod';
import { translate } from './i18n/messages';

const TEXT = new Set(['string', 'array', 'set']);
/** Nothing given: absent, null, blank text or an empty list. */
const empty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length);

/** The Chinese message of a zod issue from its code (never from zod's English text). */
export function issueMessageZh(iss: { code?: string; origin?: string; input?: unknown; pattern?: unknown }): string {
  const text = TEXT.has(iss.origin ?? ''); // numbers out of range are not "empty"
  switch (iss.code) {
    case 'invalid_type':
      return translate(empty(iss.input) ? 'error.field.required' : 'error.field.invalid');
    case 'too_small':
      return translate(text && empty(iss.input) ? 'error.field.required' : 'error.field.invalid');
    case 'too_big':
      return translate(text ? 'error.field.tooLong' : 'error.field.invalid');
    case 'invalid_format':
      return translate(String(iss.pattern ?? '').includes('\\d{4}-') ? 'error.field.date' : 'error.field.invalid');
    default:
      return translate('error.field.invalid');
  }
}

z.config({ customError: (iss) => issueMessageZh(iss as Parameters<typeof issueMessageZh>[0]) });
