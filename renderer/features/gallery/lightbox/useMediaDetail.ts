// The lightbox's one item: loaded by id, replaced after each edit, with the edit's error or note.
import { useCallback, useEffect, useState } from 'react';
import type { MediaDetail } from '../../../../shared/calls/media';
import { client } from '../../../stores/app';

export interface MediaDetailState {
  detail: MediaDetail | null;
  error: string | null;
  note: string | null;
  /** Runs an edit; its answer (when a detail) replaces the shown one; a failure is shown, never thrown. */
  edit(fn: () => Promise<MediaDetail | void>, note?: string): Promise<boolean>;
  /** Shows the item at once as it will be (a turn), before the core answers. */
  preview(d: MediaDetail): void;
}

export function useMediaDetail(id: string | undefined): MediaDetailState {
  const [detail, setDetail] = useState<MediaDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    setNote(null);
    setError(null);
    if (!id) {
      setDetail(null);
      return;
    }
    let live = true;
    client()
      .call('media.get', { id })
      .then((d) => {
        if (live) setDetail(d);
      })
      .catch((e: unknown) => {
        if (live) setError((e as Error).message);
      });
    return () => {
      live = false;
    };
  }, [id]);
  const edit = useCallback(async (fn: () => Promise<MediaDetail | void>, done?: string) => {
    try {
      const d = await fn();
      if (d) setDetail(d);
      if (done) setNote(done);
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  }, []);
  return { detail, error, note, edit, preview: setDetail };
}
