/**
 * "Did you mean": the known name nearest to a misspelt one, for messages about an unknown key,
 * field or claim.
 */

/**
 * The name in `known` nearest to `name` by edit distance, when it is at most `maxDistance` (default
 * 2) away; undefined otherwise. On a tie, the first in `known`. `ignoreCase` compares them
 * lower-cased.
 *
 * @example
 * closestName('secrett', ['format', 'secret', 'secret_env']) // 'secret'
 * closestName('colour', ['format', 'secret']) // undefined
 */
export function closestName(
  name: string,
  known: readonly string[],
  options: { maxDistance?: number; ignoreCase?: boolean } = {},
): string | undefined {
  const fold = (text: string) => (options.ignoreCase === true ? text.toLowerCase() : text);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(fold(name), fold(candidate));
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  return best !== undefined && best.distance <= (options.maxDistance ?? 2) ? best.candidate : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
