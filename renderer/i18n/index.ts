// The renderer's view of the one i18n table in shared/i18n/messages.ts.
import { translate, type Locale, type MessageKey } from '../../shared/i18n/messages';
import { useApp } from '../stores/app';

export type { MessageKey };
export function useT() {
  const locale = useApp((s) => s.locale);
  return (key: MessageKey, vars?: Record<string, string | number>) => translate(key, vars, locale);
}
export function t(key: MessageKey, vars?: Record<string, string | number>, locale: Locale = 'zh-CN') {
  return translate(key, vars, locale);
}
