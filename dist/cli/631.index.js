export const id = 631;
export const ids = [631];
export const modules = {

/***/ 7012:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_protected_header.js
var decode_protected_header = __webpack_require__(1196);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js
var decode_jwt = __webpack_require__(7961);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/lib/jws_verify.js
var jws_verify = __webpack_require__(9806);
;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jws/compact/verify.js

async function compactVerify(jws, key, options) {
  const [result] = await (0,jws_verify/* verifyCompact */.BO)(jws, (0,jws_verify/* prepareVerify */.F_)(options), key);
  return result;
}


// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwks/local.js
var local = __webpack_require__(6687);
// EXTERNAL MODULE: ./src/client/broker-client.ts
var broker_client = __webpack_require__(2140);
// EXTERNAL MODULE: ./src/lib/env-setting.ts
var env_setting = __webpack_require__(5933);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/fingerprint.ts
var fingerprint = __webpack_require__(1371);
// EXTERNAL MODULE: ./src/lib/retry-budget.ts
var retry_budget = __webpack_require__(9691);
// EXTERNAL MODULE: ./src/mask/redact.ts
var redact = __webpack_require__(6587);
// EXTERNAL MODULE: ./src/cli/broker-option.ts
var broker_option = __webpack_require__(3523);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/revoke.ts










const HELP = `Usage: stint revoke [--token-env VAR] [--broker URL]

Revokes this job's stint token at the broker (RFC 7009, POST /oauth2/revoke), so it stops
working before it expires. Every recipe runs it when the job ends. It never prints the token.
It first checks that this broker issued the token (its issuer and signing keys): a broker
answers a revocation of a token it does not know with success too.

Options:
  --token-env VAR   the variable that holds the token (default STINT_TOKEN)
  --broker URL      the broker that issued it (default $STINT_BROKER_URL, which
                    stint exchange sets)
  -h, --help        this help

The token is sent even when this machine's clock says it has expired: the broker reads its
expiry by its own clock (a runner's clock may run ahead), and revoking an expired token does no
harm; "expired" is said only when the broker's answer is dated after the token's expiry.

Retries of an unreachable or failing broker (503 while its Redis fails over) go on for 30 s,
longer than a Sentinel failover; STINT_RETRY_BUDGET (seconds, at most 300) sets another time.

Exit codes: 0 revoked, already expired at the broker, or signed with a key its issuer no longer publishes
(dropped by stint keys rotate --now: it stops verifying); 1 not revoked (why, and what to
fix, on stderr); 2 usage error.`;
/** The token's header and claims, read without verifying; undefined for a token that is not a JWT. */
function decode(token) {
    try {
        return { header: (0,decode_protected_header/* decodeProtectedHeader */._)(token), claims: (0,decode_jwt/* decodeJwt */.i)(token) };
    }
    catch {
        return undefined;
    }
}
/**
 * Throws `ERR_REVOKE_WRONG_BROKER` unless the broker at `brokerUrl` issued `token`: its discovery
 * document names the token's `iss`, and the key set it serves holds the token's `kid` and
 * verifies its signature. RFC 7009 has a broker answer 200 for a token it does not know, so
 * only this check lets the CLI say "revoked". Answers what to say instead of revoking when
 * `brokerUrl` is the token's issuer and no longer publishes its key: no verifier accepts it.
 */
async function checkIssuer(brokerUrl, token, decoded, which, budgetMs, where) {
    const broker = origin(brokerUrl);
    const notRevoked = (why) => new errors/* StintError */.Fp('ERR_REVOKE_WRONG_BROKER', `the token (${which}) was not revoked: ${why}`);
    const iss = typeof decoded.claims.iss === 'string' ? printable(decoded.claims.iss) : undefined;
    const discovery = await (0,broker_client/* discoverBroker */.pN)(brokerUrl, { ...where, budgetMs: budgetMs() });
    if (discovery === undefined) {
        throw notRevoked(`${broker} serves no discovery document (/.well-known/openid-configuration), so it is not a stint broker that could have issued it; set --broker (or STINT_BROKER_URL) to the broker${iss ? ` whose issuer is ${iss}` : ' that issued it'}`);
    }
    if (decoded.claims.iss !== discovery.issuer) {
        throw notRevoked(`it was issued by ${iss === undefined ? 'a broker that names no issuer' : iss}, not by the broker at ${broker} (issuer ${printable(discovery.issuer)}); revoke it at the broker that issued it: set --broker (or STINT_BROKER_URL) to that broker's URL`);
    }
    const keys = await (0,broker_client/* brokerKeys */.WW)(brokerUrl, { ...where, budgetMs: budgetMs() });
    if (keys === undefined) {
        throw notRevoked(`${broker} names the token's issuer but serves no key set (/.well-known/jwks.json), so stint cannot tell that it issued the token; set --broker (or STINT_BROKER_URL) to the broker that did`);
    }
    const kid = decoded.header.kid;
    if (kid === undefined) {
        throw notRevoked(`it names no signing key, which every token the broker at ${broker} issues does: it is not a token of that broker`);
    }
    if (!keys.keys.some((key) => key.kid === kid)) {
        const named = JSON.stringify(kid.slice(0, 100));
        // Asked at the issuer's own URL, these are the keys every verifier reads: a key dropped from
        // them (by `stint keys rotate --now`) makes the token worthless, so there is nothing to revoke.
        if (broker === String(decoded.claims.iss).replace(/\/+$/, '')) {
            return `the token (${which}) is signed with key ${named}, which its issuer ${iss} no longer publishes: most likely an emergency rotation (stint keys rotate --now) dropped that key, so the token stops verifying everywhere (at a receiver once its key cache refreshes) and there is nothing left to revoke`;
        }
        throw notRevoked(`it is signed with key ${named}, which the broker at ${broker} does not publish: most likely an emergency rotation (stint keys rotate --now) dropped that key, and then it stops verifying everywhere (${iss}/.well-known/jwks.json does not list it); or another broker with the same issuer (${iss}) but its own keys issued it: then revoke it there: set --broker (or STINT_BROKER_URL) to that broker's URL`);
    }
    try {
        await compactVerify(token, (0,local/* createLocalJWKSet */.w)(keys));
    }
    catch {
        throw notRevoked(`its signature does not verify with the broker's key ${JSON.stringify(kid.slice(0, 100))}: it was altered, or it is not a token the broker at ${broker} issued`);
    }
    return undefined;
}
/** A value from the token or the broker as a message shows it: as is when it is plain text, else quoted. */
function printable(value) {
    return /^[\x21-\x7e]{1,200}$/.test(value) ? value : JSON.stringify(value.slice(0, 200));
}
/** The broker URL as messages show it: origin and path, never a query. */
function origin(brokerUrl) {
    const url = new URL((0,broker_client/* endpoint */.sR)(brokerUrl, ''));
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
const run = async (args, io) => {
    const { values } = (0,external_node_util_.parseArgs)({
        args,
        strict: true,
        allowPositionals: false,
        options: {
            'token-env': { type: 'string', default: 'STINT_TOKEN' },
            broker: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    const variable = values['token-env'];
    if (!(0,env_setting/* isVariableName */.KL)(variable))
        throw new errors/* UsageError */.eb(`--token-env must name an environment variable, got ${JSON.stringify(variable)}`);
    const token = io.env[variable]?.trim();
    if (!token) {
        throw new errors/* StintError */.Fp('ERR_REVOKE_NO_TOKEN', `${variable} is not set, so there is no token to revoke: run stint revoke in the job that ran stint exchange (whose exports set STINT_TOKEN), or name the variable that holds the token with --token-env`);
    }
    const given = values.broker ?? io.env.STINT_BROKER_URL;
    if (!given)
        throw new errors/* UsageError */.eb('revoke needs the broker that issued the token: give --broker URL, or set STINT_BROKER_URL (stint exchange exports it)');
    const brokerUrl = (0,broker_option/* brokerOption */.n)(given, io.env, values.broker !== undefined ? '--broker' : 'STINT_BROKER_URL');
    const decoded = decode(token);
    if (decoded === undefined) {
        throw new errors/* StintError */.Fp('ERR_REVOKE_NOT_A_TOKEN', `${variable} does not hold a stint token (it is not a JWT), so nothing was revoked: it should hold what stint exchange exported as STINT_TOKEN; name the variable that does with --token-env`);
    }
    (0,broker_client/* endpoint */.sR)(brokerUrl, ''); // a broker URL stint refuses fails here, before any request
    // An unreachable broker's error names where this URL came from.
    const where = {
        settings: {
            brokerUrl: values.broker !== undefined ? '--broker' : 'STINT_BROKER_URL, which stint exchange exports, or --broker',
        },
    };
    const claims = decoded.claims;
    const expiresMs = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    const expiresAt = expiresMs !== undefined ? new Date(expiresMs).toISOString() : undefined;
    const which = [
        typeof claims.project === 'string' ? `project ${claims.project}` : undefined,
        typeof claims.jti === 'string' ? `jti ${claims.jti}` : undefined,
        `fingerprint ${(0,fingerprint/* fingerprint */.R)(token)}`,
    ]
        .filter((part) => part !== undefined)
        .join(', ');
    // Sent even when this machine's clock says the token has expired: a runner's clock that runs
    // ahead would otherwise leave a live token behind and call it expired. The broker reads `exp`
    // by its own clock, revoking an expired token does no harm (RFC 7009), and its answer's Date
    // says whether the token had expired. Retries stop at the budget only, for the same reason.
    const deadline = Date.now() + (0,retry_budget/* revokeBudgetMs */.yJ)(io.env.STINT_RETRY_BUDGET);
    const remaining = () => Math.max(1, deadline - Date.now());
    let answer;
    try {
        const worthless = await checkIssuer(brokerUrl, token, decoded, which, remaining, where);
        if (worthless !== undefined) {
            (0,cli_io/* writeLine */._r)(io.stderr, `stint: ${worthless}`);
            return 0;
        }
        answer = await (0,broker_client/* revokeToken */.w$)(brokerUrl, token, { ...where, budgetMs: remaining() });
    }
    catch (error) {
        if (!(0,errors/* isStintError */.Hu)(error))
            throw error;
        if (error.code === 'ERR_REVOKE_WRONG_BROKER')
            throw error;
        // The broker's answer is quoted in the message; a broker that echoes the token must not get it printed.
        const reason = (0,redact/* redact */.E)(error.message, [token]);
        const until = expiresAt ? `it stays valid until ${expiresAt}` : 'it stays valid until it expires';
        throw new errors/* StintError */.Fp(error.code, `the token (${which}) was not revoked, ${until}: ${reason}`, {
            cause: error,
        });
    }
    if (expiresMs !== undefined && answer.brokerTimeMs !== undefined && answer.brokerTimeMs >= expiresMs) {
        (0,cli_io/* writeLine */._r)(io.stderr, `stint: the token (${which}) had already expired at the broker (at ${expiresAt}; the broker answered at ${new Date(answer.brokerTimeMs).toISOString()}), so there was nothing left to revoke`);
        return 0;
    }
    (0,cli_io/* writeLine */._r)(io.stderr, `stint: revoked the token (${which})`);
    return 0;
};


/***/ }),

/***/ 1371:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ fingerprint)
/* harmony export */ });
/**
 * The SHA-256 fingerprint of a secret (a token, a key), safe to log, audit and show: it names
 * the secret without revealing it.
 *
 * @example
 * fingerprint(accessToken) // 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
 */
