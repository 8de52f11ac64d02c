import { useState } from 'preact/hooks';
import { useCan } from '../../session.js';
import { formatTime } from '../../ui/format.js';
import type { AlertView, SilenceView } from './alert-types.js';
import { AlertsTable } from './alerts-table.js';
import { SilenceForm } from './silence-form.js';

/**
 * A list of active alerts with what operators do to them: acknowledge, withdraw, and silence
 * (the form opens above the list, prefilled from the alert). Viewers see the list only.
 */
export function AlertsSection(props: {
  caption: string;
  alerts: AlertView[];
  known: ReadonlyMap<string, AlertView>;
  empty: string;
  onChanged: () => void;
}) {
  const canAct = useCan('operator');
  const [silencing, setSilencing] = useState<AlertView | undefined>();
  const [created, setCreated] = useState<SilenceView | undefined>();
  const onCreated = (silence: SilenceView) => {
    setSilencing(undefined);
    setCreated(silence);
    props.onChanged();
  };
  return (
    <div class="alerts-section">
      <p role="status" class="status">
        {created && `Silence created: it ends ${formatTime(created.endsAt)}.`}
      </p>
      {canAct && silencing && (
        <SilenceForm
          key={silencing.alertId}
          alert={silencing}
          onCreated={onCreated}
          onCancel={() => setSilencing(undefined)}
        />
      )}
      {props.alerts.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <AlertsTable
          caption={props.caption}
          alerts={props.alerts}
          known={props.known}
          {...(canAct
            ? {
                actions: {
                  onChanged: props.onChanged,
                  onSilence: (alert: AlertView) => {
                    setCreated(undefined);
                    setSilencing(alert);
                  },
                },
              }
            : {})}
        />
      )}
    </div>
  );
}
