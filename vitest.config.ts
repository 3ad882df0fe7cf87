import { spawnSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

/**
 * Suites that drive a real outside program. CI (`bash .ci/run`, CI=true) installs every one and
 * runs everything: a missing program fails there. On a developer's machine without one, only the
 * suites that need it are left out, with a line saying what to install, so `npm test` still
 * tests everything else.
 */
const needs: Array<{ tool: string; apt: string; files: string[] }> = [
  {
    tool: 'redis-server',
    apt: 'redis-server',
    files: [
      'test/store/redis.test.ts',
      'test/redis/**',
      'test/pkcs11/fleet.test.ts',
      'test/broker/store-outage.test.ts',
      'test/deploy/volumes.test.ts',
      'test/deploy/metrics.test.ts',
    ],
  },
  { tool: 'redis-sentinel', apt: 'redis-sentinel', files: ['test/redis/sentinel*.test.ts'] },
  { tool: 'redis-cli', apt: 'redis-tools', files: ['test/redis/cluster*.test.ts'] },
  { tool: 'groovy', apt: 'groovy', files: ['test/recipes/jenkins.test.ts'] },
  { tool: 'shellcheck', apt: 'shellcheck', files: ['test/recipes/lint.test.ts'] },
  { tool: 'rsync', apt: 'rsync', files: ['test/recipes/gitlab.test.ts'] },
  { tool: 'git', apt: 'git', files: ['test/recipes/gitlab.test.ts'] },
  {
    tool: 'promtool',
    apt: 'prometheus',
    files: ['test/deploy/prometheus.test.ts', 'test/broker/api-key-lifetime.test.ts'],
  },
  { tool: 'python3', apt: 'python3', files: ['test/policy/policy-test-junit.test.ts'] },
  { tool: 'systemd-analyze', apt: 'systemd', files: ['test/deploy/systemd.test.ts'] },
  { tool: 'nginx', apt: 'nginx', files: ['test/deploy/proxy.test.ts'] },
  // The spellings of a secret that real tools print, against what the action masks.
  { tool: 'openssl', apt: 'openssl', files: ['test/action/mask-spellings.test.ts'] },
  { tool: 'python3', apt: 'python3', files: ['test/action/mask-spellings.test.ts'] },
  // A pseudo-terminal for what the CLI prints to one.
  { tool: 'script', apt: 'bsdutils', files: ['test/cli/terminal.test.ts', 'test/broker/logs.test.ts'] },
  // Self-signed serving certificates for stint serve --tls-cert.
  { tool: 'openssl', apt: 'openssl', files: ['test/broker/serve.test.ts', 'test/exchange/broker-answers.test.ts'] },
  // The image's health check against a broker serving TLS itself.
  { tool: 'openssl', apt: 'openssl', files: ['test/deploy/docker.test.ts', 'test/deploy/systemd.test.ts'] },
  { tool: 'bats', apt: 'bats', files: ['test/recipes/buildkite-bats.test.ts'] },
  // The documented `printf … | curl -H @-` run for real, its /proc/PID/cmdline read as another user.
  { tool: 'curl', apt: 'curl', files: ['test/docs/token-off-argv.test.ts'] },
  { tool: 'softhsm2-util', apt: 'softhsm2', files: ['test/pkcs11/**'] },
  // A real egress proxy (test/helpers/squid.ts): tunnels, 407, names only it resolves.
  { tool: 'squid', apt: 'squid', files: ['test/proxy/**'] },
  // The system calls of a state file's replacement (fsync of the file, rename, fsync of the dir).
  { tool: 'strace', apt: 'strace', files: ['test/lib/atomic-file.test.ts'] },
  // Client and server certificates made and read by openssl (the Redis ones with TLS are above).
  { tool: 'openssl', apt: 'openssl', files: ['test/broker/api-key-lifetime.test.ts'] },
];
// Single tests need a program too, and run (failing without it) whenever CI is set: curl in
// test/mtls/setup.test.ts; openssl wherever a test makes a certificate (test/helpers/tls-cert.ts
// runs it; `grep -rl "tls-cert.js\|'openssl'" test`: test/mtls, test/broker/serve and
// connection-flood, test/exchange/broker-answers, …);
// python3 in test/action/mask-spellings, test/policy/policy-test-junit and test/file-lock. Root
// (setpriv, unshare -m): test/deploy/volumes, test/broker/keys-read-only,
// test/tokens/keys-cli-audit-first (.ci/run runs as root; the GitHub workflow runs it with sudo).

const onPath = (tool: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const leftOut = process.env.CI ? [] : needs.filter(({ tool }) => !onPath(tool));
for (const { tool, apt, files } of leftOut) {
  process.stderr.write(
    `stint tests: ${tool} is not on PATH, so ${files.join(', ')} will not run (apt-get install -y ${apt}, or run bash .ci/run)\n`,
  );
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...leftOut.flatMap(({ files }) => files)],
    // Tests start real servers (issuer, broker, Redis) on loopback and wait for conditions, not
    // for time to pass; these are ceilings for a hung test on a loaded 2-core machine, never budgets.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
