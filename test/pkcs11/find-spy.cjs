// Preloaded into a built stint process by a test (NODE_OPTIONS=--require): appends one JSON line
// per C_FindObjectsInit to the file STINT_TEST_FIND_SPY names, with the process id and the
// search template (attribute types; the class and booleans with their values, byte strings by
// length only). It changes nothing else: the search itself runs as the process asked.
const { appendFileSync } = require('node:fs');
const pkcs11js = require('pkcs11js');

const file = process.env.STINT_TEST_FIND_SPY;
const original = pkcs11js.PKCS11.prototype.C_FindObjectsInit;
pkcs11js.PKCS11.prototype.C_FindObjectsInit = function findObjectsInit(session, template) {
  const attributes = (template ?? []).map(({ type, value }) => ({
    type,
    value: Buffer.isBuffer(value) ? { bytes: value.length } : value,
  }));
  appendFileSync(file, `${JSON.stringify({ pid: process.pid, attributes })}\n`);
  return original.call(this, session, template);
};
