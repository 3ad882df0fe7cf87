import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 268:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fp: () => (/* binding */ StintError),
/* harmony export */   Hu: () => (/* binding */ isStintError)
/* harmony export */ });
/* unused harmony export UsageError */
class StintError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.name = 'StintError';
        this.code = code;
    }
}
/** A command line that cannot be run as given; the CLI exits 2. */
class UsageError extends StintError {
    constructor(message) {
        super('ERR_USAGE', message);
        this.name = 'UsageError';
    }
}
function isStintError(error, code) {
    return error instanceof StintError && (code === undefined || error.code === code);
}


/***/ }),

/***/ 722:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IV: () => (/* binding */ sendsInClear),
/* harmony export */   W7: () => (/* binding */ PLAIN_HTTP_ONLY_HERE),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/**
 * Whether a host is this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `::1`
 * (bracketed as URL hostnames write it, or bare as `--host` takes it). Only a real IPv4
 * address counts for 127/8, so a name such as `127.example.com` is another machine.
 *
 * @example
 * isLoopbackHost(new URL('http://[::1]:8080').hostname) // true
 */
function isLoopbackHost(host) {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    if (bare === 'localhost')
        return true;
    // node:net on first use: importing it costs a start-up that may never check a host.
    if (process.getBuiltinModule('node:net').isIP(bare) === 4)
        return bare.startsWith('127.');
    return bare === '::1';
}
/** Where plain http is allowed, for messages that refuse it elsewhere. */
const PLAIN_HTTP_ONLY_HERE = 'http:// is only for localhost, 127.0.0.0/8 and ::1';
/**
 * Whether a request to `url` would cross the network in clear: plain http to a host that is not
 * this machine. Every client that sends a credential (an ID token, a stint token, a client
 * secret, a bearer token or JWT) refuses such a URL before sending anything.
 *
 * @example
 * sendsInClear(new URL('http://api.example.com/')) // true
 * sendsInClear(new URL('http://127.0.0.1:8080/')) // false
 */
function sendsInClear(url) {
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}


/***/ }),

/***/ 757:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ urlForMessage)
/* harmony export */ });
/* unused harmony export redactUrl */
/**
 * A URL (or a `user:password@host:port` without a scheme, as a sentinel or cluster node is written)
 * with its password replaced by `***`, so an error message or a log line never repeats it. With
 * `user: false` the user name goes too (`https://***@host`): where no user name belongs (an
 * issuer), one may be a token pasted in its place. The password runs to the last `@` of the
 * value, so one holding `@`, or a `/` a URL parser would take for the path (a base64 password
 * left unencoded: the URL that quotes it did not parse), is replaced whole; a path holding `@`
 * may lose its start too, which in a message costs nothing.
 *
 * @example
 * redactUrl('redis://alice:hunter2@redis.internal:6379/0') // 'redis://alice:***@redis.internal:6379/0'
 * redactUrl('alice:hunter2@10.1.2.3:26379')                 // 'alice:***@10.1.2.3:26379'
 * redactUrl('https://ghp_x@ci.example', { user: false })   // 'https://***@ci.example'
 */
function redactUrl(text, options = {}) {
    return text.replace(/(^|\/\/|[\s'"(,])([^\s/@:'"(,]*)(:(?!\/\/)[^\s'"]*)?@/g, (found, before, user, password) => {
        if (options.user === false && (user !== '' || password !== undefined))
            return `${before}***@`;
        return password === undefined ? found : `${before}${user}:***@`;
    });
}
/**
 * A URL as a message shows it: without user info and without its query, either of which may be
 * a credential (`https://u:pw@host`, `?key=…`, `?private_token=…`); a query is shown as `?…`, so
 * the reader knows there was one. Text that is not a URL goes through `redactUrl` with no user.
 * Where the CLI prints a request's URL it keeps the same parts (origin and path).
 *
 * @example
 * urlForMessage('https://u:pw@broker.example/jwks?key=abc') // 'https://broker.example/jwks?…'
 */
function urlForMessage(text) {
    if (!URL.canParse(text))
        return redactUrl(text, { user: false });
    const url = new URL(text);
    const query = url.search === '' && !text.includes('?') ? '' : '?…';
    return redactUrl(`${url.protocol}${url.host === '' ? '' : '//'}${url.host}${url.pathname}${query}`, { user: false });
}


/***/ }),

/***/ 30:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Fp: () => (/* reexport */ errors/* StintError */.Fp),
  Z: () => (/* reexport */ headerValue),
  Hu: () => (/* reexport */ errors/* isStintError */.Hu),
  OC: () => (/* reexport */ mcpToolScopes),
  RI: () => (/* reexport */ protectedResource),
  QQ: () => (/* reexport */ verifyClientCertificate),
  KI: () => (/* reexport */ verifyHmacWebhook),
  oY: () => (/* reexport */ verifyHttpSignature),
  J0: () => (/* reexport */ verifyJwt),
  Ng: () => (/* reexport */ verifyStintToken)
});

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __nccwpck_require__(268);
;// CONCATENATED MODULE: ./src/verify/client-certificate.ts

const PROJECT_URI = 'urn:stint:project:';
/**
 * The mtls receiving side: after a TLS server that trusts the broker CA (`GET /mtls/ca.pem`,
 * `requestCert: true`) accepted the handshake, checks the client certificate on the request's
 * socket and authorises on the project in its SAN URI — never on the CN, which is only the CI
 * subject cut to 64 characters. Throws StintError ERR_CERTIFICATE_MISSING,
 * ERR_CERTIFICATE_INVALID or ERR_CERTIFICATE_PROJECT.
 *
 * @example
 * https.createServer({ key, cert, ca: stintCaPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
 *   const { project } = verifyClientCertificate(req.socket as TLSSocket, { projects: ['warehouse'] });
 * });
 */
function verifyClientCertificate(socket, options) {
    const cert = socket.getPeerCertificate();
    if (cert === null || cert === undefined || Object.keys(cert).length === 0) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_MISSING', 'the client sent no certificate; the server must request one (requestCert: true)');
    }
    // With rejectUnauthorized: false Node still completes the handshake; an unverified chain must not pass.
    if (!socket.authorized) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_INVALID', `the client certificate is not trusted: ${String(socket.authorizationError ?? 'unknown reason')}`);
    }
    const projects = (cert.subjectaltname ?? '')
        .split(', ')
        .map((entry) => entry.replace(/^URI:"?/, 'URI:').replace(/"$/, ''))
        .filter((entry) => entry.startsWith(`URI:${PROJECT_URI}`))
        .map((entry) => entry.slice(`URI:${PROJECT_URI}`.length));
    if (projects.length !== 1) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_PROJECT', projects.length === 0
            ? 'the client certificate names no stint project (no SAN URI urn:stint:project:…)'
            : `the client certificate names several projects (${projects.join(', ')}); refused`);
    }
    const project = projects[0];
    if (!options.projects.includes(project)) {
        throw new errors/* StintError */.Fp('ERR_CERTIFICATE_PROJECT', `the client certificate is for project ${project}, not ${options.projects.join(' or ')}`);
    }
    return {
        project,
        subject: String(cert.subject?.CN ?? ''),
        fingerprint256: cert.fingerprint256,
        validTo: new Date(cert.valid_to),
    };
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/verify/headers.ts

/** The value of a header, matched case-insensitively; repeated fields joined with ", " (RFC 9110). */
function headerValue(headers, name) {
    if (typeof headers.get === 'function') {
        return headers.get(name) ?? undefined;
    }
    const wanted = name.toLowerCase();
    const found = [];
    for (const [key, value] of Object.entries(headers)) {
        if (key.toLowerCase() !== wanted || value === undefined)
            continue;
        found.push(...(Array.isArray(value) ? value : [value]));
    }
    return found.length === 0 ? undefined : found.join(', ');
}
/** Constant-time equality of two byte strings; different lengths are simply unequal. */
function bytesEqual(a, b) {
    return a.length === b.length && (0,external_node_crypto_namespaceObject.timingSafeEqual)(a, b);
}

;// CONCATENATED MODULE: ./src/lib/strict-base64.ts
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
function strict_base64_strictBase64Problem(text, what = 'base64') {
    if (text === '')
        return 'is empty';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
        return `is not ${what} (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)`;
    if (Buffer.from(text, 'base64').toString('base64') !== text)
        return `is not canonical ${what} (its last character carries bits that are not part of the key)`;
    return undefined;
}
/**
 * The bytes of strict base64 `text`, or undefined when it is not (`strictBase64Problem` says why).
 *
 * @example
 * strictBase64('c2VjcmV0') // <Buffer 73 65 63 72 65 74>
 */
function strict_base64_strictBase64(text) {
    return strict_base64_strictBase64Problem(text) === undefined ? Buffer.from(text, 'base64') : undefined;
}

;// CONCATENATED MODULE: ./src/signing/hmac.ts


/**
 * Webhook-style HMAC signatures. Each format is the sender's half of a documented scheme; the
 * receiving half is `verify/hmac.ts`. Requests are signed with the newest secret only.
 *
 * @example
 * hmacHeaders(profile, { method: 'POST', url, headers: {}, body }, { now: Date.now, randomBytes })
 * // github → { 'X-Hub-Signature-256': 'sha256=…' }
 */
