/**
 * The CIs stint knows: one descriptor each, in one list. Adding a CI is writing its descriptor
 * (docs/architecture.md, "Adding a CI") and adding it here; nothing else names a CI.
 */
import { buildkite } from './buildkite.js';
import { circleci } from './circleci.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { jenkins } from './jenkins.js';

/**
 * Every CI, in the order `--provider auto` tries their token sources (and lists them). CIs that
 * hand over the token in a variable come after those with a less ambiguous marker: GitLab and
 * Jenkins both use STINT_ID_TOKEN, and JENKINS_URL is the weakest marker, so Jenkins is last.
 */
export const CI_DESCRIPTORS = [github, gitlab, circleci, buildkite, jenkins] as const;

/** A CI's name in config (`kind:`) and on the command line (`--provider`). */
export type ProviderKind = (typeof CI_DESCRIPTORS)[number]['kind'];
