// 数据与U盘: 导出到U盘 (with the offline viewer), 合并数据包 from another PC, 备份与恢复.
import { useState } from 'react';
import { useT } from '../../i18n';
import { BackupPanel } from './BackupPanel';
import { ExportPanel } from './ExportPanel';
import { MergePanel } from './MergePanel';
import './package.css';

const TABS = ['export', 'merge', 'backup'] as const;
type Tab = (typeof TABS)[number];

export function PackagePage({ initialTab = 'export' }: { initialTab?: Tab }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>(initialTab);
  return (
    <section className="page package-page" aria-labelledby="package-title">
      <header className="page-header">
        <h1 id="package-title">{t('package.title')}</h1>
      </header>
      <div role="tablist" className="package-tabs" aria-label={t('package.title')}>
        {TABS.map((k) => (
          <button
            key={k}
            role="tab"
            id={`package-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`package-panel-${k}`}
            className={tab === k ? 'active' : ''}
            onClick={() => setTab(k)}
          >
            {t(`package.tab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`package-panel-${tab}`} aria-labelledby={`package-tab-${tab}`}>
        {tab === 'export' ? <ExportPanel /> : tab === 'merge' ? <MergePanel /> : <BackupPanel />}
      </div>
    </section>
  );
}

/** '1 分 20 秒' */
