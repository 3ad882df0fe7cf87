// A process whose clock is off: `node --import ./skewed-clock.mjs …` (or NODE_OPTIONS="--import …")
// with STINT_TEST_CLOCK_SKEW_MS=N moves `Date` (Date.now() and new Date()) N ms ahead (or behind,
// when negative), as on a CI runner whose clock drifted. Timers and performance.now() are not
// moved: they measure durations, which a wrong wall clock does not change.
const skew = Number(process.env.STINT_TEST_CLOCK_SKEW_MS ?? '0');
if (!Number.isFinite(skew)) throw new Error('STINT_TEST_CLOCK_SKEW_MS must be a number of milliseconds');
const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(realNow() + skew);
    else super(...args);
  }
  static now() {
    return realNow() + skew;
  }
};
