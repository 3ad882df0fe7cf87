// Loaded with `node --import` into the action's process by the scenario tests. It records, in
// program order, every chunk written to stdout and every file write, to the file named by
// STINT_TEST_JOURNAL (one JSON object per line), so a test can prove that each secret was
// `::add-mask::`ed before the first line or file that holds it. It changes no behaviour.
import fs from 'node:fs';

const journal = process.env.STINT_TEST_JOURNAL;
if (journal) {
  const fd = fs.openSync(journal, 'a');
  const writeSync = fs.writeSync.bind(fs);
  const record = (entry) => writeSync(fd, `${JSON.stringify(entry)}\n`);
  const text = (data) =>
    typeof data === 'string'
      ? data
      : Buffer.isBuffer(data) || data instanceof Uint8Array
        ? Buffer.from(data).toString('utf8')
        : String(data);
  const where = (target) =>
    typeof target === 'number' ? `fd:${target}` : String(target instanceof URL ? target.pathname : target);

  const stdoutWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    record({ kind: 'stdout', text: text(chunk) });
    return stdoutWrite(chunk, ...rest);
  };
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk, ...rest) => {
    record({ kind: 'stderr', text: text(chunk) });
    return stderrWrite(chunk, ...rest);
  };
  for (const name of ['writeFileSync', 'appendFileSync']) {
    const original = fs[name];
    fs[name] = function (target, data, ...rest) {
      record({ kind: 'file', path: where(target), text: text(data) });
      return original.call(this, target, data, ...rest);
    };
  }
  for (const name of ['writeFile', 'appendFile']) {
    const original = fs.promises[name];
    fs.promises[name] = function (target, data, ...rest) {
      record({ kind: 'file', path: where(target?.fd ?? target), text: text(data) });
      return original.call(this, target, data, ...rest);
    };
    const callback = fs[name];
    fs[name] = function (target, data, ...rest) {
      record({ kind: 'file', path: where(target), text: text(data) });
      return callback.call(this, target, data, ...rest);
    };
  }
  // mTLS material is written through a FileHandle (open 'wx', then writeFile).
  const open = fs.promises.open;
  fs.promises.open = async function (target, ...rest) {
    const handle = await open.call(this, target, ...rest);
    for (const method of ['writeFile', 'appendFile', 'write']) {
      const original = handle[method].bind(handle);
      handle[method] = (data, ...more) => {
        record({ kind: 'file', path: where(target), text: text(data) });
        return original(data, ...more);
      };
    }
    return handle;
  };
}