function fingerprint(secret) {
    // node:crypto on first use: importing it costs a start-up that may never need a fingerprint.
    // The one-shot hash() skips the Hash object createHash().update().digest() builds (the broker
    // fingerprints two tokens per exchange).
    crypto ??= process.getBuiltinModule('node:crypto');
    return `sha256:${crypto.hash('sha256', secret, 'hex')}`;
}
let crypto;


/***/ }),

/***/ 6687:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ createLocalJWKSet)
/* harmony export */ });
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7859);
/* harmony import */ var _lib_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8109);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5674);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7784);




function isUsableJWK(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === void 0 || typeof ext == "boolean") && (keyOps === void 0 || Array.isArray(keyOps) && keyOps.every((operation, index) => typeof operation == "string" && keyOps.indexOf(operation) === index) && keyOps.includes("verify")) && entry.kty.includes(kty) && (kid === void 0 || typeof kid == "string" && kid === jwkKid) && (jwkAlg === void 0 ? kty !== "AKP" : alg === jwkAlg) && (use === void 0 || use === "sig") && (!entry.crv || crv === entry.crv);
}
async function importWithAlgCache(cache, jwk, entry) {
  const cached = cache.get(jwk) || cache.set(jwk, {}).get(jwk), { alg } = entry;
  if (cached[alg] === void 0) {
    const pending = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_0__/* .jwkToKey */ .xY)(entry, jwk, !0).then((key) => {
      if (key.type !== "public")
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set members must be public keys");
      return cached[alg] = key, key;
    }).catch((error) => {
      throw cached[alg] === pending && delete cached[alg], error;
    });
    cached[alg] = pending;
  }
  return cached[alg];
}
function createLocalJWKSet(jwks) {
  let snapshot;
  try {
    snapshot = structuredClone(jwks);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set malformed", { cause });
  }
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .isJwkSet */ .fV)(snapshot))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set malformed");
  const metadata = snapshot.keys.map((jwk) => {
    const normalized = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_0__/* .snapshotJwk */ .ZZ)(jwk);
    return Array.isArray(normalized.key_ops) && (normalized.key_ops = [...normalized.key_ops]), normalized;
  }), cached = /* @__PURE__ */ new WeakMap();
  return Object.defineProperty(async (protectedHeader, token) => {
    const { alg, kid } = { ...protectedHeader, ...token?.header }, entry = typeof alg == "string" ? _lib_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__/* .JWS */ .p[alg] : void 0;
    if (!entry || entry.secret)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JOSENotSupported */ .T0('Unsupported "alg" value for a JSON Web Key Set');
    const candidates = snapshot.keys.filter((_, index) => isUsableJWK(metadata[index], entry, alg, kid)), { 0: jwk, length } = candidates;
    if (!length)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSNoMatchingKey */ .BT();
    if (length !== 1) {
      const error = new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSMultipleMatchingKeys */ .$4();
      throw error[Symbol.asyncIterator] = async function* () {
        for (const jwk2 of candidates)
          try {
            yield await importWithAlgCache(cached, jwk2, entry);
          } catch {
          }
      }, error;
    }
    return importWithAlgCache(cached, jwk, entry);
  }, "jwks", {
    value: () => structuredClone(snapshot)
  });
}



