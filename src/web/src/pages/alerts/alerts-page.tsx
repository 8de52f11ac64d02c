import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { navigate, withQuery } from '../../router.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import { countBySeverity, splitActive } from './alert-grouping.js';
import { AlertTabs, TAB_PANEL_ID, tabId } from './alert-tabs.js';
import { type AlertTab, tabFromQuery } from './alert-tabs-model.js';
import type { AlertPage, AlertView } from './alert-types.js';
import { AlertsSection } from './alerts-section.js';
import { HistoryPanel } from './history-panel.js';
import { RulesPanel } from './rules-panel.js';
import { SilencedPanel } from './silenced-panel.js';
import './alerts.css';

const ACTIVE_LIMIT = 500;

/**
 * The Alerts page: active alerts (with acknowledge and silence for operators), silenced and
 * inhibited ones, the history and the rules, one tab each; the tab is in the address (`?tab=`).
 * Active alerts follow the live stream.
 */
export function AlertsPage({ query }: { query: URLSearchParams }) {
  const tab = tabFromQuery(query);
  const active = useApi('active-alerts', () =>
    api<AlertPage>('GET', `/api/alerts?state=active&limit=${ACTIVE_LIMIT}`),
  );
  useLiveReload(['alerts.alert_'], active.reload);
  const split = splitActive(active.data?.alerts ?? []);
  const known = new Map<string, AlertView>(split.all.map((a) => [a.alertId, a]));
  const select = (to: AlertTab) => navigate(withQuery('/alerts', { tab: to === 'active' ? undefined : to }));
  const loaded = active.data !== undefined;

  const panel = () => {
    if (tab === 'history') return <HistoryPanel query={query} />;
    if (tab === 'rules') return <RulesPanel />;
    if (!loaded) {
      return active.error ? null : <p aria-busy="true">Loading alerts…</p>;
    }
    if (tab === 'silenced')
      return <SilencedPanel alerts={split.silenced} known={known} onChanged={active.reload} />;
    if (tab === 'inhibited') {
      return (
        <>
          <h2>Inhibited alerts</h2>
          <p class="hint">Muted because a service they depend on is down, or by an inhibition rule.</p>
          <AlertsSection
            caption="Active alerts muted by inhibition"
            alerts={split.inhibited}
            known={known}
            empty="No active alert is inhibited."
            onChanged={active.reload}
          />
        </>
      );
    }
    const counts = countBySeverity(split.all);
    return (
      <>
        <h2>Active alerts</h2>
        {counts.length > 0 && (
          <p class="severity-counts">
            {counts.map((c, i) => (
              <span key={c.severity}>
                {i > 0 && ', '}
                <span class={`severity severity-${c.severity}`}>
                  {c.count} {c.severity}
                </span>
              </span>
            ))}
          </p>
        )}
        {active.data?.next && (
          <p class="hint">Showing the {ACTIVE_LIMIT} alerts that became active last; more are active.</p>
        )}
        <AlertsSection
          caption="Active alerts, most severe first"
          alerts={split.all}
          known={known}
          empty="No alert is active."
          onChanged={active.reload}
        />
      </>
    );
  };

  return (
    <section class="alerts-page" aria-labelledby="alerts-title">
      <h1 id="alerts-title">Alerts</h1>
      <AlertTabs
        current={tab}
        counts={{
          active: split.all.length,
          silenced: split.silenced.length,
          inhibited: split.inhibited.length,
        }}
        onSelect={select}
      />
      <div role="tabpanel" id={TAB_PANEL_ID} aria-labelledby={tabId(tab)}>
        {tab !== 'history' && tab !== 'rules' && <ErrorMessage error={active.error} />}
        {panel()}
      </div>
    </section>
  );
}
