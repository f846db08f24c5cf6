// The desktop's seam for the core off the window's thread: the archive core in an Electron
// utilityProcess (electron/core/core-utility.ts), spoken to through core/remote.ts exactly as the
// web host speaks to its worker thread. The main process keeps only read-only connections (for
// archive://) and answers what only it can do: the open dialog and opening a file with the PC's program.
import { utilityProcess } from 'electron';
import {
  connectCore,
  remoteCore,
  type CoreContext,
  type CoreHost,
  type CoreInit,
  type CoreStarter,
} from '../core/remote';

/** Starts core-utility in a utilityProcess and connects to it; the process ends with close(). */
export function utilityStarter(modulePath: string): CoreStarter {
  return async (init, opts) => {
    const child = utilityProcess.fork(modulePath, [], { serviceName: 'keji-core', stdio: 'ignore' });
    let exited = (_detail: string) => {};
    child.on('exit', (code: number) => exited(`core stopped (${code})`));
    try {
      const remote = await connectCore(
        { post: (m) => child.postMessage(m), listen: (cb) => child.on('message', cb) },
        init,
        {
          ...opts,
          onExit: (listen) => {
            exited = listen;
          },
        },
      );
      return {
        ...remote,
        async close() {
          await remote.close();
          child.kill();
        },
      };
    } catch (e) {
      child.kill();
      throw e;
    }
  };
}

/** The core of the desktop app in its own process, over the archive folder `init.dir`. */
export function startCoreProcess(modulePath: string, init: CoreInit, ctx: CoreContext): Promise<CoreHost> {
  return remoteCore(init, ctx, utilityStarter(modulePath));
}
