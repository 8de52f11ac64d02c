import { describe, expect, it } from 'vitest';
import { AlertEvents } from '../src/alerts/index.js';
import { CIRCUIT_STATE_CHANGED } from '../src/events/index.js';
import { MonitorRequests, ObservedEvents } from '../src/healing/index.js';
import { MetricEvents, MonitorEvents, monitorRequestStream } from '../src/monitor/index.js';

// Healing reads (and asks for) other modules' events by name without importing them (sibling
// modules meet only through events); this keeps its copies of the names true.
describe('the events healing follows and appends', () => {
  it('are the monitor, metric and alert modules’ own', () => {
    expect(ObservedEvents.monitorCreated).toBe(MonitorEvents.monitorCreated);
    expect(ObservedEvents.monitorUpdated).toBe(MonitorEvents.monitorUpdated);
    expect(ObservedEvents.monitorDeleted).toBe(MonitorEvents.monitorDeleted);
    expect(ObservedEvents.checkCompleted).toBe(MonitorEvents.checkCompleted);
    expect(ObservedEvents.statusChanged).toBe(MonitorEvents.statusChanged);
    expect(ObservedEvents.samplesRecorded).toBe(MetricEvents.samplesRecorded);
    expect(ObservedEvents.alertFired).toBe(AlertEvents.fired);
    expect(ObservedEvents.alertResolved).toBe(AlertEvents.resolved);
    expect(ObservedEvents.alertInhibited).toBe(AlertEvents.inhibited);
    expect(ObservedEvents.alertUninhibited).toBe(AlertEvents.uninhibited);
    expect(ObservedEvents.circuitStateChanged).toBe(CIRCUIT_STATE_CHANGED);
  });

  it('ask the monitor module to check now the way it listens for it', () => {
    expect(MonitorRequests.checkRequested).toBe(MonitorEvents.checkRequested);
    expect(MonitorRequests.stream('m-1')).toBe(monitorRequestStream('m-1'));
  });
});
