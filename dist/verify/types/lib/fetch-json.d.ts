import { type ErrorCode } from './errors.js';
import { type HttpClient } from './http.js';
export interface FetchJsonOptions {
    http: HttpClient;
    timeoutMs: number;
    maxBytes: number;
    /** The caller's codes: no answer (or not 2xx), an answer over `maxBytes`, an answer that is not a JSON object. */
    codes: {
        unreachable: ErrorCode;
        tooLarge: ErrorCode;
        invalid: ErrorCode;
    };
}
/**
 * GETs a JSON object from `url` with a timeout and a cap on the response size (src/lib/http.ts),
 * so a slow or hostile server can neither hang the caller nor fill its memory. Redirects are
 * refused: the broker's issuer documents and stint/verify's JWKS live where they were configured.
 *
 * @example
 * const jwks = await fetchJsonObject(url, { http: httpRequest, timeoutMs: 5000, maxBytes: 256 * 1024,
 *   codes: { unreachable: 'ERR_JWKS_UNAVAILABLE', tooLarge: 'ERR_JWKS_UNAVAILABLE', invalid: 'ERR_JWKS_UNAVAILABLE' } });
 */
export declare function fetchJsonObject(url: string, options: FetchJsonOptions): Promise<Record<string, unknown>>;
