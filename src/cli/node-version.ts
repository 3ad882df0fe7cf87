/**
 * The Node versions stint runs on, as package.json's `engines` says: `^20.19.0 || >=22.12.0`
 * (Node 21 is not among them). The CLI checks this before it loads anything else, because the
 * rest uses APIs older Nodes lack (`process.getBuiltinModule`, `require` of ES modules), and a
 * TypeError with a stack trace says nothing about the fix. So this file uses nothing newer than
 * Node 12 has, and imports nothing.
 *
 * @example
 * unsupportedNode('20.11.1') // 'this is Node 20.11.1; stint needs Node 20.19+ or 22.12+ (…)'
 * unsupportedNode('22.12.0') // undefined
 */
export function unsupportedNode(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const supported = major === 20 ? minor >= 19 : major === 22 ? minor >= 12 : major >= 23;
  if (supported) return undefined;
  return (
    `this is Node ${version}; stint needs Node 20.19+ or 22.12+ ` +
    '(install a current Node LTS: https://nodejs.org, `nvm install 22`, or `node-version: 22` in actions/setup-node)'
  );
}
