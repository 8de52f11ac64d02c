import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ValidationError, VigiaError } from '../../kernel/index.js';
import { loopbackUrlProblem } from './loopback-url.js';

/** The file, in the data directory, where `vigia up` tells the CLI where the running demo fleet answers. */
export const DEMO_FLEET_FILE = 'demo-fleet.json';

/** The contents of demo-fleet.json. */
export interface DemoFleetFile {
  services: Array<{ name: string; url: string }>;
}

/** No demo fleet file in the data directory: `vigia up` is not running a demo there. */
export class DemoNotRunningError extends VigiaError {
  constructor(dataDir: string) {
    super(
      'NOT_FOUND',
      `no demo fleet is running in ${dataDir} (start one with \`vigia up\` on an empty data directory, or give --data-dir)`,
      { details: { dataDir } },
    );
  }
}

const fileSchema = z.object({
  services: z
    .array(
      z.object({
        name: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
        url: z.string().superRefine((url, context) => {
          const problem = loopbackUrlProblem(url);
          if (problem) context.addIssue({ code: 'custom', message: problem });
        }),
      }),
    )
    .min(1, 'must list at least one service')
    .max(1000, 'must list at most 1000 services'),
});

/** Where the demo fleet file of a data directory is. */
export function demoFleetFilePath(dataDir: string): string {
  return path.join(dataDir, DEMO_FLEET_FILE);
}

/** Checks the contents of a demo fleet file (names unique, URLs loopback); throws ValidationError naming the field. */
export function parseDemoFleetFile(raw: unknown, source = DEMO_FLEET_FILE): DemoFleetFile {
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    }));
    const text = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ValidationError(`${source} is not a valid demo fleet file: ${text}`, issues);
  }
  const seen = new Set<string>();
  for (const [index, service] of result.data.services.entries()) {
    if (seen.has(service.name)) {
      throw new ValidationError(`${source}: services.${index}.name "${service.name}" appears twice`);
    }
    seen.add(service.name);
  }
  return { services: result.data.services.map(({ name, url }) => ({ name, url })) };
}

/** Reads the data directory's demo fleet file; DemoNotRunningError when there is none. */
export async function readDemoFleetFile(dataDir: string): Promise<DemoFleetFile> {
  const file = demoFleetFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DemoNotRunningError(dataDir);
    throw new VigiaError('UNAVAILABLE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseDemoFleetFile(raw, file);
}

/** Writes the demo fleet file (atomically: readers never see half a file). */
export async function writeDemoFleetFile(
  dataDir: string,
  services: ReadonlyArray<{ name: string; url: string }>,
): Promise<string> {
  const contents = parseDemoFleetFile({ services: services.map(({ name, url }) => ({ name, url })) });
  const file = demoFleetFilePath(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
  return file;
}

/** Removes the demo fleet file when the demo stops (nothing happens when there is none). */
export async function removeDemoFleetFile(dataDir: string): Promise<void> {
  await rm(demoFleetFilePath(dataDir), { force: true });
}
