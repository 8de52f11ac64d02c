import type { Logger } from '../../kernel/index.js';
import { startSimulatorFleet } from '../../monitor/index.js';
import { type ChaosLoop, startChaosLoop } from './chaos-loop.js';
import { type DemoDefinitions, demoDefinitions } from './demo-definitions.js';
import { demoSimulatorFleet } from './demo-fleet.js';
import { removeDemoFleetFile, writeDemoFleetFile } from './demo-fleet-file.js';
import { startDemoLogReceiver } from './log-receiver.js';

/** A running demo: its definitions (to add to the configuration's lists) and how to stop it. */
export interface RunningDemo {
  definitions: DemoDefinitions;
  /** The simulated services and their loopback addresses. */
  services: ReadonlyArray<{ name: string; url: string }>;
  /** Starts the chaos loop (once Vigia runs: faults before monitoring would go unseen). */
  startChaos(): void;
  stop(): Promise<void>;
}

/**
 * The demo of `npm start`: a simulated fleet on loopback, a log receiver for its notifications,
 * the monitors, rules, route and runbooks that watch and heal it, and a chaos loop that breaks
 * something about once a minute. Its addresses are written to `<dataDir>/demo-fleet.json` for
 * `vigia demo chaos | reset`.
 */
export async function startDemo(dataDir: string, logger: Logger): Promise<RunningDemo> {
  const receiver = await startDemoLogReceiver(logger.child({ module: 'demo-log-receiver' }));
  const fleet = await startSimulatorFleet(demoSimulatorFleet(), {
    logger: logger.child({ module: 'demo-fleet' }),
  });
  const addresses = fleet.addresses().map((a) => ({ name: a.name, url: a.url }));
  await writeDemoFleetFile(dataDir, addresses);
  let chaos: ChaosLoop | undefined;
  return {
    definitions: demoDefinitions(addresses, { logReceiverUrl: receiver.url }),
    services: addresses,
    startChaos() {
      chaos ??= startChaosLoop({ services: addresses, logger: logger.child({ module: 'demo-chaos' }) });
    },
    async stop() {
      await chaos?.stop();
      await removeDemoFleetFile(dataDir).catch(() => undefined);
      await fleet.stop();
      await receiver.close();
    },
  };
}
