import { buildDashboard } from '../browser/build-dashboard.js';
import { browserTestsRun } from '../browser/chromium.js';

/** Builds the dashboard once for the run's browser tests (each `vigia up` they start serves dist/web). */
export default async function setup(): Promise<void> {
  if (browserTestsRun) await buildDashboard();
}
