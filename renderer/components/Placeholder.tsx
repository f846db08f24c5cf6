import { useT } from '../i18n';

export function Placeholder({ title }: { title: string }) {
  const t = useT();
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <p className="muted">{t('common.comingSoon')}</p>
    </section>
  );
}
