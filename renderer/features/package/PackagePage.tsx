// 数据与U盘: 导出到U盘 (with the offline viewer), 合并数据包 from another PC, 备份与恢复.
import { TabPanel, Tabs } from '../../components/Tabs';
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
      <Tabs
        className="package-tabs"
        label={t('package.title')}
        tabs={TABS}
        current={tab}
        onChange={setTab}
        idPrefix="package-"
        tabClass={(on) => (on ? 'active' : '')}
      >
        {(k) => t(`package.tab.${k}`)}
      </Tabs>
      <TabPanel idPrefix="package-" current={tab}>
        {tab === 'export' ? <ExportPanel /> : tab === 'merge' ? <MergePanel /> : <BackupPanel />}
      </TabPanel>
    </section>
  );
}

/** '1 分 20 秒' */
