/** Layering rules from docs/architecture: iam/ is pure, nothing imports the CLI or server. */
module.exports = {
  forbidden: [
    {
      name: 'iam-is-pure',
      comment: 'src/iam is the pure policy engine: it may import only itself (no node: builtins, no packages).',
      severity: 'error',
      from: { path: '^src/iam/' },
      to: { pathNot: '^src/iam/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'engines-below-services',
      comment: 'Engines hold domain logic: they may use core and iam, never services, the decision point, the server or the CLI.',
      severity: 'error',
      from: { path: '^src/engines/' },
      to: { path: '^src/(services|authz|server|cli|protocols|store)/' },
    },
    {
      name: 'services-not-storage',
      comment: 'Services reach storage only through the ports that engines declare.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(store|server|cli)/' },
    },
    {
      name: 'protocols-apart-from-logic',
      severity: 'error',
      from: { path: '^src/protocols/' },
      to: { path: '^src/(iam|engines|services|authz|store|server|cli)/' },
    },
    {
      name: 'nothing-imports-entry-points',
      severity: 'error',
      from: { pathNot: '^src/(cli|server)/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
