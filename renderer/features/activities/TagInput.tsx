// Tags as chips: Enter or ，adds (never while the IME is composing), Backspace on empty removes the last.
import { useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n';

export function TagInput({
  tags,
  onChange,
  label,
}: {
  tags: readonly string[];
  onChange(tags: string[]): void;
  label: string;
}) {
  const t = useT();
  const [text, setText] = useState('');
  const commit = () => {
    const parts = text
      .split(/[,，、;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length) onChange([...new Set([...tags, ...parts])]);
    setText('');
  };
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.key === 'Enter' || e.key === ',' || e.key === '，') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Backspace' && !text && tags.length) onChange(tags.slice(0, -1));
  }
  return (
    <div className="tag-input" data-field="tags">
      {tags.map((tag) => (
        <span key={tag} className="name-chip">
          {tag}
          <button
            type="button"
            className="icon"
            aria-label={`${t('records.remove')} ${tag}`}
            onClick={() => onChange(tags.filter((x) => x !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        aria-label={label}
        value={text}
        placeholder={t('activity.tags.placeholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
    </div>
  );
}
