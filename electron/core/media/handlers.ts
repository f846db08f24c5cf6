// The media calls of the contract over one open archive.
import type { ApiPart } from '../../../shared/contract';
import type { mediaCalls } from '../../../shared/calls/media';
import type { Archive } from '../db/open';
import type { HandlerContext } from '../context';
import { beginJob } from '../jobs';
import {
  certificates,
  getMedia,
  listMedia,
  locateMedia,
  mediaGroups,
  restoreTimes,
  retimeMedia,
  updateMedia,
} from './gallery';
import { importMedia } from './import';
import { linkMediaTo, setRepresentative, unlinkMedia } from './links';
import { savePoster } from './poster';
import { stageChunk } from './staging';

export function mediaHandlers(a: Archive, ctx: HandlerContext): ApiPart<typeof mediaCalls> {
  return {
    'media.import': async (i) => {
      const job = beginJob(i.jobId, ctx.emit);
      try {
        // Cancelled or not, it answers normally, so hosts announce 'archive.changed' as after any write.
        return await importMedia(a, i.paths, { target: i.target, job });
      } finally {
        job.end();
      }
    },
    'media.groups': (f) => mediaGroups(a, f),
    'media.list': (f) => listMedia(a, f),
    'media.locate': (i) => locateMedia(a, i, i.ids),
    'media.get': (i) => getMedia(a, i.id),
    'media.update': (i) => updateMedia(a, i.id, { caption: i.caption, rotation: i.rotation }),
    'media.retime': (i) => retimeMedia(a, i.ids, i),
    'media.restoreTimes': (i) => restoreTimes(a, i.items),
    'media.setCover': (i) => {
      setRepresentative(a, i.id, i.target);
      return getMedia(a, i.id);
    },
    'media.link': (i) => ({ linked: linkMediaTo(a, i.ids, i.target) }),
    'media.unlink': (i) => {
      unlinkMedia(a, i.ids, i.target);
      return { ok: true as const };
    },
    'media.certificates': (i) => certificates(a, i),
    'media.savePoster': (i) => savePoster(a, i.id, i.image),
    // effect 'cache': the dispatcher refuses it on a read-only archive.
    'media.stage': (i) => ({ path: stageChunk(a, { ...i, bytes: Buffer.from(i.data, 'base64') }) }),
  };
}
