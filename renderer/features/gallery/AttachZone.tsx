// A record's files (an activity's photos, a work's files, an award's certificate scan): the
// thumbnails, and two ways to add more — drop files on the zone (or on the whole record with
// `useAttachDrop`), or choose them (the system's dialog on the desktop, the browser's picker
// on the web host, which uploads them). Progress and per-file reasons show in place.
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ImportResult, LinkTarget } from '../../../shared/calls/media';
import { isDesktop, pickPaths } from '../../api/desktop';
import { useT } from '../../i18n';
import { openTargetGallery, useGallery } from '../../stores/gallery';
import { useAttached, useAttachedMedia } from '../../stores/media';
import { droppedFiles } from './dropped';
import { mediaUrl } from './mediaUrl';
import './attach.css';

const ACCEPT = 'image/*,video/*,.heic,.heif,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';
const sameTarget = (x: LinkTarget | null, y: LinkTarget) => !!x && x.kind === y.kind && x.id === y.id;

/** Starts an import of dropped or chosen files (into `target`, if any); a Chinese reason when it cannot. */
export function useAttach(target?: LinkTarget) {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);
  const add = useCallback(
    (files: readonly File[], paths?: string[]) => {
      const g = useGallery.getState();
      if (g.importing.phase === 'uploading' || g.importing.phase === 'importing') {
        setProblem(t('attach.busy'));
        return;
      }
      setProblem(null);
      if (g.importing.phase === 'done') g.closeImport();
      // Paths come from the desktop's open dialog; dropped or picked files are uploaded by bytes.
      if (paths?.length) void g.importPaths(paths, target);
      else if (files.length) void g.uploadAndImport([...files], target);
    },
    [t, target],
  );
  return { add, problem };
}

/** Drop handlers for a whole page: files and folders dropped anywhere on it are imported (and
 * added to `target`, if any); `onStart` is told when an import begins. */
export function useAttachDrop(target?: LinkTarget, onStart?: () => void) {
  const { add, problem } = useAttach(target);
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const props = {
    onDragEnter(e: DragEvent) {
      if (hasFiles(e)) {
        depth.current++;
        setOver(true);
      }
    },
    onDragLeave(e: DragEvent) {
      if (hasFiles(e) && --depth.current <= 0) {
        depth.current = 0;
        setOver(false);
      }
    },
    onDragOver(e: DragEvent) {
      if (hasFiles(e)) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }
    },
    onDrop(e: DragEvent) {
      depth.current = 0;
      setOver(false);
      if (!e.dataTransfer.files.length) return;
      e.preventDefault();
      e.stopPropagation();
      void droppedFiles(e.dataTransfer).then((all) => {
        if (all.length) {
          add(all);
          onStart?.();
        }
      });
    },
  };
  return { props, over, problem, add };
}

interface Props {
  target: LinkTarget;
  /** Heading of the zone (e.g. 证书扫描件). */
  label: string;
  /** Told when files were added or linked, so the page can refresh its counts. */
  onChange?(): void;
  /** Shared with a page-wide drop area (useAttachDrop), so both show the same state. */
  drop?: ReturnType<typeof useAttachDrop>;
  /** Where “view in the gallery” goes and what it says (default: this record's files in the 相册). */
  open?: { label: string; go(): void };
  /** The line beside the choose button (default: drop files here, or). */
  hint?: string;
}

export function AttachZone({ target, label, onChange, drop: shared, open, hint }: Props) {
  const t = useT();
  const own = useAttachDrop(target);
  const drop = shared ?? own;
  const importing = useGallery((s) => s.importing);
  const { items, error: loadError } = useAttached(target);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const mine = sameTarget(importing.target, target);
  const busy = mine && (importing.phase === 'uploading' || importing.phase === 'importing');

  const load = useCallback(
    () => void useAttachedMedia.getState().load({ kind: target.kind, id: target.id }),
    [target.kind, target.id],
  );
  // When our import ends: keep its outcome here, free the importer, show the new files.
  useEffect(() => {
    if (!mine || importing.phase !== 'done') return;
    setResult(importing.result);
    setError(importing.error);
    useGallery.getState().closeImport();
    load();
    onChange?.();
  }, [mine, importing.phase, importing.result, importing.error, load, onChange]);

  const choose = async () => {
    setResult(null);
    if (!isDesktop()) {
      input.current?.click();
      return;
    }
    const paths = await pickPaths('mediaFiles');
    if (paths.length) drop.add([], paths);
  };
  const problem = drop.problem ?? error ?? loadError;

  return (
    <div
      className={`attach-zone${drop.over ? ' over' : ''}`}
      data-slot={`attach-${target.kind}`}
      {...(shared ? {} : drop.props)}
    >
      <div className="attach-head">
        <span className="field-label">{label}</span>
        {(items.length > 0 || open) && (
          <button
            type="button"
            className="link-button"
            onClick={() => (open ? open.go() : void openTargetGallery(target))}
          >
            {open?.label ?? t('attach.open')}
          </button>
        )}
      </div>
      {items.length > 0 ? (
        <ul className="attach-items">
          {items.slice(0, 12).map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className="attach-item"
                title={m.caption ?? m.originalName}
                aria-label={m.caption ?? m.originalName}
                onClick={() => void openTargetGallery(target, m.id)}
              >
                {m.kind === 'photo' ? (
                  <img src={mediaUrl(m.id, 'thumb')} alt="" loading="lazy" draggable={false} />
                ) : (
                  <span className="attach-doc">
                    {m.kind === 'video' ? '▶' : (m.originalName.split('.').pop() ?? '').toUpperCase()}
                  </span>
                )}
              </button>
            </li>
          ))}
          {items.length > 12 && <li className="attach-more">+{items.length - 12}</li>}
        </ul>
      ) : (
        <span className="muted small">{t('attach.none')}</span>
      )}
      <div className="attach-add">
        {busy ? (
          <span className="attach-progress" role="status">
            <progress max={Math.max(1, importing.total)} value={importing.done} aria-hidden="true" />
            {t('attach.importing', { done: importing.done, total: importing.total })}
          </span>
        ) : (
          <>
            <span className="muted small">{drop.over ? t('attach.dropActive') : (hint ?? t('attach.drop'))}</span>
            <button type="button" onClick={() => void choose()}>
              {t('pick.files')}
            </button>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              accept={ACCEPT}
              onChange={(e) => {
                const f = [...(e.target.files ?? [])];
                e.target.value = '';
                if (f.length) drop.add(f);
              }}
            />
          </>
        )}
      </div>
      {result && !busy && (
        <div role="status" className={`small ${result.failed.length ? 'attach-warn' : 'attach-ok'}`}>
          {t('attach.done', { n: result.imported + result.duplicates })}
          {result.failed.length > 0 && (
            <>
              {' '}
              {t('attach.failed', { n: result.failed.length })}
              <ul className="attach-failed">
                {result.failed.map((f, i) => (
                  <li key={i}>
                    <b>{f.file.split(/[\\/]/).pop()}</b>：{f.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {problem && (
        <div role="alert" className="field-error">
          {problem}
        </div>
      )}
    </div>
  );
}
