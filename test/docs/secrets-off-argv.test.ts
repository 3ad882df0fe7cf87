import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_FORM, ROOT, scan, shippedFiles } from './secrets-off-argv.js';

/**
 * No README, doc, recipe or example puts a token or secret on an HTTP client's command line,
 * which every local user can read while it runs (SECURITY.md). token-off-argv.test.ts runs the
 * documented form and reads curl's command line as another user.
 */
describe('secrets stay off the command lines of shipped examples', () => {
  it('the scanner finds the forms that expose a secret, and passes the ones that do not', () => {
    const exposed = [
      'curl -fsS -H "Authorization: Bearer $STINT_TOKEN" https://api.example.com/',
      '      curl -fsS -X POST -H "Authorization: Bearer $$STINT_TOKEN" https://api.example.com/deploy',
      `  sh '. "$STINT_ENV_FILE" && curl -fsS -H "Authorization: Bearer $STINT_TOKEN" https://a/'`,
      'curl -sS $B/oauth2/introspect -H "authorization: Bearer $STINT_API_KEY" --data-urlencode token=x',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and GitHub expressions, as a user writes them
      'curl -sS $B/oauth2/revoke --data-urlencode token="${STINT_TOKEN}"',
      'curl -sS $B/oauth2/token \\\n  -d a=b \\\n  --data-urlencode subject_token="$ID_TOKEN"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and GitHub expressions, as a user writes them
      '- run: curl -H "Authorization: Bearer ${{ steps.stint.outputs.token }}" https://a/',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and GitHub expressions, as a user writes them
      '- run: curl -u "ci:${{ secrets.DEPLOY_KEY }}" https://a/',
      'wget --header="Authorization: Bearer $STINT_TOKEN" https://a/',
      'http POST https://a/ "Authorization:Bearer $STINT_TOKEN"',
      'xh https://a/ -A bearer -a "$token"',
      'echo ok && curl -d "secret=$STINT_SECRET_HOOK" https://a/ | jq .',
    ];
    for (const text of exposed) expect(scan(text).findings, text).not.toEqual([]);
    const safe = [
      `printf 'Authorization: Bearer %s\\n' "$STINT_TOKEN" | curl -fsS -H @- https://api.example.com/`,
      `printf 'Authorization: Bearer %s\\n' "$$STINT_TOKEN" | curl -fsS -X POST -H @- https://a/deploy`,
      `printf '%s' "$STINT_TOKEN" | curl -sS $B/oauth2/revoke --data-urlencode token@-`,
      `printf 'header = "authorization: Bearer %s"\\n' "$STINT_API_KEY" |\n  curl -sS -K - $B/oauth2/introspect`,
      'curl -fsS -H @"$STINT_HEADERS_FILE" --data-binary @payload.json https://a/',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and GitHub expressions, as a user writes them
      'curl -fsSL --retry 3 -o "${stint_file}.part" "${STINT_CLI_URL}"',
      'echo "$STINT_TOKEN_EXPIRES_AT" && curl https://a/',
      'plain http to loopback only, never $STINT_TOKEN',
    ];
    for (const text of safe) expect(scan(text).findings, text).toEqual([]);
  });

  it('no shipped file passes a secret to curl, wget, xh or HTTPie as an argument', () => {
    const files = shippedFiles();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/broker.md', 'examples/workflows/Jenkinsfile']));
    let commands = 0;
    const findings: string[] = [];
    for (const file of files) {
      const result = scan(readFileSync(join(ROOT, file), 'utf8'));
      commands += result.count;
      for (const f of result.findings) findings.push(`${file}:${f.line}: ${f.secret} in: ${f.command}`);
    }
    // The scan saw the curl commands of the recipes and examples, not nothing.
    expect(commands).toBeGreaterThan(40);
    expect(findings).toEqual([]);
  });

  it('every example that sends $STINT_TOKEN with curl uses the documented stdin form', () => {
    const uses = shippedFiles().flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(DOCUMENTED_FORM)].map(() => file),
    );
    // README (one per CI and "Anywhere else"), docs/action.md, each recipe's README and example,
    // examples/workflows/* and the Jenkins step's own help.
    for (const file of [
      'README.md',
      'docs/action.md',
      'recipes/gitlab/README.md',
      'recipes/gitlab/example/.gitlab-ci.yml',
      'recipes/circleci/README.md',
      'recipes/circleci/orb.yml',
      'recipes/buildkite/README.md',
      'recipes/buildkite/example/pipeline.yml',
      'recipes/jenkins/README.md',
      'recipes/jenkins/vars/stint.groovy',
      'recipes/jenkins/vars/stint.txt',
      'examples/workflows/github.yml',
      'examples/workflows/gitlab-ci.yml',
      'examples/workflows/circleci.yml',
      'examples/workflows/buildkite.yml',
      'examples/workflows/Jenkinsfile',
    ])
      expect(uses, file).toContain(file);
  });
});
