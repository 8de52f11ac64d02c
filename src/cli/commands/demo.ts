import type { Command } from 'commander';
import { type FaultSettings, parseFaultPatch } from '../../monitor/index.js';
import {
  activeDemoFault,
  DEMO_FAULT_NAMES,
  DEMO_FAULTS,
  type DemoFleetFile,
  isDemoFaultName,
  readDemoFleetFile,
  readFaults,
  resetFaults,
  switchFaults,
} from '../../server/index.js';
import { configFrom, type GlobalOptions, printLine } from '../cli-context.js';
import { UsageError } from '../exit-codes.js';
import { cell, formatTable } from '../format-table.js';
import { collect } from '../parse-options.js';

const FAULT_FIELDS: ReadonlyArray<keyof FaultSettings> = [
  'failureRate',
  'latencyMs',
  'jitterMs',
  'available',
  'cpuPercent',
  'memoryPercent',
];

const EXAMPLES = `
Faults: down (connections cut), slow (6 s answers), errors (80% answered 500), cpu (97% CPU).
Examples:
  vigia demo chaos db down
  vigia demo chaos api --set failureRate=0.5 --set latencyMs=800
  vigia demo reset            every service back to its start settings
  vigia demo status           each service and the fault it has on`;

/** The running demo fleet of the configured data directory. */
async function demoFleet(globals: GlobalOptions): Promise<{ dataDir: string; fleet: DemoFleetFile }> {
  const { dataDir } = configFrom(globals);
  return { dataDir, fleet: await readDemoFleetFile(dataDir) };
}

function serviceNamed(fleet: DemoFleetFile, dataDir: string, name: string): { name: string; url: string } {
  const service = fleet.services.find((s) => s.name === name);
  if (!service) {
    const known = fleet.services.map((s) => s.name).join(', ');
    throw new UsageError(`unknown demo service "${name}": the demo fleet in ${dataDir} has ${known}`);
  }
  return service;
}

/** `--set failureRate=0.5` flags as a fault patch, checked as the simulator would check it. */
function patchFromSets(sets: readonly string[]): Partial<FaultSettings> {
  const patch: Record<string, unknown> = {};
  for (const set of sets) {
    const equals = set.indexOf('=');
    const key = set.slice(0, Math.max(0, equals));
    const text = set.slice(equals + 1);
    if (equals <= 0 || !(FAULT_FIELDS as readonly string[]).includes(key)) {
      throw new UsageError(
        `--set must look like <field>=<value> with field one of ${FAULT_FIELDS.join(', ')}, got "${set}"`,
      );
    }
    if (Object.hasOwn(patch, key)) throw new UsageError(`--set ${key} is given twice`);
    if (key === 'available') {
      if (text !== 'true' && text !== 'false') {
        throw new UsageError(`--set available must be true or false, got "${text}"`);
      }
      patch[key] = text === 'true';
    } else {
      if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) {
        throw new UsageError(`--set ${key} must be a number, got "${text}"`);
      }
      patch[key] = Number(text);
    }
  }
  const parsed = parseFaultPatch(patch);
  if (!parsed.ok) throw new UsageError(`--set ${parsed.error}`);
  return parsed.patch;
}

function describePatch(patch: Partial<FaultSettings>): string {
  return Object.entries(patch)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** `vigia demo chaos | reset | status`: switches faults of the demo fleet that `vigia up` runs. */
export function registerDemoCommands(program: Command, globals: () => GlobalOptions): void {
  const demo = program
    .command('demo')
    .description('the demo fleet of a running `vigia up`: switch faults on and off')
    .addHelpText('after', EXAMPLES);
  const json = () => Boolean(globals().json);

  demo
    .command('chaos')
    .description(`switch a fault on at one demo service: ${DEMO_FAULT_NAMES.join(', ')}, or --set`)
    .argument('<service>', 'a service of the demo fleet (web, api, db …)')
    .argument('[fault]', DEMO_FAULT_NAMES.join(' | '))
    .option('--set <field=value>', `a fault setting (${FAULT_FIELDS.join(', ')}); repeatable`, collect)
    .action(async (serviceName: string, faultName: string | undefined, flags: { set?: string[] }) => {
      if (faultName !== undefined && !isDemoFaultName(faultName)) {
        throw new UsageError(`fault must be one of ${DEMO_FAULT_NAMES.join(', ')}, got "${faultName}"`);
      }
      const sets = patchFromSets(flags.set ?? []);
      if (faultName === undefined && Object.keys(sets).length === 0) {
        throw new UsageError(
          `Give a fault (${DEMO_FAULT_NAMES.join(', ')}) or at least one --set field=value`,
        );
      }
      const patch = { ...(faultName ? DEMO_FAULTS[faultName] : {}), ...sets };
      const { dataDir, fleet } = await demoFleet(globals());
      const service = serviceNamed(fleet, dataDir, serviceName);
      const faults = await switchFaults(service.url, patch);
      if (json()) printLine(JSON.stringify({ service: service.name, faults }));
      else {
        const what = faultName ? `fault "${faultName}" on` : 'faults switched';
        printLine(`${service.name}: ${what} (${describePatch(patch)})`);
      }
    });

  demo
    .command('reset')
    .description('switch faults off: one service, or every service of the demo fleet')
    .argument('[service]', 'a service of the demo fleet (default: all)')
    .action(async (serviceName: string | undefined) => {
      const { dataDir, fleet } = await demoFleet(globals());
      const targets =
        serviceName === undefined ? fleet.services : [serviceNamed(fleet, dataDir, serviceName)];
      const results = await Promise.all(
        targets.map(async (service) => ({ service: service.name, faults: await resetFaults(service.url) })),
      );
      for (const result of results) {
        printLine(json() ? JSON.stringify(result) : `${result.service}: faults reset`);
      }
    });

  demo
    .command('status')
    .description('each demo service, its address and the fault it has on')
    .action(async () => {
      const { fleet } = await demoFleet(globals());
      const results = await Promise.all(
        fleet.services.map(async (service) => ({ ...service, faults: await readFaults(service.url) })),
      );
      if (json()) {
        for (const result of results) printLine(JSON.stringify(result));
        return;
      }
      const rows = results.map(({ name, url, faults }) => [
        name,
        url,
        cell(activeDemoFault(faults)),
        String(faults.available),
        cell(faults.failureRate),
        cell(faults.latencyMs),
        cell(faults.cpuPercent),
      ]);
      const headers = ['NAME', 'URL', 'FAULT', 'AVAILABLE', 'FAILURE_RATE', 'LATENCY_MS', 'CPU_PERCENT'];
      for (const line of formatTable(headers, rows)) printLine(line);
    });
}
