import { describe, expect, it } from 'vitest';
import { CHECK_SERIES, MonitorContract } from '../src/alerts/index.js';
import { MetricEvents, MONITOR_DEFINITION_EVENT_PREFIX, MonitorEvents } from '../src/monitor/index.js';

// Alerting reads monitor events by name without importing the monitor module (sibling modules
// meet only through events); this keeps its copy of the names true.
describe('the monitor events alerting follows', () => {
  it('are the monitor module’s own event types', () => {
    expect(MonitorContract.checkCompleted).toBe(MonitorEvents.checkCompleted);
    expect(MonitorContract.statusChanged).toBe(MonitorEvents.statusChanged);
    expect(MonitorContract.monitorDeleted).toBe(MonitorEvents.monitorDeleted);
    expect(MonitorContract.definitionPrefix).toBe(`${MONITOR_DEFINITION_EVENT_PREFIX}_`);
    expect(MonitorEvents.monitorCreated.startsWith(MonitorContract.definitionPrefix)).toBe(true);
    expect(MonitorContract.samplesRecorded).toBe(MetricEvents.samplesRecorded);
  });

  it('name check series that are valid metric names', () => {
    for (const name of Object.values(CHECK_SERIES)) expect(name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
  });
});
