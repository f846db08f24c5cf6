// Which archive the app shows: the teacher's own (home), or a package from another PC opened
// read-only from a stick. Both hosts hold one session; the page asks to open a package and to
// come back home (package.openReadonly / package.closeReadonly), then reloads itself.
import type { Archive } from './db/open';
import type { Dispatcher, Viewing } from './context';
import { openPackageReadonly } from './package/open';
import type { VerifyOptions } from './package/verify';

export type { Viewing } from './context';

export class ArchiveSession implements Viewing {
  private shown: Archive;
  private readonly dispatchers = new WeakMap<Archive, Dispatcher>();

  /** `makeDispatcher` serves `dispatch`; a host that makes its own per archive (Electron's ipc.ts) leaves it out. */
  constructor(
    readonly home: Archive,
    private readonly makeDispatcher?: (a: Archive, viewing: Viewing) => Dispatcher,
  ) {
    this.shown = home;
  }

  get current(): Archive {
    return this.shown;
  }

  away(): boolean {
    return this.shown !== this.home;
  }

  async open(dir: string, opts: VerifyOptions = {}): Promise<void> {
    // Opened (and checked) first: a package that fails leaves whatever was shown in place.
    const next = await openPackageReadonly(dir, opts);
    const before = this.shown;
    this.shown = next;
    if (before !== this.home) before.close();
  }

  close(): void {
    if (!this.away()) return;
    const viewed = this.shown;
    this.shown = this.home;
    viewed.close();
  }

  /** Answers a call on the archive shown right now. */
  dispatch(name: unknown, input: unknown): ReturnType<Dispatcher> {
    const a = this.shown;
    let d = this.dispatchers.get(a);
    if (!d) {
      if (!this.makeDispatcher) throw new Error('this session has no dispatcher');
      d = this.makeDispatcher(a, this);
      this.dispatchers.set(a, d);
    }
    return d(name, input);
  }
}
