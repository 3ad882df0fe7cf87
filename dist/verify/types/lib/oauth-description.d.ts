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
export declare function oauthDescription(text: string): string;
