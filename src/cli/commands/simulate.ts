import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import {
  demoFleetDescription,
  type FaultSettings,
  type FleetDescription,
  MAX_FLEET_SIZE,
  MAX_LATENCY_MS,
  parseFleetDescription,
  pushTargetProblem,
  type SimulatorFleet,
  startSimulatorFleet,
} from '../../monitor/index.js';
import { commandLogger, configFrom, type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { parseCount } from '../parse-options.js';

interface SimulateFlags {
  demo?: boolean;
  count?: string;
  fleet?: string;
  basePort?: string;
  failureRate?: string;
  latency?: string;
  jitter?: string;
  pushUrl?: string;
  pushToken?: string;
  pushInterval?: string;
  allowRemotePush?: boolean;
}

/** Keeps the push token out of the process list when set in the environment instead of --push-token. */
const PUSH_TOKEN_VARIABLE = 'VIGIA_SIMULATE_PUSH_TOKEN';

const EXAMPLES = `
Without --count or --fleet, the demo fleet runs: web -> api -> db and cache, plus queue.
Faults switch at run time, e.g.:
  curl -X POST http://127.0.0.1:PORT/chaos -d '{"failureRate":0.5,"latencyMs":800}'
  curl -X POST http://127.0.0.1:PORT/chaos -d '{"available":false}'   (connections cut; /chaos still answers)
  curl -X POST http://127.0.0.1:PORT/chaos/reset
Each service answers GET / and /health, /metrics (Prometheus text), /info (its dependencies) and GET /chaos.`;

function parseBounded(flag: string, value: string, min: number, max: number): number {
  const n = parseCount(flag, value);
  if (n < min || n > max) throw new UsageError(`${flag} must be from ${min} to ${max}, got ${value}`);
  return n;
}

function parseRate(flag: string, value: string): number {
  const n = Number(value);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || n > 1) {
    throw new UsageError(`${flag} must be a number from 0 to 1 (a share of requests), got "${value}"`);
  }
  return n;
}

function readFleetFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--fleet: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const kind = /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON (name the file .yaml for YAML)';
    throw new UsageError(`--fleet: ${file} is not valid ${kind}: ${(error as Error).message}`);
  }
}

/** The fleet the flags ask for: --fleet, --count, or the demo fleet; push flags win over the file. */
function descriptionFrom(flags: SimulateFlags): FleetDescription {
  const chosen = [flags.demo && '--demo', flags.count !== undefined && '--count', flags.fleet && '--fleet'];
  const given = chosen.filter(Boolean);
  if (given.length > 1)
    throw new UsageError(`Use one of --demo, --count and --fleet, not ${given.join(' and ')}`);
  let description: FleetDescription;
  if (flags.fleet) {
    const raw = readFleetFile(flags.fleet);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new UsageError(`--fleet: ${flags.fleet} must hold an object with services or count`);
    }
    description = raw as FleetDescription;
  } else if (flags.count !== undefined) {
    description = { count: parseBounded('--count', flags.count, 1, MAX_FLEET_SIZE) };
  } else {
    description = demoFleetDescription();
  }
  const pushToken = flags.pushToken ?? process.env[PUSH_TOKEN_VARIABLE];
  const allowRemotePush = flags.allowRemotePush || description.allowRemotePush === true;
  if (flags.pushUrl !== undefined) {
    const problem = pushTargetProblem(flags.pushUrl, allowRemotePush);
    if (problem)
      throw new UsageError(`--push-url ${problem.replace('allowRemotePush', '--allow-remote-push')}`);
    description = { ...description, pushUrl: flags.pushUrl };
  }
  if (flags.allowRemotePush) description = { ...description, allowRemotePush: true };
  if (flags.pushInterval !== undefined) {
    if (description.pushUrl === undefined) throw new UsageError('--push-interval needs --push-url');
    description = {
      ...description,
      pushIntervalMs: parseBounded('--push-interval', flags.pushInterval, 100, 3_600_000),
    };
  }
  if (flags.pushToken !== undefined && description.pushUrl === undefined) {
    throw new UsageError('--push-token needs --push-url');
  }
  // The variable may be exported for other runs: without a push URL it is simply unused.
  if (pushToken && description.pushUrl !== undefined) description = { ...description, pushToken };
  return description;
}

