// A render failure inside one page or one dialog shows a Chinese message with 重试 and 返回 in its
// place; the sidebar and every other page stay. Nothing one bad row holds can blank the window.
import { Component, type ReactNode } from 'react';
import { translate, type Locale } from '../../shared/i18n/messages';

interface Props {
  /** What failed, for the message: '成员' page, '搜索' dialog. */
  where: string;
  locale?: Locale;
  /** 返回: leave the failing view (the page's list, or close the dialog). */
  onBack?: () => void;
  /** Whenever this changes (another page, another record) the boundary starts fresh. */
  resetKey?: unknown;
  /** For a dialog: drawn as a small modal box instead of a page section. */
  dialog?: boolean;
  children: ReactNode;
}
interface State {
  error: Error | null;
  key: unknown;
  tries: number;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey, tries: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: null } : null;
  }

  componentDidCatch(error: unknown, info: { componentStack?: string | null }) {
    // The log keeps what a developer needs; the teacher sees the Chinese message.
    console.error(`[keji] ${this.props.where}: render failed`, error, info.componentStack ?? '');
  }

  private retry = () => this.setState((s) => ({ error: null, tries: s.tries + 1 }));
  private back = () => {
    this.setState({ error: null });
    this.props.onBack?.();
  };

  render() {
    const { error, tries } = this.state;
    if (!error) return <ErrorBoundaryChild key={tries}>{this.props.children}</ErrorBoundaryChild>;
    const t = (k: Parameters<typeof translate>[0], v?: Record<string, string>) => translate(k, v, this.props.locale);
    const box = (
      <div role="alert" className="render-failed banner error" aria-live="assertive">
        <strong>{t('boundary.title', { where: this.props.where })}</strong>
        <p>{t('boundary.body')}</p>
        <details className="muted small">
          <summary>{t('boundary.detailSummary')}</summary>
          {t('boundary.detail', { detail: error.message.slice(0, 200) })}
        </details>
        <div className="form-actions">
          {this.props.onBack && (
            <button type="button" onClick={this.back}>
              {t('boundary.back')}
            </button>
          )}
          <button type="button" className="primary" onClick={this.retry}>
            {t('boundary.retry')}
          </button>
        </div>
      </div>
    );
    return this.props.dialog ? (
      <div className="modal-backdrop">
        <div className="modal" role="dialog" aria-modal="true" aria-label={this.props.where}>
          {box}
        </div>
      </div>
    ) : (
      <section className="page">{box}</section>
    );
  }
}

/** Remounted on 重试 (new key), so the failed subtree loads its data again. */
function ErrorBoundaryChild({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