function hmacHeaders(profile, request, deps) {
    const secret = profile.secrets[0];
    const body = request.body;
    const seconds = String(Math.floor(deps.now() / 1000));
    switch (profile.format) {
        case 'github':
            return { 'X-Hub-Signature-256': `sha256=${mac('sha256', secret, [body]).toString('hex')}` };
        case 'standard-webhooks': {
            const id = `msg_${deps.randomBytes(16).toString('base64url')}`;
            const key = standardWebhooksKey(secret);
            const signature = mac('sha256', key, [`${id}.${seconds}.`, body]).toString('base64');
            return { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${signature}` };
        }
        case 'stripe':
            // Stripe keys the HMAC with the whole `whsec_…` string, not its decoded bytes.
            return { 'Stripe-Signature': `t=${seconds},v1=${mac('sha256', secret, [`${seconds}.`, body]).toString('hex')}` };
        case 'slack':
            return {
                'X-Slack-Request-Timestamp': seconds,
                'X-Slack-Signature': `v0=${mac('sha256', secret, [`v0:${seconds}:`, body]).toString('hex')}`,
            };
        case 'generic': {
            const parts = profile.timestampHeader === undefined ? [body] : [`${seconds}.`, body];
            const value = `${profile.prefix}${mac(profile.algorithm, secret, parts).toString(profile.encoding)}`;
            return profile.timestampHeader === undefined
                ? { [profile.header]: value }
                : { [profile.timestampHeader]: seconds, [profile.header]: value };
        }
    }
}
/** HMAC of the concatenated parts (strings as UTF-8). */
function mac(algorithm, key, parts) {
    const hmac = (0,external_node_crypto_namespaceObject.createHmac)(algorithm, key);
    for (const part of parts)
        hmac.update(part);
    return hmac.digest();
}
/** Standard Webhooks' symmetric keys are "at least 24 bytes (192 bits, 512 maximum)" (its spec). */
const STANDARD_WEBHOOKS_MIN_KEY_BYTES = 24;
/**
 * What is wrong with a Standard Webhooks secret, said without quoting it, or undefined when it is
 * usable: `whsec_` (optional here) then strict base64 (src/lib/strict-base64.ts) of a key of at
 * least 24 bytes.
 */
function hmac_standardWebhooksSecretProblem(secret) {
    const encoded = secret.startsWith('whsec_') ? secret.slice(6) : secret;
    const problem = strict_base64_strictBase64Problem(encoded, 'base64 after whsec_');
    if (problem !== undefined)
        return problem;
    const key = Buffer.from(encoded, 'base64');
    if (key.length < STANDARD_WEBHOOKS_MIN_KEY_BYTES)
        return `is a key of ${key.length} byte${key.length === 1 ? '' : 's'}, and Standard Webhooks keys are at least ${STANDARD_WEBHOOKS_MIN_KEY_BYTES} bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)`;
    return undefined;
}
/** The key bytes of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
function standardWebhooksKey(secret) {
    return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

;// CONCATENATED MODULE: ./src/signing/types.ts
/** Every `type:` a profile may have. */
const PROFILE_TYPES = (/* unused pure expression or super */ null && (['hmac', 'http-signature', 'jwt', 'bearer', 'oauth2', 'mtls']));
const types_HMAC_FORMATS = ['generic', 'github', 'standard-webhooks', 'stripe', 'slack'];
const types_HTTP_SIGNATURE_ALGS = [
    'hmac-sha256',
    'ed25519',
    'ecdsa-p256-sha256',
    'rsa-pss-sha512',
    'rsa-v1_5-sha256',
];
const types_JWT_ALGS = [
    'HS256',
    'HS384',
    'HS512',
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'ES256',
    'ES384',
    'EdDSA',
];

;// CONCATENATED MODULE: ./src/lib/http.ts

/**
 * The codes Node gives a server certificate it does not accept (OpenSSL's X.509 verification
 * results, and Node's own host name check): untrusted, expired, not for this host, malformed.
 */
const CERTIFICATE_ERRORS = new Set([
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_CRL',
    'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
    'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
    'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
    'CERT_SIGNATURE_FAILURE',
    'CRL_SIGNATURE_FAILURE',
    'CERT_NOT_YET_VALID',
    'CERT_HAS_EXPIRED',
    'CRL_NOT_YET_VALID',
    'CRL_HAS_EXPIRED',
    'ERROR_IN_CERT_NOT_BEFORE_FIELD',
    'ERROR_IN_CERT_NOT_AFTER_FIELD',
    'ERROR_IN_CRL_LAST_UPDATE_FIELD',
    'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'CERT_CHAIN_TOO_LONG',
    'CERT_REVOKED',
    'INVALID_CA',
    'PATH_LENGTH_EXCEEDED',
    'INVALID_PURPOSE',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
    'HOSTNAME_MISMATCH',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/**
 * What a refused server certificate needs, from Node's verification code or its message (a client
 * that passes errors on as text, such as ioredis for Sentinel and Cluster nodes, keeps only the
 * message): `host` (it does not name the host connected to), `trust` (its CA is not trusted here),
 * `dates` (expired or not yet valid), or undefined for any other refusal.
 *
 * @example
 * certificateProblem('SELF_SIGNED_CERT_IN_CHAIN') // 'trust'
 * certificateProblem('self-signed certificate in certificate chain') // 'trust'
 */
function certificateProblem(codeOrMessage) {
    if (/Hostname\/IP does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/i.test(codeOrMessage))
        return 'host';
    if (/self[- ]signed|unable to get (local )?issuer|unable to verify the first certificate|certificate (is )?not trusted|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_UNTRUSTED/i.test(codeOrMessage))
        return 'trust';
    if (/certificate has expired|certificate is not yet valid|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/i.test(codeOrMessage))
        return 'dates';
    return undefined;
}
/**
 * OpenSSL's codes for a TLS handshake that the other end refused, or that could not start: plain
 * HTTP on an https:// URL, a server that demands a client certificate, no TLS version in common.
 * They come back as `network` failures, but the same server answers the same way next time, so
 * `isTlsRefusal` lets callers stop at once instead of retrying.
 */
const TLS_REFUSALS = new Set([
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'ERR_SSL_PACKET_LENGTH_TOO_LONG',
    'ERR_SSL_HTTP_REQUEST',
    'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    'ERR_SSL_UNSUPPORTED_PROTOCOL',
    'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
    'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
    'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
    'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
    'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);
/**
 * The error's code; for a TLS failure met while writing, which Node reports as a bare EPROTO, the
 * OpenSSL reason named the way Node names the others (`wrong version number` →
 * ERR_SSL_WRONG_VERSION_NUMBER).
 */
function failureCode(error) {
    const ssl = error.code === 'EPROTO' ? /:SSL routines:[^:]*:([a-z0-9 ]+):/.exec(error.message) : null;
    if (ssl)
        return `ERR_SSL_${ssl[1].toUpperCase().replaceAll(' ', '_')}`;
    return error.code ?? error.message;
}
/**
 * How a server says that plain HTTP came to its HTTPS port: the stint broker
 * (src/broker/plain-http.ts), nginx ("The plain HTTP request was sent to HTTPS port") and Go's
 * net/http, which Caddy and Traefik use ("Client sent an HTTP request to an HTTPS server.").
 */
const HTTPS_PORT_ANSWER = /speaks HTTPS and the request came as plain HTTP|plain HTTP request was sent to HTTPS port|sent an HTTP request to an HTTPS server/i;
/** Whether an answer to an http:// request says that the port serves HTTPS (the same every time). */
function isHttpsPortAnswer(status, text) {
    return status === 400 && HTTPS_PORT_ANSWER.test(text);
}
/** The OpenSSL codes of an https:// request to a port that answers plain HTTP (or nothing TLS). */
function isPlainHttpPort(reason) {
    return (reason === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
        reason === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
        reason === 'ERR_SSL_HTTP_REQUEST');
}
/** Whether a `network` failure's reason is a TLS handshake the server refuses every time. */
function isTlsRefusal(reason) {
    return TLS_REFUSALS.has(reason);
}
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * A request that got no usable answer. Callers turn it into their own error (ERR_BROKER_UNREACHABLE,
 * ERR_ISSUER_UNREACHABLE, …); `isRetryableHttpError` (src/lib/retry.ts) says whether to try again.
 */
class HttpError extends errors/* StintError */.Fp {
    kind;
    /** Short and safe to print: `ECONNREFUSED`, `no answer in time (timeout)`, `redirected to https://…`. */
    reason;
    /**
     * False when the request provably never left this machine (no connection was made, or the TLS
     * handshake failed), so resending a single-use credential cannot be a replay.
     */
    sent;
    /** The answer's status, for `too-large` and `redirect`. */
    status;
    constructor(kind, target, reason, details) {
        super('ERR_HTTP_FAILED', `${target}: ${reason}`, { cause: details.cause });
        this.name = 'HttpError';
        this.kind = kind;
        this.reason = reason;
        this.sent = details.sent;
        this.status = details.status;
    }
}
/**
 * Sends one request and reads the whole answer (bounded by `maxResponseBytes` and `timeoutMs`).
 * Any status is an answer; only a missing, broken, late, oversized or redirecting answer throws
 * `HttpError`. A fresh connection per request (no pooling): stint makes few requests, and a
 * pooled socket the server has just closed would turn a good request into a spurious failure.
 *
 * @example
 * const answer = await httpRequest({ url: 'https://stint.example.com/.well-known/jwks.json', maxResponseBytes: 256 * 1024 });
 * if (answer.status === 200) keys = JSON.parse(answer.text());
 */
const httpRequest = async (options) => {
    const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
    // For messages: never the query, which may carry a credential.
    const target = `${(options.method ?? 'GET').toUpperCase()} ${url.origin}${url.pathname}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* StintError */.Fp('ERR_HTTP_FAILED', `${target}: only http and https URLs can be requested (got ${url.protocol})`);
    }
    let route;
    const env = process.env;
    // The proxy code loads only when a proxy variable is set (the action's start-up, issue 18).
    if ((options.proxy ?? 'environment') === 'environment' &&
        (env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY)) {
        const proxy = await __nccwpck_require__.e(/* import() */ 73).then(__nccwpck_require__.bind(__nccwpck_require__, 73));
        try {
            route = proxy.proxyFor(url, env);
        }
        catch (error) {
            if (!(error instanceof proxy.ProxySettingError))
                throw error;
            throw new HttpError('proxy', target, error.message, { sent: false });
        }
        if (route !== undefined)
            return exchange(options, url, target, { route, proxy });
    }
    return exchange(options, url, target, undefined);
};
/** The request itself: directly, or through a proxy. */
function exchange(options, url, target, proxied) {
    const route = proxied?.route;
    const secure = url.protocol === 'https:';
    /** `through the proxy proxy.corp:3128 (from HTTPS_PROXY)`: host and port only, never credentials. */
    const via = route === undefined ? '' : ` through the proxy ${route.where} (from ${route.variable})`;
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
        let connected = false;
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            if ('ok' in outcome) {
                resolve(outcome.ok);
            }
            else {
                request?.destroy();
                tunnel?.destroy();
                reject(outcome.error);
            }
        };
        const fail = (kind, reason, extra = {}) => finish({ error: new HttpError(kind, target, reason, { sent: connected, ...extra }) });
        const onAbort = () => fail('timeout', `no answer in time (timeout)${via}`, { cause: options.signal?.reason });
        const timer = setTimeout(onAbort, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        // node:http and node:https (TLS and all of node:crypto) load on the first request that needs
        // them, not at import: a run that fails on its inputs needs neither, and one that only talks
        // to a local broker over http never needs TLS (the action's start-up, issue 18).
        let request;
        /** The CONNECT request to the proxy, and then the tunnel's socket. */
        let tunnel;
        const onError = (error) => {
            const certificate = error.code !== undefined && CERTIFICATE_ERRORS.has(error.code);
            const code = failureCode(error);
            // A certificate or handshake refusal is the server's, end to end through a tunnel: the bare
            // code, which callers look up (isTlsRefusal, their fixes). Anything else may be the proxy's.
            fail(certificate ? 'certificate' : 'network', certificate || isTlsRefusal(code) ? code : `${code}${via}`, {
                cause: error,
            });
        };
        const start = (send, extra, target) => {
            const settings = { method: options.method ?? 'GET', headers: options.headers ?? {}, ...extra };
            request =
                target === undefined
                    ? send(settings, (response) => read(response))
                    : send(target, settings, (response) => read(response));
            request.on('socket', (socket) => {
                // The request's bytes go out only once the connection (and the TLS handshake) is up.
                socket.once(secure && route === undefined ? 'secureConnect' : 'connect', () => {
                    connected = true;
                });
            });
            request.on('error', onError);
            request.end(options.body);
        };
        if (options.signal?.aborted) {
            onAbort();
            return;
        }
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (proxied === undefined) {
            start(process.getBuiltinModule(secure ? 'node:https' : 'node:http').request, { agent: false, ...(secure ? (options.tls ?? {}) : {}) }, url);
        }
        else if (!secure) {
            // Plain http through the proxy: the request, in absolute form, to the proxy itself.
            const { send, settings } = proxied.proxy.absoluteForm(proxied.route, url, options.headers ?? {});
            start(send, settings);
        }
        else {
            const { where, variable } = proxied.route;
            tunnel = proxied.proxy.openTunnel(proxied.route, url, options.tls, {
                opened: (socket) => {
                    tunnel = socket;
                },
                unreachable: (error) => fail('network', `${failureCode(error)} connecting to the proxy ${where} (from ${variable})`, {
                    cause: error,
                }),
                refused: (kind, reason, status) => fail(kind, reason, { status }),
                secured: () => {
                    connected = true;
                },
                failed: onError,
                ready: (tls) => start(process.getBuiltinModule('node:https').request, { createConnection: () => tls }, url),
            });
        }
        function read(response) {
            const status = response.statusCode ?? 0;
            if (proxied !== undefined && !secure && status === 407) {
                fail('proxy', proxied.proxy.proxyRefusal(proxied.route, url.host, status), { status });
                return;
            }
            if (REDIRECTS.has(status) && (options.redirect ?? 'refuse') === 'refuse') {
                const location = response.headers.location;
                const where = location ? ` to ${originOf(location, url)}` : '';
                fail('redirect', `redirected${where} (redirects are not followed)`, { status });
                return;
            }
            const declared = Number(response.headers['content-length']);
            if (Number.isFinite(declared) && declared > maxBytes) {
                fail('too-large', tooLarge(maxBytes), { status });
                return;
            }
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size > maxBytes)
                    fail('too-large', tooLarge(maxBytes), { status });
                else
                    chunks.push(chunk);
            });
            response.on('end', () => {
                const body = Buffer.concat(chunks);
                finish({
                    ok: {
                        status,
                        statusText: response.statusMessage ?? '',
                        headers: response.headers,
                        body,
                        header: (name) => {
                            const value = response.headers[name.toLowerCase()];
                            return Array.isArray(value) ? value[0] : value;
                        },
                        text: () => body.toString('utf8'),
                    },
                });
            });
            response.on('error', (error) => fail('network', `the answer broke off (${error.code ?? error.message})`, { cause: error }));
            response.on('close', () => {
                if (!response.complete)
                    fail('network', 'the answer broke off');
            });
        }
    });
}
function tooLarge(maxBytes) {
    return `the answer is larger than ${maxBytes} bytes`;
}
/** Where a redirect points, without path or query (they may carry a credential). */
function originOf(location, base) {
    try {
        return new URL(location, base).origin;
    }
    catch {
        return 'an unreadable location';
    }
}

// EXTERNAL MODULE: ./src/lib/loopback.ts
var loopback = __nccwpck_require__(722);
// EXTERNAL MODULE: ./src/lib/url-credentials.ts
var url_credentials = __nccwpck_require__(757);
;// CONCATENATED MODULE: ./src/verify/options.ts





/**
 * A number-of-seconds option, checked before it is used. A tolerance read from an unset
 * environment variable is `Number(undefined)`, NaN, and every comparison with NaN is false: an
 * age check `age > NaN` never refuses, which would turn replay protection off without a word.
 * So anything that is not a finite number within the range is ERR_VERIFY_CONFIG, never a default.
 */
function secondsOption(value, fallback, name, [min, max]) {
    if (value === undefined)
        return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} must be a number of seconds from ${min} to ${max}, got ${typeof value === 'number' ? String(value) : typeof value}${Number.isNaN(value) ? ' (Number() of an unset variable?)' : ''}`);
    return value;
}
/** The widest tolerance or age a verifier accepts: beyond a day, a replay check means little. */
const ONE_DAY = 86_400;
/**
 * A string option a check depends on (the issuer, the audience). `audience:
 * process.env.STINT_AUDIENCE` with the variable unset is undefined, and jose skips a claim check
 * whose expected value is undefined: the verifier would accept every project's tokens. So
 * anything but a non-empty string is ERR_VERIFY_CONFIG naming the option, never "not checked".
 * `fix` says what to give and what passing without it would let through.
 */
function requiredString(value, name, fix) {
    if (typeof value === 'string' && value.trim() !== '')
        return value;
    throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is ${describeMissing(value)} (is the variable it comes from set?); ${fix}`);
}
/**
 * An expected claim value (verifyJwt's issuer, audience, subject) that may be left out, but
 * when the option is there it must hold something: `audience: process.env.AUD` with the
 * variable unset would otherwise turn the check off without a word.
 */
function presentClaimOption(options, key, name) {
    if (!Object.hasOwn(options, key))
        return;
    const value = options[key];
    const values = Array.isArray(value) && value.length > 0 ? value : [value];
    for (const one of values)
        requiredString(one, name, 'give the expected value, or leave the option out to not check that claim');
}
function describeMissing(value) {
    if (value === undefined || value === null)
        return 'missing';
    if (typeof value === 'string')
        return 'empty';
    if (Array.isArray(value))
        return value.length === 0 ? 'an empty list' : 'a list, not a string';
    return `a ${typeof value}, not a string`;
}
/**
 * A URL a verifier fetches keys from, or sends its introspection API key to: https, or plain
 * http to this machine (tests, a broker beside the service). Plain http to another machine lets
 * anyone on the path answer in the broker's place: serve their own JWKS, so every token they
 * sign passes, or read the introspection API key. `name` is the option the URL comes from, `use`
 * what is done with it, `risk` what clear text would allow. Anything else is ERR_VERIFY_CONFIG.
 */
function fetchedUrl(value, name, use, risk) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} ${JSON.stringify((0,url_credentials/* urlForMessage */.O)(value))} is not an https URL, and ${use}; give the broker's https URL`);
    if ((0,loopback/* sendsInClear */.IV)(url))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} ${url.origin} is plain http to another machine, and ${use}: ${risk}; use the broker's https URL (${loopback/* PLAIN_HTTP_ONLY_HERE */.W7}; for a private CA, start Node with NODE_EXTRA_CA_CERTS=/path/ca.pem)`);
    return url;
}
/**
 * stint/verify's HTTP client (the JWKS and metadata fetches). Inside someone else's service it
 * connects directly, as Node's own http and fetch do, even when HTTPS_PROXY is set (a variable
 * that service may hold for other tools, and that would silently send its key fetches elsewhere);
 * with NODE_USE_ENV_PROXY=1, Node's own switch for honouring the proxy variables, it goes through
 * the proxy they name like the CLI does. docs/signing.md#egress-proxy.
 */
const verifyHttp = (request) => httpRequest({ ...request, proxy: process.env.NODE_USE_ENV_PROXY === '1' ? 'environment' : 'none' });
/**
 * Whole seconds since the epoch by the receiver's clock (`now`, default Date.now). A clock that
 * gives no finite number (NaN from a bad Date, a string) would turn every age and timestamp check
 * into a comparison with NaN, which is never true: every signature would pass however old. So it
 * is ERR_VERIFY_CONFIG, never a check skipped.
 */
function clockSeconds(now, caller) {
    const ms = (now ?? Date.now)();
    if (typeof ms !== 'number' || !Number.isFinite(ms))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${caller}: now() must return milliseconds since the epoch as a finite number, got ${typeof ms === 'number' ? String(ms) : `a ${typeof ms}`}; pass a clock like () => Date.now()`);
    return Math.floor(ms / 1000);
}
/**
 * The body as the bytes that were signed. A parsed body (`req.body` after `express.json()`, an
 * object) or a missing one is not them: re-serialising it would not give the signed bytes, and
 * Node would throw a TypeError that a receiver maps to a 401. So anything but a string or bytes
 * (a Buffer, a Uint8Array, an ArrayBuffer such as `await request.arrayBuffer()`) is
 * ERR_VERIFY_CONFIG saying what to pass instead. One exception: `undefined` for a request whose
 * headers say it has no body (see `bodiless`) is the empty body, which is what a body parser
 * leaves for a GET or a POST without one (`express.raw`, Fastify's parsers).
 */
function rawBody(value, caller, headers) {
    if (typeof value === 'string')
        return Buffer.from(value);
    if (value instanceof Uint8Array)
        return Buffer.isBuffer(value) ? value : Buffer.from(value);
    if (value instanceof ArrayBuffer)
        return Buffer.from(value);
    if (value === undefined && bodiless(headers))
        return Buffer.alloc(0);
    if (value === undefined)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', unreadBody(caller, headers));
    const got = value === null
        ? 'null'
        : typeof value === 'object'
            ? 'an object (a parsed body, such as req.body after express.json()?)'
            : `a ${typeof value}`;
    throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${caller}: body must be the raw bytes as received (a Buffer, ArrayBuffer or string), got ${got}; pass the raw body, e.g. from express.raw({ type: () => true }), or the bytes read from the request`);
}
/**
 * Whether the request's headers say it has no body, so a body parser rightly left none: no
 * Transfer-Encoding, and Content-Length 0 or none at all. "None at all" counts only for Node's
 * headers of an HTTP/1 request (`req.headers`): in HTTP/2 (pseudo-headers such as `:method`) a
 * body needs no Content-Length, and a fetch `Headers` does not say which protocol it came over,
 * so there only `Content-Length: 0` does. Anything else keeps `undefined` a set-up error.
 */
function bodiless(headers) {
    if (headerValue(headers, 'transfer-encoding') !== undefined)
        return false;
    const length = headerValue(headers, 'content-length');
    if (length !== undefined)
        return length.trim() === '0';
    if (typeof headers.get === 'function')
        return false;
    return !Object.keys(headers).some((name) => name.startsWith(':'));
}
/** Why an undefined body cannot be read as empty: the request has one that nothing read. */
function unreadBody(caller, headers) {
    const shown = (name) => {
        const value = headerValue(headers, name);
        return value === undefined ? undefined : `${name} ${JSON.stringify(value.slice(0, 100))}`;
    };
    const said = ['Content-Length', 'Transfer-Encoding', 'Content-Type'].map(shown).filter((part) => part !== undefined);
    return `${caller}: body is undefined, but the request has one (${said.length > 0 ? said.join(', ') : 'HTTP/2, or headers that do not say'}) that nothing read; pass the raw bytes as received, e.g. from express.raw({ type: () => true }) on the route (with a narrower type, a request of another Content-Type leaves req.body undefined), or the bytes read from the request`;
}

;// CONCATENATED MODULE: ./src/verify/hmac.ts





/**
 * Verifies a webhook signed in one of the `hmac` formats. Comparisons are constant-time; a
 * timestamp outside the tolerance is refused as a replay. `github`, and `generic` without
 * `timestampHeader`, sign no timestamp: they have no replay protection at all.
 * Throws StintError ERR_SIGNATURE_MISSING, ERR_SIGNATURE_INVALID or ERR_SIGNATURE_EXPIRED.
 *
 * @example
 * verifyHmacWebhook({ format: 'github', secrets: [process.env.WEBHOOK_SECRET!], headers: req.headers, body: rawBody });
 */
