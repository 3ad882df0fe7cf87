/**
 * Folder boundaries in src/ (docs/architecture.md): folders depend one way, the shared kernel
 * (src/lib) depends on nothing else, and the code that ships to CI jobs (the action bundles, the
 * broker client, the stint/verify library) never pulls in the broker's server code.
 * Run: npm run depcheck.
 */
const serverCode = '^src/(broker|store|tokens|policy|cli|demo)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'Two folders import each other: move the shared piece down (often to src/lib) so the arrow points one way.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment: 'Modules that import each other load in an order that depends on who came first.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'lib-is-the-bottom',
      comment: 'src/lib is the kernel every folder may use; it uses no other folder.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'client-uses-only-lib',
      comment: "The broker's client runs in CI jobs; it depends only on the kernel.",
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/(lib|client)/' },
    },
    {
      name: 'action-bundle-has-no-server-code',
      comment:
        'The action (dist/main, dist/post) runs on every CI job: it must not bundle the broker, its store, keys or policy.',
      severity: 'error',
      from: { path: '^src/action/(main|post)\\.ts$' },
      to: { path: serverCode, reachable: true },
    },
    {
      name: 'verify-library-has-no-server-code',
      comment: "stint/verify runs in users' services: it must not bundle the broker, its store, keys or policy.",
      severity: 'error',
      from: { path: '^src/verify/index\\.ts$' },
      to: { path: serverCode, reachable: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.d.ts'] },
  },
};
