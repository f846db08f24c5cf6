import type { Award } from '../../../shared/schemas';

/** An award with the awards it was promoted from (before it) and to (after it), oldest first. */
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
