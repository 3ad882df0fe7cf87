/**
 * Strict base64 for key material. `Buffer.from(text, 'base64')` skips whatever is not base64 and
 * ignores missing padding, so a typo, a base64url key or the wrong variable would quietly become a
 * shorter key than meant (a few bytes, which a forger can try out one by one). Strict means: only
 * A-Z a-z 0-9 + /, `=` padding to a multiple of 4 characters, and the text is exactly what
 * encoding its bytes gives back (no stray bits in the last character).
 */
/**
 * What keeps `text` from being strict base64, said without quoting it (it is a secret), or
 * undefined when it is. `what` names the encoding in the message: 'base64 after whsec_'.
 *
 * @example
 * strictBase64Problem('c2VjcmV0') // undefined
 * strictBase64Problem('c2VjcmV0!') // 'is not base64 (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)'
 */
export declare function strictBase64Problem(text: string, what?: string): string | undefined;
/**
 * The bytes of strict base64 `text`, or undefined when it is not (`strictBase64Problem` says why).
 *
 * @example
 * strictBase64('c2VjcmV0') // <Buffer 73 65 63 72 65 74>
 */
export declare function strictBase64(text: string): Buffer | undefined;
