// A stored original the page cannot show (a Word or PDF file, a video this browser cannot
// decode): on the desktop, opened by the computer's own program; in the browser, downloaded.
import { useState } from 'react';
import { isDesktop } from '../../api/desktop';
import { useT, type MessageKey } from '../../i18n';
import { openOriginal } from '../../stores/media';
import { mediaUrl } from './mediaUrl';

export function OpenOriginal({ id, name, webLabel }: { id: string; name: string; webLabel: MessageKey }) {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);
  if (!isDesktop())
    return (
      <a href={mediaUrl(id)} target="_blank" rel="noopener" download={name}>
        {t(webLabel)}
      </a>
    );
  const open = () => {
    setProblem(null);
    openOriginal(id).catch((e: unknown) => setProblem((e as Error).message));
  };
  return (
    <>
      <button type="button" onClick={open}>
        {t('openMedia.open')}
      </button>
      {problem && (
        <span role="alert" className="field-error">
          {problem}
        </span>
      )}
    </>
  );
}
