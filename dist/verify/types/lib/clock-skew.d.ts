/**
 * The clock difference stint tolerates on `exp`, `nbf` and `iat` (docs/broker.md#what-an-exchange-checks), for the
 * CI's ID tokens at the broker and for stint's own tokens wherever they are verified. The
 * store keeps revocations this long past `exp` for the same reason.
 */
export declare const CLOCK_SKEW_SEC = 60;
