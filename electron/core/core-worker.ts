// The archive core in a worker thread (see remote.ts): the web host starts it so that a long call
// never holds up the host's other requests or its media serving.
import { parentPort } from 'node:worker_threads';
import { serveCore } from './remote';

if (!parentPort) throw new Error('core-worker runs as a worker thread');
const port = parentPort;
serveCore({ post: (m) => port.postMessage(m), listen: (cb) => port.on('message', cb) });
