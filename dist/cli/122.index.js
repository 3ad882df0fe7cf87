export const id = 122;
export const ids = [122];
export const modules = {

/***/ 7993:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GM: () => (/* binding */ signJws),
/* harmony export */   SX: () => (/* binding */ verifyJwsSignature),
/* harmony export */   _z: () => (/* binding */ keyObjectOf)
/* harmony export */ });
/* unused harmony export isJwsAlgorithm */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

const ALGORITHMS = {
    RS256: { hash: 'sha256', rsa: true },
    RS384: { hash: 'sha384', rsa: true },
    RS512: { hash: 'sha512', rsa: true },
    PS256: { hash: 'sha256', rsa: true, pss: true },
    PS384: { hash: 'sha384', rsa: true, pss: true },
    PS512: { hash: 'sha512', rsa: true, pss: true },
    ES256: { hash: 'sha256', ecdsa: true },
    ES384: { hash: 'sha384', ecdsa: true },
    ES512: { hash: 'sha512', ecdsa: true },
    EdDSA: { hash: null },
    Ed25519: { hash: null },
};
/** Whether `alg` is an asymmetric JWS algorithm this module signs and verifies. */
function isJwsAlgorithm(alg) {
    return Object.hasOwn(ALGORITHMS, alg);
}
const keyObjects = new WeakMap();
/**
 * The node:crypto KeyObject of a WebCrypto CryptoKey (as jose imports them), converted once and
 * cached for the key's lifetime. A KeyObject passes through.
 */
function keyObjectOf(key) {
    if (key instanceof node_crypto__WEBPACK_IMPORTED_MODULE_0__.KeyObject)
        return key;
    let converted = keyObjects.get(key);
    if (converted === undefined) {
        converted = node_crypto__WEBPACK_IMPORTED_MODULE_0__.KeyObject.from(key);
        keyObjects.set(key, converted);
    }
    return converted;
}
function params(alg, key) {
    const found = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
    if (found === undefined)
        throw new TypeError(`alg ${alg} is not an asymmetric JWS algorithm`);
    // As jose refuses them: RSA keys shorter than 2048 bits are not safe to trust or to sign with.
    if (found.rsa && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
        throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
    return found;
}
function keyInput(key, p) {
    if (p.pss)
        return { key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PSS_PADDING, saltLength: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PSS_SALTLEN_DIGEST };
    if (p.ecdsa)
        return { key, dsaEncoding: 'ieee-p1363' };
    return { key };
}
/**
 * Checks a JWS signature over `data` (the ASCII of `header.payload`). False for a signature that
 * does not verify, including one of the wrong length; throws TypeError for an algorithm it does
 * not know or an RSA key under 2048 bits.
 *
 * @example
 * const [h, p, s] = jwt.split('.');
 * verifyJwsSignature('RS256', key, Buffer.from(`${h}.${p}`), Buffer.from(s, 'base64url')) // true
 */
function verifyJwsSignature(alg, key, data, signature) {
    const p = params(alg, key);
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(p.hash, data, keyInput(key, p), signature);
    }
    catch {
        // node:crypto throws on some malformed signatures (an ECDSA one of the wrong size): not valid either.
        return false;
    }
}
/**
 * Signs `data` as JWS `alg` says and returns the signature in JWS form (ES256: 64-byte r‖s).
 *
 * @example
 * const signature = signJws('ES256', privateKey, Buffer.from(`${header}.${payload}`));
 */
function signJws(alg, key, data) {
    const p = params(alg, key);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(p.hash, data, keyInput(key, p));
}


/***/ }),

/***/ 7122:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jwtHeaders: () => (/* binding */ jwtHeaders)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7993);
/* harmony import */ var _profiles_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8357);



/**
 * A fresh JWT for each request (never stored): the profile's claims plus `jti` (random), `iat`
 * and `exp` (iat + ttl), signed with the newest key.
 *
 * Signed with node:crypto directly (createHmac for HS*, src/lib/jws-crypto.ts for the others),
 * with the encoded header made once per profile: a JWT is one HMAC over a few hundred bytes, and
 * building it through jose and WebCrypto cost seven times the HMAC (issue 18). The tokens are the
 * same compact JWS; the jwt tests verify them with jose.
 *
 * @example
 * await jwtHeaders(profile, request, deps) // → { Authorization: 'Bearer eyJ…' }
 */
async function jwtHeaders(profile, _request, deps) {
    const signer = signerOf(profile);
    const iat = Math.floor(deps.now() / 1000);
    const claims = { ...profile.claims, jti: deps.randomBytes(16).toString('base64url'), iat, exp: iat + profile.ttl };
    const input = `${signer.header}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
    return { [profile.header]: `${profile.scheme}${input}.${signer.sign(input)}` };
}
// Reading a PEM per request would cost more than the signature: once per profile.
const signers = new WeakMap();
function signerOf(profile) {
    let signer = signers.get(profile);
    if (signer === undefined) {
        const header = { alg: profile.alg, typ: 'JWT', ...(profile.kid === undefined ? {} : { kid: profile.kid }) };
        const encoded = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
        const keyText = profile.keys[0];
        if (profile.alg.startsWith('HS')) {
            const digest = `sha${profile.alg.slice(2)}`;
            const secret = Buffer.from(keyText);
            signer = { header: encoded, sign: (input) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)(digest, secret).update(input).digest('base64url') };
        }
        else {
            const key = (0,_profiles_js__WEBPACK_IMPORTED_MODULE_2__/* .readPrivateKey */ .$k)(keyText);
            const alg = profile.alg;
            signer = {
                header: encoded,
                sign: (input) => (0,_lib_jws_crypto_js__WEBPACK_IMPORTED_MODULE_1__/* .signJws */ .GM)(alg, key, Buffer.from(input, 'ascii')).toString('base64url'),
            };
        }
        signers.set(profile, signer);
    }
    return signer;
}


/***/ })

};
