// The promotion path an award is on (县 → 市 → 省 → 国), from the awards the store holds.
import type { Award } from '../../../shared/schemas';

/** The awards by id, and the awards promoted from each (what chainOf walks). */
export function promotionIndex(awards: readonly Award[]): {
  byId: ReadonlyMap<string, Award>;
  children: ReadonlyMap<string, Award[]>;
} {
  const byId = new Map(awards.map((a) => [a.id, a]));
  const children = new Map<string, Award[]>();
  for (const a of awards) {
    if (!a.promotedFromId) continue;
    const list = children.get(a.promotedFromId);
    if (list) list.push(a);
    else children.set(a.promotedFromId, [a]);
  }
  return { byId, children };
}

/** An award with the awards it was promoted from (before it) and to (after it), oldest first
 * ('县级二等奖 → 市级一等奖 → 省级二等奖'). */
export function chainOf(a: Award, byId: ReadonlyMap<string, Award>, children: ReadonlyMap<string, Award[]>): Award[] {
  const back: Award[] = [];
  const seen = new Set<string>();
  for (
    let cur: Award | undefined = a;
    cur && !seen.has(cur.id);
    cur = cur.promotedFromId ? byId.get(cur.promotedFromId) : undefined
  ) {
    seen.add(cur.id);
    back.unshift(cur);
  }
  for (let next = children.get(a.id)?.[0]; next && !seen.has(next.id); next = children.get(next.id)?.[0]) {
    seen.add(next.id);
    back.push(next);
  }
  return back;
}
