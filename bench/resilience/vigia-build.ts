/**
 * The Vigia code under measurement. By default src/resilience and src/kernel are compiled with
 * TypeScript (what `npm run build` ships: types stripped, nothing added) into a scratch folder
 * and loaded from there. Running the sources through tsx instead would measure tsx: it compiles
 * with esbuild's keepNames, which wraps every named closure in a `__name(fn, "…")` call (an
 * Object.defineProperty) each time the closure is created — a cost on every call of a hot path
 * that creates one, which neither the built package nor the other libraries (plain JS in
 * node_modules, which tsx leaves alone) pay. VIGIA_BENCH_SOURCE=tsx measures the tsx build.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { onCleanup } from '../lib/cleanup.js';

export type VigiaModule = typeof import('../../src/resilience/index.js');

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = path.join(REPO, 'src');
/** Inside the repository, so that the compiled files resolve packages from its node_modules. */
const SCRATCH = path.join(REPO, '.bench-tmp');
/** resilience and what it may import (DESIGN.md's arrows: resilience → kernel). */
const MODULES = ['resilience', 'kernel'];

/** Where the measured build comes from, for the log. */
export interface VigiaBuild {
  /** URL of the resilience index to import. */
  url: string;
  description: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Compiles (or, with VIGIA_BENCH_SOURCE=tsx, points at) the code to measure. */
export function prepareVigia(): VigiaBuild {
  if (process.env.VIGIA_BENCH_SOURCE === 'tsx') {
    return {
      url: pathToFileURL(path.join(SRC, 'resilience', 'index.ts')).href,
      description: 'src/ through tsx (VIGIA_BENCH_SOURCE=tsx)',
    };
  }
  const out = path.join(SCRATCH, `resilience-${process.pid}`);
  onCleanup(() => {
    rmSync(out, { recursive: true, force: true });
    // The shared scratch folder goes too once no other run is using it.
    if (existsSync(SCRATCH) && readdirSync(SCRATCH).length === 0)
      rmSync(SCRATCH, { recursive: true, force: true });
  });
  // The project's compiler options, but ES modules: each file is compiled on its own, without
  // the package.json that tells NodeNext which format to emit.
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(REPO, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const compilerOptions: ts.CompilerOptions = {
    ...config?.options,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    sourceMap: false,
    declaration: false,
    noEmit: false,
  };
  let files = 0;
  for (const module of MODULES) {
    for (const file of sourceFiles(path.join(SRC, module))) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions,
        fileName: file,
      });
      const target = path.join(out, path.relative(SRC, file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, outputText);
      files++;
    }
  }
  writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  return {
    url: pathToFileURL(path.join(out, 'resilience', 'index.js')).href,
    description: `src/${MODULES.join(', src/')} compiled by TypeScript ${ts.version} (${files} files)`,
  };
}

export async function loadVigia(url: string): Promise<VigiaModule> {
  return (await import(url)) as VigiaModule;
}
