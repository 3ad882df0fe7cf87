/**
 * An error_description as RFC 6749 §5.2 allows it: printable ASCII without `"` and `\`
 * (%x20-21 / %x23-5B / %x5D-7E). A quoted value (quoteInput) reads `'…'` instead of `"…"`, an
 * ellipsis `...`, `§` `section `, anything else outside the set `?`: a strict OAuth client may refuse the whole
 * answer over one such character, and the text reads the same to a person. Used by the broker's
 * error bodies and stint/verify's `WWW-Authenticate` challenge.
 *
 * @example
 * oauthDescription('scope "ré" is not granted') // "scope 'r?' is not granted"
 */
export function oauthDescription(text: string): string {
  return text
    .replace(/["\\\u2018\u2019\u201c\u201d]/g, "'")
    .replace(/[\u2026\u00a7\u2192\u2013\u2014]/g, (c) => OAUTH_SPELLING[c] ?? '?')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** The characters stint's own messages use, spelled in ASCII: `…`, `§` (RFC 8693 §2.1), `→`, dashes. */
const OAUTH_SPELLING: Record<string, string> = {
  '\u2026': '...',
  '\u00a7': 'section ',
  '\u2192': '->',
  '\u2013': '-',
  '\u2014': '-',
};