function verifyHmacWebhook(options) {
    const { format, secrets, headers } = options;
    // A misconfiguration must refuse, never pass: a JavaScript caller can hand any string here.
    if (!types_HMAC_FORMATS.includes(format)) {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: unknown format ${JSON.stringify(format)}; use one of ${types_HMAC_FORMATS.join(', ')}`);
    }
    const tolerance = secondsOption(options.toleranceSec, 300, 'verifyHmacWebhook: toleranceSec', [0, ONE_DAY]);
    if (!Array.isArray(secrets) || secrets.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyHmacWebhook needs at least one secret, in a list (secrets: [...])');
    // An empty key (an unset env var read as '', or `whsec_` with nothing after it) is one anyone can sign with;
    // an unset one (`process.env.OLD!` after the rotation) is not a string at all. A Standard Webhooks
    // secret must be strict base64 of at least 24 bytes: Buffer.from(…, 'base64') skips what is not
    // base64, so a typo would quietly become a key of a few bytes, which a forger can try out.
    secrets.forEach((secret, i) => {
        if (typeof secret !== 'string')
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: secret ${i + 1} is ${secret === undefined || secret === null ? String(secret) : `a ${typeof secret}, not a string`}; check the variable it comes from`);
        const problem = format === 'standard-webhooks' ? hmac_standardWebhooksSecretProblem(secret) : secret === '' ? 'is empty' : undefined;
        if (problem !== undefined)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: secret ${i + 1} ${problem}; check the variable it comes from`);
    });
    // Read once the signature headers are there: a request without them is ERR_SIGNATURE_MISSING
    // (401) whatever its body, so a stranger cannot set off the set-up alarm (ERR_VERIFY_CONFIG).
    const raw = () => rawBody(options.body, 'verifyHmacWebhook', headers);
    const need = (name) => {
        const value = headerValue(headers, name);
        if (value === undefined || value === '')
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_MISSING', `the request has no ${name} header`);
        return value;
    };
    const matchAny = (candidates, compute) => {
        // Check every secret (no early exit) so the time taken does not say which one matched.
        let index = -1;
        secrets.forEach((secret, i) => {
            const expected = compute(secret);
            for (const candidate of candidates)
                if (bytesEqual(candidate, expected) && index === -1)
                    index = i;
        });
        if (index === -1)
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `the ${format} webhook signature does not match ${secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`}`);
        return index;
    };
    switch (format) {
        case 'github': {
            const signature = need('X-Hub-Signature-256');
            const body = raw();
            const candidates = signature.startsWith('sha256=') ? [hexBytes(signature.slice(7))] : [];
            return { secretIndex: matchAny(candidates, (s) => mac('sha256', s, [body])) };
        }
        case 'standard-webhooks': {
            const id = need('webhook-id');
            const timestamp = need('webhook-timestamp');
            const candidates = need('webhook-signature')
                .split(' ')
                .filter((s) => s.startsWith('v1,'))
                .map((s) => Buffer.from(s.slice(3), 'base64'));
            const body = raw();
            const secretIndex = matchAny(candidates, (s) => mac('sha256', standardWebhooksKey(s), [`${id}.${timestamp}.`, body]));
            return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now), id };
        }
        case 'stripe': {
            const fields = need('Stripe-Signature')
                .split(',')
                .map((part) => part.trim().split('='));
            const timestamp = fields.find(([k]) => k === 't')?.[1] ?? '';
            const candidates = fields.filter(([k]) => k === 'v1').map(([, v]) => hexBytes(v ?? ''));
            const body = raw();
            const secretIndex = matchAny(candidates, (s) => mac('sha256', s, [`${timestamp}.`, body]));
            return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
        }
        case 'slack': {
            const timestamp = need('X-Slack-Request-Timestamp');
            const signature = need('X-Slack-Signature');
            const body = raw();
            const candidates = signature.startsWith('v0=') ? [hexBytes(signature.slice(3))] : [];
            const secretIndex = matchAny(candidates, (s) => mac('sha256', s, [`v0:${timestamp}:`, body]));
            return { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
        }
        case 'generic': {
            const prefix = options.prefix ?? '';
            const signature = need(options.header ?? 'X-Signature');
            const encoded = signature.startsWith(prefix) ? signature.slice(prefix.length) : undefined;
            const candidates = encoded === undefined
                ? []
                : [options.encoding === 'base64' ? Buffer.from(encoded, 'base64') : hexBytes(encoded)];
            const timestamp = options.timestampHeader === undefined ? undefined : need(options.timestampHeader);
            const body = raw();
            const parts = timestamp === undefined ? [body] : [`${timestamp}.`, body];
            const secretIndex = matchAny(candidates, (s) => mac(options.algorithm ?? 'sha256', s, parts));
            return timestamp === undefined
                ? { secretIndex }
                : { secretIndex, timestamp: checkTimestamp(timestamp, tolerance, options.now) };
        }
        default:
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyHmacWebhook: unknown format ${JSON.stringify(format)}`);
    }
}
/** Hex to bytes; anything that is not even-length hex gives an empty buffer, which never matches. */
function hexBytes(text) {
    return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.alloc(0);
}
function checkTimestamp(text, tolerance, clock) {
    const timestamp = /^\d{1,12}$/.test(text) ? Number(text) : Number.NaN;
    const now = clockSeconds(clock, 'verifyHmacWebhook');
    if (Number.isNaN(timestamp))
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', 'the signed timestamp is not a unix time in seconds');
    if (Math.abs(now - timestamp) > tolerance) {
        const distance = now > timestamp ? `${now - timestamp} s old` : `${timestamp - now} s in the future`;
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_EXPIRED', `the signed timestamp is ${distance}, outside the ${tolerance} s tolerance (a replay, or a clock out of sync)`);
    }
    return timestamp;
}

;// CONCATENATED MODULE: ./src/signing/http-signature-base.ts


const PARAM_ORDER = (/* unused pure expression or super */ null && (['created', 'expires', 'nonce', 'alg', 'keyid', 'tag']));
/** An RFC 8941 sf-string: quoted, with `"` and `\` escaped. Callers ensure printable ASCII. */
function sfString(value) {
    return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
/** `("@method" "@path");created=1;keyid="k"`: the `@signature-params` value and the Signature-Input member. */
function http_signature_base_serializeSignatureParams(components, params) {
    let text = `(${components.map(sfString).join(' ')})`;
    for (const name of PARAM_ORDER) {
        const value = params[name];
        if (value === undefined)
            continue;
        text += `;${name}=${typeof value === 'number' ? String(value) : sfString(value)}`;
    }
    return text;
}
/**
 * The path and query of an absolute URL as written, before any decoding or normalisation.
 *
 * RFC 9421 §2.2.6 and §2.2.7 take `@path` and `@query` "before decoding any percent-encoded
 * octets" (the simple string comparison of RFC 3986 §6.2.1); only an empty path becomes `/`.
 * WHATWG `URL.pathname` is not that: it decodes `%2e`, turns `\` into `/` and removes `..`
 * segments, so `/admin/%2e%2e/public/status` would give the `@path` of `/public/status` while a
 * router runs the `/admin/*` handler for it. The authority ends at the first `/`, `?`, `#` or
 * `\`, as it does for WHATWG's special schemes.
 */
function requestTarget(url) {
    const afterScheme = url.indexOf('://');
    const authorityStart = afterScheme === -1 ? 0 : afterScheme + 3;
    let end = url.indexOf('#', authorityStart);
    if (end === -1)
        end = url.length;
    let pathStart = authorityStart;
    while (pathStart < end && !'/?\\'.includes(url[pathStart]))
        pathStart++;
    const queryStart = url.indexOf('?', pathStart);
    const pathEnd = queryStart === -1 || queryStart > end ? end : queryStart;
    const path = url.slice(pathStart, pathEnd);
    return { path: path === '' ? '/' : path, query: pathEnd === end ? '' : url.slice(pathEnd, end) };
}
function http_signature_base_messageParts(method, url, headers) {
    const map = new Map();
    for (const [name, value] of headers) {
        if (value === undefined)
            continue;
        const key = name.toLowerCase();
        const list = map.get(key) ?? [];
        list.push(...(Array.isArray(value) ? value : [value]));
        map.set(key, list);
    }
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new StintError('ERR_SIGNING_REQUEST', `the URL is not absolute (scheme://host/path): ${url.split('?')[0]}`);
    }
    // What is signed must be what is sent. An HTTP client (stint request's, curl, fetch) rewrites
    // some URLs before sending them (dot-segments resolved, `\` as `/`, spaces and quotes escaped),
    // and not all in the same way; such a URL is refused here, naming the form to write instead.
    const target = requestTarget(url);
    // What goes on the wire: the path and query as the URL parser leaves them (a bare `?` dropped).
    const sent = requestTarget(`${parsed.origin}${parsed.pathname}${parsed.search}`);
    if (target.path !== sent.path || target.query !== sent.query)
        throw new StintError('ERR_SIGNING_REQUEST', `the URL's path or query is not written as it is sent (dot-segments, backslashes and characters that must be escaped are rewritten by HTTP clients, so the signature would not match); write it as it is sent: ${parsed.origin}${sent.path}${sent.query === '' ? '' : '?…'}`);
    return { method, url: parsed, target, headers: map };
}
/** The value of one covered component (RFC 9421 §2.1 fields, §2.2 derived components). */
function componentValue(component, message) {
    const { url, target } = message;
    switch (component) {
        case '@method':
            return message.method;
        case '@target-uri':
            // The scheme and authority normalised as below; the path and query as sent.
            return `${url.protocol}//${url.host}${target.path}${target.query}`;
        case '@authority':
            // URL.host is lowercase and omits the scheme's default port, as §2.2.3 asks.
            return url.host;
        case '@scheme':
            return url.protocol.slice(0, -1).toLowerCase();
        case '@request-target':
            return `${target.path}${target.query}`;
        case '@path':
            return target.path;
        case '@query':
            return target.query === '' ? '?' : target.query;
    }
    const values = message.headers.get(component);
    if (values === undefined) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_COMPONENT_MISSING', `the request has no ${component} header, which the signature covers`);
    }
    // §2.1: each field line's value trimmed, then joined with ", ".
    return values.map((v) => v.trim().replace(/\r?\n[ \t]*/g, ' ')).join(', ');
}
/**
 * The signature base (§2.5): one line per component, then `"@signature-params"` with the
 * serialised inner list (`serializeSignatureParams` for the signer; the verifier re-serialises
 * what it received, keeping its parameter order). No final newline.
 */
function http_signature_base_signatureBase(components, signatureParams, message) {
    const lines = components.map((component) => `${sfString(component)}: ${componentValue(component, message)}`);
    lines.push(`"@signature-params": ${signatureParams}`);
    return lines.join('\n');
}
/** RFC 9530 `Content-Digest` value for `body`, e.g. `sha-256=:X48E9q…=:`. */
function http_signature_base_contentDigest(algorithm, body) {
    return `${algorithm}=:${digestOf(algorithm, body).toString('base64')}:`;
}
function digestOf(algorithm, body) {
    return (0,external_node_crypto_namespaceObject.createHash)(algorithm === 'sha-256' ? 'sha256' : 'sha512')
        .update(body)
        .digest();
}

;// CONCATENATED MODULE: ./src/lib/duration.ts

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 };
/**
 * A duration in whole seconds. Accepts a number of seconds (`90`, `'90'`) or units `s`, `m`, `h`,
 * `d`, alone or combined largest first (`'90s'`, `'15m'`, `'1h30m'`, `'30d'`). Zero, negative,
 * fractional and unit-less garbage are refused, because every duration stint reads (ttl, key
 * rotation, API key expiry) is meaningless at zero.
 *
 * @example parseDuration('15m') // 900
 * @throws StintError ERR_DURATION_INVALID
 */
function duration_parseDuration(value) {
    if (typeof value === 'number') {
        if (Number.isSafeInteger(value) && value > 0)
            return value;
        throw invalid(String(value));
    }
    const text = value.trim();
    if (/^\d+$/.test(text))
        return duration_parseDuration(Number(text));
    const parts = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (parts === null || text === '')
        throw invalid(value);
    const [, d, h, m, s] = parts;
    const seconds = Number(d ?? 0) * UNIT_SECONDS.d +
        Number(h ?? 0) * UNIT_SECONDS.h +
        Number(m ?? 0) * UNIT_SECONDS.m +
        Number(s ?? 0);
    if (!Number.isSafeInteger(seconds) || seconds <= 0)
        throw invalid(value);
    return seconds;
}
/** `900` → `15m`, `5400` → `1h30m`: the shortest form parseDuration reads back. */
function formatDuration(seconds) {
    let rest = seconds;
    let out = '';
    for (const unit of ['d', 'h', 'm', 's']) {
        const size = UNIT_SECONDS[unit];
        if (rest >= size) {
            out += `${Math.floor(rest / size)}${unit}`;
            rest %= size;
        }
    }
    return out || '0s';
}
function invalid(value) {
    return new StintError('ERR_DURATION_INVALID', `invalid duration '${value}': use a positive whole number of seconds or units s, m, h, d (e.g. 90, 90s, 15m, 1h, 30d)`);
}

;// CONCATENATED MODULE: ./src/signing/fields.ts

/**
 * Small readers for profile fields. Each one fails through `ctx.fail`, so every message names the
 * profile, the field and what is allowed.
 */
function fields_optionalString(ctx, raw, field) {
    const value = raw[field];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string' || value === '')
        ctx.fail(field, 'must be a non-empty string');
    return value;
}
function fields_oneOf(ctx, raw, field, allowed, fallback) {
    const value = raw[field];
    if ((value === undefined || value === null) && fallback !== undefined)
        return fallback;
    if (typeof value !== 'string' || !allowed.includes(value)) {
        ctx.fail(field, `${value === undefined ? 'is required and ' : ''}must be one of ${allowed.join(', ')}`);
    }
    return value;
}
function fields_optionalBoolean(ctx, raw, field, fallback) {
    const value = raw[field];
    if (value === undefined || value === null)
        return fallback;
    if (typeof value !== 'boolean')
        ctx.fail(field, 'must be true or false');
    return value;
}
/** An HTTP header name as RFC 9110 allows (a token). */
function fields_optionalHeaderName(ctx, raw, field) {
    const value = fields_optionalString(ctx, raw, field);
    if (value !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value))
        ctx.fail(field, 'must be an HTTP header name (letters, digits, - and _)');
    return value;
}
/**
 * Seconds from a duration in stint's one grammar (src/lib/duration.ts: `60`, `'90s'`, `'5m'`,
 * `'1h30m'`), within [min, max].
 */
function fields_optionalDuration(ctx, raw, field, limits) {
    const value = raw[field];
    if (value === undefined || value === null)
        return undefined;
    let seconds;
    if (typeof value === 'number' || typeof value === 'string') {
        try {
            seconds = parseDuration(value);
        }
        catch {
            seconds = undefined;
        }
    }
    if (seconds === undefined)
        ctx.fail(field, 'must be a duration: seconds, or units s, m, h, d (e.g. 60, 90s, 5m, 1h30m)');
    if (seconds < limits.min || seconds > limits.max)
        ctx.fail(field, `must be between ${limits.min} and ${limits.max} seconds`);
    return seconds;
}
function fields_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** 1-based line and column of a character offset, for parse errors that must not quote the text. */
function lineAndColumn(text, offset) {
    const before = text.slice(0, Math.max(0, offset));
    const line = before.split('\n').length;
    return { line, col: offset - before.lastIndexOf('\n') };
}
/**
 * A secret that is sent as it is, in a header or a URL (a bearer token, an OAuth 2.0 access
 * token), with the one trailing newline a CI file variable, a pasted value or a file read as it is
 * carries (LF or CRLF) dropped, as the ID token is trimmed.
 *
 * @example
 * withoutTrailingNewline('tok\r\n') // 'tok'
 */
function fields_withoutTrailingNewline(value) {
    return value.replace(/\r?\n$/, '');
}
/** Whether `value` is printable ASCII only (space to `~`), as a header value must be to mean the same bytes to every client. */
function fields_isPrintableAscii(value) {
    return /^[\x20-\x7e]*$/.test(value);
}
/**
 * Why `value` cannot be sent as it is in a header field (or undefined when it can), said without
 * quoting it. A line break would end the header line and start another (header injection, or a
 * different credential), and Node refuses control characters with an exception; outside printable
 * ASCII, clients send different bytes (UTF-8 or Latin-1) for the same text.
 */
function fields_headerValueProblem(value) {
    if (value === '')
        return 'is empty once its trailing newline is dropped';
    if (/[\r\n]/.test(value))
        return 'holds a line break (CR or LF) that is not a single trailing newline; a header value cannot carry one (it would end the header line): store the value on one line';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value))
        return 'holds a control character (a tab, NUL, escape, …); a header value cannot carry one: store the value without it';
    if (!fields_isPrintableAscii(value))
        return 'holds a character outside printable ASCII, which HTTP clients send as different bytes (UTF-8 or Latin-1); a token is printable ASCII: check that the value was copied whole and unchanged';
    return undefined;
}

;// CONCATENATED MODULE: ./src/signing/profiles.ts





/**
 * Parsers for the profile types this module signs itself (oauth2 and mtls live in their own
 * files). Each validates everything it can up front, keys included, so a bad profile fails when
 * the action starts rather than at the first request.
 */
const GENERIC_ONLY = (/* unused pure expression or super */ null && (['header', 'algorithm', 'encoding', 'prefix', 'timestamp_header']));
function parseHmacProfile(raw, ctx) {
    const format = oneOf(ctx, raw, 'format', HMAC_FORMATS, 'generic');
    const secrets = ctx.secret('secret', raw);
    if (format !== 'generic') {
        for (const field of GENERIC_ONLY)
            if (raw[field] !== undefined)
                ctx.fail(field, `only for format generic (format ${format} fixes its own headers)`);
    }
    // The Standard Webhooks secret is base64 key material behind a `whsec_` prefix: strict base64
    // of at least 24 bytes, as verifyHmacWebhook and the standardwebhooks libraries read it.
    if (format === 'standard-webhooks')
        checkSecretValues(ctx, raw, ['secret'], secrets, (secret) => secret.startsWith('whsec_')
            ? standardWebhooksSecretProblem(secret)
            : 'must be whsec_ followed by the base64 key (as the receiver shows it)');
    const prefix = raw.prefix === undefined ? '' : (optionalString(ctx, raw, 'prefix') ?? '');
    // It starts the header value: a line break there would start another header line.
    if (!isPrintableAscii(prefix))
        ctx.fail('prefix', 'must be printable ASCII (it starts the header value)');
    const timestampHeader = optionalHeaderName(ctx, raw, 'timestamp_header');
    ctx.allowOnly(raw, ['format', ...(format === 'generic' ? GENERIC_ONLY : [])]);
    return {
        type: 'hmac',
        name: ctx.profile,
        format,
        secrets,
        header: optionalHeaderName(ctx, raw, 'header') ?? 'X-Signature',
        algorithm: oneOf(ctx, raw, 'algorithm', ['sha256', 'sha512'], 'sha256'),
        encoding: oneOf(ctx, raw, 'encoding', ['hex', 'base64'], 'hex'),
        prefix,
        ...(timestampHeader === undefined ? {} : { timestampHeader }),
    };
}
/**
 * Fails on the first of `values`, the secrets read from one of the `fields` (as `field`, `fields`
 * or `field_env`), that `problem` finds wrong, saying where it came from (the variable, or which of
 * the list) and never the value.
 */
