export const id = 380;
export const ids = [380,999];
export const modules = {

/***/ 5380:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SignJWT: () => (/* reexport safe */ _jwt_sign_js__WEBPACK_IMPORTED_MODULE_0__.P),
/* harmony export */   createLocalJWKSet: () => (/* reexport safe */ _jwks_local_js__WEBPACK_IMPORTED_MODULE_1__.w),
/* harmony export */   importPKCS8: () => (/* reexport safe */ _key_import_js__WEBPACK_IMPORTED_MODULE_2__.Lf),
/* harmony export */   jwtVerify: () => (/* reexport safe */ _jwt_verify_js__WEBPACK_IMPORTED_MODULE_3__.V)
/* harmony export */ });
/* unused harmony export cryptoRuntime */
/* harmony import */ var _jwt_verify_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4605);
/* harmony import */ var _jwt_sign_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2896);
/* harmony import */ var _jwks_local_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6687);
/* harmony import */ var _key_import_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3568);





























const cryptoRuntime = "WebCryptoAPI";



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

/***/ 4605:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ jwtVerify)
/* harmony export */ });
/* harmony import */ var _lib_jws_verify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9806);
/* harmony import */ var _lib_jwt_claims_set_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5526);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5674);



async function jwtVerify(jwt, key, options) {
  const [verified, b64] = await (0,_lib_jws_verify_js__WEBPACK_IMPORTED_MODULE_0__/* .verifyCompact */ .BO)(jwt, (0,_lib_jws_verify_js__WEBPACK_IMPORTED_MODULE_0__/* .prepareVerify */ .F_)(options), key);
  if (!b64)
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWTInvalid */ .Dp("JWTs MUST NOT use unencoded payload");
  const payload = (0,_lib_jwt_claims_set_js__WEBPACK_IMPORTED_MODULE_2__/* .validateClaimsSet */ .k6)(verified.protectedHeader, verified.payload, options);
  return { ...verified, payload };
}



/***/ }),

/***/ 3568:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lf: () => (/* binding */ importPKCS8),
/* harmony export */   Og: () => (/* binding */ importJWK)
/* harmony export */ });
/* unused harmony exports importSPKI, importX509 */
/* harmony import */ var _util_base64url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1445);
/* harmony import */ var _lib_asn1_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2479);
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7859);
/* harmony import */ var _lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(956);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5674);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7784);






async function importSPKI(spki, alg, options) {
  if (typeof spki != "string" || spki.indexOf("-----BEGIN PUBLIC KEY-----") !== 0)
    throw new TypeError('"spki" must be SPKI formatted string');
  return fromSPKI(spki, alg, options);
}
async function importX509(x509, alg, options) {
  if (typeof x509 != "string" || x509.indexOf("-----BEGIN CERTIFICATE-----") !== 0)
    throw new TypeError('"x509" must be X.509 formatted string');
  return fromX509(x509, alg, options);
}
async function importPKCS8(pkcs8, alg, options) {
  if (typeof pkcs8 != "string" || pkcs8.indexOf("-----BEGIN PRIVATE KEY-----") !== 0)
    throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
  return (0,_lib_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .fromPKCS8 */ .IG)(pkcs8, alg, options);
}
async function importJWK(jwk, alg, options) {
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_1__/* .isObject */ .Gv)(jwk))
    throw new TypeError("JWK must be an object");
  const normalized = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizeJwk */ .oX)(jwk), extractable = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .validateExtractableOption */ .l)(options?.extractable), { alg: jwkAlg } = normalized;
  if (alg ??= jwkAlg, normalized.kty !== "oct" && !alg)
    throw new TypeError('"alg" argument is required when "jwk.alg" is not present');
  switch (normalized.kty) {
    case "oct":
      if (typeof normalized.k != "string")
        throw new TypeError('missing "k" (Key Value) Parameter value');
      return (0,_util_base64url_js__WEBPACK_IMPORTED_MODULE_3__/* .decode */ .D)(normalized.k);
    case "AKP": {
      if (typeof jwkAlg != "string" || !jwkAlg)
        throw new TypeError('missing "alg" (Algorithm) Parameter value');
      if (alg !== jwkAlg)
        throw new TypeError("JWK alg and alg option value mismatch");
      return (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkToKey */ .xY)((0,_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_4__/* .keyAlgorithm */ .Ze)(alg), normalized, extractable);
    }
    case "RSA":
    case "EC":
    case "OKP":
      return (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkToKey */ .xY)((0,_lib_key_algorithm_js__WEBPACK_IMPORTED_MODULE_4__/* .keyAlgorithm */ .Ze)(alg), normalized, extractable);
    default:
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .JOSENotSupported */ .T0('Unsupported "kty" (Key Type) Parameter value');
  }
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



/***/ })

};
