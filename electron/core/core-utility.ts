// The archive core in an Electron utilityProcess (see remote.ts and electron/main/core-process.ts):
// plain Node, no `electron` import; Electron gives the process `process.parentPort`.
import { serveCore } from './remote';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) throw new Error('core-utility runs as an Electron utilityProcess');
serveCore({ post: (m) => port.postMessage(m), listen: (cb) => port.on('message', (e) => cb(e.data)) });
