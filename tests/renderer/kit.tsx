// The renderer test kit: the real core behind an in-memory transport, Testing Library's render
// and queries, and user-event. Tests wait for what the user sees (`findBy*`, `waitFor`), never for
// a number of timed rounds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReactElement } from 'react';
import { cleanup, configure, render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/db/open';
import { createDispatcher } from '../../electron/core/handlers';
import type { EventName } from '../../shared/contract';
import { createClient, type Client, type Transport } from '../../renderer/api/client';

export { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
export { userEvent };

// Unmount every tree rendered by `show` after each test (vitest runs without globals, so Testing
// Library cannot register this itself).
afterEach(() => cleanup());
// findBy*/waitFor give up after 10 s, not 1 s: a loaded 2-core box is slow, and a wait that fails
// is still a failure, only a later one (as expect.poll in the e2e tests).
configure({ asyncUtilTimeout: 10_000 });

type DispatcherOptions = NonNullable<Parameters<typeof createDispatcher>[1]>;

export interface Core {
  archive: Archive;
  transport: Transport;
  client: Client;
  /** Every call name the renderer sent, in order. */
  calls: string[];
  /** Sends an event to the renderer as a host would. */
  emit(event: EventName, payload: unknown): void;
}

/** Opens a fresh archive in a temp folder and puts the real dispatcher behind an in-memory
 * transport (inputs go through JSON, as over IPC or HTTP). With `events`, the core's events
 * ('archive.changed', job progress) reach the renderer's listeners. */
export function startCore(
  opts: { prefix?: string; events?: boolean; archive?: Archive } & Omit<DispatcherOptions, 'emit'> = {},
): Core {
  const { prefix = 'keji-r-', events = false, archive: given, ...dispatcherOptions } = opts;
  const archive = given ?? openArchive(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), { create: true });
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const emit = (e: EventName, p: unknown) => {
    for (const l of [...(listeners.get(e) ?? [])]) l(p);
  };
  const dispatch = createDispatcher(archive, {
    validateOutput: true,
    ...dispatcherOptions,
    ...(events ? { emit: (e: string, p: unknown) => emit(e as EventName, p) } : {}),
  });
  const calls: string[] = [];
  const transport: Transport = {
    invoke: (n, i) => {
      calls.push(n);
      return dispatch(n, JSON.parse(JSON.stringify(i ?? {})));
    },
    on: (e, cb) => {
      const s = listeners.get(e) ?? new Set();
      listeners.set(e, s);
      s.add(cb);
      return () => {
        s.delete(cb);
      };
    },
  };
  return { archive, transport, client: createClient(transport), calls, emit };
}

/** Renders into document.body and gives a user-event session for it. */
export function show(ui: ReactElement): RenderResult & { user: ReturnType<typeof userEvent.setup> } {
  const user = userEvent.setup();
  return { user, ...render(ui) };
}

/** The text of each element matching `selector`, in document order. */
export const texts = (selector: string, within: ParentNode = document.body) =>
  [...within.querySelectorAll(selector)].map((e) => e.textContent);