function checkSecretValues(ctx, raw, fields, values, problem) {
    const given = fields
        .flatMap((field) => [field, `${field}s`, `${field}_env`])
        .find((key) => raw[key] !== undefined && raw[key] !== null);
    if (given === undefined)
        return;
    const envNames = given.endsWith('_env')
        ? typeof raw[given] === 'string'
            ? [raw[given]]
            : raw[given]
        : undefined;
    values.forEach((value, i) => {
        const wrong = problem(value);
        if (wrong === undefined)
            return;
        const which = envNames !== undefined
            ? `environment variable ${envNames[i]} `
            : given.endsWith('s')
                ? `${given.slice(0, -1)} ${i + 1} of ${values.length} `
                : '';
        ctx.fail(given, `${which}${wrong}`);
    });
}
const DERIVED = (/* unused pure expression or super */ null && (['@method', '@target-uri', '@authority', '@scheme', '@request-target', '@path', '@query']));
const DEFAULT_COMPONENTS = ['@method', '@authority', '@path', 'content-digest'];
function parseHttpSignatureProfile(raw, ctx) {
    const alg = oneOf(ctx, raw, 'alg', HTTP_SIGNATURE_ALGS);
    const keys = alg === 'hmac-sha256' ? symmetricKeys(ctx, raw) : privateKeys(ctx, raw, alg);
    for (const key of keys)
        checkHttpSignatureKey(ctx, alg, key);
    const keyEncoding = oneOf(ctx, raw, 'key_encoding', ['utf8', 'base64'], 'utf8');
    if (raw.key_encoding !== undefined && alg !== 'hmac-sha256')
        ctx.fail('key_encoding', 'only for alg hmac-sha256 (other keys are PEM or JWK)');
    // Strict, as for Standard Webhooks: Buffer.from(…, 'base64') would skip what is not base64 and
    // sign with a shorter key than meant.
    if (keyEncoding === 'base64') {
        checkSecretValues(ctx, raw, ['key', 'secret'], keys, (key) => {
            const problem = strictBase64Problem(key);
            return problem === undefined ? undefined : `${problem}, which key_encoding: base64 requires`;
        });
    }
    const components = readComponents(ctx, raw);
    const expires = optionalDuration(ctx, raw, 'expires', { min: 1, max: 86400 });
    const label = optionalString(ctx, raw, 'label') ?? 'sig1';
    if (!/^[a-z*][a-z0-9_\-.*]*$/.test(label))
        ctx.fail('label', 'must be lowercase letters, digits, _, -, . or * (a structured-field key such as sig1)');
    const keyid = optionalString(ctx, raw, 'keyid');
    const tag = optionalString(ctx, raw, 'tag');
    for (const [field, value] of [
        ['keyid', keyid],
        ['tag', tag],
    ]) {
        if (value !== undefined && !isPrintableAscii(value))
            ctx.fail(field, 'must be printable ASCII');
    }
    const profile = {
        type: 'http-signature',
        name: ctx.profile,
        alg,
        keys,
        components,
        keyEncoding,
        label,
        nonce: optionalBoolean(ctx, raw, 'nonce', false),
        includeAlg: optionalBoolean(ctx, raw, 'include_alg', true),
        includeCreated: optionalBoolean(ctx, raw, 'include_created', true),
        digest: oneOf(ctx, raw, 'digest', ['sha-256', 'sha-512'], 'sha-256'),
        ...(keyid === undefined ? {} : { keyid }),
        ...(expires === undefined ? {} : { expires }),
        ...(tag === undefined ? {} : { tag }),
    };
    ctx.allowOnly(raw, [
        'alg',
        'keyid',
        'components',
        'key_encoding',
        'expires',
        'label',
        'nonce',
        'include_alg',
        'include_created',
        'digest',
        'tag',
    ]);
    return profile;
}
function readComponents(ctx, raw) {
    const value = raw.components;
    if (value === undefined || value === null)
        return DEFAULT_COMPONENTS;
    const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
    if (!Array.isArray(list) || list.length === 0 || list.some((c) => typeof c !== 'string')) {
        ctx.fail('components', 'must be a list (or space-separated string) of component names such as @method @authority @path content-digest');
    }
    const seen = new Set();
    for (const component of list) {
        const ok = component.startsWith('@') ? DERIVED.includes(component) : /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(component);
        if (!ok)
            ctx.fail('components', `"${component}" is not allowed; use ${DERIVED.join(', ')} or a lowercase header field name`);
        if (seen.has(component))
            ctx.fail('components', `"${component}" is listed twice`);
        seen.add(component);
    }
    return list;
}
/** Parses a PEM or JWK (JSON) private key. */
function profiles_readPrivateKey(text) {
    const trimmed = text.trim();
    if (trimmed.startsWith('{'))
        return createPrivateKey({ key: JSON.parse(trimmed), format: 'jwk' });
    return createPrivateKey(unfoldPem(trimmed));
}
/**
 * A PEM whose line breaks became spaces (`key: "${{ secrets.KEY }}"` in YAML folds them) or
 * `\r\n`, re-wrapped as OpenSSL wants it. Anything else is returned unchanged.
 */
function unfoldPem(text) {
    const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(text);
    if (match === null || /^(?:\r?\n[A-Za-z0-9+/=]{1,76})+\r?\n$/.test(match[2] ?? ''))
        return text;
    const body = (match[2] ?? '').trim();
    // Encrypted PKCS#1 keys carry "Proc-Type:" headers; leave those alone.
    if (body.includes(':'))
        return text;
    const base64 = body.replace(/\s+/g, '');
    return `-----BEGIN ${match[1]}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${match[1]}-----\n`;
}
/**
 * A symmetric key (jwt HS256/384/512, http-signature hmac-sha256) is a shared secret, so it may be
 * given as a secret (`secret`, `secrets`, `secret_env`) as well as a key (`key`, `keys`,
 * `key_env`): DESIGN §4. Once, either way.
 */
function symmetricKeys(ctx, raw) {
    const keys = ctx.optionalSecret('key', raw);
    const secrets = ctx.optionalSecret('secret', raw);
    if (keys.length > 0 && secrets.length > 0)
        ctx.fail('secret', 'the shared secret is given twice: keep either the key or the secret field');
    if (keys.length === 0 && secrets.length === 0)
        ctx.missing('secret', ctx.origin === 'file'
            ? 'is required: give secret_env: VAR (the shared secret; key_env: VAR works too)'
            : 'is required: give secret: VALUE, secrets: [NEW, OLD] or secret_env: VAR (the shared secret)');
    return keys.length > 0 ? keys : secrets;
}
/** An asymmetric algorithm signs with a private key, never with a `secret`. */
function privateKeys(ctx, raw, alg) {
    for (const field of ['secret', 'secrets', 'secret_env'])
        if (raw[field] !== undefined)
            ctx.fail(field, `${alg} signs with a private key: give it as key${ctx.origin === 'file' ? '_env' : ''}`);
    return ctx.secret('key', raw);
}
function keyKind(key) {
    const type = key.asymmetricKeyType ?? 'unknown';
    if (type === 'ec')
        return `ec ${key.asymmetricKeyDetails?.namedCurve ?? ''}`;
    return type;
}
function expectKey(ctx, text, wanted, algName) {
    let key;
    try {
        key = profiles_readPrivateKey(text);
    }
    catch {
        // The parse error could quote key bytes; say only what is wrong.
        ctx.fail('key', `must be a PEM (PKCS#8, PKCS#1 or SEC1) or JWK private key for ${algName}`);
    }
    if (!wanted.includes(keyKind(key)))
        ctx.fail('key', `${algName} needs a ${wanted.join(' or ')} private key, got ${keyKind(key)}`);
}
function checkHttpSignatureKey(ctx, alg, key) {
    switch (alg) {
        case 'hmac-sha256':
            return;
        case 'ed25519':
            expectKey(ctx, key, ['ed25519'], alg);
            return;
        case 'ecdsa-p256-sha256':
            expectKey(ctx, key, ['ec prime256v1'], alg);
            return;
        case 'rsa-pss-sha512':
            expectKey(ctx, key, ['rsa', 'rsa-pss'], alg);
            return;
        case 'rsa-v1_5-sha256':
            expectKey(ctx, key, ['rsa'], alg);
            return;
    }
}
const JWT_KEY_KINDS = {
    HS256: [],
    HS384: [],
    HS512: [],
    RS256: ['rsa'],
    RS384: ['rsa'],
    RS512: ['rsa'],
    PS256: ['rsa', 'rsa-pss'],
    ES256: ['ec prime256v1'],
    ES384: ['ec secp384r1'],
    EdDSA: ['ed25519'],
};
const RESERVED_CLAIMS = (/* unused pure expression or super */ null && (['iat', 'exp', 'nbf', 'jti']));
function parseJwtProfile(raw, ctx) {
    const alg = oneOf(ctx, raw, 'alg', JWT_ALGS);
    const kinds = JWT_KEY_KINDS[alg];
    const keys = kinds.length === 0 ? symmetricKeys(ctx, raw) : privateKeys(ctx, raw, alg);
    if (kinds.length > 0)
        for (const key of keys)
            expectKey(ctx, key, kinds, alg);
    const claims = raw.claims ?? {};
    if (!isRecord(claims))
        ctx.fail('claims', 'must be a mapping of claim names to values (iss, sub, aud, custom)');
    for (const name of RESERVED_CLAIMS)
        if (name in claims)
            ctx.fail(`claims.${name}`, 'is set per request by stint (iat, exp from ttl, jti); remove it');
    for (const name of ['iss', 'sub']) {
        if (claims[name] !== undefined && typeof claims[name] !== 'string')
            ctx.fail(`claims.${name}`, 'must be a string');
    }
    const aud = claims.aud;
    if (aud !== undefined &&
        typeof aud !== 'string' &&
        !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
        ctx.fail('claims.aud', 'must be a string or a list of strings');
    }
    const header = optionalHeaderName(ctx, raw, 'header') ?? 'Authorization';
    const kid = optionalString(ctx, raw, 'kid');
    ctx.allowOnly(raw, ['alg', 'kid', 'claims', 'ttl', 'header']);
    return {
        type: 'jwt',
        name: ctx.profile,
        alg,
        keys,
        claims,
        ttl: optionalDuration(ctx, raw, 'ttl', { min: 1, max: 3600 }) ?? 60,
        header,
        scheme: header.toLowerCase() === 'authorization' ? 'Bearer ' : '',
        ...(kid === undefined ? {} : { kid }),
    };
}
/**
 * A static credential (`token`, `tokens`, `token_env`), or without one the job's stint token from
 * `$STINT_TOKEN` (DESIGN §4). `source: stint` says the second on purpose; `source: static` insists
 * on the first.
 */
function parseBearerProfile(raw, ctx) {
    // Sent as they are, in a header or the URL: one trailing newline dropped, anything else refused.
    const tokens = ctx.optionalSecret('token', raw).map(withoutTrailingNewline);
    checkSecretValues(ctx, raw, ['token'], tokens, headerValueProblem);
    const source = oneOf(ctx, raw, 'source', ['static', 'stint'], tokens.length > 0 ? 'static' : 'stint');
    if (source === 'static' && tokens.length === 0) {
        ctx.missing('token', ctx.origin === 'file'
            ? 'is required with source: static: give token_env: VAR (without source, the profile sends $STINT_TOKEN)'
            : 'is required with source: static: give token: VALUE or token_env: VAR (without source, the profile sends $STINT_TOKEN)');
    }
    if (source === 'stint' && tokens.length > 0)
        ctx.fail('source', 'source: stint sends $STINT_TOKEN; remove the token field or the source');
    const query = optionalString(ctx, raw, 'query');
    if (query !== undefined && raw.header !== undefined)
        ctx.fail('query', 'give either header or query, not both');
    const header = optionalHeaderName(ctx, raw, 'header') ?? 'Authorization';
    ctx.allowOnly(raw, ['source', 'header', 'query']);
    return {
        type: 'bearer',
        name: ctx.profile,
        tokens,
        header,
        scheme: header.toLowerCase() === 'authorization' ? 'Bearer ' : '',
        ...(query === undefined ? {} : { query }),
    };
}

;// CONCATENATED MODULE: ./src/signing/http-signature.ts





/**
 * RFC 9421 HTTP Message Signatures for one request: `Signature-Input` and `Signature` (and
 * `Content-Digest` per RFC 9530 when the components cover it), signed with the newest key.
 *
 * @example
 * httpSignatureHeaders(profile, { method: 'POST', url: 'https://api.example.com/deploy', headers: {}, body }, deps)
 * // → { 'Content-Digest': 'sha-256=:…:', 'Signature-Input': 'sig1=("@method" …);created=…;alg="ed25519";keyid="ci"', 'Signature': 'sig1=:…:' }
 */
function httpSignatureHeaders(profile, request, deps) {
    const added = {};
    const headers = Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-digest');
    if (profile.components.includes('content-digest')) {
        added['Content-Digest'] = contentDigest(profile.digest, request.body);
        headers.push(['Content-Digest', added['Content-Digest']]);
    }
    else {
        const given = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-digest');
        if (given)
            headers.push(given);
    }
    const created = Math.floor(deps.now() / 1000);
    const params = {
        ...(profile.includeCreated ? { created } : {}),
        ...(profile.expires === undefined ? {} : { expires: created + profile.expires }),
        ...(profile.nonce ? { nonce: deps.randomBytes(16).toString('base64url') } : {}),
        ...(profile.includeAlg ? { alg: profile.alg } : {}),
        ...(profile.keyid === undefined ? {} : { keyid: profile.keyid }),
        ...(profile.tag === undefined ? {} : { tag: profile.tag }),
    };
    const signatureParams = serializeSignatureParams(profile.components, params);
    const base = signatureBase(profile.components, signatureParams, messageParts(request.method, request.url, headers));
    const signature = signBase(profile.alg, signingKey(profile), Buffer.from(base));
    added['Signature-Input'] = `${profile.label}=${signatureParams}`;
    added.Signature = `${profile.label}=:${signature.toString('base64')}:`;
    return added;
}
/** The derived components (RFC 9421 §2.2) that cover a request's query. */
const QUERY_COMPONENTS = (/* unused pure expression or super */ null && (['@query', '@target-uri', '@request-target']));
/**
 * A warning when `url` has a query the profile's components do not cover: the default
 * components (`@method @authority @path content-digest`) leave it unsigned, so whoever sees the
 * request can send it again, within its age, with another query. Undefined otherwise.
 *
 * @example
 * uncoveredQuery(profile, 'https://api.example.com/deploy?env=prod') // 'profile "deploy-api" does not sign the query …'
 */
function uncoveredQuery(profile, url) {
    if (!URL.canParse(url) || new URL(url).search === '')
        return undefined;
    if (profile.components.some((component) => QUERY_COMPONENTS.includes(component)))
        return undefined;
    return `profile "${profile.name}" does not sign the query of this URL (its components: ${profile.components.join(' ')}): whoever sees the request can send it again with another query until it is too old; add @query to the profile's components, and require it on the server`;
}
/** Signs the base with an RFC 9421 §3.3 algorithm; ECDSA as raw r||s (IEEE P1363), not DER. */
function signBase(alg, key, base) {
    switch (alg) {
        case 'hmac-sha256':
            return (0,external_node_crypto_namespaceObject.createHmac)('sha256', key).update(base).digest();
        case 'ed25519':
            return (0,external_node_crypto_namespaceObject.sign)(null, base, key);
        case 'ecdsa-p256-sha256':
            return (0,external_node_crypto_namespaceObject.sign)('sha256', base, { key: key, dsaEncoding: 'ieee-p1363' });
        case 'rsa-pss-sha512':
            return (0,external_node_crypto_namespaceObject.sign)('sha512', base, { key: key, padding: external_node_crypto_namespaceObject.constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 });
        case 'rsa-v1_5-sha256':
            return (0,external_node_crypto_namespaceObject.sign)('sha256', base, { key: key, padding: external_node_crypto_namespaceObject.constants.RSA_PKCS1_PADDING });
    }
}
// Parsing a PEM costs more than an Ed25519 signature; keep each profile's parsed key.
const keyCache = new WeakMap();
function signingKey(profile) {
    let key = keyCache.get(profile);
    if (key === undefined) {
        const text = profile.keys[0];
        key = profile.alg === 'hmac-sha256' ? symmetricKey(profile, text) : readPrivateKey(text);
        keyCache.set(profile, key);
    }
    return key;
}
/** The HMAC key's bytes; base64 strictly (the profile's parser refused any other), never skipping what is not base64. */
function symmetricKey(profile, text) {
    if (profile.keyEncoding === 'utf8')
        return Buffer.from(text, 'utf8');
    const key = strictBase64(text);
    if (key === undefined)
        throw new StintError('ERR_SIGNING_CONFIG', `signing profile "${profile.name}": its key is not base64 (key_encoding: base64); check the variable it comes from`);
    return key;
}

;// CONCATENATED MODULE: ./src/verify/structured-fields.ts


/**
 * The part of RFC 8941 (Structured Field Values) that `Signature-Input`, `Signature` and
 * `Content-Digest` use: dictionaries whose members are items or inner lists, with parameters.
 * Parsing follows §4.2 step by step; anything malformed is ERR_SIGNATURE_MALFORMED.
 */
