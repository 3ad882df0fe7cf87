import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createJob, requireBuilt, runStep } from '../action/harness.js';
import { expectNoSecret } from '../helpers/secrets.js';

// The action's `signing` input (built bundle, dist/main) with a multi-line secret substituted in
// as it is, as the runner does with `${{ secrets.KEY }}`: the YAML error says how to write it
// (`${{ toJSON(secrets.KEY) }}`), never quoting the input; an unrelated YAML error gets no such hint.
const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
  .trim();
const HINT =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
  '; a multi-line secret (a PEM key) cannot be pasted in as it is or in quotes: write it as key: ${{ toJSON(secrets.KEY) }}';

async function mainErrors(signing: string): Promise<string[]> {
  requireBuilt();
  const job = createJob();
  try {
    const main = await runStep(job, 'main', { inputs: { signing } });
    expect(main.code).not.toBe(0);
    expectNoSecret([main.stdout, main.stderr], KEY, 'the pasted key');
    return main.errors;
  } finally {
    job.remove();
  }
}

describe('a YAML error in the signing input', () => {
  it('says to use toJSON when a PEM key was pasted in as it is (flow, quoted, block style)', async () => {
    const pasted: Array<[string, string]> = [
      [`deploy: { type: jwt, alg: ES256, key: ${KEY} }`, 'line 2, column 1): not valid YAML (BAD_INDENT)'],
      [`deploy: { type: jwt, alg: ES256, key: "${KEY}" }`, 'line 1, column'],
      [`deploy:\n  type: jwt\n  alg: ES256\n  key: ${KEY}`, 'not valid YAML (MULTILINE_IMPLICIT_KEY)'],
      [`deploy:\n  type: jwt\n  key: |\n    ${KEY}`, 'not valid YAML ('],
    ];
    for (const [signing, where] of pasted) {
      const errors = await mainErrors(signing);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^stint: signing \(line \d+, column \d+\): not valid YAML \([A-Z_]+\); a multi-line/);
      expect(errors[0]).toContain(where);
      expect(errors[0]).toBe(`${(errors[0] as string).split('; ')[0]}${HINT} [ERR_SIGNING_CONFIG]`);
    }
  });

  it('says nothing of secrets for an error a pasted value does not cause', async () => {
    for (const signing of ['hook:\n\ttype: hmac', 'hook: { type: hmac, secret: abcdefgh12345678', 'hook: [']) {
      const errors = await mainErrors(signing);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^stint: signing \(line \d+, column \d+\): not valid YAML \([A-Z_]+\) \[ERR_SIGNING_CONFIG\]$/,
      );
    }
  });
});
