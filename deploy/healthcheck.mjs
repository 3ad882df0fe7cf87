// The image's HEALTHCHECK: exit 0 when the broker answers 200 on /livez, else 1. A broker
// that does not serve /livez (it answers 404) is asked /healthz, its readiness, instead.
// Usage: node healthcheck.mjs [BASE_URL]   (default $STINT_HEALTHCHECK_URL or http://127.0.0.1:8080)
const base = process.argv[2] ?? process.env.STINT_HEALTHCHECK_URL ?? 'http://127.0.0.1:8080';

async function statusOf(path) {
  const response = await fetch(new URL(path, base), { redirect: 'manual', signal: AbortSignal.timeout(4000) });
  await response.body?.cancel();
  return response.status;
}

try {
  let path = '/livez';
  let status = await statusOf(path);
  if (status === 404) {
    path = '/healthz';
    status = await statusOf(path);
  }
  console.log(`stint healthcheck: ${path} answered ${status}`);
  process.exitCode = status === 200 ? 0 : 1;
} catch (error) {
  console.log(`stint healthcheck: ${base} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
