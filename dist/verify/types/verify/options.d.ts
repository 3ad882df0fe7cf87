import { type HttpClient } from '../lib/http.js';
import { type HeadersLike } from './headers.js';
/**
 * A number-of-seconds option, checked before it is used. A tolerance read from an unset
 * environment variable is `Number(undefined)`, NaN, and every comparison with NaN is false: an
 * age check `age > NaN` never refuses, which would turn replay protection off without a word.
 * So anything that is not a finite number within the range is ERR_VERIFY_CONFIG, never a default.
 */
export declare function secondsOption(value: number | undefined, fallback: number, name: string, [min, max]: readonly [number, number]): number;
/** The widest tolerance or age a verifier accepts: beyond a day, a replay check means little. */
export declare const ONE_DAY = 86400;
/**
 * A string option a check depends on (the issuer, the audience). `audience:
 * process.env.STINT_AUDIENCE` with the variable unset is undefined, and jose skips a claim check
 * whose expected value is undefined: the verifier would accept every project's tokens. So
 * anything but a non-empty string is ERR_VERIFY_CONFIG naming the option, never "not checked".
 * `fix` says what to give and what passing without it would let through.
 */
export declare function requiredString(value: unknown, name: string, fix: string): string;
/**
 * An expected claim value (verifyJwt's issuer, audience, subject) that may be left out, but
 * when the option is there it must hold something: `audience: process.env.AUD` with the
 * variable unset would otherwise turn the check off without a word.
 */
export declare function presentClaimOption(options: object, key: string, name: string): void;
/**
 * A URL a verifier fetches keys from, or sends its introspection API key to: https, or plain
 * http to this machine (tests, a broker beside the service). Plain http to another machine lets
 * anyone on the path answer in the broker's place: serve their own JWKS, so every token they
 * sign passes, or read the introspection API key. `name` is the option the URL comes from, `use`
 * what is done with it, `risk` what clear text would allow. Anything else is ERR_VERIFY_CONFIG.
 */
export declare function fetchedUrl(value: string, name: string, use: string, risk: string): URL;
/**
 * stint/verify's HTTP client (the JWKS and metadata fetches). Inside someone else's service it
 * connects directly, as Node's own http and fetch do, even when HTTPS_PROXY is set (a variable
 * that service may hold for other tools, and that would silently send its key fetches elsewhere);
 * with NODE_USE_ENV_PROXY=1, Node's own switch for honouring the proxy variables, it goes through
 * the proxy they name like the CLI does. docs/signing.md#egress-proxy.
 */
export declare const verifyHttp: HttpClient;
/**
 * Whole seconds since the epoch by the receiver's clock (`now`, default Date.now). A clock that
 * gives no finite number (NaN from a bad Date, a string) would turn every age and timestamp check
 * into a comparison with NaN, which is never true: every signature would pass however old. So it
 * is ERR_VERIFY_CONFIG, never a check skipped.
 */
export declare function clockSeconds(now: (() => number) | undefined, caller: 'verifyHmacWebhook' | 'verifyHttpSignature'): number;
/**
 * The body as the bytes that were signed. A parsed body (`req.body` after `express.json()`, an
 * object) or a missing one is not them: re-serialising it would not give the signed bytes, and
 * Node would throw a TypeError that a receiver maps to a 401. So anything but a string or bytes
 * (a Buffer, a Uint8Array, an ArrayBuffer such as `await request.arrayBuffer()`) is
 * ERR_VERIFY_CONFIG saying what to pass instead. One exception: `undefined` for a request whose
 * headers say it has no body (see `bodiless`) is the empty body, which is what a body parser
 * leaves for a GET or a POST without one (`express.raw`, Fastify's parsers).
 */
export declare function rawBody(value: unknown, caller: 'verifyHmacWebhook' | 'verifyHttpSignature', headers: HeadersLike): Buffer;
/**
 * Whether the request's headers say it has no body, so a body parser rightly left none: no
 * Transfer-Encoding, and Content-Length 0 or none at all. "None at all" counts only for Node's
 * headers of an HTTP/1 request (`req.headers`): in HTTP/2 (pseudo-headers such as `:method`) a
 * body needs no Content-Length, and a fetch `Headers` does not say which protocol it came over,
 * so there only `Content-Length: 0` does. Anything else keeps `undefined` a set-up error.
 */
export declare function bodiless(headers: HeadersLike): boolean;
/** Why an undefined body cannot be read as empty: the request has one that nothing read. */
export declare function unreadBody(caller: 'verifyHmacWebhook' | 'verifyHttpSignature', headers: HeadersLike): string;