/***/ }),

/***/ 9806:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ verifyCompact),
/* harmony export */   F_: () => (/* binding */ prepareVerify)
/* harmony export */ });
/* unused harmony exports encodeJsonUnencodedPayload, parseProtectedHeader, snapshotJws, verifySignature */
/* harmony import */ var _jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8109);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5674);
/* harmony import */ var _buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7410);
/* harmony import */ var _validate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7784);
/* harmony import */ var _key_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7859);





function snapshotJws(jws, sharedPayload) {
  const encodedProtectedHeader = jws.protected, inputHeader = jws.header, header = isObject(inputHeader) ? { ...inputHeader } : inputHeader;
  let payload = sharedPayload ? sharedPayload[0] : jws.payload;
  !sharedPayload && payload instanceof Uint8Array && (payload = new Uint8Array(payload));
  const signature = jws.signature, snapshot = { payload, signature };
  if (encodedProtectedHeader !== void 0 && (snapshot.protected = encodedProtectedHeader), inputHeader !== void 0 && (snapshot.header = header), encodedProtectedHeader === void 0 && header === void 0)
    throw new JWSInvalid('Flattened JWS must have either of the "protected" or "header" members');
  if (encodedProtectedHeader !== void 0 && typeof encodedProtectedHeader != "string")
    throw new JWSInvalid("JWS Protected Header incorrect type");
  if (payload === void 0)
    throw new JWSInvalid("JWS Payload missing");
  if (typeof signature != "string")
    throw new JWSInvalid("JWS Signature missing or incorrect type");
  if (header !== void 0 && !isObject(header))
    throw new JWSInvalid("JWS Unprotected Header incorrect type");
  return snapshot;
}
function prepareVerify(options) {
  return [options && (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateAlgorithms */ .Fw)("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJoseHeader */ .OX)(encodedProtectedHeader, _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye, "JWS Protected Header is invalid");
}
function encodeJsonUnencodedPayload(payload) {
  const invalid = /[\p{Cs}\p{Cn}]/u.exec(payload)?.[0];
  if (invalid !== void 0)
    throw new JWSInvalid(/\p{Cs}/u.test(invalid) ? "JWS Payload must be a well-formed Unicode string" : "JWS Payload must not contain unassigned Unicode code points");
  return encoder.encode(payload);
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .lF)(payload);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!(0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .isDisjoint */ .fz)(protectedHeader, header))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateB64 */ .J0)(protectedHeader, (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .validateCrit */ .nI)(_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye, _validate_js__WEBPACK_IMPORTED_MODULE_0__/* .JWS_RECOGNIZED */ .qc, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JOSEAlgNotAllowed */ .Rb('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = !1;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = !0);
  const entry = (0,_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__/* .jwsAlgorithm */ .q)(alg), signingInput = (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .concat */ .xW)(encodedProtectedHeader !== void 0 ? (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .lF)(encodedProtectedHeader) : new Uint8Array(), (0,_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .encode */ .lF)("."), typeof signingPayload == "string" ? shared[2] ??= (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeAsciiMember */ .MV)(signingPayload, "payload", _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye) : signingPayload), signature = (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeBase64url */ .h2)(jws.signature, "signature", _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye), verificationKey = await (0,_key_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareKey */ .dT)(entry, key, "verify"), cryptoKey = await (0,_key_js__WEBPACK_IMPORTED_MODULE_4__/* .rawKey */ .GK)(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && (0,_key_js__WEBPACK_IMPORTED_MODULE_4__/* .checkModulusLength */ .or)(entry.alg, cryptoKey);
  let verified = !1;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSSignatureVerificationFailed */ .h2(void 0, { cause });
  }
  if (!verified)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSSignatureVerificationFailed */ .h2();
  const result = { payload: typeof signingPayload == "string" ? (0,_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeBase64url */ .h2)(signingPayload, "payload", _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = _buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .decoder */ .D0.decode(jws)), typeof jws != "string")
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWSInvalid */ .Ye("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}



/***/ }),

/***/ 7961:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ decodeJwt)
/* harmony export */ });
/* harmony import */ var _base64url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1445);
/* harmony import */ var _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7410);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7784);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5674);




function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Invalid JWT");
  if (!encodedPayload)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = (0,_base64url_js__WEBPACK_IMPORTED_MODULE_1__/* .decode */ .D)(encodedPayload);
  } catch (cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .strictDecoder */ .u8.decode(claimsSetBytes));
  } catch (cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_3__/* .isObject */ .Gv)(claimsSet))
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Invalid JWT Claims Set");
  return claimsSet;
}



/***/ }),

/***/ 1196:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ decodeProtectedHeader)
/* harmony export */ });
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7784);

function decodeProtectedHeader(token) {
  let encodedProtectedHeader;
  if (typeof token == "string") {
    const parts = token.split(".");
    (parts.length === 3 || parts.length === 5) && ([encodedProtectedHeader] = parts);
  } else if (typeof token == "object" && token)
    if ("protected" in token)
      encodedProtectedHeader = token.protected;
    else
      throw new TypeError("Token does not contain a Protected Header");
  const invalid = "Invalid Token or Protected Header formatting";
  if (typeof encodedProtectedHeader != "string" || !encodedProtectedHeader)
    throw new TypeError(invalid);
  return (0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJoseHeader */ .OX)(encodedProtectedHeader, TypeError, invalid);
}



/***/ })

};
