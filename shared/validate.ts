// Checking a call's input against its contract schema, and the Chinese error it gives: the one
// check the core's dispatcher makes at its edge and the renderer's client makes before sending,
// so a form marks every wrong field at once, in the same words, without a round trip.
import type { z } from 'zod';
import { contract, type CallError, type CallName } from './contract';
import { isMessageKey, messages, translate } from './i18n/messages';

/** The i18n entity of a call's fields, so a work's 'title' reads 作品名称 and not 活动名称. */
const ENTITY_OF: Record<string, string> = {
  activities: 'activity',
  people: 'person',
  works: 'work',
  awards: 'award',
  groups: 'group',
  competitions: 'competition',
  'records.updateGroup': 'group',
};

/** Chinese label of a field name, from the i18n table ('startDate' → '开始日期'); the call's own entity first. */
function fieldLabel(field: string, call?: string): string {
  const entity = call ? (ENTITY_OF[call] ?? ENTITY_OF[call.split('.')[0]]) : undefined;
  const own = entity ? `${entity}.field.${field}` : '';
  if (own && isMessageKey(own)) return translate(own);
  const key = Object.keys(messages)
    .filter(isMessageKey)
    .find((k) => k.endsWith(`.field.${field}`));
  return key ? translate(key) : ''; // never show the teacher a program's field name
}

/** Every issue, each named by its field's label; the message tells the first. The issue messages are
 * Chinese already (shared/zod-zh.ts maps zod's codes; a schema's own message wins). */
export function zodToError(err: z.ZodError, call?: string): CallError {
  const issues = err.issues.map((issue) => {
    const field = issue.path.filter((p) => typeof p === 'string').at(-1) as string | undefined;
    const label = field ? fieldLabel(field, call) : '';
    // '结束日期不能早于开始日期' already names its field; '此项必填' needs the label in front.
    const message = label && !issue.message.includes(label) ? `${label}：${issue.message}` : issue.message;
    return { ...(field ? { field } : {}), message };
  });
  const first = issues[0];
  return {
    code: 'INVALID_INPUT',
    message: translate('error.INVALID_INPUT', { detail: first.message }),
    ...(first.field ? { field: first.field } : {}),
    issues,
  };
}

/** A call's input checked by its contract schema: the parsed value, or the error the core would answer. */
export function checkInput<N extends CallName>(
  name: N,
  input: unknown,
): { ok: true; value: z.output<(typeof contract)[N]['input']> } | { ok: false; error: CallError } {
  const parsed = contract[name].input.safeParse(input ?? {});
  return parsed.success
    ? { ok: true, value: parsed.data as z.output<(typeof contract)[N]['input']> }
    : { ok: false, error: zodToError(parsed.error, name) };
}
