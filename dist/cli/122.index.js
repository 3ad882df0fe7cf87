export const id = 122;
export const ids = [122];
export const modules = {

/***/ 7122:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jwtHeaders: () => (/* binding */ jwtHeaders)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _profiles_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8357);


/**
 * A fresh JWT for each request (never stored): the profile's claims plus `iat`, `exp` (iat + ttl)
 * and a random `jti`, signed with the newest key. jose is loaded only when a jwt profile signs.
 *
 * @example
 * await jwtHeaders(profile, request, deps) // → { Authorization: 'Bearer eyJ…' }
 */
async function jwtHeaders(profile, _request, deps) {
    const { SignJWT } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(813), __webpack_require__.e(380)]).then(__webpack_require__.bind(__webpack_require__, 5380));
    const iat = Math.floor(deps.now() / 1000);
    const claims = { ...profile.claims, jti: deps.randomBytes(16).toString('base64url') };
    const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: profile.alg, typ: 'JWT', ...(profile.kid === undefined ? {} : { kid: profile.kid }) })
        .setIssuedAt(iat)
        .setExpirationTime(iat + profile.ttl)
        .sign(await signingKey(profile));
    return { [profile.header]: `${profile.scheme}${token}` };
}
// jose signs with WebCrypto keys; importing one per request would cost more than the signature.
const keyCache = new WeakMap();
function signingKey(profile) {
    let key = keyCache.get(profile);
    if (key === undefined) {
        key = importKey(profile.alg, profile.keys[0]);
        keyCache.set(profile, key);
    }
    return key;
}
async function importKey(alg, text) {
    if (alg.startsWith('HS')) {
        return node_crypto__WEBPACK_IMPORTED_MODULE_0__.webcrypto.subtle.importKey('raw', Buffer.from(text), { name: 'HMAC', hash: `SHA-${alg.slice(2)}` }, false, [
            'sign',
        ]);
    }
    // PEM of any kind (PKCS#8, PKCS#1, SEC1) or JWK → PKCS#8 for jose.
    const { importPKCS8 } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(813), __webpack_require__.e(380)]).then(__webpack_require__.bind(__webpack_require__, 5380));
    const pkcs8 = (0,_profiles_js__WEBPACK_IMPORTED_MODULE_1__/* .readPrivateKey */ .$k)(text).export({ format: 'pem', type: 'pkcs8' }).toString();
    return importPKCS8(pkcs8, alg);
}


/***/ })

};