function overridesFrom(flags: SimulateFlags): Partial<FaultSettings> {
  const overrides: Partial<FaultSettings> = {};
  if (flags.failureRate !== undefined) overrides.failureRate = parseRate('--failure-rate', flags.failureRate);
  if (flags.latency !== undefined)
    overrides.latencyMs = parseBounded('--latency', flags.latency, 0, MAX_LATENCY_MS);
  if (flags.jitter !== undefined)
    overrides.jitterMs = parseBounded('--jitter', flags.jitter, 0, MAX_LATENCY_MS);
  return overrides;
}

/** Waits for the first SIGINT or SIGTERM; `cancel` removes the handlers if the wait is abandoned. */
function firstSignal(): { received: Promise<NodeJS.Signals>; cancel(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const cancel = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      cancel();
      resolve(signal);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { received, cancel };
}

/** `vigia simulate`: runs fake services on 127.0.0.1 until SIGINT/SIGTERM, then stops them and exits 0. */
export function registerSimulateCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('simulate')
    .description('run simulated services on 127.0.0.1 (demo fleet, monitoring benchmark targets)')
    .option('--demo', 'the demo fleet: web, api, db, cache, queue (the default)')
    .option('--count <n>', `n services named svc-1 … svc-n with default settings (1-${MAX_FLEET_SIZE})`)
    .option('--fleet <file>', 'a fleet description, JSON or YAML (.yaml/.yml)')
    .option('--base-port <port>', 'service i listens on port+i (default: free ports)')
    .option('--failure-rate <rate>', 'share of requests answered 500, 0 to 1, for every service')
    .option('--latency <ms>', 'base answer delay for every service')
    .option('--jitter <ms>', 'uniform extra delay 0..ms for every service')
    .option('--push-url <url>', 'POST cpu/memory samples here (loopback only unless --allow-remote-push)')
    .option('--push-token <token>', `bearer token for pushes (or ${PUSH_TOKEN_VARIABLE}, kept out of ps)`)
    .option('--push-interval <ms>', 'push every ms milliseconds (default 10000)')
    .option('--allow-remote-push', 'allow a --push-url that is not on this machine')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: SimulateFlags) => {
      const spec = parseFleetDescription(
        descriptionFrom(flags),
        flags.fleet ? `--fleet ${flags.fleet}` : 'fleet description',
      );
      const overrides = overridesFrom(flags);
      const highestBase = 65536 - spec.services.length;
      const basePort =
        flags.basePort === undefined ? 0 : parseBounded('--base-port', flags.basePort, 0, highestBase);
      const logger = commandLogger(configFrom(globals()));
      // Listen before starting, so a Ctrl-C during start-up still stops whatever did start.
      const signal = firstSignal();
      let fleet: SimulatorFleet;
      try {
        fleet = await startSimulatorFleet(spec, { basePort, overrides, logger });
      } catch (error) {
        signal.cancel();
        throw error;
      }
      const addresses = fleet.addresses();
      const width = Math.max(...addresses.map((address) => address.name.length));
      for (const { name, url, chaosUrl, dependsOn } of addresses) {
        if (globals().json) printLine(JSON.stringify({ name, url, chaosUrl, dependsOn }));
        else printLine(`${name.padEnd(width)}  ${url}  (chaos: POST ${chaosUrl})`);
      }
      process.stderr.write(`${addresses.length} simulated service(s) running. Stop with Ctrl-C.\n`);
      await signal.received;
      await fleet.stop();
    });
}