class Token {
    value;
    constructor(value) {
        this.value = value;
    }
}
function isInnerList(member) {
    return 'items' in member;
}
class Parser {
    text;
    i = 0;
    constructor(text) {
        this.text = text;
    }
    dictionary() {
        const members = new Map();
        this.skip(' ');
        while (this.i < this.text.length) {
            const key = this.key();
            if (this.peek() === '=') {
                this.i++;
                members.set(key, this.peek() === '(' ? this.innerList() : this.item());
            }
            else {
                members.set(key, { value: true, params: this.params() });
            }
            this.skip(' \t');
            if (this.i >= this.text.length)
                return members;
            this.expect(',');
            this.skip(' \t');
            if (this.i >= this.text.length)
                this.fail('trailing comma');
        }
        return members;
    }
    innerList() {
        this.expect('(');
        const items = [];
        for (;;) {
            this.skip(' ');
            if (this.i >= this.text.length)
                this.fail('unterminated inner list');
            if (this.peek() === ')') {
                this.i++;
                return { items, params: this.params() };
            }
            items.push(this.item());
            const next = this.peek();
            if (next === '')
                this.fail('unterminated inner list');
            if (next !== ' ' && next !== ')')
                this.fail('inner list items must be separated by spaces');
        }
    }
    item() {
        return { value: this.bareItem(), params: this.params() };
    }
    params() {
        const params = new Map();
        while (this.peek() === ';') {
            this.i++;
            this.skip(' ');
            const key = this.key();
            let value = true;
            if (this.peek() === '=') {
                this.i++;
                value = this.bareItem();
            }
            params.set(key, value);
        }
        return params;
    }
    bareItem() {
        const c = this.peek();
        if (c === '-' || (c >= '0' && c <= '9'))
            return this.number();
        if (c === '"')
            return this.string();
        if (c === ':')
            return this.bytes();
        if (c === '?')
            return this.boolean();
        if (/[A-Za-z*]/.test(c))
            return this.token();
        return this.fail('expected an item');
    }
    number() {
        const match = /^-?\d{1,15}(?:\.\d{1,3})?/.exec(this.text.slice(this.i));
        if (!match)
            this.fail('bad number');
        this.i += match[0].length;
        return Number(match[0]);
    }
    string() {
        this.i++;
        let out = '';
        while (this.i < this.text.length) {
            const c = this.text[this.i++];
            if (c === '\\') {
                const next = this.text[this.i++];
                if (next !== '"' && next !== '\\')
                    this.fail('bad escape in string');
                out += next;
            }
            else if (c === '"') {
                return out;
            }
            else if (c < ' ' || c > '~') {
                this.fail('non-ASCII in string');
            }
            else {
                out += c;
            }
        }
        return this.fail('unterminated string');
    }
    bytes() {
        const end = this.text.indexOf(':', this.i + 1);
        if (end === -1)
            this.fail('unterminated byte sequence');
        const b64 = this.text.slice(this.i + 1, end);
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
            this.fail('bad base64 in byte sequence');
        this.i = end + 1;
        return Buffer.from(b64, 'base64');
    }
    boolean() {
        const value = this.text.slice(this.i, this.i + 2);
        if (value !== '?0' && value !== '?1')
            this.fail('bad boolean');
        this.i += 2;
        return value === '?1';
    }
    token() {
        const match = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(this.text.slice(this.i));
        this.i += match[0].length;
        return new Token(match[0]);
    }
    key() {
        const match = /^[a-z*][a-z0-9_\-.*]*/.exec(this.text.slice(this.i));
        if (!match)
            this.fail('expected a key');
        this.i += match[0].length;
        return match[0];
    }
    peek() {
        return this.text[this.i] ?? '';
    }
    skip(chars) {
        while (chars.includes(this.peek()) && this.i < this.text.length)
            this.i++;
    }
    expect(c) {
        if (this.peek() !== c)
            this.fail(`expected "${c}"`);
        this.i++;
    }
    fail(why) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `not a valid structured field (${why} at character ${this.i + 1})`);
    }
}
/** Parses an RFC 8941 dictionary, e.g. a `Signature-Input` header. */
function parseDictionary(text, header) {
    try {
        return new Parser(text.trim()).dictionary();
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw new errors/* StintError */.Fp(error.code, `${header}: ${error.message}`);
        throw error;
    }
}
function serializeBareItem(value) {
    if (typeof value === 'number')
        return String(value);
    if (typeof value === 'string')
        return sfString(value);
    if (typeof value === 'boolean')
        return value ? '?1' : '?0';
    if (value instanceof Token)
        return value.value;
    return `:${value.toString('base64')}:`;
}
function serializeParams(params) {
    return [...params]
        .map(([key, value]) => (value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`))
        .join('');
}
/** RFC 8941 §4.1 serialisation of an inner list, as `@signature-params` needs it. */
function serializeInnerList(list) {
    return `(${list.items.map((item) => `${serializeBareItem(item.value)}${serializeParams(item.params)}`).join(' ')})${serializeParams(list.params)}`;
}

;// CONCATENATED MODULE: ./src/verify/http-signature.ts









/**
 * Verifies an RFC 9421 HTTP message signature: rebuilds the signature base from the request as
 * received, checks the signature with the key named by `keyid` (its algorithm must match the
 * signature's `alg`), its age (`created`, `expires`), that it covers the required components, and
 * the RFC 9530 `Content-Digest` against the body. Throws StintError ERR_SIGNATURE_MISSING,
 * ERR_SIGNATURE_MALFORMED, ERR_SIGNATURE_KEY_UNKNOWN, ERR_SIGNATURE_INVALID, ERR_SIGNATURE_EXPIRED or
 * ERR_DIGEST_MISMATCH.
 *
 * @example
 * await verifyHttpSignature({ method: req.method, url: `https://api.example.com${req.url}`, headers: req.headers, body,
 *   keys: { 'ci-deploy': { alg: 'ed25519', key: publicKeyPem } } });
 */
async function verifyHttpSignature(options) {
    // Checked first: a NaN age (an unset variable) must refuse every request, not skip the check.
    const maxAge = secondsOption(options.maxAgeSec, 300, 'verifyHttpSignature: maxAgeSec', [0, ONE_DAY]);
    const skew = secondsOption(options.clockSkewSec, 30, 'verifyHttpSignature: clockSkewSec', [0, 3600]);
    const inputHeader = headerValue(options.headers, 'Signature-Input');
    const signatureHeader = headerValue(options.headers, 'Signature');
    if (inputHeader === undefined || signatureHeader === undefined) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MISSING', 'the request has no Signature-Input and Signature headers');
    }
    // A parsed body (express.json()'s req.body) is a set-up bug, whether or not a digest is checked;
    // looked at once the request is signed, so a request without a signature is ERR_SIGNATURE_MISSING
    // (401), never the set-up alarm. An undefined body of a request that has one stays undefined:
    // ERR_VERIFY_CONFIG if the digest is to be checked.
    const body = options.body === undefined && !bodiless(options.headers)
        ? undefined
        : rawBody(options.body, 'verifyHttpSignature', options.headers);
    const inputs = parseDictionary(inputHeader, 'Signature-Input');
    const signatures = parseDictionary(signatureHeader, 'Signature');
    const label = options.label ?? [...inputs.keys()][0];
    const input = label === undefined ? undefined : inputs.get(label);
    const signatureMember = label === undefined ? undefined : signatures.get(label);
    if (label === undefined || input === undefined || signatureMember === undefined) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MISSING', `no signature labelled ${label ?? '(none)'} in both Signature-Input and Signature`);
    }
    if (!isInnerList(input) || isInnerList(signatureMember) || !Buffer.isBuffer(signatureMember.value)) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: Signature-Input must be an inner list and Signature a byte sequence`);
    }
    const components = input.items.map((item) => {
        if (typeof item.value !== 'string' || item.params.size > 0) {
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: only plain component names are supported, got ${serializeInnerList({ items: [item], params: new Map() })}`);
        }
        return item.value;
    });
    // RFC 9421 §2.5: a base with a component listed twice MUST fail; otherwise a signature over
    // one list could be presented as covering another.
    // One pass with a Set: a find/indexOf pair is quadratic in a list the client writes.
    const listed = new Set();
    const repeated = components.find((c) => listed.size === listed.add(c).size);
    if (repeated !== undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: component ${JSON.stringify(repeated)} is listed twice`);
    const missing = (options.requiredComponents ?? DEFAULT_COMPONENTS).filter((c) => !covers(components, c));
    if (missing.length > 0)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} does not cover ${missing.join(', ')}`);
    const keyid = stringParam(input.params, 'keyid', label);
    // Own keys only: a keyid such as "constructor" or "__proto__" must not find Object's members.
    const key = typeof options.keys === 'function'
        ? await options.keys(keyid)
        : keyid === undefined || !Object.hasOwn(options.keys, keyid)
            ? undefined
            : options.keys[keyid];
    if (key === undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_KEY_UNKNOWN', `signature ${label}: no key for keyid ${keyid === undefined ? '(none given)' : JSON.stringify(keyid)}`);
    if (!types_HTTP_SIGNATURE_ALGS.includes(key.alg))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `unsupported alg ${key.alg} for keyid ${keyid}`);
    const materials = keyMaterials(key, keyid);
    const alg = stringParam(input.params, 'alg', label);
    // The key decides the algorithm; a signature claiming another one is refused (no algorithm confusion).
    if (alg !== undefined && alg !== key.alg)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label}: alg ${alg} does not match the key's ${key.alg}`);
    if (typeof options.url !== 'string')
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyHttpSignature needs the URL as a string built from the request target as received (a URL object has already resolved its path)');
    if (!URL.canParse(options.url))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyHttpSignature needs the absolute URL the client used (scheme://host/path?query)');
    // @path, @query and @request-target are the request target as received, never decoded or
    // resolved (RFC 9421 §2.2.6, §2.2.7): a signature over /public/status must not pass for
    // /admin/%2e%2e/public/status, which a router may send to its /admin handler.
    const target = requestTarget(options.url);
    if (hasAmbiguousSegments(target.path))
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `the request path ${JSON.stringify(target.path.slice(0, 200))} has a dot-segment (. or .., also as %2e) or a backslash, which servers and routers resolve differently; no signature is accepted for it`);
    const message = { method: options.method, url: new URL(options.url), target, headers: new Map() };
    for (const component of components) {
        if (component.startsWith('@'))
            continue;
        const value = headerValue(options.headers, component);
        if (value !== undefined)
            message.headers.set(component, [value]);
    }
    let base;
    try {
        base = http_signature_base_signatureBase(components, serializeInnerList(input), message);
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp && error.code === 'ERR_SIGNATURE_COMPONENT_MISSING')
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label}: ${error.message}`);
        throw error;
    }
    if (!verifyBase(key.alg, materials, Buffer.from(base), signatureMember.value)) {
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} does not verify with key ${keyid === undefined ? '(lookup)' : JSON.stringify(keyid)}`);
    }
    const now = clockSeconds(options.now, 'verifyHttpSignature');
    const created = numberParam(input.params, 'created', label);
    const expires = numberParam(input.params, 'expires', label);
    if (created === undefined)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} has no created parameter, so its age cannot be checked`);
    if (created > now + skew)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} was created ${created - now} s in the future (clock out of sync?)`);
    if (now - created > maxAge)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_EXPIRED', `signature ${label} was created ${now - created} s ago, more than the ${maxAge} s allowed (a replay?)`);
    if (expires !== undefined && now > expires + skew)
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_EXPIRED', `signature ${label} expired ${now - expires} s ago`);
    if (components.includes('content-digest'))
        checkContentDigest(options.headers, body);
    const nonce = stringParam(input.params, 'nonce', label);
    if (options.seen !== undefined) {
        // Last, so only a signature that passed everything else can fill the receiver's store.
        if (nonce === undefined)
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_INVALID', `signature ${label} has no nonce, so a replay cannot be detected (the sender's profile needs nonce: true)`);
        const keepUntil = Math.min(created + maxAge + skew, expires === undefined ? Number.POSITIVE_INFINITY : expires + skew);
        if (await options.seen(nonce, keepUntil))
            throw new errors/* StintError */.Fp('ERR_SIGNATURE_REPLAYED', `signature ${label} was already used (same nonce)`);
    }
    return {
        label,
        alg: key.alg,
        created,
        components,
        ...(keyid === undefined ? {} : { keyid }),
        ...(expires === undefined ? {} : { expires }),
        ...(nonce === undefined ? {} : { nonce }),
    };
}
/**
 * A `.` or `..` segment (literal or percent-encoded) or a backslash. An HTTP client resolves them
 * before sending, so a request that still has one was written by hand; the signer never signs such
 * a path (src/signing/http-signature-base.ts), and refusing it here means what the signature
 * names and what the router runs cannot differ by a path resolution.
 */
function hasAmbiguousSegments(path) {
    if (path.includes('\\') || /%5c/i.test(path))
        return true;
    return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
function stringParam(params, name, label) {
    const value = params.get(name);
    if (value !== undefined && typeof value !== 'string')
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: ${name} must be a string`);
    return value;
}
function numberParam(params, name, label) {
    const value = params.get(name);
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value)))
        throw new errors/* StintError */.Fp('ERR_SIGNATURE_MALFORMED', `signature ${label}: ${name} must be an integer`);
    return value;
}
/**
 * The keys for one keyid, read before any signature is checked: a missing one (an unset
 * variable), an empty secret or a public key Node cannot read is ERR_VERIFY_CONFIG naming it,
 * never a raw TypeError nor a refusal that looks like the client's fault.
 */
function keyMaterials(key, keyid) {
    const list = Array.isArray(key.key) ? key.key : [key.key];
    const named = keyid === undefined ? 'the key found by the lookup' : `the key for keyid ${JSON.stringify(keyid)}`;
    if (list.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${named} is an empty list`);
    return list.map((material, i) => {
        const name = list.length === 1 && !Array.isArray(key.key) ? named : `${named} [${i}]`;
        if (material === undefined || material === null)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is ${String(material)}: check the variable it comes from`);
        if (key.alg === 'hmac-sha256') {
            if (typeof material === 'object' && 'type' in material && material.type === 'secret')
                return material;
            if (typeof material !== 'string' && !Buffer.isBuffer(material))
                throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} must be the shared secret (a string or bytes)`);
            const secret = typeof material === 'string' ? Buffer.from(material) : material;
            if (secret.length === 0)
                throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is empty: check the variable it comes from`);
            return secret;
        }
        try {
            return toPublicKey(material);
        }
        catch (error) {
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is not a public key Node can read: ${error.message}`, {
                cause: error,
            });
        }
    });
}
function verifyBase(alg, keys, base, signature) {
    if (alg === 'hmac-sha256') {
        // The MAC the signer would have made, by the signer's own function, compared in constant time;
        // every secret is tried (no early exit), so the time taken does not say which one matched.
        let matched = false;
        for (const secret of keys)
            if (bytesEqual(signBase('hmac-sha256', secret, base), signature))
                matched = true;
        return matched;
    }
    return keys.some((key) => verifyWith(alg, key, base, signature));
}
function verifyWith(alg, publicKey, base, signature) {
    switch (alg) {
        case 'ed25519':
            return publicKey.asymmetricKeyType === 'ed25519' && (0,external_node_crypto_namespaceObject.verify)(null, base, publicKey, signature);
        case 'ecdsa-p256-sha256':
            return (publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
                (0,external_node_crypto_namespaceObject.verify)('sha256', base, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
        case 'rsa-pss-sha512':
            // Like the others, a key of another type is a failed signature, not an OpenSSL error.
            return ((publicKey.asymmetricKeyType === 'rsa' || publicKey.asymmetricKeyType === 'rsa-pss') &&
                (0,external_node_crypto_namespaceObject.verify)('sha512', base, { key: publicKey, padding: external_node_crypto_namespaceObject.constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }, signature));
        case 'rsa-v1_5-sha256':
            return (publicKey.asymmetricKeyType === 'rsa' &&
                (0,external_node_crypto_namespaceObject.verify)('sha256', base, { key: publicKey, padding: external_node_crypto_namespaceObject.constants.RSA_PKCS1_PADDING }, signature));
        case 'hmac-sha256':
            return false;
    }
}
function toPublicKey(key) {
    if (typeof key === 'object' && 'type' in key && typeof key.export === 'function') {
        const object = key;
        return object.type === 'private' ? (0,external_node_crypto_namespaceObject.createPublicKey)(object) : object;
    }
    if (typeof key === 'string' && key.trim().startsWith('{')) {
        let jwk;
        try {
            jwk = JSON.parse(key);
        }
        catch {
            // Not V8's message: it quotes the text around the error, which in a private JWK is its `d`.
            throw new Error('it starts with { but is not valid JSON; give a JWK as a JSON object, or a PEM public key');
        }
        return (0,external_node_crypto_namespaceObject.createPublicKey)({ key: jwk, format: 'jwk' });
    }
    if (typeof key === 'string' || Buffer.isBuffer(key))
        return (0,external_node_crypto_namespaceObject.createPublicKey)(key);
    return (0,external_node_crypto_namespaceObject.createPublicKey)({ key: key, format: 'jwk' });
}
/** RFC 9530: every sha-256 / sha-512 digest given must match the body; at least one must be given. */
function checkContentDigest(headers, body) {
    const header = headerValue(headers, 'Content-Digest');
    if (header === undefined)
        throw new errors/* StintError */.Fp('ERR_DIGEST_MISMATCH', 'the request has no Content-Digest header');
    if (body === undefined)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${unreadBody('verifyHttpSignature', headers)} (it is needed to check Content-Digest)`);
    let checked = 0;
    for (const [algorithm, member] of parseDictionary(header, 'Content-Digest')) {
        if (algorithm !== 'sha-256' && algorithm !== 'sha-512')
            continue;
        const value = isInnerList(member) ? undefined : member.value;
        if (!Buffer.isBuffer(value) || !bytesEqual(digestOf(algorithm, body), value)) {
            throw new errors/* StintError */.Fp('ERR_DIGEST_MISMATCH', `Content-Digest ${algorithm} does not match the body`);
        }
        checked++;
    }
    if (checked === 0)
        throw new errors/* StintError */.Fp('ERR_DIGEST_MISMATCH', 'Content-Digest has no sha-256 or sha-512 digest');
}
/**
 * Whether the signed components cover `required`: listed itself, or inside a wider component
 * that was signed (`@target-uri` holds the scheme, authority, path and query;
 * `@request-target` the path and query), so a stricter signer is not refused.
 */
function covers(components, required) {
    if (components.includes(required))
        return true;
    if (['@scheme', '@authority', '@path', '@query'].includes(required) && components.includes('@target-uri'))
        return true;
    return ['@path', '@query'].includes(required) && components.includes('@request-target');
}

;// CONCATENATED MODULE: ./src/lib/fetch-json.ts



/**
 * GETs a JSON object from `url` with a timeout and a cap on the response size (src/lib/http.ts),
 * so a slow or hostile server can neither hang the caller nor fill its memory. Redirects are
 * refused: the broker's issuer documents and stint/verify's JWKS live where they were configured.
 *
 * @example
 * const jwks = await fetchJsonObject(url, { http: httpRequest, timeoutMs: 5000, maxBytes: 256 * 1024,
 *   codes: { unreachable: 'ERR_JWKS_UNAVAILABLE', tooLarge: 'ERR_JWKS_UNAVAILABLE', invalid: 'ERR_JWKS_UNAVAILABLE' } });
 */
