import type { Document } from 'yaml';

/**
 * The most a YAML document stint reads (broker config and policy, signing profiles) may expand
 * through aliases: the `yaml` package's `maxAliasCount`, where each use of an anchored value
 * counts as many times as the aliases inside it. Nested aliases multiply (ten lists of ten
 * aliases of ten lists…), so a few kilobytes could otherwise stand for billions of values and
 * hang whatever walks them. Real configs use a handful.
 */
export const MAX_YAML_ALIASES = 100;

/** The message stint refuses such a document with, after its file and position. */
export const ALIASES_TOO_FAR = `YAML aliases expand too far (more than ${MAX_YAML_ALIASES} uses of anchored values, counting the aliases inside them); write the repeated parts out`;

/**
 * True when `doc` expands further than MAX_YAML_ALIASES. Other alias problems (one naming no
 * anchor) are not this check's: callers report them with their position.
 *
 * @example
 * const doc = parseDocument(text);
 * if (doc.errors.length === 0 && aliasesExpandTooFar(doc)) refuse(ALIASES_TOO_FAR);
 */
export function aliasesExpandTooFar(doc: Document): boolean {
  try {
    doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    return false;
  } catch (error) {
    return error instanceof ReferenceError && /excessive alias count/i.test(error.message);
  }
}
