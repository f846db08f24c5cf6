// 身份证号 and phone numbers: say what is wrong, in Chinese, or null when the value is fine.
import { translate } from '../i18n/messages';
import { isRealDate } from './format';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character (0-9 or X) an 18-digit 身份证号 must end with, from its first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** 18 characters (17 digits + digit or X, with a real birth date and the right check character) or
 * the old 15 digits. */
export function idNumberMessage(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (/^\d{15}$/.test(s)) {
    const birth = `19${s.slice(6, 8)}-${s.slice(8, 10)}-${s.slice(10, 12)}`;
    return isRealDate(birth) ? null : translate('person.id.birth');
  }
  if (!/^[\dX]+$/.test(s)) return translate('person.id.chars');
  if (s.length !== 18) return translate('person.id.length', { n: s.length });
  if (!/^\d{17}[\dX]$/.test(s)) return translate('person.id.chars');
  if (!isRealDate(`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`)) return translate('person.id.birth');
  const want = idCheckChar(s);
  return s[17] === want ? null : translate('person.id.check', { want });
}

/** A mobile number (11 digits starting with 1) or a landline (区号-号码, 7–8 digits, optional 分机). */
export function phoneMessage(raw: string): string | null {
  const s = raw.trim().replace(/[\s\u3000]/g, '');
  if (!/^[\d\-+()（）]+$/.test(s)) return translate('person.phone.chars');
  const digits = s.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (/^1\d{10}$/.test(digits) && /^(\+?86)?1\d{10}$/.test(s.replace(/[-()（）]/g, ''))) return null;
  if (/^(\(?0\d{2,3}\)?|（0\d{2,3}）)?-?\d{7,8}(-\d{1,6})?$/.test(s)) return null;
  if (/^1/.test(digits)) return translate('person.phone.mobile', { n: digits.length });
  return translate('person.phone.shape');
}
