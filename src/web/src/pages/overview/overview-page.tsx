import { AlertsPanel } from './alerts-panel.js';
import { DemoPanel } from './demo-panel.js';
import { FleetPanel } from './fleet-panel.js';
import { LiveFeed } from './live-feed.js';

/** The overview: the fleet, active alerts and open incidents, the demo's controls, and the live feed. */
export function OverviewPage() {
  return (
    <div class="overview">
      <FleetPanel />
      <AlertsPanel />
      <DemoPanel />
      <LiveFeed />
    </div>
  );
}
