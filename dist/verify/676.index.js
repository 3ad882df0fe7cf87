export const id = 676;
export const ids = [676];
export const modules = {

/***/ 676:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  STINT_TOKEN_ALGS: () => (/* binding */ STINT_TOKEN_ALGS),
  claimMismatch: () => (/* binding */ claimMismatch),
  foundAfterSignature: () => (/* binding */ foundAfterSignature),
  notYetValid: () => (/* binding */ notYetValid),
  refuseForeignToken: () => (/* binding */ refuseForeignToken),
  verifyStintAccessToken: () => (/* binding */ verifyStintAccessToken)
});

// UNUSED EXPORTS: MAX_TOKEN_LENGTH, fromJose

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_protected_header.js
var decode_protected_header = __webpack_require__(196);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/verify.js + 2 modules
var verify = __webpack_require__(490);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/errors.js
var errors = __webpack_require__(674);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/base64url.js
var base64url = __webpack_require__(445);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/buffer_utils.js
var buffer_utils = __webpack_require__(410);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/validate.js
var validate = __webpack_require__(784);
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js




function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new errors/* JWTInvalid */.Dp("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new errors/* JWTInvalid */.Dp("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new errors/* JWTInvalid */.Dp("Invalid JWT");
  if (!encodedPayload)
    throw new errors/* JWTInvalid */.Dp("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = (0,base64url/* decode */.D)(encodedPayload);
  } catch (cause) {
    throw new errors/* JWTInvalid */.Dp("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(buffer_utils/* strictDecoder */.u8.decode(claimsSetBytes));
  } catch (cause) {
    throw new errors/* JWTInvalid */.Dp("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!(0,validate/* isObject */.Gv)(claimsSet))
    throw new errors/* JWTInvalid */.Dp("Invalid JWT Claims Set");
  return claimsSet;
}


;// CONCATENATED MODULE: ./src/lib/clock.ts
function nowMs(now) {
    if (typeof now === 'function')
        return now();
    return now ?? Date.now();
}

;// CONCATENATED MODULE: ./src/lib/clock-skew.ts
/**
 * The clock difference stint tolerates on `exp`, `nbf` and `iat` (docs/broker.md#what-an-exchange-checks), for the
 * CI's ID tokens at the broker and for stint's own tokens wherever they are verified. The
 * store keeps revocations this long past `exp` for the same reason.
 */
const CLOCK_SKEW_SEC = 60;

// EXTERNAL MODULE: ./src/lib/errors.ts
var lib_errors = __webpack_require__(268);
// EXTERNAL MODULE: ./src/lib/url-credentials.ts
var url_credentials = __webpack_require__(757);
;// CONCATENATED MODULE: ./src/lib/stint-token.ts
/**
 * The one verification of a stint access token (an RFC 9068 JWT, docs/architecture.md#one-exchange-step-by-step, step 7),
 * shared by the broker (introspection, revocation, certificates: src/tokens/verify.ts) and by the
 * services that receive tokens (stint/verify's verifyStintToken). The two differ only in where
 * the key comes from (the broker's own key set; the broker's JWKS) and in how `exp` is read:
 *
 * - a receiver accepts a presented token's times with CLOCK_SKEW_SEC of tolerance, because its
 *   clock and the broker's differ;
 * - the broker reports on its own tokens by its own clock: a token past `exp` is expired there,
 *   never "active" for another minute (RFC 7662 introspection asks whether it is live now).
 */





/** The algorithms the broker signs with (`keys.algorithm`: ES256, EdDSA or RS256). */
const STINT_TOKEN_ALGS = ['ES256', 'EdDSA', 'RS256'];
/** Far above any token stint mints; refuses junk before any parsing work. */
const MAX_TOKEN_LENGTH = 16_384;
/**
 * Verifies a stint access token: size, header (typ `at+jwt`, a `kid`, no embedded key or key URL),
 * the algorithm allow-list, the signature, `iss`, `aud` (required for a receiver), `exp`/`nbf`/`iat`,
 * and the claims every stint token carries. Throws StintError `ERR_TOKEN_EXPIRED`, `ERR_TOKEN_INVALID`
 * (audience and issuer errors say what was expected and what the token has), or whatever the key
 * resolver throws as a StintError (stint/verify: `ERR_JWKS_UNAVAILABLE`).
 *
 * @example
 * const claims = await verifyStintAccessToken(bearer, { key, issuer: 'https://stint.example.com',
 *   audience: 'stint:warehouse', algorithms: ['ES256'], expiry: 'tolerant' });
 */
async function verifyStintAccessToken(token, check) {
    // jose skips an iss or aud check whose expected value is undefined: refuse the set-up instead.
    if (!nonEmpty(check.issuer))
        throw misconfigured('issuer');
    if (check.expiry === 'tolerant' && !nonEmpty(check.audience))
        throw misconfigured('audience');
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw invalid('it is empty or longer than 16 KiB');
    }
    let header;
    try {
        header = (0,decode_protected_header/* decodeProtectedHeader */._)(token);
    }
    catch {
        throw invalid('it is not a JWT');
    }
    // Stint tokens never carry keys or key locations; one that does was not made by the broker.
    for (const field of ['jwk', 'jku', 'x5u', 'x5c']) {
        if (header[field] !== undefined)
            throw invalid(`its header carries "${field}"`);
    }
    if (typeof header.kid !== 'string')
        throw invalid('its header has no kid');
    const now = nowMs(check.now);
    const tolerance = check.clockToleranceSec ?? CLOCK_SKEW_SEC;
    let payload;
    try {
        ({ payload } = await (0,verify/* jwtVerify */.V)(token, check.key, {
            algorithms: [...check.algorithms],
            typ: 'at+jwt',
            issuer: check.issuer,
            ...(check.audience === undefined ? {} : { audience: check.audience }),
            clockTolerance: tolerance,
            currentDate: new Date(now),
            requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'],
        }));
    }
    catch (error) {
        // Anything that is not a verdict on the token (a bug, a broken key) is not reported as one.
        if (!(error instanceof errors/* JOSEError */.i4) && !(error instanceof lib_errors/* StintError */.Fp))
            throw error;
        const early = notYetValid(error, now / 1000, tolerance);
        if (early !== undefined)
            throw invalid(early, error);
        if (error instanceof errors/* JOSEAlgNotAllowed */.Rb)
            throw invalid(algRefused(header.alg, check.algorithms), error);
        throw fromJose(error, check);
    }
    const nowSec = now / 1000;
    if (check.expiry === 'strict' && payload.exp <= nowSec)
        throw expired();
    const { client_id, scope, project, ci, iat } = payload;
    if (typeof client_id !== 'string' || typeof scope !== 'string' || typeof project !== 'string') {
        throw invalid('it lacks client_id, scope or project (is it a stint access token?)');
    }
    if (ci === null ||
        typeof ci !== 'object' ||
        Array.isArray(ci) ||
        Object.values(ci).some((v) => typeof v !== 'string')) {
        throw invalid('its ci claim is not an object of strings');
    }
    // jose accepts an iat in the future; a token "issued" later than now was not issued by this clock.
    if (typeof iat !== 'number' || iat > nowSec + tolerance)
        throw invalid('it was issued in the future');
    return payload;
}
/**
 * For a receiver, before any key is looked up (stint/verify's verifyStintToken): refuses, from the
 * unverified token, one that is not a stint access token of `issuer`. A token of another issuer
 * (typically the CI's own ID token, sent instead of the stint token exchanged for it) is told so
 * (`this is not a stint token: issued by "https://token.actions.githubusercontent.com", not
 * "https://stint.example.com"; exchange it at the broker first`), and one whose `typ` is not
 * at+jwt too. Its kid is not the broker's, so the receiver would otherwise spend its JWKS refetch
 * on it and answer "retry" or "unknown key", neither of which says what is wrong. Read unverified,
 * so it only ever refuses; a token that does not decode is left to verifyStintAccessToken, which
 * says why. The token's own values are quoted only when printable and short.
 */
function refuseForeignToken(token, issuer) {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
        return;
    let header;
    let iss;
    try {
        header = (0,decode_protected_header/* decodeProtectedHeader */._)(token);
        iss = decodeJwt(token).iss;
    }
    catch {
        return;
    }
    if (iss !== issuer)
        throw new lib_errors/* StintError */.Fp('ERR_TOKEN_INVALID', 
        // The expected issuer is the service's option: one with user info or a query is shown
        // without them (urlForMessage), as they may hold a credential; any other exactly as given.
        `this is not a stint token: issued by ${shown(iss)}, not ${JSON.stringify(/[@?]/.test(issuer) ? (0,url_credentials/* urlForMessage */.O)(issuer) : issuer)}; exchange it at the broker first`);
    // jose's comparison: case-insensitive, with or without the application/ prefix (RFC 8725 §3.11).
    const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
    if (typ !== 'at+jwt')
        throw invalid(`its typ is ${shown(header.typ)}, not at+jwt (a stint access token, RFC 9068)`);
}
/** An unverified value of a token, as a message shows it: JSON-quoted when printable and short. */
function shown(value) {
    if (value === undefined)
        return 'none';
    return typeof value === 'string' && /^[\x20-\x7e]{1,200}$/.test(value)
        ? JSON.stringify(value)
        : 'an unreadable value';
}
/**
 * jose's verification errors as stint's. Audience and issuer mismatches say what was expected and
 * what the token has, so a service owner can tell a wrong `audience` option from a foreign token.
 * A StintError from the key resolver passes through unchanged.
 */
function fromJose(error, expected) {
    if (error instanceof lib_errors/* StintError */.Fp)
        return error;
    if (error instanceof errors/* JWTExpired */.n)
        return expired(error);
    const mismatch = claimMismatch(error, expected);
    if (mismatch !== undefined)
        return invalid(mismatch, error);
    if (error instanceof errors/* JWKSNoMatchingKey */.BT)
        return invalid('it is signed by an unknown or retired key', error);
    if (error instanceof errors/* JWSSignatureVerificationFailed */.h2)
        return invalid('its signature does not verify with any trusted key', error);
    if (foundAfterSignature(error))
        return invalid(error.message, error);
    // jose's words stay in `cause`.
    if (error instanceof errors/* JOSEError */.i4)
        return invalid(`its header or signature is not acceptable (${error.code})`, error);
    if (error instanceof Error)
        return invalid(error.message, error);
    return invalid(String(error));
}
/**
 * Whether jose found `error` once the signature had verified: its texts about the claims are
 * fixed words about a token the key holder signed, fit to show. Anything else was found before,
 * and jose's message may quote the unverified header (an unknown `crit` name): show its code only.
 */
function foundAfterSignature(error) {
    return error instanceof errors/* JWTClaimValidationFailed */.ie || error instanceof errors/* JWTInvalid */.Dp;
}
/**
 * What jose's `"nbf" claim timestamp check failed` means, said so the reader knows what to fix:
 * a token that is not valid yet was made by a clock ahead of this one (or this one is behind).
 * Undefined for any other error.
 */
function notYetValid(error, nowSec, toleranceSec) {
    if (!(error instanceof errors/* JWTClaimValidationFailed */.ie) || error.claim !== 'nbf' || error.reason !== 'check_failed')
        return undefined;
    const nbf = Number(error.payload.nbf);
    const ahead = Number.isFinite(nbf) ? `${Math.ceil(nbf - nowSec)} s` : 'some time';
    return `it is not valid yet (its nbf is ${ahead} ahead of this clock, more than the ${toleranceSec} s tolerated): this clock is behind the issuer's, or the issuer's ahead (a clock out of sync)`;
}
/**
 * `audience: expected "stint:warehouse", got "stint:billing"` (or issuer) for jose's claim check
 * failures on `aud` and `iss`; undefined for any other error.
 */
function claimMismatch(error, expected) {
    if (!(error instanceof errors/* JWTClaimValidationFailed */.ie) || error.reason !== 'check_failed')
        return undefined;
    const got = error.payload[error.claim];
    if (error.claim === 'aud' && expected.audience !== undefined)
        return `audience: expected ${describe(expected.audience)}, got ${describe(got)}`;
    if (error.claim === 'iss' && expected.issuer !== undefined)
        return `issuer: expected ${describe(expected.issuer)}, got ${describe(got)}`;
    return undefined;
}
function describe(value) {
    if (value === undefined)
        return 'none';
    if (Array.isArray(value))
        return value.map((v) => JSON.stringify(v)).join(', ');
    return JSON.stringify(value);
}
/**
 * `its alg "HS256" is not one stint tokens are signed with (ES256, EdDSA, RS256)`: the token's
 * alg (shown only when it looks like an alg name: it is the sender's text) and those accepted.
 */
function algRefused(alg, accepted) {
    const named = typeof alg === 'string' && /^[A-Za-z0-9+._-]{1,32}$/.test(alg) ? JSON.stringify(alg) : '(not a readable name)';
    return `its alg ${named} is not one stint tokens are signed with (${accepted.join(', ')}): the token was not made by a stint broker`;
}
function nonEmpty(value) {
    return typeof value === 'string' && value.trim() !== '';
}
function misconfigured(option) {
    return new lib_errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyStintAccessToken: ${option} is missing or empty; a stint token is checked against both the broker's issuer and, by a receiver, its audience`);
}
function invalid(reason, cause) {
    return new lib_errors/* StintError */.Fp('ERR_TOKEN_INVALID', `stint token rejected: ${reason}`, { cause });
}
function expired(cause) {
    return new lib_errors/* StintError */.Fp('ERR_TOKEN_EXPIRED', 'stint token rejected: it has expired; request a new one', { cause });
}


/***/ })

};
