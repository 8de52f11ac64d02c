import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import type { AlertView, SilenceView } from './alert-types.js';
import { AlertsSection } from './alerts-section.js';
import { loadAllPages } from './load-all-pages.js';
import { arrangeSilences } from './silence-list-model.js';
import { SilencesTable } from './silences-table.js';

/** The Silenced tab: active alerts a silence mutes, then the silences (current ones, expired ones folded). */
export function SilencedPanel(props: {
  alerts: AlertView[];
  known: ReadonlyMap<string, AlertView>;
  onChanged: () => void;
}) {
  const canAct = useCan('operator');
  const silences = useApi('silences', () =>
    loadAllPages<SilenceView>('/api/silences', (url) => api('GET', url)),
  );
  useLiveReload(['alerts.silence_'], silences.reload);
  const changed = () => {
    silences.reload();
    props.onChanged();
  };
  const arranged = silences.data ? arrangeSilences(silences.data, Date.now()) : undefined;
  return (
    <>
      <h2>Silenced alerts</h2>
      <AlertsSection
        caption="Active alerts muted by a silence"
        alerts={props.alerts}
        known={props.known}
        empty="No active alert is silenced."
        onChanged={changed}
      />
      <h2>Silences</h2>
      <ErrorMessage error={silences.error} />
      {!arranged && !silences.error && <p aria-busy="true">Loading silences…</p>}
      {arranged && arranged.current.length === 0 && <p>No silence is active or about to start.</p>}
      {arranged && arranged.current.length > 0 && (
        <SilencesTable
          caption="Active and pending silences"
          silences={arranged.current}
          {...(canAct ? { onExpired: changed } : {})}
        />
      )}
      {arranged && arranged.expired.length > 0 && (
        <details class="expired-silences">
          <summary>Expired silences ({arranged.expired.length})</summary>
          <SilencesTable caption="Expired silences" silences={arranged.expired} />
        </details>
      )}
    </>
  );
}