async function fetchJsonObject(url, options) {
    const { codes } = options;
    // The messages end up in a receiving service's log or a 503: never the URL's user info or query.
    const shown = (0,url_credentials/* urlForMessage */.O)(url);
    let text;
    try {
        const response = await options.http({
            url,
            method: 'GET',
            headers: { accept: 'application/json' },
            timeoutMs: options.timeoutMs,
            maxResponseBytes: options.maxBytes,
        });
        text = response.text();
        if (response.status < 200 || response.status > 299) {
            const https = url.startsWith('http:') && isHttpsPortAnswer(response.status, text);
            throw new errors/* StintError */.Fp(codes.unreachable, `${shown} answered HTTP ${response.status}${https ? ' (that port serves HTTPS: the URL must start with https://)' : ''}`);
        }
    }
    catch (cause) {
        if (!(cause instanceof HttpError))
            throw cause;
        if (cause.kind === 'too-large')
            throw new errors/* StintError */.Fp(codes.tooLarge, `${shown} answered more than ${options.maxBytes} bytes`, { cause });
        throw new errors/* StintError */.Fp(codes.unreachable, `could not fetch ${shown}: ${cause.kind === 'timeout' ? 'timed out' : cause.reason}${cause.kind === 'certificate'
            ? certificateHint(cause.reason)
            : isPlainHttpPort(cause.reason)
                ? ' (nothing speaks TLS on that port: if the server serves plain HTTP, the URL must start with http://)'
                : ''}`, { cause });
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new errors/* StintError */.Fp(codes.invalid, `${shown} did not answer JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new errors/* StintError */.Fp(codes.invalid, `${shown} did not answer a JSON object`);
    }
    return value;
}
/**
 * Why Node refused the server's certificate, in words: a self-managed CI or a broker behind a
 * company CA is reached, and waiting will not change the answer.
 */
function certificateHint(code) {
    switch (certificateProblem(code)) {
        case 'trust':
            return ' (its TLS certificate is not from a CA Node trusts here: give this process the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem, or serve the chain with its intermediates)';
        case 'host':
            return ' (its TLS certificate does not name the host in the URL)';
        case 'dates':
            return " (its TLS certificate is outside its validity dates: renew it, or check this machine's clock)";
        default:
            return '';
    }
}

;// CONCATENATED MODULE: ./src/lib/jwks-cache.ts

/**
 * A token's `kid` is not in the keys last fetched, and the source may not be asked again for
 * `retryAfterSec`: ERR_JWKS_UNAVAILABLE (503 with Retry-After, never 401), since a key
 * published since the last fetch verifies once the next fetch is allowed. A flood of made-up kids
 * gets this answer too, and still makes at most one fetch per interval.
 */
class KeyNotFetchedYet extends errors/* StintError */.Fp {
    retryAfterSec;
    constructor(id, retryAfterSec, intervalMs) {
        super('ERR_JWKS_UNAVAILABLE', `no key at ${id} has the token's kid yet, and the keys are fetched again at most every ${Math.ceil(intervalMs / 1000)} s: retry in ${retryAfterSec} s (a key published since the last fetch verifies then); this is not a verdict on the token`);
        this.name = 'KeyNotFetchedYet';
        this.retryAfterSec = retryAfterSec;
    }
}
/** Bound on the kids remembered per source: past it the oldest go, and are told to wait again. */
const MAX_REMEMBERED_KIDS = 1024;
function remember(set, kid) {
    set.delete(kid);
    set.add(kid);
    if (set.size > MAX_REMEMBERED_KIDS)
        set.delete(set.values().next().value);
}
/**
 * @example
 * const cache = createKeyCache();
 * const jwks = await cache.keysFor(url, header.kid, Date.now(), { download: () => getJwks(url), maxAgeMs: 60_000,
 *   minRefetchIntervalMs: 10_000, serveStale: false, unavailable: () => new Error('JWKS unavailable') });
 */
function createKeyCache() {
    const entries = new Map();
    function refresh(entry, now, source) {
        if (entry.pending)
            return entry.pending;
        entry.attemptedAt = now;
        entry.pending = source
            .download()
            .then((jwks) => {
            // What these keys can say: each kid asked about and still absent does not exist (for now),
            // and neither does a kid the keys held before and no longer hold (a key dropped by a
            // rotation: its tokens are refused as final, not told to retry).
            const held = new Set(jwks.keys.map((key) => key.kid));
            for (const key of entry.jwks?.keys ?? [])
                if (key.kid !== undefined && !held.has(key.kid))
                    remember(entry.missed, key.kid);
            entry.jwks = jwks;
            entry.fetchedAt = now;
            for (const kid of entry.asked)
                remember(entry.missed, kid);
            for (const kid of entry.missed)
                if (held.has(kid))
                    entry.missed.delete(kid);
            entry.asked.clear();
            source.onFetch?.('ok');
            return jwks;
        })
            .catch((error) => {
            source.onFetch?.('error');
            if (source.serveStale && entry.jwks)
                return entry.jwks;
            throw error;
        })
            .finally(() => {
            entry.pending = undefined;
        });
        return entry.pending;
    }
    return {
        async keysFor(id, kid, now, source) {
            let entry = entries.get(id);
            if (!entry) {
                entry = { fetchedAt: 0, asked: new Set(), missed: new Set() };
                entries.set(id, entry);
            }
            const sinceAttempt = entry.attemptedAt === undefined ? Number.POSITIVE_INFINITY : now - entry.attemptedAt;
            const mayFetch = sinceAttempt >= source.minRefetchIntervalMs;
            if (!entry.jwks) {
                if (entry.pending)
                    return entry.pending;
                // Never fetched: still rate-limit retries so a dead source is not hammered by every request.
                if (!mayFetch)
                    throw source.unavailable();
                return refresh(entry, now, source);
            }
            const unknownKid = kid !== undefined && !entry.jwks.keys.some((key) => key.kid === kid);
            // A refetch is already under way (another token with the new key started it): wait for it
            // rather than refuse this token with the keys it is about to replace.
            if (unknownKid && entry.pending) {
                remember(entry.asked, kid);
                return entry.pending;
            }
            const old = now - entry.fetchedAt > source.maxAgeMs;
            // Age asks again at most once per maxAgeMs (a short max age is the point); a kid the keys
            // lack, which any token can name, at most once per minRefetchIntervalMs.
            const mayRefresh = mayFetch || (old && sinceAttempt >= source.maxAgeMs);
            if ((unknownKid && mayFetch) || (old && mayRefresh)) {
                if (unknownKid)
                    remember(entry.asked, kid);
                return refresh(entry, now, source);
            }
            // Aged-out keys are not used when failures must be reported: a key the source dropped must not live on.
            if (old && !source.serveStale) {
                if (entry.pending)
                    return entry.pending;
                throw source.unavailable();
            }
            // Keys fetched before this token came cannot say its kid does not exist: it may be a key
            // published since (a rotation). Retry once the interval allows the fetch that can say, unless
            // a fetch was asked for this kid and did not find it (a dropped key): that is the verdict.
            if (unknownKid && (source.unknownKid ?? 'retry') === 'retry' && !entry.missed.has(kid)) {
                const waitMs = (entry.attemptedAt ?? now) + source.minRefetchIntervalMs - now;
                const retryAfterSec = Math.min(Math.max(1, Math.ceil(waitMs / 1000)), Math.max(1, Math.ceil(source.minRefetchIntervalMs / 1000)));
                throw new KeyNotFetchedYet(id, retryAfterSec, source.minRefetchIntervalMs);
            }
            return entry.jwks;
        },
    };
}

;// CONCATENATED MODULE: ./src/verify/jwt.ts







/**
 * Verifies a JWT from a `jwt` signing profile (or any JWT signed with known keys) with jose:
 * signature, algorithm allow-list, `exp`/`iat`/`nbf`, issuer, audience, lifetime and `jti`
 * replay. Throws StintError ERR_TOKEN_INVALID, ERR_TOKEN_EXPIRED or ERR_TOKEN_REPLAYED, and
 * ERR_VERIFY_CONFIG for options that could not verify anything (no keys, an algorithm it does not
 * accept, a tolerance that is NaN).
 *
 * @example
 * const claims = await verifyJwt(req.headers.authorization!.slice(7), { algorithms: ['EdDSA'], keys: [publicKeyPem], audience: 'deploy-api' });
 */
async function verifyJwt(token, options) {
    acceptedAlgorithms(options.algorithms);
    if (!Array.isArray(options.keys) || options.keys.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', 'verifyJwt needs at least one key and one algorithm');
    for (const claim of ['issuer', 'audience', 'subject'])
        presentClaimOption(options, claim, `verifyJwt: ${claim}`);
    const limits = {
        maxLifetimeSec: secondsOption(options.maxLifetimeSec, 3600, 'verifyJwt: maxLifetimeSec', [1, ONE_DAY]),
        clockToleranceSec: secondsOption(options.clockToleranceSec, 30, 'verifyJwt: clockToleranceSec', [0, 3600]),
    };
    const keys = trustedKeys(options.keys, options.algorithms);
    const { decodeProtectedHeader, jwtVerify } = await Promise.all(/* import() */[__nccwpck_require__.e(963), __nccwpck_require__.e(363)]).then(__nccwpck_require__.bind(__nccwpck_require__, 363));
    const verifyOptions = joseOptions(options, limits.clockToleranceSec);
    let alg;
    try {
        alg = decodeProtectedHeader(token).alg;
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 'the token is not a JWS (its header does not decode)', { cause: error });
    }
    if (typeof alg !== 'string' || !options.algorithms.includes(alg))
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 
        // The header is not verified yet: its alg is named only when it looks like one.
        `the token is signed with ${typeof alg !== 'string' ? 'no alg' : /^[A-Za-z0-9+-]{1,16}$/.test(alg) ? alg : 'an unknown alg'}, not one of the accepted ${options.algorithms.join(', ')}`);
    // Only keys of the token's family are tried: an HS token against the HMAC secrets, any other
    // against the public keys. A PEM is never an HMAC secret (trustedKeys), so a token MACed with a
    // published public key cannot pass.
    const candidates = keys.filter((key) => key.hmac === alg.startsWith('HS'));
    if (candidates.length === 0)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token is signed with ${alg}, and no trusted key is ${alg.startsWith('HS') ? 'an HMAC secret' : 'a public key'}`);
    let lastError;
    for (const { key } of candidates) {
        try {
            const { payload } = await jwtVerify(token, key, verifyOptions);
            await checkPayload(payload, options, limits);
            return payload;
        }
        catch (error) {
            if (error instanceof errors/* StintError */.Fp)
                throw error;
            lastError = error;
            // A signature mismatch, or a key of another type (EdDSA after ES256 during a rotation),
            // is worth trying the next key for; anything else (expired, wrong audience) is final.
            const code = error.code;
            if (code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' &&
                !(error instanceof TypeError || code === 'ERR_JOSE_NOT_SUPPORTED'))
                break;
        }
    }
    const { claimMismatch, foundAfterSignature, notYetValid } = await Promise.all(/* import() */[__nccwpck_require__.e(963), __nccwpck_require__.e(676)]).then(__nccwpck_require__.bind(__nccwpck_require__, 676));
    const nowSec = (options.now?.() ?? Date.now()) / 1000;
    const early = notYetValid(lastError, nowSec, limits.clockToleranceSec);
    if (early !== undefined)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token ${early}`, { cause: lastError });
    throw toStintError(lastError, claimMismatch(lastError, options), foundAfterSignature(lastError));
}
/** What to give for a missing issuer or audience, and what passing without it would let through. */
const ISSUER_FIX = "give the broker's issuer URL (the iss of its tokens): without it a token's iss is not checked";
const AUDIENCE_FIX = "give the audience of this service's stint project (default stint:<project>): without it every project's tokens would pass";
/** Default for `jwksMaxAgeSec`: a dropped key stops verifying within a minute, at one small fetch a minute. */
const DEFAULT_JWKS_MAX_AGE_SEC = 60;
/** At most one JWKS fetch per URL in this window for unknown kids, whatever the tokens name. */
const JWKS_REFETCH_INTERVAL_MS = 10_000;
/**
 * `jwksMaxAgeSec`, from the refetch interval (10 s) to a day. Below the interval every request
 * would be a JWKS fetch, forged ones too (an amplifier pointed at the broker); NaN, from an
 * unset variable, would never refresh. Either is ERR_VERIFY_CONFIG.
 */
function jwksMaxAge(value, caller) {
    return secondsOption(value, DEFAULT_JWKS_MAX_AGE_SEC, `${caller}: jwksMaxAgeSec`, [
        JWKS_REFETCH_INTERVAL_MS / 1000,
        ONE_DAY,
    ]);
}
const JWKS_TIMEOUT_MS = 5_000;
const JWKS_MAX_BYTES = 256 * 1024;
const UNAVAILABLE = {
    unreachable: 'ERR_JWKS_UNAVAILABLE',
    tooLarge: 'ERR_JWKS_UNAVAILABLE',
    invalid: 'ERR_JWKS_UNAVAILABLE',
};
const jwt_keyCache = createKeyCache();
/** A key set built once per fetched JWKS: importing keys for every token would be wasted work. */
const localSets = new WeakMap();
/**
 * Verifies a stint access token against the broker's JWKS, with the same checks the broker
 * makes (src/lib/stint-token.ts): `typ` at+jwt, ES256/EdDSA/RS256, issuer, audience, times with
 * 60 s of skew, and the claims every stint token carries; then the scopes asked for.
 * The JWKS is fetched on first use and again for an unknown `kid` (at most once per 10 s) or
 * when older than `jwksMaxAgeSec` (default 60 s), so a key the broker dropped stops verifying
 * within that time. It does not know about revocation; ask the broker's `/oauth2/introspect`
 * when that matters.
 * Throws StintError ERR_TOKEN_INVALID (audience and issuer errors say expected vs got),
 * ERR_TOKEN_EXPIRED, ERR_TOKEN_PROJECT, ERR_TOKEN_SCOPE, or ERR_JWKS_UNAVAILABLE when the broker's keys cannot be
 * fetched: that is the service's outage, not a bad token, so answer 503 for it, not 401.
 * A missing or empty `issuer` or `audience` is ERR_VERIFY_CONFIG (a bug in the receiver: 500).
 *
 * @example
 * try {
 *   const claims = await verifyStintToken(bearer, { issuer: 'https://stint.example.com', audience: 'stint:warehouse', requiredScopes: ['deploy'] });
 * } catch (error) {
 *   // ERR_VERIFY_CONFIG is this service's set-up (a missing issuer or audience): a 500, never a 401.
 *   const status = error.code === 'ERR_VERIFY_CONFIG' ? 500 : error.code === 'ERR_JWKS_UNAVAILABLE' ? 503
 *     : error.code === 'ERR_TOKEN_SCOPE' ? 403 : 401;
 * }
 */
async function verifyStintToken(token, options) {
    const issuer = requiredString(options.issuer, 'verifyStintToken: issuer', ISSUER_FIX);
    const audience = requiredString(options.audience, 'verifyStintToken: audience', AUDIENCE_FIX);
    const now = options.now ?? Date.now;
    const local = options.jwks;
    const url = jwksUrlOf(options, issuer, 'verifyStintToken');
    const maxAgeSec = jwksMaxAge(options.jwksMaxAgeSec, 'verifyStintToken');
    secondsOption(options.clockToleranceSec, 60, 'verifyStintToken: clockToleranceSec', [0, 3600]);
    const http = options.http ?? verifyHttp;
    const key = async (header, jws) => {
        const jwks = local ??
            (await jwt_keyCache.keysFor(url, header.kid, now(), {
                download: () => downloadJwks(url, http),
                maxAgeMs: maxAgeSec * 1000,
                minRefetchIntervalMs: JWKS_REFETCH_INTERVAL_MS,
                // A dropped key must stop verifying: keys past their age are never used, even if the broker is down.
                serveStale: false,
                unavailable: () => new errors/* StintError */.Fp('ERR_JWKS_UNAVAILABLE', `the broker's keys at ${(0,url_credentials/* urlForMessage */.O)(url)} could not be fetched (retrying at most every ${JWKS_REFETCH_INTERVAL_MS / 1000} s); this is an outage, not a bad token`),
            }));
        return (await localSet(jwks))(header, jws);
    };
    // Loaded when first needed, so a receiver that only checks webhooks never loads jose.
    const { refuseForeignToken, STINT_TOKEN_ALGS, verifyStintAccessToken } = await Promise.all(/* import() */[__nccwpck_require__.e(963), __nccwpck_require__.e(676)]).then(__nccwpck_require__.bind(__nccwpck_require__, 676));
    // Another issuer's token (the CI's own ID token) is refused before its kid costs a JWKS fetch.
    refuseForeignToken(token, issuer);
    let payload;
    try {
        payload = await verifyStintAccessToken(token, {
            key,
            issuer,
            audience,
            algorithms: STINT_TOKEN_ALGS,
            now,
            ...(options.clockToleranceSec === undefined ? {} : { clockToleranceSec: options.clockToleranceSec }),
            expiry: 'tolerant',
        });
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw error;
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `stint token rejected: ${error.message}`, { cause: error });
    }
    if (options.project !== undefined) {
        const accepted = typeof options.project === 'string' ? [options.project] : options.project;
        if (!accepted.includes(payload.project))
            throw new errors/* StintError */.Fp('ERR_TOKEN_PROJECT', 
            // The projects accepted stay out: this text may reach the client (protectedResource logs them).
            `stint token rejected: it is for project ${JSON.stringify(payload.project)}, which this service does not accept`);
    }
    const granted = new Set(String(payload.scope).split(' '));
    const missing = (options.requiredScopes ?? []).filter((s) => !granted.has(s));
    if (missing.length > 0)
        throw new errors/* StintError */.Fp('ERR_TOKEN_SCOPE', `the token lacks scope ${missing.join(', ')} (it has: ${payload.scope || 'none'})`);
    return payload;
}
/**
 * Where the broker's keys are fetched from: `jwksUrl`, else `<issuer>/.well-known/jwks.json`;
 * https, or plain http to this machine only (fetchedUrl), naming the option the URL came from.
 * With a local `jwks` nothing is fetched, and the URL only names the cache entry.
 */
