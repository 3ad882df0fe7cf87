import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

/**
 * What each recipe says happens to the token when a job is cancelled, against what the CI does:
 * GitLab runs `after_script` for a job cancelled in `before_script`/`script` since 17.0
 * (gitlab-org/gitlab#437789, epic &10158), unless the project opted out; CircleCI runs no step of
 * a cancelled job, `when: always` included, so stint/revoke does not run.
 */
const read = (file: string) => readFileSync(resolve(file), 'utf8');
/** The bullet (or paragraph) of `text` that talks about a cancelled job. */
function cancelNotes(text: string): string[] {
  return text.split(/\n(?=- |\n)/u).filter((part) => /cancel/iu.test(part));
}

describe('what the recipes say about a cancelled job', () => {
  it('GitLab: after_script runs for a cancelled job since 17.0 (unless opted out); timeouts and dead runners still skip it', () => {
    const notes = cancelNotes(read('recipes/gitlab/README.md')).join('\n');
    expect(notes).not.toMatch(/A cancelled job[^.]*runs no `after_script`/u);
    expect(notes).toContain('GitLab 17.0');
    expect(notes).toContain('https://docs.gitlab.com/ci/yaml/script/#skip-after_script-commands-if-a-job-is-canceled');
    expect(notes).toMatch(/times out/u);
    expect(notes).toMatch(/runner\s+dies/u);
    expect(notes).toMatch(/`ttl`/u);
  });

  it('CircleCI: a cancelled job runs no when: always step, so the token lives until it expires; keep ttl short', () => {
    const readme = read('recipes/circleci/README.md');
    const notes = cancelNotes(readme).join('\n');
    expect(notes).toMatch(/\*\*cancelled\*\* job runs no further step, `when: always` ones included/u);
    expect(notes).toMatch(/valid until it expires/u);
    expect(notes).toMatch(/Keep `ttl`\s+as short as the job needs/u);
    // The orb's own description of stint/revoke, which the CircleCI registry shows, says so too.
    const orb = parseDocument(read('recipes/circleci/orb.yml')).toJS() as {
      commands: Record<string, { description: string }>;
    };
    expect(orb.commands.revoke!.description).toMatch(/cancelled job\s+runs no further step/u);
  });
});
