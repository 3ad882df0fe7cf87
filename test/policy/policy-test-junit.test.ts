import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// `stint policy test --junit` read back by a real XML parser (Python's ElementTree), as CI test
// reporters read it. Needs python3 (vitest.config.ts).
async function stint(args: string[], cwd: string): Promise<number> {
  return (await runCli(args, { cwd })).code;
}

const READ = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
out = {"tag": root.tag, "attrib": root.attrib, "suites": []}
for suite in root.findall("testsuite"):
    cases = []
    for case in suite.findall("testcase"):
        failure = case.find("failure")
        error = case.find("error")
        cases.append({"attrib": case.attrib, "failure": None if failure is None else {"message": failure.get("message"), "text": failure.text}, **({} if error is None else {"error": {"type": error.get("type"), "message": error.get("message"), "text": error.text}})})
    out["suites"].append({"attrib": suite.attrib, "cases": cases})
print(json.dumps(out))
`;

describe('stint policy test --junit', () => {
  it('writes JUnit XML that an XML parser reads: one testcase per case, the diff in <failure>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-policy-junit-'));
    writeFileSync(
      join(dir, 'cases.yml'),
      `config: ${resolve('examples/policy-tests/stint.yml')}
cases:
  - name: passes <&> "quoted"
    project: warehouse
    example: github
    expect: { allow: [read, write] }
  - name: fails
    project: warehouse
    example: github
    claims: { sub: "repo:acme/warehouse:ref:refs/heads/x&<y>", ref: "refs/heads/x&<y>" }
    expect: { allow: [read] }
`,
    );
    expect(await stint(['policy', 'test', 'cases.yml', '--junit', 'out/report.xml'], dir)).toBe(1);
    const parsed = JSON.parse(execFileSync('python3', ['-c', READ, join(dir, 'out/report.xml')], { encoding: 'utf8' }));
    expect(parsed.tag).toBe('testsuites');
    expect(parsed.attrib).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    const [suite] = parsed.suites;
    expect(suite.attrib).toMatchObject({ name: 'cases.yml', tests: '2', failures: '1' });
    expect(suite.cases[0]).toEqual({
      attrib: expect.objectContaining({ name: 'passes <&> "quoted"', classname: 'cases.yml.warehouse', line: '3' }),
      failure: null,
    });
    expect(suite.cases[1].attrib).toMatchObject({ name: 'fails', line: '7' });
    expect(suite.cases[1].failure.message).toBe(
      'expected allow read, got deny ERR_POLICY_DENIED: ref refs/heads/x&<y> is not allowed for project warehouse',
    );
    expect(suite.cases[1].failure.text).toContain('expected: allow read\ngot:      deny ERR_POLICY_DENIED');
    // A passing run writes a report too, with no failure.
    writeFileSync(
      join(dir, 'ok.yml'),
      `config: ${resolve('examples/policy-tests/stint.yml')}\ncases:\n  - { name: ok, project: warehouse, example: jenkins, expect: { allow: [read] } }\n`,
    );
    expect(await stint(['policy', 'test', 'ok.yml', '--junit', 'ok.xml'], dir)).toBe(0);
    const ok = JSON.parse(execFileSync('python3', ['-c', READ, join(dir, 'ok.xml')], { encoding: 'utf8' }));
    expect(ok.attrib).toMatchObject({ tests: '1', failures: '0' });
  });

  it('a run that stops before its cases (an invalid case file) still writes a report, with the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stint-policy-junit-'));
    writeFileSync(join(dir, 'bad.yml'), `config: ${resolve('examples/policy-tests/stint.yml')}\ncases: [1]\n`);
    expect(await stint(['policy', 'test', 'bad.yml', '--junit', 'report.xml'], dir)).toBe(1);
    const parsed = JSON.parse(execFileSync('python3', ['-c', READ, join(dir, 'report.xml')], { encoding: 'utf8' }));
    expect(parsed.attrib).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(parsed.suites[0].attrib).toMatchObject({ tests: '1', errors: '1' });
    expect(parsed.suites[0].cases[0].error).toEqual({
      type: 'ERR_POLICY_CASES',
      message: 'bad.yml has errors; nothing was run',
      text: 'bad.yml has errors; nothing was run\nbad.yml:2:9: error: cases[0] must be a mapping (key: value)',
    });
  });
});
