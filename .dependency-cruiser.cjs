/**
 * Import direction of DESIGN.md, enforced in CI:
 *   cli -> server -> {domain modules} -> events -> resilience -> kernel
 * A domain module never imports a sibling, and nobody reaches into another
 * module's inner files: cross-module imports go through `<module>/index.ts`.
 */
const domains = [
  'monitor',
  'alerts',
  'healing',
  'lake',
  'analysis',
  'load',
  'coldstart',
  'validate',
  'jobs',
  'cache',
];
const layers = {
  kernel: [],
  resilience: ['kernel'],
  events: ['resilience', 'kernel'],
  ...Object.fromEntries(domains.map((d) => [d, ['events', 'resilience', 'kernel']])),
  server: [...domains, 'events', 'resilience', 'kernel'],
  cli: ['server', ...domains, 'events', 'resilience', 'kernel'],
  // The dashboard talks to the server over HTTP only: it imports nothing else, and nothing imports it.
  web: [],
};
const all = Object.keys(layers);

const directionRules = Object.entries(layers).map(([from, allowed]) => {
  const forbidden = all.filter((m) => m !== from && !allowed.includes(m));
  return {
    name: `${from}-imports-only-${allowed.length ? allowed.join('-') : 'nothing'}`,
    comment: `src/${from} may import only: ${allowed.join(', ') || 'no other module'} (DESIGN.md arrows)`,
    severity: 'error',
    from: { path: `^src/${from}/` },
    to: { path: `^src/(${forbidden.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...directionRules.filter((r) => !r.to.path.endsWith('()/')),
    {
      name: 'through-the-public-face',
      comment: 'Import another module only through its index.ts, never its inner files',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-never-imports-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