function jwksUrlOf(options, issuer, caller) {
    const derived = `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
    if (options.jwks !== undefined)
        return options.jwksUrl ?? derived;
    const risk = 'anyone on the path could serve their own keys, and every token they sign would pass';
    if (options.jwksUrl !== undefined) {
        fetchedUrl(options.jwksUrl, `${caller}: jwksUrl`, "the broker's keys are fetched from it", risk);
        return options.jwksUrl;
    }
    fetchedUrl(issuer, `${caller}: issuer`, `the broker's keys are fetched from it (${(0,url_credentials/* urlForMessage */.O)(derived)}, as jwksUrl is not given)`, risk);
    return derived;
}
/** The broker's JWKS, capped at 256 KiB and 5 s; anything unusable is ERR_JWKS_UNAVAILABLE. */
async function downloadJwks(url, http) {
    const document = await fetchJsonObject(url, {
        http,
        timeoutMs: JWKS_TIMEOUT_MS,
        maxBytes: JWKS_MAX_BYTES,
        codes: UNAVAILABLE,
    });
    const jwks = document;
    try {
        await localSet(jwks);
    }
    catch (cause) {
        throw new errors/* StintError */.Fp('ERR_JWKS_UNAVAILABLE', `${(0,url_credentials/* urlForMessage */.O)(url)} did not answer a JWKS`, { cause });
    }
    return jwks;
}
async function localSet(jwks) {
    let set = localSets.get(jwks);
    if (!set) {
        const { createLocalJWKSet } = await Promise.all(/* import() */[__nccwpck_require__.e(963), __nccwpck_require__.e(363)]).then(__nccwpck_require__.bind(__nccwpck_require__, 363));
        set = createLocalJWKSet(jwks);
        localSets.set(jwks, set);
    }
    return set;
}
function joseOptions(options, clockToleranceSec) {
    return {
        algorithms: [...options.algorithms],
        requiredClaims: ['exp', 'iat'],
        clockTolerance: clockToleranceSec,
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
        ...(options.subject === undefined ? {} : { subject: options.subject }),
        ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
    };
}
async function checkPayload(payload, options, limits) {
    const nowSec = Math.floor((options.now?.() ?? Date.now()) / 1000);
    const tolerance = limits.clockToleranceSec;
    // jose accepts an iat in the future; refused here, or exp - iat would not bound how long the token works.
    if (payload.iat > nowSec + tolerance)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token is issued in the future (iat ${payload.iat}, now ${nowSec})`);
    const lifetime = payload.exp - Math.min(payload.iat, nowSec);
    const max = limits.maxLifetimeSec;
    if (lifetime > max)
        throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token lives ${lifetime} s, longer than the ${max} s allowed`);
    if (options.seen !== undefined) {
        if (typeof payload.jti !== 'string')
            throw new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 'the token has no jti, so a replay cannot be detected');
        // jose accepts the token until exp + the tolerance: the id must be kept as long.
        if (await options.seen(payload.jti, payload.exp + tolerance))
            throw new errors/* StintError */.Fp('ERR_TOKEN_REPLAYED', 'the token was already used (same jti)');
    }
}
/**
 * `algorithms` must be a non-empty list of the algorithms verifyJwt knows (JWT_ALGS, what the
 * `jwt` signing profile signs with). `none`, a typo or another library's name (`ES512`) is
 * ERR_VERIFY_CONFIG naming the accepted ones, before any token is looked at: otherwise every
 * token would be refused one by one, each refusal looking like the sender's fault.
 */
function acceptedAlgorithms(algorithms) {
    const accepted = types_JWT_ALGS.join(', ');
    if (!Array.isArray(algorithms) || algorithms.length === 0)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyJwt: algorithms must be a list of the algorithms to accept, some of ${accepted}; got ${Array.isArray(algorithms) ? 'an empty list' : algorithms === undefined || algorithms === null ? 'nothing' : `a ${typeof algorithms}`}`);
    for (const alg of algorithms) {
        if (types_JWT_ALGS.includes(alg))
            continue;
        const named = typeof alg === 'string' ? JSON.stringify(alg.slice(0, 40)) : `a ${alg === null ? 'null' : typeof alg}`;
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `verifyJwt: algorithms has ${named}, which is not accepted${typeof alg === 'string' && alg.toLowerCase() === 'none' ? ' (an unsigned token is never accepted)' : ''}; use some of ${accepted}`);
    }
}
/**
 * Each key typed once, by what it is rather than by the algorithms: a PEM (string or bytes), DER
 * bytes or their base64 (SPKI, PKCS#1, a certificate), a JWK with another `kty` than `oct`, or an
 * asymmetric KeyObject is a public key; a JWKS text is refused; a JWK `oct`, a
 * secret KeyObject, or any other string or bytes is an HMAC secret. Typing by the algorithms
 * would read a PEM public key as HMAC key bytes whenever only HS* are accepted, and anyone holding
 * that published key could then make tokens that verify. A public key where only HS algorithms
 * are accepted, an empty secret, or a missing key is ERR_VERIFY_CONFIG.
 */
function trustedKeys(keys, algorithms) {
    const publicAccepted = algorithms.some((a) => !a.startsWith('HS'));
    return keys.map((key, i) => {
        const name = `verifyJwt: keys[${i}]`;
        const typed = typeKey(key, name);
        // (An HMAC secret with no HS algorithm accepted is never tried: that refuses, it cannot forge.)
        if (!typed.hmac && !publicAccepted)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a public key (PEM, DER, JWK or KeyObject), which cannot verify ${algorithms.join(', ')}: used as an HMAC secret, anyone holding it could make tokens; give the shared secret, or accept the key's algorithm`);
        return typed;
    });
}
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----/;
function typeKey(key, name) {
    if (key === undefined || key === null)
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is ${String(key)}: check the variable it comes from`);
    if (typeof key === 'string' || key instanceof Uint8Array) {
        const text = typeof key === 'string' ? key : Buffer.from(key).toString('latin1');
        const trimmed = text.trim();
        // A PEM block anywhere is a key, as OpenSSL reads it: `openssl x509 -text` and PKCS#12 exports
        // put text before the block, and such a file taken for an HMAC secret would verify forgeries.
        if (PEM_BLOCK.test(text))
            return { hmac: false, key: publicKeyOf(() => (0,external_node_crypto_namespaceObject.createPublicKey)(text), name) };
        if (trimmed.startsWith('{')) {
            const json = parseJson(trimmed);
            if (Array.isArray(json?.keys))
                throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a JWKS (a JSON key set), not one key: give its keys one by one (keys: JSON.parse(text).keys), never the text as an HMAC secret`);
            const jwk = isJwk(json) ? json : undefined;
            // A JSON text that is an `oct` JWK stays the secret as written: stint's own HS signer MACs
            // with the text of the variable, so reading its `k` here would refuse stint's tokens.
            if (jwk !== undefined && jwk.kty !== 'oct')
                return typeKey(jwk, name);
        }
        // A public key without PEM armour, as DER bytes or their base64: published, so never a secret.
        const der = derPublicKey(key, trimmed);
        if (der !== undefined)
            return { hmac: false, key: der };
        if (text.length === 0)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is empty: check the variable it comes from`);
        return { hmac: true, key: typeof key === 'string' ? new Uint8Array(Buffer.from(key)) : key };
    }
    if (typeof key !== 'object')
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a ${typeof key}, not a key`);
    if ('asymmetricKeyType' in key || 'symmetricKeySize' in key) {
        const object = key;
        if (object.type === 'secret')
            return { hmac: true, key: object };
        return { hmac: false, key: object.type === 'private' ? (0,external_node_crypto_namespaceObject.createPublicKey)(object) : object };
    }
    const jwk = key;
    if (jwk.kty === 'oct') {
        const secret = Buffer.from(typeof jwk.k === 'string' ? jwk.k : '', 'base64url');
        if (secret.length === 0)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is a JWK oct with an empty k`);
        return { hmac: true, key: (0,external_node_crypto_namespaceObject.createSecretKey)(secret) };
    }
    return { hmac: false, key: publicKeyOf(() => (0,external_node_crypto_namespaceObject.createPublicKey)({ key: jwk, format: 'jwk' }), name) };
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function isJwk(value) {
    return value !== null && typeof value === 'object' && typeof value.kty === 'string';
}
/**
 * The public key in DER bytes (SubjectPublicKeyInfo, a PKCS#1 RSA public key, or an X.509
 * certificate), or in base64 of those without the PEM lines; undefined for anything else. Only
 * what starts as a DER SEQUENCE is tried, so an ordinary secret costs one byte comparison.
 */
function derPublicKey(key, trimmed) {
    let bytes;
    if (typeof key !== 'string')
        bytes = Buffer.from(key);
    else if (/^[A-Za-z0-9+/\s]+={0,2}$/.test(trimmed))
        bytes = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
    if (bytes === undefined || bytes.length < 32 || bytes[0] !== 0x30)
        return undefined;
    for (const type of ['spki', 'pkcs1']) {
        try {
            return (0,external_node_crypto_namespaceObject.createPublicKey)({ key: bytes, format: 'der', type });
        }
        catch {
            // not this structure
        }
    }
    try {
        return new external_node_crypto_namespaceObject.X509Certificate(bytes).publicKey;
    }
    catch {
        return undefined;
    }
}
function publicKeyOf(parse, name) {
    try {
        return parse();
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${name} is not a key Node can read: ${error.message}`, {
            cause: error,
        });
    }
}
/**
 * jose's error codes become ours for verifyJwt (which takes its keys directly, so no JWKS is
 * fetched); the message says what failed, never the token.
 */
function toStintError(error, mismatch, afterSignature) {
    const code = error?.code;
    const detail = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_JWT_EXPIRED')
        return new errors/* StintError */.Fp('ERR_TOKEN_EXPIRED', 'the token has expired', { cause: error });
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', 'the token signature does not verify with any trusted key', {
            cause: error,
        });
    if (mismatch !== undefined)
        return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token's ${mismatch}`, { cause: error });
    // Not jose's (no code), or found after the signature (src/lib/stint-token.ts foundAfterSignature).
    if (afterSignature || code === undefined)
        return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token is not valid: ${detail}`, { cause: error });
    return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `the token's header or signature is not acceptable (${code})`, {
        cause: error,
    });
}

;// CONCATENATED MODULE: ./src/verify/mcp.ts

/**
 * The scopes an MCP request needs (docs/mcp.md#scopes-to-tools): `tools/call` needs the scopes
 * of the tool it names; every request needs `base`. Works on one JSON-RPC message or a batch, as
 * the Streamable HTTP transport receives them (the parsed body of the POST).
 *
 * A body that is not parsed JSON (undefined: the guard runs before the body parser, or in
 * Fastify's onRequest; a string or bytes: another parser) throws ERR_VERIFY_CONFIG: the scopes
 * cannot be known, so the request is not let through. The guard runs this only for a verified
 * token, and answers 400 when the request's Content-Type is not JSON (the client's error), a 500
 * otherwise (the service's set-up).
 *
 * A tool missing from `tools` needs only `base`, so list every tool: declare each tool's scopes
 * where the tool is registered and build this map from the same table (examples/mcp-server does).
 *
 * @example
 * const scopes = mcpToolScopes({ query: ['read'], deploy: ['deploy'] });
 * app.post('/mcp', express.json(), resource.express((req) => scopes(req.body)), handle);
 */
function mcpToolScopes(tools, base = []) {
    return (body) => {
        // A body not parsed yet (undefined) or parsed as bytes or text holds no tools/call this can
        // see, and treating it as "no tool" would let a tools/call through with the base scopes only.
        if (body === undefined || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer)
            throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `mcpToolScopes needs the parsed JSON body, got ${body === undefined ? 'undefined' : typeof body === 'string' ? 'a string' : 'bytes'}: mount the guard after the JSON body parser (express.json()), and in Fastify as a preHandler hook, not onRequest (the body is not parsed there yet)`);
        const needed = new Set(base);
        for (const message of Array.isArray(body) ? body : [body]) {
            if (message === null || typeof message !== 'object')
                continue;
            const { method, params } = message;
            if (method !== 'tools/call' || typeof params?.name !== 'string')
                continue;
            if (!Object.hasOwn(tools, params.name))
                continue;
            for (const scope of tools[params.name] ?? [])
                needed.add(scope);
        }
        return [...needed];
    };
}

;// CONCATENATED MODULE: ./src/lib/fingerprint.ts
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
    fingerprint_crypto ??= process.getBuiltinModule('node:crypto');
    return `sha256:${fingerprint_crypto.hash('sha256', secret, 'hex')}`;
}
let fingerprint_crypto;

