// The one i18n table: every string the teacher sees, Chinese first, English second.
// Each feature keeps its rows in tables/<feature>.ts; they are merged here, and only here.
// Core error messages come from here too, so every host answers in the teacher's language.
import { base } from './tables/base';
import { media } from './tables/media';
import { sheets } from './tables/sheets';
import { records } from './tables/records';
import { search } from './tables/search';
import { settings } from './tables/settings';
import { pkg } from './tables/package';
import { summary } from './tables/summary';
import { attachments } from './tables/attachments';
import { core } from './tables/core';
import { lists } from './tables/lists';

export const messages = {
  ...base,
  ...media,
  ...sheets,
  ...records,
  ...search,
  ...settings,
  ...pkg,
  ...summary,
  ...attachments,
  ...lists,
  ...core,
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof messages;
export type Locale = 'zh-CN' | 'en';

export function translate(
  key: MessageKey,
  vars: Record<string, string | number> = {},
  locale: Locale = 'zh-CN',
): string {
  const pair = messages[key];
  const s: string = pair ? pair[locale === 'en' ? 1 : 0] : key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** Whether the table has this key: for keys built from data (a column name, a table name). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

/** The endings of the keys under a prefix: KeysUnder<'sheets.col.'> is 'name' | 'gender' | …. */
export type KeysUnder<P extends string> = MessageKey extends infer K ? (K extends `${P}${infer S}` ? S : never) : never;
