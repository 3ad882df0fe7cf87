// Preloaded (--import) into a server by bench/exchange/count.ts: the first SIGUSR2 starts counting
// what the process creates (async resources by type: promises, timers, immediates, thread-pool
// requests…) and samples its allocations; the second writes the counts, the time window and the
// allocation sample by function to the file named by STINT_COUNT_OUT. Not for measuring CPU: the
// hook and the sampler slow the process down.
import { createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const counts = new Map();
/** With STINT_COUNT_STACKS=TYPE,TYPE…: where each of those types is created (the first frames of the stack outside node:). */
const stackTypes = new Set((process.env.STINT_COUNT_STACKS ?? '').split(',').filter(Boolean));
const stacks = new Map();
const hook = createHook({
  init(_id, type) {
    counts.set(type, (counts.get(type) ?? 0) + 1);
    if (!stackTypes.has(type)) return;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 12;
    const frames = (new Error().stack ?? '')
      .split('\n')
      .slice(2)
      .map((line) => line.trim().replace(/^at /, ''));
    Error.stackTraceLimit = limit;
    const site = `${type} ${frames
      .filter((f) => !f.includes('async_hooks') && !f.includes('node:internal/timers') && !f.includes('(node:timers'))
      .slice(0, 3)
      .join(' < ')
      .replace(/file:\/\/\S*\/(dist|src|node_modules)\//g, '$1/')}`;
    stacks.set(site, (stacks.get(site) ?? 0) + 1);
  },
});
const session = new Session();
session.connect();
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

let started;
process.on('SIGUSR2', async () => {
  if (started === undefined) {
    await post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    counts.clear();
    stacks.clear();
    hook.enable();
    started = performance.now();
    writeFileSync(`${process.env.STINT_COUNT_OUT}.started`, String(started));
    return;
  }
  hook.disable();
  const ended = performance.now();
  const { profile } = await post('HeapProfiler.stopSampling');
  const bySite = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const frame = node.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(dist|node_modules|src)\//, '$1/')}:${frame.lineNumber + 1}`;
    const self = node.selfSize;
    total += self;
    if (self > 0) bySite.set(name, (bySite.get(name) ?? 0) + self);
    for (const child of node.children) walk(child, stack);
  };
  walk(profile.head, []);
  writeFileSync(
    process.env.STINT_COUNT_OUT,
    JSON.stringify({
      started,
      ended,
      counts: Object.fromEntries(counts),
      stacks: [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 80),
      sampledBytes: total,
      sites: [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 60),
    }),
  );
});