;// CONCATENATED MODULE: ./src/lib/oauth-description.ts
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
function oauthDescription(text) {
    return text
        .replace(/["\\\u2018\u2019\u201c\u201d]/g, "'")
        .replace(/[\u2026\u00a7\u2192\u2013\u2014]/g, (c) => OAUTH_SPELLING[c] ?? '?')
        .replace(/[^\x20-\x7e]/g, '?');
}
/** The characters stint's own messages use, spelled in ASCII: `…`, `§` (RFC 8693 §2.1), `→`, dashes. */
const OAUTH_SPELLING = {
    '\u2026': '...',
    '\u00a7': 'section ',
    '\u2192': '->',
    '\u2013': '-',
    '\u2014': '-',
};

;// CONCATENATED MODULE: ./src/verify/protected-resource.ts







/** RFC 9728 §3: the metadata's well-known name, inserted between the host and the resource's path. */
const WELL_KNOWN = '/.well-known/oauth-protected-resource';
/**
 * The resource-server side of stint (docs/mcp.md): RFC 9728 Protected Resource Metadata naming
 * the broker as authorization server, and a guard that accepts a stint token only for this
 * `resource` (its `aud`), with the scopes a route or MCP tool needs, for node:http, Express and
 * Fastify. A request without a token is 401 with `WWW-Authenticate: Bearer resource_metadata="…"`,
 * so an MCP client (or any RFC 9728 client) finds the broker by itself; a bad, expired or revoked
 * token is 401 `invalid_token`; a missing scope is 403 `insufficient_scope` with `scope="…"`.
 *
 * @example
 * const mcp = protectedResource({ resource: 'https://mcp.internal.example.com/mcp',
 *   issuer: 'https://stint.example.com', scopesSupported: ['read', 'deploy'] });
 * http.createServer(async (req, res) => {
 *   if (mcp.serveMetadata(req, res)) return;
 *   const claims = await mcp.authorize(req, res, ['read']);
 *   if (!claims) return; // answered 401/403
 *   res.end(`hello ${claims.ci?.repository}`);
 * });
 */
function protectedResource(options) {
    const resourceUrl = parseResource(options.resource);
    // Checked now, not on the first request: with a jwksUrl and no issuer, any iss would pass.
    const issuer = requiredString(options.issuer, 'protectedResource: issuer', ISSUER_FIX);
    const path = resourceUrl.pathname === '/' ? '' : resourceUrl.pathname.replace(/\/+$/, '');
    const metadataPath = `${WELL_KNOWN}${path}`;
    const metadataUrl = `${resourceUrl.origin}${metadataPath}`;
    const http = options.http ?? verifyHttp;
    const document = {
        resource: options.resource,
        authorization_servers: [issuer],
        ...(options.scopesSupported ? { scopes_supported: [...options.scopesSupported] } : {}),
        // Tokens in the Authorization header only: a token in a query string ends up in access logs.
        bearer_methods_supported: ['header'],
        ...(options.resourceName ? { resource_name: options.resourceName } : {}),
        ...(options.resourceDocumentation ? { resource_documentation: options.resourceDocumentation } : {}),
    };
    const metadataText = JSON.stringify(document);
    const refuse = (status, error, description, scopes, retryAfterSec = 5) => {
        const headers = { 'cache-control': 'no-store' };
        if (status === 401 || status === 403)
            headers['www-authenticate'] = challenge(metadataUrl, error, description, scopes);
        if (status === 503)
            headers['retry-after'] = String(retryAfterSec);
        // No token at all: the challenge and the body carry no error code (RFC 6750 §3.1).
        return {
            ok: false,
            status,
            headers,
            body: error === undefined ? { error_description: description } : { error, error_description: description },
        };
    };
    for (const scope of options.scopesSupported ?? [])
        checkScopeToken(scope, 'scopesSupported');
    // Which API key introspects which project's tokens, checked now: a missing key would be sent as
    // "Bearer undefined", and a key of another project makes the broker answer "not active" for
    // every token; either would look like the broker's or the client's fault on every request.
    const introspectionKeys = options.introspection === undefined ? undefined : introspectionKeysOf(options);
    if (options.introspection !== undefined) {
        fetchedUrl(issuer, 'protectedResource: issuer', `with introspection, the API key is sent to it (${issuer.replace(/\/+$/, '')}/oauth2/introspect)`, 'anyone on the path could read the API key, and answer that a revoked token is active');
    }
    // Where the keys come from, checked now too: a guard that would trust keys fetched in clear is never built.
    jwksUrlOf(options, issuer, 'protectedResource');
    // Numbers checked now, not on the first request: NaN from an unset variable is a set-up error.
    secondsOption(options.clockToleranceSec, 60, 'protectedResource: clockToleranceSec', [0, 3600]);
    jwksMaxAge(options.jwksMaxAgeSec, 'protectedResource');
    const timeoutMs = options.introspection?.timeoutMs;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 60_000))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `protectedResource: introspection.timeoutMs must be a number of milliseconds from 1 to 60000, got ${String(timeoutMs)}`);
    /**
     * One request's decision. The token is decided first: without a valid token the request is
     * refused before `scopesOf` runs, so a scope function that reads the body never sees (nor
     * fails on) the body of a caller without a token. Until the scopes are known (a function not
     * run yet) a challenge names none.
     */
    const decide = async (authorization, scopesOf) => {
        const record = { outcome: 'refused', status: 401, required_scopes: [] };
        let recorded = false;
        try {
            return await decideRecorded(record, authorization, scopesOf, () => {
                recorded = true;
            });
        }
        catch (error) {
            // A misuse (ERR_VERIFY_CONFIG: a JSON body not parsed, a scope that is no scope token) or a
            // scope function that threw: thrown on to the framework, which answers 500. onAccess still
            // gets the request's one record, as it does for every other request checked.
            if (!recorded) {
                record.status = 500;
                if (error instanceof errors/* StintError */.Fp)
                    record.code = error.code;
                record.reason = logSafe(error instanceof Error ? error.message : String(error));
                options.onAccess?.(record);
            }
            throw error;
        }
    };
    const decideRecorded = async (record, authorization, scopesOf, recording) => {
        let required = typeof scopesOf === 'function' ? [] : [...scopesOf];
        record.required_scopes = required;
        for (const scope of required)
            checkScopeToken(scope, 'a required scope');
        const decided = (decision) => {
            record.status = decision.ok ? 200 : decision.status;
            record.required_scopes = required;
            if (decision.ok)
                record.outcome = 'allowed';
            else if (record.error === undefined && decision.body.error !== undefined)
                record.error = decision.body.error;
            recording();
            options.onAccess?.(record);
            return decision;
        };
        const fields = typeof authorization === 'string' ? [authorization] : [...(authorization ?? [])];
        // Two Authorization fields: a proxy in front may have judged by the other one.
        if (fields.length > 1) {
            record.code = 'ERR_AUTHORIZATION_REPEATED';
            return decided(refuse(400, 'invalid_request', 'send one Authorization header, not several', required));
        }
        const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(fields[0] ?? '');
        if (!match && /^Bearer(?: |$)/i.test(fields[0] ?? '')) {
            // RFC 6750 §3.1: Bearer credentials that are malformed are a bad request, not a missing token.
            record.code = 'ERR_AUTHORIZATION_MALFORMED';
            return decided(refuse(400, 'invalid_request', 'the Authorization header is not "Bearer <token>" with one token', required));
        }
        if (!match) {
            // RFC 6750 §3.1: a request without credentials gets the challenge, without an error code.
            record.code = 'ERR_TOKEN_MISSING';
            return decided(refuse(401, undefined, 'this service needs a stint token: Authorization: Bearer …', required));
        }
        const token = match[1];
        record.token_fingerprint = fingerprint(token);
        let claims;
        try {
            const { resource: _resource, scopesSupported, introspection, onAccess, ...verifyOptions } = options;
            claims = await verifyStintToken(token, { ...verifyOptions, audience: options.resource, http });
        }
        catch (error) {
            if (!(error instanceof errors/* StintError */.Fp) || error.code === 'ERR_VERIFY_CONFIG')
                throw error;
            record.code = error.code;
            record.reason = logSafe(reasonOf(error, options.project));
            if (error.code === 'ERR_JWKS_UNAVAILABLE') {
                // A kid not in the keys fetched last, while their refetch is held back (at most one per
                // 10 s): most likely a key the broker has just rotated to, so "retry when the next fetch is
                // allowed", never invalid_token, which clients take as final.
                const wait = error instanceof KeyNotFetchedYet ? error.retryAfterSec : undefined;
                return decided(wait === undefined
                    ? refuse(503, 'temporarily_unavailable', "the service cannot check tokens now (the broker's keys are unavailable)", required)
                    : refuse(503, 'temporarily_unavailable', `the service has not fetched the key this token is signed with yet (the broker's keys are fetched at most every 10 s): retry in ${wait} s`, required, wait));
            }
            return decided(refuse(401, 'invalid_token', error.message, required));
        }
        Object.assign(record, {
            jti: claims.jti,
            project: claims.project,
            sub: claims.sub,
            client_id: claims.client_id,
            scope: claims.scope,
            ...(claims.ci ? { ci: claims.ci } : {}),
        });
        if (options.introspection && introspectionKeys) {
            // The key of the token's project (verified above: with apiKeys, `project` names the same
            // projects, so a token of any other was refused already).
            const key = introspectionKeys.keyFor(claims.project);
            const active = await isActive(token, issuer, key, options.introspection.timeoutMs, http).catch((error) => error);
            if (active instanceof IntrospectionRefused) {
                // The broker answered, and refused this service's key: retrying will not help, and
                // "the broker does not answer" would send whoever reads the log the wrong way.
                record.code = 'ERR_INTROSPECTION_REFUSED';
                record.reason = active.message;
                return decided(refuse(500, 'server_error', 'the service cannot check tokens: the broker refused its introspection API key (a set-up error on this service)', required));
            }
            if (active instanceof IntrospectionRateLimited) {
                // The broker answered: this service asks more often than its API key's rate limit allows.
                // Its Retry-After is passed on, and the text says so, not "the broker does not answer".
                record.code = 'ERR_INTROSPECTION_RATE_LIMITED';
                record.reason = active.message;
                return decided(refuse(503, 'temporarily_unavailable', `the service cannot check tokens now: the broker is rate-limiting this service's introspection; retry in ${active.retryAfterSec} s`, required, active.retryAfterSec));
            }
            if (active instanceof Error || active === undefined) {
                record.code = 'ERR_INTROSPECTION_UNAVAILABLE';
                record.reason = logSafe(active instanceof Error ? active.message : 'no answer');
                return decided(refuse(503, 'temporarily_unavailable', 'the service cannot check tokens now (the broker does not answer)', required));
            }
            if (!active) {
                // The broker says only "not active". What the guard knows itself narrows it down: a token
                // past its exp by this clock (accepted above within the clock tolerance, while the broker
                // reads exp strictly) has expired; otherwise it is revoked, expired by the broker's clock,
                // or not of the API key's project (a key given for the wrong project).
                const expired = claims.exp !== undefined && claims.exp <= (options.now ?? Date.now)() / 1000;
                record.code = expired ? 'ERR_TOKEN_EXPIRED' : 'ERR_TOKEN_INACTIVE';
                const description = expired
                    ? 'the broker says the token is not active: it has expired; request a new one'
                    : `the broker says the token is not active (revoked, expired at the broker, or not of this API key's project: the token is of project ${claims.project}); request a new one`;
                record.reason = description;
                return decided(refuse(401, 'invalid_token', description, required));
            }
        }
        // The scopes, now that the token is known good (and, with introspection, live).
        if (typeof scopesOf === 'function') {
            try {
                required = [...(await scopesOf())];
            }
            catch (error) {
                if (!(error instanceof BodyNotJson))
                    throw error;
                record.code = 'ERR_REQUEST_NOT_JSON';
                record.reason = error.message;
                return decided(refuse(400, 'invalid_request', error.message, required));
            }
            for (const scope of required)
                checkScopeToken(scope, 'a required scope');
        }
        // After introspection: a revoked token is 401 invalid_token whatever scope it lacks (RFC 6750 §3.1).
        const granted = new Set(claims.scope.split(' '));
        const missing = required.filter((scope) => !granted.has(scope));
        if (missing.length > 0) {
            record.code = 'ERR_TOKEN_SCOPE';
            const description = `the token lacks scope ${missing.join(' ')} (it has: ${claims.scope || 'none'})`;
            record.reason = description;
            return decided(refuse(403, 'insufficient_scope', description, required));
        }
        return decided({ ok: true, claims, token, scopes: required });
    };
    const check = (authorization, scopes = []) => decide(authorization, scopes);
    const authorize = async (req, res, scopes) => {
        const decision = await decide(authorizationFields(req), scopesFor(scopes, req, req));
        if (decision.ok)
            return decision.claims;
        const text = JSON.stringify(decision.body);
        res.writeHead(decision.status, {
            ...decision.headers,
            'content-type': 'application/json; charset=utf-8',
            'content-length': String(Buffer.byteLength(text)),
        });
        res.end(text);
        return undefined;
    };
    return {
        resource: options.resource,
        metadataPath,
        metadataUrl,
        metadata: () => JSON.parse(metadataText),
        serveMetadata(req, res) {
            if (req.method !== 'GET' && req.method !== 'HEAD')
                return false;
            if (new URL(req.url ?? '/', 'http://resource.invalid').pathname !== metadataPath)
                return false;
            res.writeHead(200, {
                'content-type': 'application/json; charset=utf-8',
                'content-length': String(Buffer.byteLength(metadataText)),
                'cache-control': 'public, max-age=300',
                // Public by design (RFC 9728): browser-based MCP clients read it across origins.
                'access-control-allow-origin': '*',
            });
            res.end(req.method === 'HEAD' ? undefined : metadataText);
            return true;
        },
        check,
        authorize,
        express(scopes) {
            return (req, res, next) => {
                authorize(req, res, scopes).then((claims) => {
                    if (claims === undefined)
                        return;
                    req.stint = claims;
                    next();
                }, next);
            };
        },
        fastify(scopes) {
            return async (request, reply) => {
                const decision = await decide(authorizationFields(request.raw), scopesFor(scopes, request, request.raw));
                if (decision.ok) {
                    request.stint = decision.claims;
                    return;
                }
                await reply.code(decision.status).headers(decision.headers).send(decision.body);
            };
        },
    };
}
/**
 * `Bearer resource_metadata="…"`, with `error`, `error_description` and `scope` when they apply
 * (RFC 6750 §3, RFC 9728 §5.1). Quoted values may not hold `"` or `\` (RFC 6750 §3), so those
 * and anything outside printable ASCII are replaced.
 */
function challenge(metadataUrl, error, description, scopes) {
    const params = [];
    if (error !== undefined) {
        params.push(`error="${error}"`, `error_description="${oauthDescription(description)}"`);
    }
    if (scopes.length > 0)
        params.push(`scope="${scopes.join(' ')}"`);
    params.push(`resource_metadata="${metadataUrl}"`);
    return `Bearer ${params.join(', ')}`;
}
/**
 * A guard's scopes: a list as it is, a function run once the token is decided. A function that
 * refuses a body that is not parsed JSON (mcpToolScopes' ERR_VERIFY_CONFIG) is the client's error
 * when the request does not say it is JSON (text/plain, or no body and no type), whatever another
 * parser made of it (Fastify parses text/plain to a string): no JSON parser would have parsed
 * it, so the answer is 400, not the service's 500. A JSON request whose body is still not parsed
 * is the service's set-up (the guard before the parser): ERR_VERIFY_CONFIG.
 */
function scopesFor(scopes, request, raw) {
    if (typeof scopes !== 'function')
        return scopes ?? [];
    return async () => {
        try {
            return await scopes(request);
        }
        catch (error) {
            if (error instanceof errors/* StintError */.Fp && error.code === 'ERR_VERIFY_CONFIG' && !isJson(raw))
                throw new BodyNotJson();
            throw error;
        }
    };
}
/** `Content-Type: application/json`, or any `+json` type, with or without parameters. */
function isJson(req) {
    return /^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '');
}
/** A request whose scopes depend on a JSON body, sent without one. */
class BodyNotJson extends Error {
    constructor() {
        super('this request needs a JSON body (Content-Type: application/json)');
    }
}
/**
 * What a refusal's `reason` says in the access log: the message, and for ERR_TOKEN_PROJECT the
 * projects accepted (kept out of the answer to the client, which need not learn them), and
 * jose's own words when the message replaced them with a fixed text.
 */
function reasonOf(error, project) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    const detail = cause !== undefined && !error.message.includes(cause) ? ` (${cause})` : '';
    if (error.code === 'ERR_TOKEN_PROJECT' && project !== undefined) {
        const accepted = typeof project === 'string' ? [project] : project;
        return `${error.message} (it accepts ${accepted.map((name) => JSON.stringify(name)).join(', ')})`;
    }
    return `${error.message}${detail}`;
}
/** C0 (line feed and tab too: a log line stays one line), DEL, C1, and the Unicode line breaks and bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const LOG_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g;
/** Log text that may hold a token's own words: control characters as `\uXXXX`, at most 300 characters. */
function logSafe(text) {
    const escaped = text.replace(LOG_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return escaped.length > 300 ? `${escaped.slice(0, 299)}…` : escaped;
}
/** RFC 6749 §3.3 scope-token (NQCHAR), so a scope can go into the challenge's `scope="…"` as it is. */
function checkScopeToken(scope, what) {
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `${what} ${JSON.stringify(scope)} is not an OAuth scope token (RFC 6749 §3.3: printable ASCII, no space, " or \\)`);
}
function parseResource(resource) {
    requiredString(resource, 'protectedResource: resource', "give this service's URL, exactly the audience of its stint project");
    let url;
    try {
        url = new URL(resource);
    }
    catch {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `resource ${JSON.stringify(resource)} is not an absolute URL`);
    }
    // Clients send their tokens to this URL: plain http only where it stays on this machine.
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (0,loopback/* sendsInClear */.IV)(url))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `resource ${resource} must be an https URL (${loopback/* PLAIN_HTTP_ONLY_HERE */.W7}): clients send their tokens to it`);
    if (url.search !== '' || url.hash !== '' || resource.includes('#'))
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `resource ${resource} must have no query or fragment (RFC 9728 §1.2, RFC 8707 §2)`);
    return url;
}
/** Every Authorization field of the request (Node keeps only the first in `headers`). */
function authorizationFields(req) {
    return req.headersDistinct?.authorization ?? req.headers.authorization;
}
/**
 * `introspection`'s keys, checked: one `apiKey` (for the one project `project` names, or, without
 * `project`, for the projects of the audience, which without shared_audience is one), or `apiKeys`
 * naming exactly the projects of `project`. An API key introspects its own project's tokens only
 * (the broker's least privilege), so a project without its key would have every token refused.
 */
function introspectionKeysOf(options) {
    const introspection = options.introspection;
    const fail = (message) => {
        throw new errors/* StintError */.Fp('ERR_VERIFY_CONFIG', `protectedResource: ${message}`);
    };
    const create = 'create one with `stint keys create-api-key --project P`';
    const checkKey = (key, name) => {
        if (typeof key !== 'string' || key.trim() === '')
            fail(`${name} is ${key === undefined ? 'missing' : 'empty'} (is the variable it comes from set?); ${create}, or leave introspection out`);
        return key;
    };
    const projects = options.project === undefined
        ? undefined
        : typeof options.project === 'string'
            ? [options.project]
            : [...options.project];
    if (introspection.apiKeys === undefined) {
        const apiKey = checkKey(introspection.apiKey, 'introspection.apiKey');
        if (projects !== undefined && projects.length > 1)
            fail(`introspection.apiKey is one project's key, and project names ${projects.length} (${projects.join(', ')}): the broker answers every token of another project than the key's as not active; give introspection.apiKeys, one key per project ({ ${projects.map((p) => `'${p}': …`).join(', ')} }; ${create} for each)`);
        return { keyFor: () => apiKey };
    }
    if (introspection.apiKey !== undefined)
        fail('introspection has both apiKey and apiKeys: give apiKey for one project, or apiKeys for several');
    const given = introspection.apiKeys;
    if (given === null || typeof given !== 'object' || Array.isArray(given))
        fail("introspection.apiKeys must be an object of project name → API key ({ 'billing-a': …, 'billing-b': … })");
    const keys = new Map();
    for (const [project, key] of Object.entries(given))
        keys.set(project, checkKey(key, `introspection.apiKeys[${JSON.stringify(project)}]`));
    if (keys.size === 0)
        fail(`introspection.apiKeys is empty: give one API key per project the service accepts (${create})`);
    if (projects === undefined)
        fail(`introspection.apiKeys needs project, the projects this service accepts (project: [${[...keys.keys()].map((p) => `'${p}'`).join(', ')}]): a token of a project with no key could not be introspected`);
    const uncovered = projects.filter((project) => !keys.has(project));
    if (uncovered.length > 0)
        fail(`introspection.apiKeys has no key for project ${uncovered.join(', ')}, which project accepts: an API key introspects only its own project's tokens, so every token of ${uncovered.length === 1 ? 'that project' : 'those projects'} would be refused as not active; add ${uncovered.length === 1 ? 'its key' : 'their keys'} (${create})`);
    const unused = [...keys.keys()].filter((project) => !projects.includes(project));
    if (unused.length > 0)
        fail(`introspection.apiKeys has a key for project ${unused.join(', ')}, which project does not accept: add ${unused.length === 1 ? 'it' : 'them'} to project, or remove the key`);
    return { keyFor: (project) => keys.get(project) };
}
async function isActive(token, issuer, apiKey, timeoutMs, http) {
    const response = await http({
        url: `${issuer.replace(/\/+$/, '')}/oauth2/introspect`,
        method: 'POST',
        headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }).toString(),
        timeoutMs: timeoutMs ?? 5_000,
    });
    if (response.status === 401 || response.status === 403)
        throw new IntrospectionRefused(response.status);
    if (response.status === 429)
        throw new IntrospectionRateLimited(response.header('retry-after'));
    if (response.status !== 200)
        throw new Error(`the broker answered ${response.status} to introspection`);
    const body = JSON.parse(response.text());
    return body.active === true;
}
/** The broker refused the API key itself (401/403), as opposed to not answering. */
class IntrospectionRefused extends Error {
    constructor(status) {
        super(`the broker refused the introspection API key (HTTP ${status}): it is wrong, expired or revoked; check introspection.apiKey (\`stint keys list-api-keys --project P\`, or create a new one)`);
    }
}
/**
 * The broker answered 429: this service's introspection is over its rate limit (its API key's
 * bucket, `rate_limit.per_address` in size). `retryAfterSec` is the broker's Retry-After (whole
 * seconds, 1 to 3600), or 5 when it sent none that reads as such.
 */
class IntrospectionRateLimited extends Error {
    retryAfterSec;
    constructor(retryAfter) {
        const seconds = /^\d{1,7}$/.test(retryAfter?.trim() ?? '') ? Number(retryAfter) : undefined;
        const retryAfterSec = seconds === undefined ? 5 : Math.min(3600, Math.max(1, seconds));
        super(`the broker is rate-limiting this service's introspection (HTTP 429, Retry-After ${retryAfter === undefined ? 'none' : JSON.stringify(retryAfter.slice(0, 40))}); raise the broker's rate_limit.per_address, or introspect less often`);
        this.retryAfterSec = retryAfterSec;
    }
}

;// CONCATENATED MODULE: ./src/verify/index.ts
/**
 * The receiving side of every signing profile, as a library a server imports: webhook HMACs,
 * RFC 9421 HTTP message signatures, JWTs, and stint access tokens via the broker's JWKS; and the
 * resource-server side (RFC 9728 metadata, the Bearer challenge, a guard for node:http, Express
 * and Fastify, scopes per MCP tool).
 * Every refusal is a StintError with a stable code (ERR_SIGNATURE_*, ERR_DIGEST_MISMATCH, ERR_TOKEN_*).
 */









var __webpack_exports__StintError = __webpack_exports__.Fp;
var __webpack_exports__headerValue = __webpack_exports__.Z;
var __webpack_exports__isStintError = __webpack_exports__.Hu;
var __webpack_exports__mcpToolScopes = __webpack_exports__.OC;
var __webpack_exports__protectedResource = __webpack_exports__.RI;
var __webpack_exports__verifyClientCertificate = __webpack_exports__.QQ;
var __webpack_exports__verifyHmacWebhook = __webpack_exports__.KI;
var __webpack_exports__verifyHttpSignature = __webpack_exports__.oY;
var __webpack_exports__verifyJwt = __webpack_exports__.J0;
var __webpack_exports__verifyStintToken = __webpack_exports__.Ng;
export { __webpack_exports__StintError as StintError, __webpack_exports__headerValue as headerValue, __webpack_exports__isStintError as isStintError, __webpack_exports__mcpToolScopes as mcpToolScopes, __webpack_exports__protectedResource as protectedResource, __webpack_exports__verifyClientCertificate as verifyClientCertificate, __webpack_exports__verifyHmacWebhook as verifyHmacWebhook, __webpack_exports__verifyHttpSignature as verifyHttpSignature, __webpack_exports__verifyJwt as verifyJwt, __webpack_exports__verifyStintToken as verifyStintToken };
