// The renderer's view of the one i18n table in shared/i18n/messages.ts.
import { useCallback } from 'react';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/messages';
import { useApp } from '../stores/app';

export type { MessageKey };
/** Stable per locale, so effects that list `t` as a dependency do not re-run on every render. */
export function useT() {
  const locale = useApp((s) => s.locale);
  return useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => translate(key, vars, locale),
    [locale],
  );
}
export function t(key: MessageKey, vars?: Record<string, string | number>, locale: Locale = 'zh-CN') {
  return translate(key, vars, locale);
}
