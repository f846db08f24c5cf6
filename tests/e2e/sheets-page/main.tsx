// A test page for the end-to-end test of the sheets feature: the real ImportButton / ImportDialog /
// ExportButton over the real HTTP transport, mounted the way a record page would mount them.
import { createRoot } from 'react-dom/client';
import { createClient } from '../../../renderer/api/client';
import { httpTransport } from '../../../renderer/api/transports';
import { ExportButton, ImportButton } from '../../../renderer/features/sheets';
import { useApp } from '../../../renderer/stores/app';
import '../../../renderer/styles.css';

useApp.getState().setClient(createClient(httpTransport()));

function Page() {
  return (
    <main className="content">
      <section className="page" aria-labelledby="t">
        <header className="page-header">
          <h1 id="t">表格导入导出</h1>
          <ImportButton kind="roster" />
          <ImportButton kind="awards" />
          <ExportButton list="students" />
          <ExportButton list="awards" label="导出获奖名单" />
        </header>
      </section>
    </main>
  );
}
createRoot(document.getElementById('root')!).render(<Page />);
