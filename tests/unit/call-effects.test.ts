// What the dispatcher does around a call follows the call's declared effect and run, for every call
// of the contract: a read-only archive refuses 'write' and 'cache' calls before they run and answers
// 'read' and 'session' ones; 'archive.changed' follows exactly the 'write' calls; 'tx' calls run in
// one transaction, 'async' ones outside it and take a jobId. The handlers are stubbed, so every call
// is driven, with a valid input built from its own schema, without touching a file.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callPolicy, contract, type CallName, type CallSpec } from '../../shared/contract';
import { createDispatcher } from '../../electron/core/handlers';
import type { Archive } from '../../electron/core/db/open';
import { HAS_CHINESE, newArchive } from './helpers';

const NAMES = Object.keys(contract) as CallName[];
const spec = (n: CallName) => contract[n] as CallSpec;

/** Inputs no generic rule can build (a refine across fields). */
const BY_HAND: Partial<Record<CallName, () => unknown>> = {
  'media.retime': () => ({ ids: [randomUUID()], shiftSeconds: 60 }),
  'awards.create': () => ({ ...(example(spec('awards.create').input) as object), workId: randomUUID() }),
  'awards.update': () => {
    const x = example(spec('awards.update').input) as { patch: object };
    return { ...x, patch: { ...x.patch, workId: randomUUID() } };
  },
};

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const STRINGS = [
  '2025-10-01',
  randomUUID(),
  '2025-2026-1',
  '2025-2026',
  '09-01',
  'QUJD',
  '张树茂',
  'x',
  '/tmp/keji-nowhere',
  '恢复',
  '永久删除',
];
const NUMBERS = [0, 1, 2, 2025, 100];

/** A value the schema accepts, built from zod 4's definitions: the first candidate that parses. */
function example(s: z.ZodType): unknown {
  const def = defOf(s);
  const first = (cands: unknown[]) => cands.find((c) => s.safeParse(c).success);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
      return s.safeParse(undefined).success ? undefined : example(def.innerType as z.ZodType);
    case 'nullable':
      return null;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const x = example(v);
        if (x !== undefined) out[k] = x;
      }
      return out;
    }
    case 'string':
      return first(STRINGS);
    case 'number':
    case 'int':
      return first(NUMBERS);
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'array': {
      const one = example(def.element as z.ZodType);
      return first([[], [one]]) ?? [one];
    }
    case 'union':
      return first((def.options as z.ZodType[]).map(example));
    case 'pipe':
      return example(def.in as z.ZodType);
    case 'record':
      return {};
    case 'lazy':
      return example((def.getter as () => z.ZodType)());
    default:
      return undefined;
  }
}
function validInput(n: CallName): unknown {
  const x = BY_HAND[n] ? BY_HAND[n]() : example(spec(n).input);
  const parsed = spec(n).input.safeParse(x);
  if (!parsed.success)
    throw new Error(`no valid input for ${n}: add one to BY_HAND (${parsed.error.message.slice(0, 200)})`);
  return x;
}

/** Every call answered by a stub that records the call and whether it ran inside a transaction. */
function stubbed(a: Archive) {
  const ran: { name: CallName; inTransaction: boolean }[] = [];
  const events: { name: string; payload: unknown }[] = [];
  const handlers = Object.fromEntries(
    NAMES.map((n) => [
      n,
      () => {
        ran.push({ name: n, inTransaction: a.db.inTransaction });
        return { stub: n };
      },
    ]),
  );
  const d = createDispatcher(a, { handlers, emit: (name, payload) => events.push({ name, payload }) });
  return { d, ran, events };
}

describe('call effects', () => {
  it('has a valid input for every call', () => {
    const missing = NAMES.filter((n) => {
      try {
        validInput(n);
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });

  it('every call declares an effect and a run; every async call takes a jobId', () => {
    expect(NAMES.length).toBeGreaterThan(60);
    for (const n of NAMES) {
      const s = spec(n) as CallSpec & Record<string, unknown>;
      expect(['read', 'write', 'cache', 'session'], n).toContain(s.effect);
      expect(['tx', 'async'], n).toContain(s.run);
      expect('query' in s || 'job' in s, `${n} still has query/job`).toBe(false);
      if (s.run === 'async') expect(Object.keys((defOf(s.input).shape as object) ?? {}), n).toContain('jobId');
    }
    // The calls the issue named: each now says what it does.
    expect(spec('media.savePoster').effect).toBe('cache');
    expect(spec('media.stage').effect).toBe('cache');
    expect(spec('package.openReadonly').effect).toBe('session');
    expect(spec('package.closeReadonly').effect).toBe('session');
  });

  it('a read-only archive refuses every write and cache call before it runs, and answers every read and session call', async () => {
    const home = newArchive();
    const ro: Archive = { ...home, readonly: true };
    const { d, ran, events } = stubbed(ro);
    for (const n of NAMES) {
      const before = ran.length;
      const r = await d(n, validInput(n));
      if (callPolicy(n).refusedWhenReadonly) {
        expect(r.ok, n).toBe(false);
        if (r.ok) continue;
        expect(r.error.code, n).toBe('REFUSED');
        expect(r.error.message, n).toMatch(/只读/);
        expect(ran.length, `${n} ran on a read-only archive`).toBe(before);
        // refused whatever it was asked (input is not even looked at)
        const bad = await d(n, { nonsense: true });
        expect(bad.ok ? '' : bad.error.code, n).toBe('REFUSED');
      } else {
        expect(r, n).toEqual({ ok: true, value: { stub: n } });
        expect(ran.at(-1)?.name, n).toBe(n);
      }
    }
    expect(events).toEqual([]);
    const effects = new Set(NAMES.filter((n) => callPolicy(n).refusedWhenReadonly).map((n) => spec(n).effect));
    expect([...effects].sort()).toEqual(['cache', 'write']);
    home.close();
  });

  it('a disk-full archive refuses the same calls, saying the disk is full', async () => {
    const home = newArchive();
    const full: Archive = { ...home, readonly: true, readonlyReason: 'diskFull' };
    const { d } = stubbed(full);
    const r = await d('media.stage', validInput('media.stage'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(HAS_CHINESE);
    expect(r).not.toEqual(await stubbed({ ...home, readonly: true }).d('media.stage', validInput('media.stage')));
    home.close();
  });

  it("'archive.changed' follows exactly the write calls, once each, after the call; tx calls run in one transaction", async () => {
    const a = newArchive();
    const { d, ran, events } = stubbed(a);
    for (const n of NAMES) {
      const before = events.length;
      const r = await d(n, validInput(n));
      expect(r, n).toEqual({ ok: true, value: { stub: n } });
      const after = events.slice(before);
      const s = spec(n);
      if (s.effect === 'write') expect(after, n).toEqual([{ name: 'archive.changed', payload: { call: n } }]);
      else expect(after, n).toEqual([]);
      expect(ran.at(-1), n).toEqual({ name: n, inTransaction: s.run === 'tx' });
    }
    a.close();
  });

  it('a failed write announces nothing', async () => {
    const a = newArchive();
    const events: string[] = [];
    const d = createDispatcher(a, {
      emit: (name) => events.push(name),
      handlers: {
        'settings.set': () => {
          throw new Error('boom');
        },
      },
    });
    const r = await d('settings.set', { schoolName: '红旗小学' });
    expect(r.ok).toBe(false);
    expect(events).toEqual([]);
    expect((await d('settings.set', { schoolName: '' })).ok).toBe(false); // invalid input never reaches the handler
    expect(events).toEqual([]);
    a.close();
  });
});
