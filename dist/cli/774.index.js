export const id = 774;
export const ids = [774];
export const modules = {

/***/ 5566:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ accessLine)
/* harmony export */ });
/**
 * The fields of a request's access line (`log.info(accessLine(…), 'request')`, once its response
 * closes): what `renderText` prints, and never the request target, which may carry anything a
 * caller put in it. `route` is the route table's name for it, or `other`.
 */
function accessLine(req, res, request) {
    return {
        method: req.method,
        route: request.route,
        // Nothing was answered to a client that went away first: no status to report.
        status: res.headersSent ? res.statusCode : null,
        duration_ms: Math.round((performance.now() - request.started) * 10) / 10,
        request_id: request.requestId,
        client_address: request.clientAddress,
        ...(res.writableFinished ? {} : { aborted: true }),
    };
}


/***/ }),

/***/ 7411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FY: () => (/* binding */ isAudited),
/* harmony export */   RB: () => (/* binding */ stampInstance),
/* harmony export */   W3: () => (/* binding */ markAudited),
/* harmony export */   u0: () => (/* binding */ appendAudit)
/* harmony export */ });
/* harmony import */ var _audit_encode_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3461);

/**
 * The audit log of one instance: every event it appends carries `instance`, so the files (or
 * shipped lines) of several brokers merge into one trail that says who wrote what
 * (docs/many-brokers.md#audit-logs-are-per-instance).
 */
function stampInstance(log, instance) {
    return {
        file: log.file,
        append: (event, options) => log.append(event, (0,_audit_encode_js__WEBPACK_IMPORTED_MODULE_0__/* .withExtraField */ .rE)(options, 'instance', instance, false)),
        check: () => log.check(),
        close: () => log.close(),
    };
}
/**
 * Appends an event whose fields may quote what a caller sent (claims, a bad `aud`). The log
 * refuses anything that looks like a secret; such a field is replaced by a note rather than
 * losing the event (or turning a refusal into a 500), and long values are cut (the log's
 * `quoting` mode, which scans each field once as it writes it). A request's audit log stamps
 * its client address (request-scope.ts).
 */
async function appendAudit(audit, event) {
    await audit.append(event, QUOTING);
}
const QUOTING = { quoting: true };
/** Refusals whose audit event is already written (an exchange writes its own, with the identity it found). */
const auditedRefusals = new WeakSet();
function markAudited(refusal) {
    auditedRefusals.add(refusal);
}
function isAudited(refusal) {
    return auditedRefusals.has(refusal);
}


/***/ }),

/***/ 8447:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HN: () => (/* binding */ rateLimitKey),
/* harmony export */   I7: () => (/* binding */ forwardedForIgnored),
/* harmony export */   Kq: () => (/* binding */ isTrustedProxy),
/* harmony export */   ci: () => (/* binding */ clientAddress),
/* harmony export */   gl: () => (/* binding */ trustedProxies),
/* harmony export */   jA: () => (/* binding */ peerAddress),
/* harmony export */   yI: () => (/* binding */ compileTrustProxy)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The address a request comes from: the socket's peer, or, when that peer is a proxy the config
 * trusts (`trust_proxy: [CIDR…]`), the address it says it forwarded for. `X-Forwarded-For` is
 * read from the right: each entry was appended by the hop before it, so entries are believed only
 * while the hop that wrote them is trusted; the first address not in `trust_proxy` is the client.
 * With no trusted proxy (the default) the header is ignored: anyone can send it.
 *
 * @example
 * clientAddress(req, compileTrustProxy(['10.0.0.0/8']))   // '203.0.113.7' behind a proxy at 10.0.0.2
 */
function clientAddress(req, trusted) {
    const peer = normalise(req.socket.remoteAddress ?? '');
    if (trusted === undefined || peer === '' || !isTrusted(trusted, peer))
        return peer || 'unknown';
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    let address = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
        const hop = normalise(hops[i]);
        // Not an address (a port, a name, garbage): the trusted hop that passed it on is as far as we can tell.
        if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(hop) === 0)
            return address;
        address = hop;
        if (!isTrusted(trusted, hop))
            return hop;
    }
    return address;
}
/** True when the request carries `X-Forwarded-For` from a peer `trust_proxy` does not list (so it is ignored). */
function forwardedForIgnored(req, trusted) {
    if (req.headers['x-forwarded-for'] === undefined)
        return false;
    const peer = normalise(req.socket.remoteAddress ?? '');
    return trusted === undefined || peer === '' || !isTrusted(trusted, peer);
}
/** The TCP peer of a connection, as clientAddress names it before any proxy header: `::ffff:10.0.0.2` → `10.0.0.2`. */
function peerAddress(socket) {
    return normalise(socket.remoteAddress ?? '') || 'unknown';
}
/** Whether `address` (as peerAddress gives it) is in `trust_proxy`. */
function isTrustedProxy(trusted, address) {
    return trusted !== undefined && (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) !== 0 && isTrusted(trusted, address);
}
/** `trust_proxy` compiled once per config (a reload brings a new list). */
const compiledTrustProxy = new WeakMap();
/** `trust_proxy` as a BlockList, compiled once per list (the config's own array); undefined when empty. */
function trustedProxies(entries) {
    if (entries.length === 0)
        return undefined;
    if (!compiledTrustProxy.has(entries))
        compiledTrustProxy.set(entries, compileTrustProxy(entries));
    return compiledTrustProxy.get(entries);
}
/**
 * `trust_proxy` as a BlockList (addresses and CIDR ranges, IPv4 and IPv6), or undefined when it
 * is empty. Entries were checked when the config was read (`isCidr`).
 */
function compileTrustProxy(entries) {
    if (entries.length === 0)
        return undefined;
    const list = new node_net__WEBPACK_IMPORTED_MODULE_0__.BlockList();
    for (const entry of entries) {
        const [address, bits] = entry.split('/');
        const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) === 6 ? 'ipv6' : 'ipv4';
        if (bits === undefined)
            list.addAddress(address, family);
        else
            list.addSubnet(address, Number(bits), family);
    }
    return list;
}
/**
 * The key a per-address rate limit counts under: the address itself for IPv4, its /64 for IPv6
 * (one host usually holds a whole /64, so counting single IPv6 addresses would let it rotate
 * through them).
 */
function rateLimitKey(address) {
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) !== 6)
        return address;
    const groups = expandIpv6(address).slice(0, 4);
    return `${groups.join(':')}::/64`;
}
function expandIpv6(address) {
    const [head, tail] = address.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    // A trailing dotted IPv4 part (`64:ff9b::192.0.2.1`) fills two groups.
    const dotted = (right.at(-1) ?? left.at(-1) ?? '').includes('.') ? 1 : 0;
    const missing = 8 - left.length - right.length - dotted;
    return [...left, ...Array(Math.max(0, missing)).fill('0'), ...right].map((group) => (Number.parseInt(group, 16) || 0).toString(16));
}
function isTrusted(list, address) {
    return list.check(address, (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) === 6 ? 'ipv6' : 'ipv4');
}
/** `::ffff:10.0.0.2` (an IPv4 peer on a dual-stack socket) → `10.0.0.2`; `[::1]` → `::1`. */
function normalise(address) {
    const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    return mapped ? mapped[1] : bare;
}


/***/ }),

/***/ 2641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ devConfigYaml)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The embedded default for `stint serve --dev`: a small GitHub-only policy (not examples/stint.yml)
 * for project warehouse, trusting pushes to main and the production environment of acme/warehouse
 * from GitHub's own issuer only (so not `stint dev issuer`; `stint demo` swaps the issuer line,
 * src/demo/local-broker.ts), with the embedded store's state in `<cwd>/.stint/state`, keys under
 * `<cwd>/.stint/keys` and the audit log at `<cwd>/.stint/audit.jsonl`.
 * The issuer is the address the broker listens on, known only once it is bound.
 */
function devConfigYaml(options) {
    const q = (value) => JSON.stringify(value);
    return `# stint serve --dev: embedded default (not for production)
issuer: ${q(options.issuer)}
keys: { dir: ${q((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(options.cwd, '.stint', 'keys'))}, algorithm: ES256, rotate_every: 30d, grace: 7d }
store: { dir: ${q((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(options.cwd, '.stint', 'state'))} }
audit: { file: ${q((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(options.cwd, '.stint', 'audit.jsonl'))} }
providers:
  github: { issuer: https://token.actions.githubusercontent.com }
projects:
  warehouse:
    audience: https://api.warehouse.example.com
    scopes: [read, write, deploy]
    ttl: 15m
    max_ttl: 1h
    trust:
      - provider: github
        subject: repo:acme/warehouse:ref:refs/heads/main
        claims: { repository_owner_id: "1234567" }
        scopes: [read, write]
      - provider: github
        subject: repo:acme/warehouse:environment:production
        claims: { repository_owner_id: "1234567" }
        scopes: [deploy]
`;
}


/***/ }),

/***/ 359:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ createJwksCache),
/* harmony export */   v: () => (/* binding */ KidNotYetFetched)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_fetch_json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6286);
/* harmony import */ var _lib_http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1931);
/* harmony import */ var _lib_jwks_cache_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2161);




/**
 * A token's `kid` is not in the issuer's keys, and the broker may not ask the issuer again for
 * `retryAfterSec` (or could not reach it): the key may be one the issuer has just published, so
 * the answer is "retry then" (503), not a refusal the job cannot recover from.
 */
class KidNotYetFetched extends _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
    issuer;
    retryAfterSec;
    reason;
    constructor(issuer, retryAfterSec, reason) {
        super('ERR_TOKEN_KEY_PENDING', `no signing key of ${issuer} matches the token's kid yet; the broker asks ${issuer} for its keys again within ${retryAfterSec} s: retry then`);
        this.name = 'KidNotYetFetched';
        this.issuer = issuer;
        this.retryAfterSec = retryAfterSec;
        this.reason = reason;
    }
}
const ISSUER_CODES = {
    unreachable: 'ERR_ISSUER_UNREACHABLE',
    tooLarge: 'ERR_ISSUER_DOCUMENT_TOO_LARGE',
    invalid: 'ERR_ISSUER_DOCUMENT_INVALID',
};
/**
 * Creates the cache (src/lib/jwks-cache.ts, serving stale keys while an issuer is down). The key
 * URL always comes from the configured issuer's discovery document, never from the token (a token
 * naming its own keys proves nothing).
 *
 * @example
 * const cache = createJwksCache({ timeoutMs: 5000 });
 * const jwks = await cache.keysFor(provider, header.kid);
 * await compactVerify(token, createLocalJWKSet(jwks), { algorithms: provider.algorithms });
 */
function createJwksCache(options = {}) {
    const http = options.http ?? _lib_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj;
    const now = options.now ?? Date.now;
    const timeoutMs = options.timeoutMs ?? 5_000;
    const maxBytes = options.maxBytes ?? 256 * 1024;
    const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
    const cache = (0,_lib_jwks_cache_js__WEBPACK_IMPORTED_MODULE_3__/* .createKeyCache */ .o)();
    const get = (url) => (0,_lib_fetch_json_js__WEBPACK_IMPORTED_MODULE_1__/* .fetchJsonObject */ .U)(url, { http, timeoutMs, maxBytes, codes: ISSUER_CODES });
    async function download(provider) {
        const base = provider.issuer.replace(/\/+$/, '');
        const discoveryUrl = `${base}/.well-known/openid-configuration`;
        const document = await get(discoveryUrl);
        // The document must name the issuer we asked about, or anyone able to serve that path
        // could vouch for keys of another issuer (OpenID Connect Discovery §4.3).
        if (document.issuer !== provider.issuer) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_ISSUER_MISMATCH', `${discoveryUrl} names issuer ${String(document.issuer)}, not ${provider.issuer}`);
        }
        const jwksUri = document.jwks_uri;
        if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_ISSUER_DOCUMENT_INVALID', `${discoveryUrl} has no valid jwks_uri`);
        }
        const protocol = new URL(jwksUri).protocol;
        if (protocol !== 'https:' && !(protocol === 'http:' && provider.allow_insecure)) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_ISSUER_INSECURE', `jwks_uri ${jwksUri} of ${provider.issuer} is not https`);
        }
        const jwks = await get(jwksUri);
        if (!Array.isArray(jwks.keys))
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_ISSUER_DOCUMENT_INVALID', `${jwksUri} has no keys array`);
        return {
            keys: jwks.keys.filter((key) => typeof key === 'object' && key !== null),
        };
    }
    // By issuer, as the key cache keys its entries.
    const logs = new Map();
    const logOf = (issuer) => {
        let log = logs.get(issuer);
        if (log === undefined) {
            log = { started: 0, settled: 0, ok: 0, attemptedAt: 0 };
            logs.set(issuer, log);
        }
        return log;
    };
    async function logged(provider) {
        const log = logOf(provider.issuer);
        const number = ++log.started;
        log.attemptedAt = now();
        try {
            const jwks = await download(provider);
            log.ok = number;
            log.okKeys = jwks;
            log.failure = undefined;
            return jwks;
        }
        catch (error) {
            log.failure = error.message;
            throw error;
        }
        finally {
            log.settled = number;
        }
    }
    // One source per provider config (a reload makes new ones), not one per exchange.
    const sources = new WeakMap();
    const sourceOf = (provider) => {
        let source = sources.get(provider);
        if (source === undefined) {
            source = {
                download: () => logged(provider),
                maxAgeMs,
                minRefetchIntervalMs,
                serveStale: true,
                // keysFor below tells "not fetched yet" (KidNotYetFetched, 503) from "does not exist" itself.
                unknownKid: 'keys',
                unavailable: () => new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_ISSUER_UNREACHABLE', `the signing keys of ${provider.issuer} could not be fetched; retrying shortly`),
                onFetch: (outcome) => options.onFetch?.(provider.issuer, outcome),
            };
            sources.set(provider, source);
        }
        return source;
    };
    /** Whole seconds until the interval lets the issuer be asked again: at least 1, at most the interval. */
    const nextFetchInSec = (log) => Math.min(Math.max(1, Math.ceil((log.attemptedAt + minRefetchIntervalMs - now()) / 1000)), Math.max(1, Math.ceil(minRefetchIntervalMs / 1000)));
    return {
        nextFetchInSec: (provider) => nextFetchInSec(logOf(provider.issuer)),
        async keysFor(provider, kid) {
            const log = logOf(provider.issuer);
            // A fetch under way when the token came counts as made for it (the cache waits for it).
            const fresh = log.started > log.settled ? log.started : log.started + 1;
            const jwks = await cache.keysFor(provider.issuer, kid, now(), sourceOf(provider));
            if (kid === undefined || jwks.keys.some((key) => key.kid === kid))
                return jwks;
            // Keys fetched for this token lack its kid: it does not exist (the caller answers 401).
            if (log.ok >= fresh && jwks === log.okKeys)
                return jwks;
            // Held back by the interval, or the issuer could not be asked: no fetch can say yet. A
            // flood of made-up kids still makes at most one fetch per interval (the key cache's rule).
            const waitMs = log.attemptedAt + minRefetchIntervalMs - now();
            throw new KidNotYetFetched(provider.issuer, nextFetchInSec(log), log.failure !== undefined && log.settled >= fresh
                ? `kid not in the keys of ${provider.issuer}, which could not be fetched again: ${log.failure}`
                : `kid not in the keys of ${provider.issuer} fetched ${Math.max(0, now() - log.attemptedAt)} ms ago; the next fetch is allowed in ${Math.max(0, waitMs)} ms`);
        },
    };
}


/***/ }),

/***/ 2955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yk: () => (/* binding */ startKeyAgreement),
/* harmony export */   zl: () => (/* binding */ instanceName)
/* harmony export */ });
/* unused harmony exports PUBLISH_EVERY_MS, PEER_STALE_MS, REFUSAL_FRESH_MS, RELOAD_ON_DISAGREEMENT_MS, keySetRecord, olderPeers, olderPeerWarning, disagreements */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _lib_version_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7471);
/**
 * One key set across instances (docs/many-brokers.md#one-key-set). Every instance publishes to
 * the store the kid it signs with, the kids its JWKS publishes and the kids its keys dir has
 * retired; when a live peer signs with a key an instance does not publish (a token minted at one
 * is refused at the other, and a revocation or introspection there is a silent no-op), the one
 * behind is not ready: the instance a rotation has not reached yet; when neither is a later state
 * of the other's keys dir (a split), the instances in the minority, or every instance split from
 * another when no key set has a strict majority of the live instances. A scheduled rotation does not trip it (a new key
 * is published ahead of signing); an emergency rotation (`stint keys rotate --now`) makes the
 * instances that do not have it yet not ready, and leaves those that do serving. On a PKCS#11
 * token, which every instance reads its keys from, an instance that disagrees with a peer re-reads
 * the token before it judges, so the one behind catches up at its next probe.
 */



/** How often an instance publishes its record; a record older than PEER_STALE_MS is ignored. */
const PUBLISH_EVERY_MS = 5_000;
const PEER_STALE_MS = 3 * PUBLISH_EVERY_MS;
/**
 * A verdict that refuses requests (KeyAgreement.refusal) is at most this old: an instance that
 * disagrees judges again, at most this often, before it refuses.
 */
const REFUSAL_FRESH_MS = 1_000;
/** A broker on a PKCS#11 token that disagrees with a peer re-reads the token at most this often. */
const RELOAD_ON_DISAGREEMENT_MS = 1_000;
/** The instance name: `STINT_INSTANCE`, else `host:pid` (a Kubernetes pod's host name is its name). */
function instanceName(env) {
    const named = env.STINT_INSTANCE?.trim();
    return named !== undefined && named !== '' ? named : `${(0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)()}:${process.pid}`;
}
/** This instance's record now. */
function keySetRecord(instance, keySet, nowMs) {
    let signing = '';
    try {
        signing = keySet.current().kid;
    }
    catch {
        // no signing key: readiness says so on its own
    }
    const jwks = keySet.jwks();
    const published = jwks.keys.map((k) => String(k.kid)).sort();
    const canonical = JSON.stringify([...jwks.keys]
        .sort((a, b) => String(a.kid).localeCompare(String(b.kid)))
        .map((k) => [k.kid, k.kty, k.crv, k.x, k.y, k.n, k.e]));
    const fingerprint = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonical).digest('hex').slice(0, 16);
    return { instance, signing, published, retired: keySet.retired(), fingerprint, atMs: nowMs, version: _lib_version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x };
}
/**
 * The live peers that run an older stint than `self`: their record names no version (brokers
 * from before the field), or a lower one. A version that is not `MAJOR.MINOR.PATCH[-PRE]` is not judged.
 */
function olderPeers(self, records, nowMs) {
    const own = versionParts(self.version ?? _lib_version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x);
    if (own === undefined)
        return [];
    return records.filter((peer) => {
        if (peer.instance === self.instance || nowMs - peer.atMs > PEER_STALE_MS)
            return false;
        if (peer.version === undefined)
            return true;
        const theirs = versionParts(peer.version);
        return theirs !== undefined && compareVersions(theirs, own) < 0;
    });
}
/** What `self` says of an older peer: which version, and what a broker that old may not do. */
function olderPeerWarning(self, peer) {
    const own = self.version ?? _lib_version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x;
    const which = peer.version === undefined
        ? `runs a stint older than this one (${own}): its instance record names no version`
        : `runs stint ${peer.version}, older than this one (${own})`;
    // Every build that names its version has the dataset marker: only one that names none may lack it.
    if (peer.version !== undefined)
        return `instance ${peer.instance} ${which}; upgrade it (docs/upgrading.md)`;
    return (`instance ${peer.instance} ${which}; a broker from before the Redis dataset marker does not check it: when Redis ` +
        'loses its data, that broker neither reports the loss nor refuses the ID tokens issued before it ' +
        '(docs/many-brokers.md#when-redis-loses-its-data); upgrade it');
}
function versionParts(version) {
    if (typeof version !== 'string')
        return undefined;
    const match = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
    if (match === null)
        return undefined;
    return [Number(match[1]), Number(match[2]), Number(match[3]), match[4]];
}
/** Semantic-version order, except that pre-releases of one version are not ordered among themselves. */
function compareVersions(a, b) {
    for (let i = 0; i < 3; i++)
        if (a[i] !== b[i])
            return a[i] - b[i];
    if (a[3] === undefined)
        return b[3] === undefined ? 0 : 1;
    return b[3] === undefined ? -1 : 0;
}
/**
 * How `a` stands with `b`: they agree (each publishes the key the other signs with), `a` is ahead
 * (it publishes or has retired the key `b` signs with, and `b` has never seen `a`'s: `b` serves an
 * older state of the same keys dir), `a` is behind (the other way round), or they are split
 * (neither knows the other's signing key: separate keys dirs, or copies that each rotated on
 * their own). `parts` says what disagrees, from `a`'s side.
 */
function relation(a, b) {
    const knows = (record, kid) => record.published.includes(kid) || (Array.isArray(record.retired) && record.retired.includes(kid));
    const theyLack = a.signing !== '' && !b.published.includes(a.signing);
    const weLack = b.signing !== '' && !a.published.includes(b.signing);
    if (!theyLack && !weLack)
        return { kind: 'agree', parts: [] };
    const parts = [];
    if (theyLack)
        parts.push(`it does not publish the key this instance signs with (${a.signing})`);
    if (weLack)
        parts.push(`it signs with ${b.signing}, which this instance does not publish`);
    const weKnowTheirs = b.signing === '' || knows(a, b.signing);
    const theyKnowOurs = a.signing === '' || knows(b, a.signing);
    if (weKnowTheirs && !theyKnowOurs)
        return { kind: 'ahead', parts };
    if (theyKnowOurs && !weKnowTheirs)
        return { kind: 'behind', parts };
    return { kind: 'split', parts };
}
/** `broker-a, broker-c`: instance names in order. */
function names(records) {
    return records
        .map((r) => r.instance)
        .sort()
        .join(', ');
}
/**
 * What stands between `self` and each live peer. Two instances disagree when one signs with a key
 * the other does not publish. Then, by the lineage each publishes (the kids its keys dir retired
 * or dropped): when `self` knows the peer's signing key (publishes it, or has retired it) and the
 * peer does not know `self`'s, the peer serves an older state of the same keys dir (a rotation has
 * not reached it yet) and only the peer is not ready; the other way round, `self` is behind. This
 * lineage rule comes first: the newer lineage is right however few serve it yet (an emergency
 * rotation reaches one instance before the others), so an instance behind is not ready whatever
 * the count, and one ahead is never outvoted by those behind it (they count on its side).
 *
 * When neither knows the other's key (a split), the count decides: the instances on `self`'s side
 * are those not split from it (itself, those that agree with it, and those ahead of or behind it
 * in its lineage). When they are a strict majority of the live instances, `self` serves on and
 * the split peers, the minority, are not ready; otherwise (1 vs 1, 2 vs 2, three key sets)
 * `self` is not ready, since no key set can be the one to trust, or another has the majority.
 */
function disagreements(self, records, nowMs) {
    const agreement = { problems: [], peersBehind: [] };
    const live = [
        self,
        ...records.filter((peer) => peer.instance !== self.instance && nowMs - peer.atMs <= PEER_STALE_MS),
    ];
    const split = [];
    for (const peer of live) {
        if (peer === self)
            continue;
        const { kind, parts } = relation(self, peer);
        const prints = `fingerprint ${peer.fingerprint}, here ${self.fingerprint}`;
        if (kind === 'ahead') {
            agreement.peersBehind.push(`instance ${peer.instance} serves an older key set (${prints}), one this instance's keys dir has rotated past: ${parts.join('; ')}; it is not ready until the rotated keys dir reaches it, and this instance serves on`);
        }
        else if (kind === 'behind') {
            agreement.problems.push(`instance ${peer.instance} serves a newer key set (${prints}), rotated past this instance's: ${parts.join('; ')}; this instance is not ready until the rotated keys dir reaches it (a Secret update waiting for the kubelet, a copy not made yet)`);
        }
        else if (kind === 'split') {
            split.push({ peer, parts });
        }
    }
    if (split.length === 0)
        return agreement;
    /** The live instances on `record`'s side: not split from it (itself included). */
    const side = (record) => live.filter((other) => other === record || relation(record, other).kind !== 'split');
    const majority = (members) => members.length * 2 > live.length;
    const ours = side(self);
    const outvoted = split.map(({ peer }) => peer);
    if (majority(ours)) {
        agreement.peersOutvoted = [];
        for (const { peer, parts } of split) {
            agreement.peersOutvoted.push(`instance ${peer.instance} serves another key set (fingerprint ${peer.fingerprint}, here ${self.fingerprint}): ${parts.join('; ')}; it is in the minority (${outvoted.length} of the ${live.length} live instances: ${names(outvoted)}) against this instance's key set, served by ${ours.length} of them (${names(ours)}): it is not ready, and this instance serves on`);
        }
        return agreement;
    }
    for (const { peer, parts } of split) {
        agreement.problems.push(`instance ${peer.instance} serves another key set (fingerprint ${peer.fingerprint}, here ${self.fingerprint}): ${parts.join('; ')}`);
    }
    // The largest side among the others that has a strict majority, if any.
    const theirs = live
        .filter((record) => record !== self)
        .map(side)
        .filter(majority)
        .sort((a, b) => b.length - a.length)[0];
    agreement.problems.push(theirs !== undefined
        ? `this instance is in the minority: ${theirs.length} of the ${live.length} live instances (${names(theirs)}) serve a key set this instance does not, and ${ours.length} (${names(ours)}) ${ours.length === 1 ? 'serves' : 'serve'} this instance's; they stay ready, and this instance is not ready until it serves theirs (check its keys.dir, and its store.prefix if it belongs to another deployment)`
        : `no key set is served by a strict majority of the ${live.length} live instances (this instance's by ${ours.length}: ${names(ours)}), so none can be the one to trust: every instance split from another is not ready until one key set has a majority or the odd ones stop (check each one's keys.dir, and store.prefix for deployments that must stay apart)`);
    return agreement;
}
/**
 * Two broker processes with one instance name (the same `STINT_INSTANCE`, or the same host name and
 * pid, as containers that all run node as PID 1 with one `--hostname`) write one record and each
 * skips the other as itself: a key-set split between them would go unseen. Every process writes a
 * random nonce with its record and reads the record under its name before it writes its own; a
 * nonce not its own there means another live process wrote it since, and both are not ready until
 * PEER_STALE_MS after the last sighting. The first read is not judged: the record there may be a
 * stopped predecessor's (a restarted container), which never writes again.
 */
function duplicateProblem(instance, seenAtMs) {
    return `another broker process publishes under this instance's name ${instance} (last seen ${new Date(seenAtMs).toISOString()}): instance names must be unique among the brokers sharing a store, or a key-set split between them goes unseen; give each its own STINT_INSTANCE (or host name), and this instance is not ready until the other stops or is renamed`;
}
/**
 * Publishes now and every PUBLISH_EVERY_MS (errors are left to readiness, which sees the store
 * fail on its own).
 *
 * @example
 * const agreement = startKeyAgreement({ instance: instanceName(env), store, keySet, now: Date.now });
 * const { problems, peersBehind } = await agreement.check();
 */
function startKeyAgreement(options) {
    const { instance, store, keySet, now } = options;
    const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(12).toString('base64url');
    let published = false;
    /** When a record under this name with another nonce was last seen (duplicateProblem). */
    let duplicateSeenAtMs;
    /** Reads the records, notes a duplicate of this name, then writes this instance's record. */
    const publish = async () => {
        const records = await store.listInstances();
        const mine = records.find((r) => r.instance === instance);
        if (published && mine !== undefined && mine.nonce !== nonce)
            duplicateSeenAtMs = now();
        const self = { ...keySetRecord(instance, keySet, now()), nonce };
        await store.publishInstance(self);
        published = true;
        return { self, records: [...records.filter((r) => r.instance !== instance), self] };
    };
    let told = new Set();
    /** Older peers already warned of, by instance and version: said once per process. */
    const toldOlder = new Set();
    /** The last judgement (judge()), which refusal() answers from. */
    let verdict;
    let judging;
    let lastReloadMs = Number.NEGATIVE_INFINITY;
    let reloading;
    /**
     * Re-reads a PKCS#11 token (at most once a RELOAD_ON_DISAGREEMENT_MS; concurrent probes share one
     * read). A failed read keeps the keys as they were: current() says what is wrong with the token.
     */
    const reloadToken = () => {
        if (reloading === undefined && now() - lastReloadMs >= RELOAD_ON_DISAGREEMENT_MS) {
            lastReloadMs = now();
            reloading = keySet
                .reload()
                .catch(() => undefined)
                .finally(() => {
                reloading = undefined;
            });
        }
        return reloading ?? Promise.resolve();
    };
    /**
     * Publishes, reads the peers' records and judges how this instance stands with them (concurrent
     * callers share one judgement), keeping the verdict for refusal().
     */
    function judge() {
        judging ??= (async () => {
            let { self, records } = await publish();
            let agreement = disagreements(self, records, now());
            // Every broker on a PKCS#11 token reads its keys from that one token, which is the truth:
            // a disagreement means this instance or a peer has not re-read it since a rotation
            // (`stint keys rotate --now`). Re-read it before judging, so the one behind catches up at
            // this probe instead of waiting for its periodic re-read.
            if (agreement.problems.length > 0 && keySet.token !== undefined) {
                await reloadToken();
                ({ self, records } = await publish());
                agreement = disagreements(self, records, now());
            }
            if (duplicateSeenAtMs !== undefined && now() - duplicateSeenAtMs <= PEER_STALE_MS) {
                agreement.problems.unshift(duplicateProblem(instance, duplicateSeenAtMs));
            }
            verdict = { problems: agreement.problems, atMs: performance.now() };
            return { self, records, agreement };
        })().finally(() => {
            judging = undefined;
        });
        return judging;
    }
    // Judged now and every PUBLISH_EVERY_MS, so refusal() knows without waiting for a probe.
    void judge().catch(() => undefined);
    const timer = setInterval(() => void judge().catch(() => undefined), PUBLISH_EVERY_MS);
    timer.unref();
    return {
        instance,
        async refusal() {
            if (verdict === undefined || verdict.problems.length === 0)
                return undefined;
            if (performance.now() - verdict.atMs > REFUSAL_FRESH_MS) {
                try {
                    await judge();
                }
                catch {
                    return undefined;
                }
            }
            return verdict.problems.length === 0 ? undefined : verdict.problems;
        },
        async check() {
            const { self, records, agreement } = await judge();
            // A peer behind or outvoted is said once while it lasts, not at every probe of this ready instance.
            const fresh = agreement.peersBehind.filter((line) => !told.has(line));
            const outvoted = (agreement.peersOutvoted ?? []).filter((line) => !told.has(line));
            told = new Set([...agreement.peersBehind, ...(agreement.peersOutvoted ?? [])]);
            // An older peer (a rolling upgrade under way, or one left behind), once per instance and version.
            const peersOlder = [];
            for (const peer of olderPeers(self, records, now())) {
                const key = `${peer.instance}\u0000${peer.version ?? ''}`;
                if (toldOlder.has(key))
                    continue;
                toldOlder.add(key);
                peersOlder.push(olderPeerWarning(self, peer));
            }
            return { ...agreement, peersBehind: fresh, peersOutvoted: outvoted, peersOlder };
        },
        async close() {
            clearInterval(timer);
            await store.removeInstance(instance).catch(() => undefined);
        },
    };
}


/***/ }),

/***/ 8196:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ createMetrics)
/* harmony export */ });
/* unused harmony export INTROSPECTION_DENIALS */
/* harmony import */ var _lib_version_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7471);

/** Why an introspection's API key was refused: the reason label of stint_introspection_denied_total. */
const INTROSPECTION_DENIALS = [
    'no_credentials',
    'malformed',
    'unknown_id',
    'wrong_secret',
    'revoked',
    'expired',
    'project_removed',
];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
function createMetrics() {
    const exchanges = new Map();
    const jwksFetches = new Map();
    const requests = new Map();
    const latency = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    let storeErrors = 0;
    let storeDataLost = 0;
    /** When this process last found a loss (0: it has found none). */
    let storeDataLostAtMs = 0;
    const reloads = new Map([
        [labels({ outcome: 'success' }), 0],
        [labels({ outcome: 'failure' }), 0],
    ]);
    let lastReloadFailed = 0;
    let keysReloadFailures = 0;
    let keysUnreadable = 0;
    const connectionsRefused = new Map([
        [labels({ reason: 'per_address' }), 0],
        [labels({ reason: 'open_files' }), 0],
    ]);
    const introspectionsDenied = new Map(INTROSPECTION_DENIALS.map((reason) => [labels({ reason }), 0]));
    let inFlight = 0;
    let lifetimes;
    /** Unset until the first readiness check has ended. */
    let ready;
    let storeUp;
    const bump = (map, key) => {
        map.set(key, (map.get(key) ?? 0) + 1);
    };
    // Label sets seen before, by their parts: every request and exchange counts under one, and
    // building and escaping it anew each time was most of what counting cost.
    const exchangeLabels = new Map();
    const requestLabels = new Map();
    const cachedLabels = (cache, a, b, values) => {
        const key = `${a}\u0000${b}`;
        let text = cache.get(key);
        if (text === undefined) {
            text = labels(values());
            // Bounded: route names come from the route table, codes from the catalogue; this is a guard.
            if (cache.size < 10_000)
                cache.set(key, text);
        }
        return text;
    };
    return {
        exchange(outcome, reason, seconds) {
            bump(exchanges, cachedLabels(exchangeLabels, outcome, reason, () => ({ outcome, reason })));
            for (let i = 0; i < BUCKETS.length; i++)
                if (seconds <= BUCKETS[i])
                    latency.buckets[i]++;
            latency.sum += seconds;
            latency.count++;
        },
        jwksFetch(issuer, outcome) {
            bump(jwksFetches, labels({ issuer, outcome }));
        },
        storeError() {
            storeErrors++;
        },
        storeDataLost() {
            storeDataLost++;
            storeDataLostAtMs = Date.now();
        },
        request(route, status) {
            bump(requests, cachedLabels(requestLabels, route, String(status), () => ({ route, status: String(status) })));
        },
        inFlight(delta) {
            inFlight += delta;
        },
        signingKeysReload(failed) {
            if (failed)
                keysReloadFailures++;
            keysUnreadable = failed ? 1 : 0;
        },
        configReload(outcome) {
            bump(reloads, labels({ outcome }));
            lastReloadFailed = outcome === 'failure' ? 1 : 0;
        },
        introspectionDenied(reason) {
            bump(introspectionsDenied, labels({ reason }));
        },
        connectionRefused(reason) {
            bump(connectionsRefused, labels({ reason }));
        },
        readiness(isReady, isStoreUp) {
            ready = isReady ? 1 : 0;
            if (isStoreUp !== undefined)
                storeUp = isStoreUp ? 1 : 0;
        },
        lifetimes(latest) {
            lifetimes = { ...latest, apiKeys: latest.apiKeys ?? lifetimes?.apiKeys };
        },
        render() {
            // Which version each broker of a fleet runs: `count by (version) (stint_build_info)`.
            const lines = [
                '# HELP stint_build_info The stint version this broker runs (always 1).',
                '# TYPE stint_build_info gauge',
                `stint_build_info${labels({ version: _lib_version_js__WEBPACK_IMPORTED_MODULE_0__/* .VERSION */ .x })} 1`,
            ];
            const counter = (name, help, values) => {
                lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
                for (const [key, value] of values)
                    lines.push(`${name}${key} ${value}`);
            };
            counter('stint_exchanges_total', 'Token exchanges by outcome and reason code.', exchanges);
            lines.push('# HELP stint_exchange_duration_seconds Time to answer a token exchange.', '# TYPE stint_exchange_duration_seconds histogram');
            for (const [i, bound] of BUCKETS.entries()) {
                lines.push(`stint_exchange_duration_seconds_bucket{le="${bound}"} ${latency.buckets[i]}`);
            }
            lines.push(`stint_exchange_duration_seconds_bucket{le="+Inf"} ${latency.count}`);
            lines.push(`stint_exchange_duration_seconds_sum ${latency.sum}`, `stint_exchange_duration_seconds_count ${latency.count}`);
            counter('stint_jwks_fetches_total', 'Discovery + JWKS fetches from CI issuers by outcome.', jwksFetches);
            lines.push('# HELP stint_store_errors_total Store operations that failed: a request answered 503, or a readiness check (/readyz, or the broker itself every 15 s).', '# TYPE stint_store_errors_total counter');
            lines.push(`stint_store_errors_total ${storeErrors}`);
            lines.push('# HELP stint_store_data_lost_total Times this broker found its store had lost the data it wrote: its Redis (replay records, revocations, API keys), or, at start, its state directory (a journal gone).', '# TYPE stint_store_data_lost_total counter', `stint_store_data_lost_total ${storeDataLost}`, 
            // The counter of a process that found a loss at start stays 1, so a restarted broker that
            // finds another loss shows 1 again and increase() sees nothing: the time tells them apart.
            '# HELP stint_store_data_lost_timestamp_seconds When this broker process last found its store had lost its data (Unix time; 0 if it has found no loss).', '# TYPE stint_store_data_lost_timestamp_seconds gauge', `stint_store_data_lost_timestamp_seconds ${storeDataLostAtMs / 1000}`);
            counter('stint_http_requests_total', 'HTTP requests by route and status.', requests);
            lines.push('# HELP stint_http_requests_in_flight Requests being served now (this one included).', '# TYPE stint_http_requests_in_flight gauge', `stint_http_requests_in_flight ${inFlight}`);
            counter('stint_config_reloads_total', 'SIGHUP config reloads by outcome.', reloads);
            lines.push('# HELP stint_config_last_reload_failed 1 when the last reload was refused (the previous config still serves).', '# TYPE stint_config_last_reload_failed gauge', `stint_config_last_reload_failed ${lastReloadFailed}`);
            lines.push('# HELP stint_signing_keys_reload_failures_total Re-reads of the keys dir that failed (its files changed and this broker cannot read them).', '# TYPE stint_signing_keys_reload_failures_total counter', `stint_signing_keys_reload_failures_total ${keysReloadFailures}`, '# HELP stint_signing_keys_unreadable 1 while the last re-read of the keys dir failed: the broker signs nothing and is not ready until one succeeds.', '# TYPE stint_signing_keys_unreadable gauge', `stint_signing_keys_unreadable ${keysUnreadable}`);
            counter('stint_introspection_denied_total', 'Introspections refused (401) for the API key they presented, by reason: no_credentials, malformed, unknown_id, wrong_secret, revoked, expired (a key past its expiry, presented with its right secret: a resource server still uses it), project_removed (its project left the config).', introspectionsDenied);
            counter('stint_connections_refused_total', 'Connections closed unread as soon as accepted: reason="per_address" (one address held rate_limit.connections_per_address), reason="open_files" (the broker held as many as its open-file limit allows).', connectionsRefused);
            if (ready !== undefined) {
                lines.push('# HELP stint_ready 1 when the last readiness check (the one /readyz runs, also run every 15 s) passed.', '# TYPE stint_ready gauge', `stint_ready ${ready}`);
            }
            if (storeUp !== undefined) {
                lines.push("# HELP stint_store_up 1 when the store took the last readiness check's write.", '# TYPE stint_store_up gauge', `stint_store_up ${storeUp}`);
            }
            if (lifetimes !== undefined)
                renderLifetimes(lines, lifetimes);
            return `${lines.join('\n')}\n`;
        },
    };
}
function renderLifetimes(lines, latest) {
    const gauge = (name, help, samples) => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
        for (const [key, value] of samples)
            lines.push(`${name}${key} ${value}`);
    };
    const seconds = (ms) => Math.floor(ms / 1000);
    if (latest.apiKeys !== undefined) {
        gauge('stint_apikey_expiry_timestamp_seconds', 'When each active project API key expires (keys that never expire are not listed).', latest.apiKeys.keys.map((k) => [labels({ id: k.id, project: k.project }), seconds(k.expiresAtMs)]));
        gauge('stint_apikeys_expiring', 'Active project API keys that expire within 14 days, per project.', [...latest.apiKeys.expiringByProject].map(([project, count]) => [labels({ project }), count]));
    }
    gauge('stint_certificate_expiry_timestamp_seconds', 'When the broker serving certificate (certificate="serving") and the mTLS CA (certificate="mtls_ca") expire.', latest.certificates.map((c) => [labels({ certificate: c.certificate }), seconds(c.notAfterMs)]));
    gauge('stint_signing_key_rotation_due', '1 when the signing key has signed for keys.rotate_every or longer and no successor is published.', [['', latest.rotationDue ? 1 : 0]]);
}
/** `{a="x",b="y"}` with label values escaped as the exposition format requires. */
function labels(values) {
    const escapeValue = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    return `{${Object.entries(values)
        .map(([k, v]) => `${k}="${escapeValue(v)}"`)
        .join(',')}}`;
}


/***/ }),

/***/ 577:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WV: () => (/* binding */ readinessInDoubt),
/* harmony export */   sh: () => (/* binding */ sharedReadiness),
/* harmony export */   uY: () => (/* binding */ watchReadiness)
/* harmony export */ });
/* unused harmony exports READINESS_CHECK_MS, checkReadiness, READINESS_REUSE_MS */
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _store_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7940);
/* harmony import */ var _tokens_keyset_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(33);
/**
 * Readiness (docs/broker.md#metrics-and-health): a key signs, the store takes a write, the audit
 * log takes writes, and no live
 * peer on the store serves a key set this instance is behind or split from. `/readyz` runs it per
 * request; the readiness watch runs it every READINESS_CHECK_MS as well, so the `stint_ready` and
 * `stint_store_up` gauges show a store outage while no request comes (nothing may call `/readyz`
 * behind systemd + nginx or Docker, and CI jobs meet the outage only when they exchange).
 */



/** How often the watch checks (the gauges are at most this old, plus one check). */
const READINESS_CHECK_MS = 15_000;
/** Runs every readiness check once and sets the gauges. Never throws. */
async function checkReadiness(ctx) {
    const result = await readiness(ctx);
    ctx.metrics.readiness(result.ready, result.storeUp);
    return result;
}
/** How long a readiness result is reused by `/readyz` and the watch (sharedReadiness). */
const READINESS_REUSE_MS = 1000;
/** Per broker, by its store (each request has a context of its own: src/broker/request-scope.ts). */
const sharedByStore = new WeakMap();
/**
 * Readiness as `GET /readyz` and the readiness watch ask for it: callers at the same time share one
 * check, and a ready result younger than READINESS_REUSE_MS is reused. `/readyz` is public and
 * each check writes to the store (a journal line and its fdatasync, or a Redis write), so a caller
 * polling it in a loop made one write per request; now at most one a second. A failure a request
 * meets in the meantime (readinessInDoubt) drops a reused result, so the next check is fresh:
 * a store that goes away is 503 at once when a request has met it, else within a second.
 * `fresh` is true for the one caller whose call ran the check.
 *
 * @example
 * const { result, fresh } = await sharedReadiness(ctx);
 * if (!result.ready) sendJson(res, 503, { status: 'unavailable', reason: result.reason });
 */
async function sharedReadiness(ctx) {
    let shared = sharedByStore.get(ctx.store);
    if (shared === undefined) {
        shared = { doubts: 0 };
        sharedByStore.set(ctx.store, shared);
    }
    const { last, running } = shared;
    if (running !== undefined)
        return { result: await running, fresh: false };
    if (last !== undefined && performance.now() - last.atMs < READINESS_REUSE_MS)
        return { result: last.result, fresh: false };
    const state = shared;
    const doubts = state.doubts;
    const check = checkReadiness(ctx)
        .then((result) => {
        // Counted by the check that ran, whoever asked (a /readyz, or the watch every 15 s while no
        // request comes): stint_store_errors_total keeps rising while the store is down.
        if (result.storeFailed)
            ctx.metrics.storeError();
        // Only a ready result is reused: a broker taken out of rotation comes back at the first check
        // after its fault clears, and a failing check writes nothing (the store or log refuses it).
        // Not kept when a request met a failure while it ran; timed from its end.
        state.last = result.ready && state.doubts === doubts ? { result, atMs: performance.now() } : undefined;
        return result;
    })
        .finally(() => {
        if (state.running === check)
            state.running = undefined;
    });
    state.running = check;
    const result = await check;
    return { result, fresh: true };
}
/**
 * A request met one of readiness's dependencies failing (the store, the audit log, the signing
 * keys): the next `/readyz` checks afresh rather than reuse a result from before.
 */
function readinessInDoubt(ctx) {
    const shared = sharedByStore.get(ctx.store);
    if (shared === undefined)
        return;
    shared.last = undefined;
    shared.doubts++;
}
/** Why no key signs now, or undefined when one does. */
function signingKeyProblem(ctx) {
    try {
        ctx.keySet.current();
        return undefined;
    }
    catch (error) {
        return error;
    }
}
async function readiness(ctx) {
    let problem = signingKeyProblem(ctx);
    if ((0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isStintError */ .Hu)(problem, 'ERR_KEYS_NO_CURRENT') && ctx.keySet.token !== undefined) {
        // Another broker on the token may have rotated since this one last read it (destroying the
        // private half it still lists): re-read the token before saying no key signs.
        await ctx.keySet.reload().catch(() => undefined);
        problem = signingKeyProblem(ctx);
    }
    if (problem instanceof _tokens_keyset_js__WEBPACK_IMPORTED_MODULE_2__/* .KeysUnreadableError */ .Uh) {
        // The keys dir changed and could not be read: try again now, so a fixed dir is ready at this probe.
        await ctx.keySet.reload().catch(() => undefined);
        problem = signingKeyProblem(ctx);
    }
    if (problem instanceof _tokens_keyset_js__WEBPACK_IMPORTED_MODULE_2__/* .KeysUnreadableError */ .Uh) {
        return {
            ready: false,
            storeUp: undefined,
            // The file by its name in the keys dir, the errno and the user; the dir's path goes to the log only.
            reason: `the broker cannot re-read its signing keys since they changed (${problem.file === undefined ? '' : `${problem.file}: `}${problem.reason}, as ${problem.user}); it signs nothing until it can`,
            errors: [`signing keys unreadable: ${problem.message}`],
            warnings: [],
            storeFailed: false,
        };
    }
    if (problem !== undefined) {
        const unreachable = (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isStintError */ .Hu)(problem, 'ERR_PKCS11_SESSION');
        return {
            ready: false,
            storeUp: undefined,
            // The token's name and return codes go to the broker's own log only.
            reason: unreachable ? 'the broker cannot reach its PKCS#11 token' : 'the broker has no signing key',
            errors: [`${unreachable ? 'PKCS#11 token unreachable' : 'no signing key'}: ${problem.message}`],
            warnings: [],
            storeFailed: false,
        };
    }
    try {
        await ctx.store.checkWrite();
    }
    catch (error) {
        return storeDown(error);
    }
    try {
        // The embedded store's API key file (damaged, or written by a newer stint): introspection would refuse every resource server.
        await ctx.store.checkApiKeys?.();
    }
    catch (error) {
        const code = (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isStintError */ .Hu)(error) ? ` (${error.code})` : '';
        return {
            ready: false,
            storeUp: true,
            // The file's path goes to the broker's own log only.
            reason: `the broker cannot read its project API keys${code}`,
            errors: [`API keys unreadable: ${error instanceof Error ? error.message : String(error)}`],
            warnings: [],
            storeFailed: false,
        };
    }
    // After a failed audit write this tries the log again, so a broker taken out of rotation comes
    // back by itself once its disk has room (the watch below asks even when no request comes).
    const audit = await ctx.audit.check();
    if (audit !== undefined) {
        // The errno says what kind of fault; the file's name goes to the broker's own log only.
        const errno = audit.cause?.code;
        return {
            ready: false,
            storeUp: true,
            reason: `the broker cannot write its audit log${typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? ` (${errno})` : ''}`,
            errors: [audit.message],
            warnings: [],
            storeFailed: false,
        };
    }
    try {
        const { problems, peersBehind, peersOutvoted, peersOlder } = (await ctx.keyAgreement?.check()) ?? {
            problems: [],
            peersBehind: [],
        };
        const warnings = [
            ...peersBehind.map((behind) => `key set: ${behind}`),
            ...(peersOutvoted ?? []).map((outvoted) => `key set: ${outvoted}`),
            ...(peersOlder ?? []).map((older) => `version: ${older}`),
        ];
        if (problems.length > 0) {
            return {
                ready: false,
                storeUp: true,
                reason: 'the broker does not serve the same signing keys as its peers',
                errors: problems.map((problem) => `key set: ${problem}`),
                warnings,
                storeFailed: false,
            };
        }
        return { ready: true, storeUp: true, errors: [], warnings, storeFailed: false };
    }
    catch (error) {
        // The key agreement reads and writes the store too.
        return storeDown(error);
    }
}
function storeDown(error) {
    return {
        ready: false,
        storeUp: false,
        // The embedded store's unreadable state directory: the errno says what kind of fault (a
        // permission, a failing disk); the directory's name goes to the broker's own log only.
        reason: error instanceof _store_types_js__WEBPACK_IMPORTED_MODULE_1__/* .StateDirUnreadableError */ .sH && /^E[A-Z]+$/.test(error.errno)
            ? `the broker cannot read its state directory (${error.errno})`
            : 'the broker cannot write to its store',
        errors: [`store unavailable: ${error instanceof Error ? error.message : String(error)}`],
        warnings: [],
        storeFailed: true,
    };
}
/**
 * Checks readiness (sharedReadiness, as `/readyz` does) once `after` settles (the start-up checks, which probe the store themselves:
 * two probes at once on one Redis connection would time each other out), then every
 * READINESS_CHECK_MS (skipping a turn while a check is still running; the timer does not hold the
 * process). It logs when readiness changes, not at each check: the first result is left to the
 * start-up checks, which say it already.
 *
 * @example
 * const watch = watchReadiness(broker.context, log, { after: storeReached });
 * // on drain, before closing the store: await watch.stop();
 */
function watchReadiness(ctx, log, options = {}) {
    let running;
    let last;
    let stopped = false;
    const check = () => {
        if (running !== undefined || stopped)
            return;
        running = sharedReadiness(ctx)
            .then(({ result, fresh }) => {
            // Said by whoever ran the check (a `/readyz` may have run it, and logged them).
            if (fresh)
                for (const warning of result.warnings)
                    log.warn(`readiness check: ${warning}`);
            if (last !== undefined && result.ready !== last) {
                if (result.ready)
                    log.info('readiness check: ready again');
                else
                    log.error(`readiness check: not ready: ${result.errors.join('; ')}`);
            }
            last = result.ready;
        })
            .finally(() => {
            running = undefined;
        });
    };
    let timer;
    const settled = () => {
        if (stopped)
            return;
        check();
        timer = setInterval(check, options.intervalMs ?? READINESS_CHECK_MS);
        timer.unref();
    };
    void Promise.resolve(options.after).then(settled, settled);
    return {
        async stop() {
            stopped = true;
            clearInterval(timer);
            await running;
        },
    };
}


/***/ }),

/***/ 2639:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KB: () => (/* binding */ createRequestHandler),
  Xt: () => (/* binding */ cutOffByDrain),
  fB: () => (/* binding */ issuerPath),
  XM: () => (/* binding */ pathOf),
  Lu: () => (/* binding */ routeOf)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/tokens/api-keys.ts
var api_keys = __webpack_require__(5647);
// EXTERNAL MODULE: ./src/broker/access-line.ts
var access_line = __webpack_require__(5566);
// EXTERNAL MODULE: ./src/broker/audit-append.ts
var audit_append = __webpack_require__(7411);
// EXTERNAL MODULE: ./src/broker/client-address.ts
var client_address = __webpack_require__(8447);
;// CONCATENATED MODULE: ./src/broker/discovery.ts
/**
 * The broker's discovery document (RFC 8414 / OpenID Connect Discovery fields), so any standard
 * library can find the JWKS that verifies minted tokens and the OAuth endpoints. Only what is
 * true: no `authorization_endpoint` (no grant uses one, RFC 8414 §2), `response_types_supported`
 * empty, and none of the ID-token fields an OpenID Provider's document has, since the broker
 * issues none; validators that insist on them refuse it (docs/broker.md#what-the-discovery-document-is-for-and-who-refuses-it).
 * `algorithms` are those of every published key (current, next and in grace), so a verifier
 * that filters on them keeps accepting tokens signed before `keys.algorithm` was changed.
 * The document is public: it names nothing of the policy beyond the scopes (not the trusted CI
 * providers, whose issuers may be internal hosts or organization IDs).
 */
function discoveryDocument(config, algorithms) {
    const base = config.issuer.replace(/\/+$/, '');
    const scopes = [...new Set(Object.values(config.projects).flatMap((project) => project.scopes))];
    return {
        issuer: config.issuer,
        jwks_uri: `${base}/.well-known/jwks.json`,
        token_endpoint: `${base}/oauth2/token`,
        revocation_endpoint: `${base}/oauth2/revoke`,
        introspection_endpoint: `${base}/oauth2/introspect`,
        exchange_endpoint: `${base}/auth/oidc/exchange`,
        mtls_ca_endpoint: `${base}/mtls/ca.pem`,
        mtls_certificate_endpoint: `${base}/mtls/certificates`,
        grant_types_supported: ['urn:ietf:params:oauth:grant-type:token-exchange'],
        subject_token_types_supported: [
            'urn:ietf:params:oauth:token-type:id_token',
            'urn:ietf:params:oauth:token-type:jwt',
        ],
        token_endpoint_auth_methods_supported: ['none'],
        revocation_endpoint_auth_methods_supported: ['none'],
        introspection_endpoint_auth_methods_supported: ['bearer'],
        response_types_supported: [],
        scopes_supported: scopes,
        access_token_signing_alg_values_supported: algorithms,
    };
}

// EXTERNAL MODULE: ./src/lib/clock-skew.ts
var clock_skew = __webpack_require__(9280);
// EXTERNAL MODULE: ./src/lib/fingerprint.ts
var fingerprint = __webpack_require__(1371);
// EXTERNAL MODULE: ./src/policy/index.ts + 9 modules
var policy = __webpack_require__(7855);
// EXTERNAL MODULE: ./src/store/types.ts
var types = __webpack_require__(7940);
// EXTERNAL MODULE: ./src/lib/clock.ts
var clock = __webpack_require__(4517);
// EXTERNAL MODULE: ./src/tokens/signer.ts
var signer = __webpack_require__(3558);
;// CONCATENATED MODULE: ./src/tokens/mint.ts




/** The `ci` claim: who the job is, copied from its normalised CI identity. */
const CI_CLAIM_FIELDS = [
    'provider',
    'repository',
    'repository_id',
    'owner_id',
    'ref',
    'sha',
    'workflow_ref',
    'run_id',
    'run_attempt',
    'environment',
    'actor',
    'event',
];
/** Random bytes for jtis, drawn from the CSPRNG a page at a time (one draw per token cost more than the rest of its claims). */
const JTI_BYTES = 16;
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
/** 128 random bits, base64url: each jti uses its own bytes of the pool, never reused. */
function randomJti() {
    if (poolOffset + JTI_BYTES > pool.length) {
        (0,external_node_crypto_.randomFillSync)(pool);
        poolOffset = 0;
    }
    const jti = pool.toString('base64url', poolOffset, poolOffset + JTI_BYTES);
    poolOffset += JTI_BYTES;
    return jti;
}
/** The header of every access token (RFC 9068), besides the signer's `alg` and `kid`; frozen, so its encoding is reused. */
const ACCESS_TOKEN_HEADER = Object.freeze({ typ: 'at+jwt' });
/** Longest lifetime any stint token may have, whatever the config says (docs/policy.md#the-config-file). */
const MAX_TTL_SEC = 86_400;
/**
 * Mints an RFC 9068 JWT access token signed by the key set's current key (its Signer: a file key
 * or a key in a PKCS#11 token).
 * Header `{alg, typ: 'at+jwt', kid}`; claims iss, sub, aud, client_id, iat, nbf, exp, jti,
 * scope (space-separated), project, ci.
 *
 * @example
 * const { token, jti, exp } = await mintAccessToken(keys, {
 *   issuer: 'https://stint.example.com', audience: 'stint:warehouse', subject: 'repo:acme/warehouse:ref:refs/heads/main',
 *   clientId: 'github:acme/warehouse', scope: ['read'], project: 'warehouse', ci: { provider: 'github' }, ttlSec: 900,
 * });
 */
async function mintAccessToken(keySet, request) {
    if (!Number.isInteger(request.ttlSec) || request.ttlSec <= 0 || request.ttlSec > MAX_TTL_SEC) {
        throw new errors/* StintError */.Fp('ERR_TOKEN_TTL', `token lifetime must be a whole number of seconds between 1 and ${MAX_TTL_SEC}, got ${request.ttlSec}`);
    }
    const iat = Math.floor((0,clock/* nowMs */.T)(request.now) / 1000);
    const exp = iat + request.ttlSec;
    // 128 random bits: unguessable, and unique without coordination between broker instances.
    const jti = randomJti();
    const ci = {};
    for (const field of CI_CLAIM_FIELDS) {
        const value = request.ci[field];
        if (value !== undefined)
            ci[field] = value;
    }
    const claims = {
        iss: request.issuer,
        sub: request.subject,
        aud: request.audience,
        iat,
        nbf: iat,
        exp,
        jti,
        client_id: request.clientId,
        scope: request.scope.join(' '),
        project: request.project,
        ci,
    };
    let key = keySet.current();
    let token;
    try {
        token = await (0,signer/* signCompactJws */.Vl)(key, ACCESS_TOKEN_HEADER, claims);
    }
    catch (error) {
        // The key may have left the token under us (an emergency rotation by another process): once
        // the key set has moved on, sign again with the key that signs now.
        await keySet.reload();
        if (keySet.current().kid === key.kid)
            throw error;
        key = keySet.current();
        token = await (0,signer/* signCompactJws */.Vl)(key, ACCESS_TOKEN_HEADER, claims);
    }
    return { token, jti, iat, exp };
}

// EXTERNAL MODULE: ./src/broker/http.ts
var http = __webpack_require__(2425);
// EXTERNAL MODULE: ./src/broker/id-token.ts
var id_token = __webpack_require__(5892);
// EXTERNAL MODULE: ./src/broker/jwks-cache.ts
var jwks_cache = __webpack_require__(359);
// EXTERNAL MODULE: ./src/audit/encode.ts
var encode = __webpack_require__(3461);
;// CONCATENATED MODULE: ./src/broker/request-scope.ts

const SCOPE = Symbol('stint.request');
/**
 * The context a request is handled with: the broker's own (store, key set… read through it) with
 * the config and policy serving now pinned for the whole request, plus the request's scope, and an
 * audit log that stamps every event it appends with the client's address (a new route cannot
 * forget it). A reload while the request awaits something swaps the broker's config and policy,
 * not this request's: it is decided by one config from start to end, never by the old one's
 * issuer and the new one's rules.
 *
 * The scope travels with the context the handlers already pass down, not in an AsyncLocalStorage:
 * on Node 20 one of those puts a hook on every promise of the process, which cost the broker
 * about a tenth of its CPU per exchange. The request's context is not the broker's: state kept
 * per broker is keyed by something the two share (the store, the key set), never by the context.
 */
function scopedContext(ctx, request) {
    const scoped = Object.create(ctx);
    scoped.config = ctx.config;
    scoped.policy = ctx.policy;
    scoped.audit = stampClientAddress(ctx.audit, request.clientAddress);
    scoped[SCOPE] = request;
    return scoped;
}
/**
 * The broker's own context behind a request's (scopedContext): for state kept per broker that one
 * request only happens to open (the mTLS CA), whose later events must not carry that request's client address.
 */
function brokerContextOf(ctx) {
    return Object.hasOwn(ctx, SCOPE) ? Object.getPrototypeOf(ctx) : ctx;
}
/** The request a context serves (scopedContext), or undefined outside one (start-up, key rotation, a reload). */
function requestOf(ctx) {
    return ctx[SCOPE];
}
/**
 * The audit log of one request: each event it appends carries the client's address
 * (`client_address`), unless the event names one itself.
 */
function stampClientAddress(audit, clientAddress) {
    return {
        file: audit.file,
        append: (event, options) => event.client_address === undefined || event.client_address === null
            ? audit.append(event, (0,encode/* withExtraField */.rE)(options, 'client_address', clientAddress, true))
            : audit.append(event, options),
        check: () => audit.check(),
        close: () => audit.close(),
    };
}

;// CONCATENATED MODULE: ./src/broker/rate-limit.ts



/**
 * Takes one token from the store's bucket, or refuses with 429 `temporarily_unavailable` and `Retry-After`
 * (at least 1 s). `refusal` says what ran out, given the seconds to wait.
 *
 * @example
 * await takeOrRefuse(ctx, `rate:github:${owner}`, { rps: 1, burst: 10 }, (s) => `too many exchanges; retry after ${s} s`);
 */
async function takeOrRefuse(ctx, bucket, limit, refusal) {
    const { allowed, retryAfterMs } = await ctx.store.takeToken(bucket, limit, ctx.now());
    if (allowed)
        return;
    throw rateLimited(retryAfterMs, refusal);
}
/** The 429 for a bucket that is empty for `retryAfterMs` more. */
function rateLimited(retryAfterMs, refusal) {
    const retryAfterSec = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new http/* BrokerError */.Wz(429, 'temporarily_unavailable', 'ERR_RATE_LIMITED', refusal(retryAfterSec), { retryAfterSec });
}
/**
 * The per-address limit (`rate_limit.per_address`, docs/broker.md#client-addresses-and-proxies).
 * An exchange takes its address token in the same store operation as its replay record
 * (Store.admit), so a granted exchange costs one round trip; every other limited route, and an
 * exchange refused before it reaches the store, takes it in a call of its own. An address whose
 * bucket the store reported empty is refused here, before any work and without asking the store,
 * until the bucket can hold a token again: the same answer the store would give.
 */
function addressBucket(ctx, address) {
    return { bucket: `rate:address:${(0,client_address/* rateLimitKey */.HN)(address)}`, limit: ctx.config.address_rate_limit };
}
const addressRefusal = (address) => (retryAfterSec) => `too many requests from ${address}; retry after ${retryAfterSec} s`;
/** Empty address buckets, per store: bucket → epoch ms by which it has a token again. */
const emptyBuckets = new WeakMap();
/** Bounds the memory a flood from many addresses can take; past it, refusals come from the store. */
const EMPTY_BUCKETS_MAX = 10_000;
/** Throws the 429 at once when this address's bucket is known to be empty still. */
function refuseEmptyAddress(ctx, address) {
    const known = emptyBuckets.get(ctx.store);
    const { bucket } = addressBucket(ctx, address);
    const until = known?.get(bucket);
    if (until === undefined)
        return;
    const left = until - Date.now();
    if (left > 0)
        throw rateLimited(left, addressRefusal(address));
    known.delete(bucket);
}
/** The 429 for an address the store refused, remembered until its bucket refills. */
function refuseAddress(ctx, address, retryAfterMs) {
    let known = emptyBuckets.get(ctx.store);
    if (known === undefined) {
        known = new Map();
        emptyBuckets.set(ctx.store, known);
    }
    const t = Date.now();
    if (known.size >= EMPTY_BUCKETS_MAX)
        for (const [bucket, until] of known)
            if (until <= t)
                known.delete(bucket);
    if (known.size < EMPTY_BUCKETS_MAX)
        known.set(addressBucket(ctx, address).bucket, t + retryAfterMs);
    return rateLimited(retryAfterMs, addressRefusal(address));
}
/** Takes the address's token now (the routes other than the exchange), or refuses with 429. */
async function takeAddressToken(ctx, address) {
    refuseEmptyAddress(ctx, address);
    const { bucket, limit } = addressBucket(ctx, address);
    const { allowed, retryAfterMs } = await ctx.store.takeToken(bucket, limit, ctx.now());
    if (!allowed)
        throw refuseAddress(ctx, address, retryAfterMs);
}
/**
 * Introspection with an API key this broker has verified (src/tokens/api-keys.ts, verifiedApiKeyId)
 * takes its token from the key's own bucket, of the size `rate_limit.per_address` gives, not from
 * its client address's: resource servers behind one NAT, or several services on one host, do not
 * share one bucket. Such a request costs no slow hash (the key is in the cache of verified keys);
 * a key not verified yet, or no key, draws from the address's bucket as every other request does.
 */
async function takeApiKeyToken(ctx, keyId) {
    await takeOrRefuse(ctx, `rate:apikey:${keyId}`, ctx.config.address_rate_limit, (retryAfterSec) => `too many introspection requests with API key ${keyId}; retry after ${retryAfterSec} s`);
}
/**
 * The address token of the request being served, when it is still to be taken (an exchange that
 * has not reached the store); marks it taken, since the caller passes it to the store now.
 */
function addressTokenToTake(ctx) {
    const request = requestOf(ctx);
    if (request?.addressToken !== 'deferred')
        return undefined;
    request.addressToken = 'taken';
    return { address: request.clientAddress, take: addressBucket(ctx, request.clientAddress) };
}
/** Takes the request's deferred address token, if it still is (an exchange refused before the store). */
async function takeDeferredAddressToken(ctx) {
    const pending = addressTokenToTake(ctx);
    if (pending === undefined)
        return;
    const { allowed, retryAfterMs } = await ctx.store.takeToken(pending.take.bucket, pending.take.limit, ctx.now());
    if (!allowed)
        throw refuseAddress(ctx, pending.address, retryAfterMs);
}

// EXTERNAL MODULE: ./src/broker/readiness.ts
var readiness = __webpack_require__(577);
;// CONCATENATED MODULE: ./src/broker/exchange.ts













/**
 * Exchanges a CI job's OIDC token for a stint access token. It makes the checks of
 * docs/broker.md#what-an-exchange-checks, in that order, and throws a BrokerError for the first that fails.
 * Success or failure, one audit event is written before the caller gets an answer (in
 * `finally`); if that write fails the exchange fails, so no token leaves unaudited.
 */
async function exchange(ctx, request) {
    const started = performance.now();
    const event = {
        event: 'exchange_denied',
        outcome: 'error',
        request_id: request.requestId,
        ...('project' in request.target && { project: request.target.project }),
    };
    let outcome = 'error';
    let reasonCode = 'ERR_INTERNAL';
    // The replay record, made in one store operation with the rate-limit tokens once everything
    // else passed; dropped again if the audit event cannot be written, so a token that does not
    // leave never spends the job's single-use ID token.
    let recorded;
    try {
        // 1. Size, 2. structure, 3. header and alg.
        (0,id_token/* checkTokenSize */.Dd)(request.token);
        event.id_token_fingerprint = (0,fingerprint/* fingerprint */.R)(request.token);
        const { header, payload } = (0,id_token/* decodeStructure */.Uf)(request.token);
        if (typeof payload.jti === 'string')
            event.id_token_jti = payload.jti;
        (0,id_token/* checkHeader */.eb)(header);
        // 4. The issuer is a configured provider (exact match, no normalisation).
        const provider = providerOf(ctx, payload.iss);
        event.provider = provider.name;
        (0,id_token/* checkAlgorithm */.um)(header, provider);
        // 5. Signature with the provider's own keys (discovery + JWKS, cached).
        let jwks;
        try {
            jwks = await ctx.jwks.keysFor(provider, header.kid);
        }
        catch (cause) {
            if (cause instanceof jwks_cache/* KidNotYetFetched */.v) {
                // The ID token may carry a key the issuer has just published: the job keeps it and retries.
                throw new http/* BrokerError */.Wz(503, 'temporarily_unavailable', 'ERR_TOKEN_KEY_PENDING', cause.message, {
                    reason: cause.reason,
                    retryAfterSec: cause.retryAfterSec,
                    cause,
                });
            }
            throw new http/* BrokerError */.Wz(503, 'temporarily_unavailable', 'ERR_ISSUER_UNREACHABLE', `the signing keys of ${provider.issuer} are not available; try again shortly`, {
                reason: `signing keys of ${provider.issuer} unavailable: ${cause.message}`,
                // The broker asks the issuer again only once its refetch interval allows.
                retryAfterSec: ctx.jwks.nextFetchInSec(provider),
                cause,
            });
        }
        await (0,id_token/* checkSignature */.jC)(request.token, header, jwks, provider);
        // 6. Audience, 7. times (≤ 60 s skew) and subject.
        (0,id_token/* checkAudience */.f7)(payload, provider);
        const { until } = (0,id_token/* checkTimesAndSubject */.cT)(payload, ctx.now());
        event.subject = payload.sub;
        // The target parameters agree: told only to a caller whose ID token held so far, so that
        // nobody learns without one which project a public audience URL belongs to.
        if ('conflict' in request.target)
            throw request.target.conflict;
        const projectName = request.target.project;
        // 8. Replay, 9. policy, 10. scope, 11. rate limit: policy and scope are decided here, in
        // memory, and the store is asked once (8 and 11 together, in that order). An exchange the
        // policy or its scope refuses first learns whether the token was replayed, which comes first.
        // First, a key to sign with: while the signing keys are out of reach (a PKCS#11 token that is
        // gone), the answer is 503 and the job keeps its one-time ID token for a retry.
        ctx.keySet.current();
        const replay = replayEntry(ctx, provider, request.token, payload, until);
        const decision = ctx.policy.check(projectName, provider.name, payload);
        if (decision.identity)
            addIdentityFields(event, decision.identity);
        if (!decision.ok) {
            await refuseIfReplayed(ctx, replay);
            // Detail only for callers whose owner appears in the project's policy; anyone else
            // learns nothing about the policy. The audit log always gets the full reason.
            throw new http/* BrokerError */.Wz(403, 'access_denied', decision.code, decision.disclose ? decision.hint : policy/* GENERIC_HINT */.m1, {
                reason: decision.reason,
            });
        }
        if (decision.flags.length > 0)
            event.flags = decision.flags;
        event.rules = decision.rules;
        const scopes = (0,policy/* requestScopes */.v0)(decision, request.scope);
        if (!scopes.ok) {
            await refuseIfReplayed(ctx, replay);
            throw new http/* BrokerError */.Wz(403, 'invalid_scope', scopes.code, scopes.hint, { reason: scopes.reason });
        }
        const scope = scopes.scopes;
        event.scope = scope.join(' ');
        // 12. Mint, before the store is asked: a token the store then refuses never leaves.
        const project = ctx.config.projects[projectName];
        const ttlSec = lifetime(request.ttl, project.ttl, project.max_ttl);
        const minted = await mintAccessToken(ctx.keySet, {
            issuer: ctx.config.issuer,
            audience: project.audience,
            subject: decision.identity.subject,
            clientId: `${provider.name}:${decision.identity.repository ?? projectName}`,
            scope,
            project: projectName,
            ci: ciClaims(provider, decision.identity),
            ttlSec,
            now: ctx.now,
        });
        // 8, 11 and 13: not exchanged before, a token from the owner's bucket, and the replay record,
        // as durably as configured (replicas confirm), before the 200: one store operation.
        recorded = await admitOnce(ctx, replay, ownerBucket(ctx, provider, decision));
        Object.assign(event, {
            event: 'token_issued',
            jti: minted.jti,
            fingerprint: (0,fingerprint/* fingerprint */.R)(minted.token),
            expires_at: minted.exp,
        });
        outcome = 'issued';
        reasonCode = 'OK';
        return {
            accessToken: minted.token,
            expiresIn: minted.exp - minted.iat,
            expiresAt: minted.exp,
            scope,
            project: projectName,
            auditId: request.requestId,
        };
    }
    catch (error) {
        // The per-address limit is the first check: an exchange refused before it reached the store
        // takes its address token now, and an empty bucket's 429 is the answer.
        const first = await takeDeferredAddressToken(ctx).then(() => error, (addressError) => addressError);
        const refusal = asBrokerError(ctx, first);
        // A kid not fetched yet is the caller's to retry, not a failure of the broker: any caller can
        // name a made-up kid, and that must not page anyone (StintExchangeErrors counts errors).
        outcome = refusal.status >= 500 && refusal.code !== 'ERR_TOKEN_KEY_PENDING' ? 'error' : 'denied';
        reasonCode = refusal.code;
        Object.assign(event, { code: refusal.code, reason: refusal.reason });
        (0,audit_append/* markAudited */.W3)(refusal);
        throw refusal;
    }
    finally {
        event.outcome = outcome === 'issued' ? 'success' : outcome === 'denied' ? 'denied' : 'error';
        // No token leaves unaudited; and a token that does not leave leaves the ID token unspent. An
        // audit write that fails is counted where it is answered (routes.ts), as the error it becomes.
        await (0,audit_append/* appendAudit */.u0)(ctx.audit, event).catch(async (failure) => {
            await recorded?.release();
            throw failure;
        });
        ctx.metrics.exchange(outcome, reasonCode, (performance.now() - started) / 1000);
    }
}
function providerOf(ctx, iss) {
    // A string is quoted (cut short); anything else is named by its type: a caller may nest it thousands deep.
    if (typeof iss !== 'string') {
        throw new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_ISSUER_UNTRUSTED', iss === undefined ? 'token has no iss claim' : 'token iss claim is not a string');
    }
    const provider = ctx.policy.providerForIssuer(iss);
    if (!provider) {
        throw new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_ISSUER_UNTRUSTED', `token issuer ${(0,http/* quoteInput */.Zs)(iss)} is not a provider this broker trusts`);
    }
    return provider;
}
/**
 * Keyed on iss + jti so a token re-encoded with the same claims is still the same token.
 * Tokens without jti are keyed on what the signature signs (header.payload), never on the
 * signature's text: the last base64url character of a signature has spare bits a decoder
 * ignores, and ECDSA signatures are malleable, so one token has several valid spellings.
 * The record lives as long as the token could be exchanged: until `until` (its `exp`, or a day
 * after its `iat` if that is sooner: checkTimesAndSubject), plus the clock skew allowed. So a
 * trusted issuer's far `exp` (1e300 is a number) never makes a record outlive that day.
 */
function replayEntry(ctx, provider, token, payload, until) {
    const { jti } = payload;
    const signed = token.slice(0, token.lastIndexOf('.'));
    const identity = typeof jti === 'string' && jti !== '' ? `jti\n${provider.issuer}\n${jti}` : `signed\n${provider.issuer}\n${signed}`;
    const issued = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : undefined;
    return {
        key: `replay:${(0,external_node_crypto_.hash)('sha256', identity)}`,
        ttlMs: Math.max(1000, Math.ceil((until + clock_skew/* CLOCK_SKEW_SEC */.E) * 1000 - ctx.now())),
        ...(issued !== undefined && Number.isFinite(issued) ? { issuedAtMs: issued * 1000 } : {}),
    };
}
/**
 * How long an exchange waits while a broker of an older version holds the same ID token's replay
 * key (a rolling upgrade), before answering 503.
 */
const PENDING_WAIT_MS = types/* RESERVE_WINDOW_MS */.R4 + 1000;
const replayed = () => new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_TOKEN_REPLAYED', 'token was already exchanged; request a fresh ID token for every exchange');
/**
 * The store lost its data at `lostAtMs` (docs/many-brokers.md#when-redis-loses-its-data), and this ID
 * token was issued before the loss (or says not when): it may have been exchanged already, and the
 * record that would say so is gone. The job asks for a fresh ID token, issued after the cut.
 */
const replayUnknown = (lostAtMs, issuedAtMs) => {
    const lost = new Date(lostAtMs).toISOString();
    const cut = new Date(lostAtMs + types/* ISSUED_BEFORE_LOSS_MARGIN_MS */.O0).toISOString();
    return new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_TOKEN_REPLAY_UNKNOWN', issuedAtMs === undefined
        ? `the broker's store lost its records of exchanged tokens at ${lost}, and this token says not when it was issued (no iat or nbf), so it may have been exchanged already; get a new ID token`
        : `the broker's store lost its records of exchanged tokens at ${lost}; this token was issued before ${cut}, so it may have been exchanged already; get a new ID token (one issued after ${cut})`);
};
/**
 * The store's part of an exchange (Store.admit): the address token if the request still owes it,
 * the replay check, the owner's token and the record, in one operation. Resolves with the record;
 * throws 401 for a replayed token, 429 for an empty bucket, 503 when the store cannot confirm.
 * The same ID token sent twice at once: the store lets exactly one through, and the other is
 * answered 401 ERR_TOKEN_REPLAYED at once.
 */
async function admitOnce(ctx, replay, owner) {
    const address = addressTokenToTake(ctx);
    const request = {
        replayKey: replay.key,
        ttlMs: replay.ttlMs,
        owner: owner.take,
        record: true,
        nowMs: ctx.now(),
    };
    if (replay.issuedAtMs !== undefined)
        request.issuedAtMs = replay.issuedAtMs;
    if (address !== undefined)
        request.address = address.take;
    let answer = await ctx.store.admit(request);
    if (answer.outcome === 'pending')
        answer = await untilNotPending(ctx, request, answer);
    switch (answer.outcome) {
        case 'recorded':
            return answer;
        case 'replayed':
            throw replayed();
        case 'lost':
            throw replayUnknown(answer.lostAtMs, replay.issuedAtMs);
        case 'rate_limited':
            if (answer.bucket === 'address' && address !== undefined)
                throw refuseAddress(ctx, address.address, answer.retryAfterMs);
            throw rateLimited(answer.retryAfterMs, owner.refusal);
        default:
            throw new errors/* StintError */.Fp('ERR_STORE_UNAVAILABLE', `the store answered ${answer.outcome} to an exchange`);
    }
}
/**
 * For an exchange refused by its policy or scope: 401 if the token was exchanged before, or may
 * have been and its record was lost (nothing is written).
 */
async function refuseIfReplayed(ctx, replay) {
    const address = addressTokenToTake(ctx);
    const request = { replayKey: replay.key, ttlMs: replay.ttlMs, record: false, nowMs: ctx.now() };
    if (replay.issuedAtMs !== undefined)
        request.issuedAtMs = replay.issuedAtMs;
    if (address !== undefined)
        request.address = address.take;
    let answer = await ctx.store.admit(request);
    if (answer.outcome === 'pending')
        answer = await untilNotPending(ctx, request, answer);
    if (answer.outcome === 'replayed')
        throw replayed();
    if (answer.outcome === 'lost')
        throw replayUnknown(answer.lostAtMs, replay.issuedAtMs);
    if (answer.outcome === 'rate_limited' && address !== undefined)
        throw refuseAddress(ctx, address.address, answer.retryAfterMs);
}
/**
 * After the store's first answer was `pending`, asks it again while an older broker's exchange
 * holds the key (rolling upgrade): until it is recorded (401 here) or dropped (this one goes on).
 * The address token is taken once, by the first ask.
 */
async function untilNotPending(ctx, request, first) {
    const deadline = performance.now() + PENDING_WAIT_MS;
    let ask = request;
    let answer = first;
    for (let pause = 20;; pause = Math.min(pause * 2, 250)) {
        if (answer.outcome !== 'pending')
            return answer;
        if (performance.now() + pause > deadline) {
            throw new errors/* StintError */.Fp('ERR_STORE_UNAVAILABLE', `another exchange of this ID token held its replay entry for over ${PENDING_WAIT_MS} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
        // The address token was taken by the first ask.
        ask = { ...ask, nowMs: ctx.now() };
        delete ask.address;
        answer = await ctx.store.admit(ask);
    }
}
/** The rate-limit bucket of a provider + owner (a project with its own limit has its own). */
function ownerBucket(ctx, provider, grant) {
    const project = ctx.config.projects[grant.project];
    const limit = project?.rate_limit ?? ctx.config.rate_limit;
    const owner = grant.identity.owner_id ?? grant.identity.owner ?? grant.identity.subject;
    // A project with its own limit gets its own bucket, so it neither spends nor is spent by others.
    const bucket = project?.rate_limit
        ? `rate:${provider.name}:${owner}:${grant.project}`
        : `rate:${provider.name}:${owner}`;
    return {
        take: { bucket, limit },
        refusal: (retryAfterSec) => `too many exchanges for ${provider.name} owner ${grant.identity.owner ?? owner}; retry after ${retryAfterSec} s`,
    };
}
/**
 * Requested lifetime in seconds, else the project's default; capped by max_ttl, and by
 * TTL_CEILING whatever the config says (a config that did not come from parseConfig).
 */
function lifetime(requested, defaultTtl, maxTtl) {
    return Math.min(requested ?? defaultTtl, maxTtl, policy/* TTL_CEILING */.zG);
}
/**
 * Reads a requested ttl (seconds or `90s`/`15m`/`1h`) up front, so a bad one is a 400 before the
 * token is spent. parseDuration already refuses zero, negative and fractional values.
 */
function parseTtl(value) {
    try {
        return (0,policy/* parseDuration */.E9)(value);
    }
    catch {
        throw (0,http/* invalidRequest */.xk)('ERR_TTL_INVALID', `ttl ${typeof value === 'string' ? (0,http/* quoteInput */.Zs)(value) : value} is not a duration: give seconds or a value such as 90s, 15m or 1h`);
    }
}
function ciClaims(provider, identity) {
    return {
        provider: provider.name,
        repository: identity.repository,
        repository_id: identity.repository_id,
        owner_id: identity.owner_id,
        ref: identity.ref,
        sha: identity.sha,
        workflow_ref: identity.workflow_ref,
        run_id: identity.run_id,
        run_attempt: identity.run_attempt,
        environment: identity.environment,
        actor: identity.actor,
        event: identity.event,
    };
}
/** Names of identity fields that would collide with the audit event's own fields. */
const RENAMED = { provider: 'provider_kind', event: 'ci_event' };
/**
 * Sets the identity's fields on the audit event (never the token), in the identity's order:
 * written in place, not gathered into an object of their own and copied over (an array per field
 * and a second object, on every exchange).
 */
function addIdentityFields(event, identity) {
    const fields = event;
    for (const name of Object.keys(identity)) {
        const value = identity[name];
        if (typeof value === 'string')
            fields[RENAMED[name] ?? name] = value;
    }
}
/**
 * How long a caller is told to wait (Retry-After) while a dependency the broker must not skip is
 * out: its store, its audit log, the signing keys in a PKCS#11 token. Each comes back by itself,
 * within seconds (Redis is reconnected with a backoff capped at 2 s, a lost HSM session is tried
 * again every 5 s, a full disk takes writes once freed): a shorter wait only spends a retrying
 * job's attempts, each with a fresh ID token, on an outage that is not over.
 */
const OUTAGE_RETRY_AFTER_SEC = 5;
/**
 * The outages of what the broker depends on, each answered 503 with Retry-After (fail closed) and
 * this text; each is temporary: the broker reconnects, or the log takes writes again once there is
 * room, or the keys dir becomes readable again, by itself.
 */
const OUTAGES = {
    ERR_STORE_UNAVAILABLE: 'the broker cannot reach its store; try again shortly',
    // No request is answered without its audit line (a full disk).
    ERR_AUDIT_WRITE: 'the broker cannot write its audit log; try again shortly',
    // The keys dir changed and this broker cannot read it: the key it holds may have been dropped.
    ERR_KEYS_UNREADABLE: 'the broker cannot read its signing keys; try again shortly',
    // The HSM is away.
    ERR_PKCS11_SESSION: 'the broker cannot reach its signing keys; try again shortly',
    // The embedded store's API key file is damaged or unreadable (introspection), or a newer stint wrote it.
    ERR_API_KEYS_UNREADABLE: 'the broker cannot read its project API keys; try again shortly',
    ERR_KEYS_NEWER: 'the broker cannot read its keys (a newer stint wrote them); try again shortly',
};
/** Store, audit log, keys dir and HSM outages become 503 with Retry-After (fail closed); anything unexpected becomes a 500 with a generic text. */
function asBrokerError(ctx, error) {
    if (error instanceof http/* BrokerError */.Wz)
        return error;
    const outage = Object.keys(OUTAGES).find((code) => (0,errors/* isStintError */.Hu)(error, code));
    if (outage !== undefined && (0,errors/* isStintError */.Hu)(error)) {
        // What readiness checks just failed a request: the next /readyz checks afresh, not reuse an OK.
        (0,readiness/* readinessInDoubt */.WV)(ctx);
        if (outage === 'ERR_STORE_UNAVAILABLE')
            ctx.metrics.storeError();
        return new http/* BrokerError */.Wz(503, 'temporarily_unavailable', outage, OUTAGES[outage], {
            reason: error.message,
            retryAfterSec: OUTAGE_RETRY_AFTER_SEC,
            cause: error,
        });
    }
    return new http/* BrokerError */.Wz(500, 'server_error', 'ERR_INTERNAL', 'the broker failed to process the request', {
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        cause: error,
    });
}

// EXTERNAL MODULE: ./src/policy/config-projects.ts
var config_projects = __webpack_require__(4009);
;// CONCATENATED MODULE: ./src/broker/target.ts


/**
 * The project a request's target parameters name together (docs/broker.md#resource-indicators).
 * Each value may be a project name, `stint:<project>`, or an absolute URI that is a project's
 * `audience` (RFC 8707: the URL of the service the token is for). When several are given (RFC 8693
 * §2.1 allows `resource` and `audience` more than once) they must agree; a URI shared by several
 * projects (`shared_audience`) needs the project named beside it.
 *
 * A URI that no project serves is refused here, before the ID token is checked, as `invalid_target`
 * (RFC 8707 §2, RFC 8693 §2.2.2), so the client can correct it without spending its ID token. That
 * tells an unauthenticated caller which service URLs the broker issues for; RFC 9728 makes each
 * service publish that itself (its metadata names this broker), so it is not a secret. A name that
 * is no project is passed on and refused with the policy's generic denial after the token is checked.
 * Parameters that disagree are not refused here but returned as the `conflict` the exchange
 * answers after the ID token's signature, audience and times held (docs/broker.md#what-an-exchange-checks):
 * answered at once, a made-up token beside a guessed name and a project's public URL would learn
 * whether the name is that URL's project. So no answer to a caller without a valid ID token lists
 * project names or confirms one, and a conflict is refused the same whether a name is a project or not.
 *
 * @example
 * targetOf(config, [{ name: 'resource', value: 'https://api.warehouse.example.com' }]) // { project: 'warehouse' }
 */
function targetOf(config, targets) {
    if (targets.length === 0)
        throw new Error('targetOf needs at least one target parameter');
    // Every value is read first, so a URL no project serves is refused before any conflict is.
    const named = targets.map((target) => ({ target, names: projectsNamedBy(config, target) }));
    let chosen = named[0];
    for (const { target, names } of named.slice(1)) {
        const both = chosen.names.filter((name) => names.includes(name));
        // Any two that disagree are refused alike, whether a name is a project or not, so the answer
        // never confirms that some other name is a project.
        if (both.length === 0) {
            return {
                conflict: invalidTarget('ERR_TARGET_CONFLICT', `${chosen.target.name} ${(0,http/* quoteInput */.Zs)(chosen.target.value)} and ${target.name} ${(0,http/* quoteInput */.Zs)(target.value)} name different projects; give one, or several that agree`),
            };
        }
        chosen = { names: both, target: chosen.target };
    }
    if (chosen.names.length > 1) {
        const by = chosen.target;
        throw invalidTarget('ERR_TARGET_AMBIGUOUS', `${by.name} ${(0,http/* quoteInput */.Zs)(by.value)} is the audience of several projects (shared_audience); name the project too (${by.name === 'resource' ? 'audience or project' : 'project'}=<name>)`);
    }
    return { project: chosen.names[0] };
}
/**
 * targetOf's project, or its conflict thrown at once: for callers that have no token to check
 * first (tests, the benchmark).
 *
 * @example
 * projectFor(config, [{ name: 'resource', value: 'https://api.warehouse.example.com' }]) // 'warehouse'
 */
function projectFor(config, targets) {
    const target = targetOf(config, targets);
    if ('conflict' in target)
        throw target.conflict;
    return target.project;
}
/** The projects one value can mean; unknown names pass through (the policy refuses them later). */
function projectsNamedBy(config, target) {
    const { value } = target;
    if (Object.hasOwn(config.projects, value))
        return [value];
    if (value.startsWith('stint:'))
        return [value.slice('stint:'.length)];
    const uri = absoluteUri(value);
    if (uri === undefined)
        return [value];
    // RFC 8707 §2: a resource indicator must not carry a fragment.
    if (value.includes('#')) {
        throw invalidTarget('ERR_TARGET_INVALID', `${target.name} ${(0,http/* quoteInput */.Zs)(value)} has a fragment (#…); give the service's URL without it`);
    }
    const names = audienceIndex(config).named(value, uri);
    if (names.length === 0) {
        throw invalidTarget('ERR_TARGET_UNKNOWN', `no project has the audience ${(0,http/* quoteInput */.Zs)(value)}; give the URL exactly as the service's protected resource metadata names it (its "resource"), or the project name`);
    }
    return names;
}
function absoluteUri(value) {
    try {
        return new URL(value);
    }
    catch {
        return undefined;
    }
}
/** One index per config (a reload brings a new config object, and with it a new index). */
const indexes = new WeakMap();
/**
 * The projects by audience, exact and normalised as WHATWG parsers do (case of scheme and host,
 * default port, an empty path as `/`), so `https://API.example.com` names
 * `https://api.example.com/`; the token still carries the project's audience exactly as
 * configured. Built once per config: a request costs the same with 10 projects or 100,000.
 */
function audienceIndex(config) {
    let index = indexes.get(config);
    if (index !== undefined)
        return index;
    const order = new Map();
    const byExact = new Map();
    const byHref = new Map();
    const add = (map, key, name) => {
        const names = map.get(key);
        if (names === undefined)
            map.set(key, [name]);
        else
            names.push(name);
    };
    for (const project of Object.values(config.projects)) {
        order.set(project.name, order.size);
        add(byExact, project.audience, project.name);
        add(byHref, (0,config_projects/* audienceKey */.A)(project.audience), project.name);
    }
    index = {
        named(value, uri) {
            const names = new Set([...(byExact.get(value) ?? []), ...(byHref.get(uri.href) ?? [])]);
            return [...names].sort((a, b) => order.get(a) - order.get(b));
        },
    };
    indexes.set(config, index);
    return index;
}
function invalidTarget(code, description) {
    return new http/* BrokerError */.Wz(400, 'invalid_target', code, description);
}

;// CONCATENATED MODULE: ./src/broker/exchange-routes.ts



const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TOKEN_TYPES = new Set([
    'urn:ietf:params:oauth:token-type:id_token',
    'urn:ietf:params:oauth:token-type:jwt',
]);
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/**
 * The token types a client may ask for (RFC 8693 §3): an access token, or a JWT, which is what
 * stint's access token is (RFC 9068). Either way the answer's `issued_token_type` is the access
 * token type (DESIGN §2): the token is the same, and clients key on that value.
 */
const REQUESTED_TOKEN_TYPES = new Set([ACCESS_TOKEN_TYPE, 'urn:ietf:params:oauth:token-type:jwt']);
/**
 * `POST /auth/oidc/exchange`: JSON `{token, project, scope?, ttl?}`, where `resource` (RFC 8707,
 * the URL of the project's audience) may name the project instead of, or as well as, `project`.
 */
async function handleOidcExchange(ctx, req, res, requestId) {
    const body = await (0,http/* readBody */.x8)(req, http/* MAX_BODY_BYTES */.YK);
    const type = (0,http/* mediaType */.JL)(req);
    if (type !== '' && type !== 'application/json')
        throw (0,http/* invalidRequest */.xk)('ERR_BODY_NOT_JSON', 'request body must be application/json');
    const input = (0,http/* parseJsonObject */.dw)(body);
    const token = requiredString(input, 'token');
    const targets = targetParameters(input, ['project', 'resource']);
    if (targets.length === 0)
        throw (0,http/* invalidRequest */.xk)('ERR_PARAMETER_MISSING', "project is required and must be a string (or give resource, the URL of the project's audience)");
    const request = {
        token,
        target: targetOf(ctx.config, targets),
        scope: scopeList(input.scope),
        requestId,
    };
    if (input.ttl !== undefined)
        request.ttl = ttlValue(input.ttl);
    const result = await exchange(ctx, request);
    (0,http/* sendJson */.jD)(res, 200, {
        access_token: result.accessToken,
        token_type: 'Bearer',
        expires_in: result.expiresIn,
        expires_at: result.expiresAt,
        scope: result.scope.join(' '),
        project: result.project,
        audit_id: result.auditId,
    });
}
/** `POST /oauth2/token`: RFC 8693 token exchange, the same checks as /auth/oidc/exchange. */
async function handleTokenExchange(ctx, req, res, requestId) {
    // RFC 8693 §2.1 allows several `resource` and `audience` parameters; they must name one project.
    const { form, values } = (0,http/* parseFormValues */.im)(req, await (0,http/* readBody */.x8)(req, http/* MAX_BODY_BYTES */.YK), ['resource', 'audience']);
    if (form.grant_type !== TOKEN_EXCHANGE) {
        const error = form.grant_type === undefined ? 'invalid_request' : 'unsupported_grant_type';
        throw new http/* BrokerError */.Wz(400, error, 'ERR_GRANT_TYPE_UNSUPPORTED', `grant_type must be ${TOKEN_EXCHANGE}`);
    }
    const token = requiredString(form, 'subject_token');
    const tokenType = requiredString(form, 'subject_token_type');
    if (!SUBJECT_TOKEN_TYPES.has(tokenType)) {
        throw (0,http/* invalidRequest */.xk)('ERR_TOKEN_TYPE_UNSUPPORTED', `subject_token_type must be ${[...SUBJECT_TOKEN_TYPES].join(' or ')}`);
    }
    const requestedTokenType = form.requested_token_type ?? ACCESS_TOKEN_TYPE;
    if (!REQUESTED_TOKEN_TYPES.has(requestedTokenType)) {
        throw (0,http/* invalidRequest */.xk)('ERR_TOKEN_TYPE_UNSUPPORTED', `requested_token_type must be ${[...REQUESTED_TOKEN_TYPES].join(' or ')}`);
    }
    // Delegation (an actor acting for the subject) is refused, not ignored: a client sending an
    // actor token expects a token that names the actor, and stint's never does (RFC 8693 §2.2.2).
    // (parseForm leaves out a parameter sent without a value, RFC 6749 §3.2: `actor_token=` is no actor.)
    if (form.actor_token !== undefined) {
        throw (0,http/* invalidRequest */.xk)('ERR_ACTOR_TOKEN_UNSUPPORTED', 'actor_token is not accepted: stint does not support delegation (RFC 8693 §1.1); send the subject_token alone');
    }
    if (form.actor_token_type !== undefined) {
        throw (0,http/* invalidRequest */.xk)('ERR_ACTOR_TOKEN_UNSUPPORTED', 'actor_token_type is given without actor_token (RFC 8693 §2.1); leave it out');
    }
    const targets = ['resource', 'audience'].flatMap((name) => (values[name] ?? []).map((value) => ({ name, value })));
    if (targets.length === 0) {
        throw (0,http/* invalidRequest */.xk)('ERR_PROJECT_MISSING', 'name the project with resource or audience (the project name, its audience, or stint:<project>)');
    }
    const request = {
        token,
        target: targetOf(ctx.config, targets),
        scope: scopeList(form.scope),
        requestId,
    };
    if (form.ttl !== undefined)
        request.ttl = ttlValue(form.ttl);
    const result = await exchange(ctx, request);
    (0,http/* sendJson */.jD)(res, 200, {
        access_token: result.accessToken,
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: 'Bearer',
        expires_in: result.expiresIn,
        scope: result.scope.join(' '),
    });
}
/** The target parameters a request gives (an empty string counts as not given); each must be a string. */
function targetParameters(input, names) {
    const given = [];
    for (const name of names) {
        const value = input[name];
        if (value === undefined || value === '')
            continue;
        if (typeof value !== 'string')
            throw (0,http/* invalidRequest */.xk)('ERR_PARAMETER_MISSING', `${name} must be a string`);
        given.push({ name, value });
    }
    return given;
}
function requiredString(input, name) {
    const value = input[name];
    if (typeof value !== 'string' || value === '')
        throw (0,http/* invalidRequest */.xk)('ERR_PARAMETER_MISSING', `${name} is required and must be a string`);
    return value;
}
/** `scope` as a space-separated string or a list of strings. */
function scopeList(value) {
    if (value === undefined)
        return [];
    if (typeof value === 'string')
        return value.split(' ').filter((s) => s !== '');
    if (Array.isArray(value) && value.every((s) => typeof s === 'string' && s !== '' && !s.includes(' ')))
        return value;
    throw (0,http/* invalidRequest */.xk)('ERR_SCOPE_INVALID', 'scope must be a space-separated string or a list of strings');
}
/** The requested ttl in seconds; a bad one is a 400 here, before the exchange spends the token. */
function ttlValue(value) {
    if (typeof value !== 'number' && typeof value !== 'string')
        throw (0,http/* invalidRequest */.xk)('ERR_TTL_INVALID', 'ttl must be seconds or a duration such as 15m');
    // A form value of digits only is seconds (and is quoted as a number in the refusal).
    return parseTtl(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}

// EXTERNAL MODULE: ./src/signing/mtls-csr.ts
var mtls_csr = __webpack_require__(6386);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js
var decode_jwt = __webpack_require__(7961);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/key/import.js
var key_import = __webpack_require__(1187);
// EXTERNAL MODULE: ./src/lib/stint-token.ts
var stint_token = __webpack_require__(4751);
;// CONCATENATED MODULE: ./src/tokens/verify.ts



const importedKeys = new Map();
/**
 * Verifies a stint access token against the broker's own published keys, with the one stint-token
 * verification (src/lib/stint-token.ts): the key its kid names, with that key's alg (never the alg
 * the token asks for), and `exp` read strictly by the broker's own clock, so introspection never
 * calls an expired token active. Revocation is the caller's check (the store).
 * Throws StintError `ERR_TOKEN_EXPIRED` for an expired token, `ERR_TOKEN_INVALID` for anything else.
 *
 * @example
 * const claims = await verifyAccessToken(bearer, { keySet, issuer: 'https://stint.example.com' });
 * if (await store.isRevoked(claims.jti)) throw ...;
 */
async function verifyAccessToken(token, options) {
    return (0,stint_token.verifyStintAccessToken)(token, {
        key: async (header) => {
            const jwk = typeof header.kid === 'string' ? options.keySet.publicKey(header.kid) : undefined;
            if (jwk === undefined || typeof jwk.alg !== 'string')
                throw invalid('it is signed by an unknown or retired key');
            if (header.alg !== jwk.alg)
                throw invalid(`its alg ${String(header.alg)} is not the alg of key ${header.kid}`);
            return publicKey(jwk);
        },
        issuer: options.issuer,
        ...(options.audience === undefined ? {} : { audience: options.audience }),
        // The resolver above pins each token to its key's own alg.
        algorithms: stint_token.STINT_TOKEN_ALGS,
        ...(options.now === undefined ? {} : { now: options.now }),
        expiry: 'strict',
    });
}
function invalid(reason) {
    return new errors/* StintError */.Fp('ERR_TOKEN_INVALID', `stint token rejected: ${reason}`);
}
/** A kid is the key's thumbprint, so a kid always names the same key: imports are cached for good. */
function publicKey(jwk) {
    const cacheKey = `${jwk.alg}:${jwk.kid}`;
    let key = importedKeys.get(cacheKey);
    if (key === undefined) {
        key = (0,key_import/* importJWK */.Og)(jwk, jwk.alg);
        importedKeys.set(cacheKey, key);
        key.catch(() => importedKeys.delete(cacheKey));
    }
    return key;
}

;// CONCATENATED MODULE: ./src/broker/token-routes.ts









/**
 * Each broker's record of API key use (`last used` in `stint keys list-api-keys`), made on first
 * use; by store, since each request has a context of its own (src/broker/request-scope.ts).
 */
const usages = new WeakMap();
function apiKeyUsage(ctx) {
    let usage = usages.get(ctx.store);
    if (usage === undefined) {
        const { log } = ctx;
        usage = (0,api_keys/* createApiKeyUsage */.vT)(ctx.store, {
            onError: (error) => log?.warn(`the last use of API keys cannot be recorded: ${error.message}; introspection is not affected, and \`stint keys list-api-keys\` shows no newer last use until the store can be written`),
        });
        usages.set(ctx.store, usage);
    }
    return usage;
}
/**
 * A stint token this broker minted, still valid and not revoked, for a project the config still
 * has; undefined otherwise. A project removed from the config (and reloaded) has no live tokens:
 * the broker stops vouching for them at once (introspection, certificates), though they verify
 * offline until they expire (docs/broker.md#signals).
 */
async function liveAccessToken(ctx, token) {
    const verdict = await accessTokenVerdict(ctx, token);
    return 'live' in verdict ? verdict.live : undefined;
}
/**
 * A stint token's verdict: its claims when it is live; otherwise why not (for the audit log, never
 * for the caller), with its claims when this broker did mint it, so that a revoked or expired
 * token's refusal is audited with its jti, project and subject. An unverified token's claims are
 * whatever its sender wrote, so they are not given.
 */
async function accessTokenVerdict(ctx, token) {
    const issued = await issuedAccessToken(ctx, token);
    if ('reason' in issued)
        return issued;
    const { claims } = issued;
    if (!isConfiguredProject(ctx, claims.project)) {
        return { reason: `project ${String(claims.project)} is no longer in the broker's config`, claims };
    }
    if (await ctx.store.isRevoked(claims.jti)) {
        return { reason: `the stint token was revoked (its token_revoked event has jti ${claims.jti})`, claims };
    }
    return { live: claims };
}
const isConfiguredProject = (ctx, project) => typeof project === 'string' && Object.hasOwn(ctx.config.projects, project);
/**
 * The claims of a stint token this broker issued that has not expired, revoked or not and
 * whatever its project; or why it is not one.
 */
async function issuedAccessToken(ctx, token) {
    let claims;
    try {
        claims = await verifyAccessToken(token, { keySet: ctx.keySet, issuer: ctx.config.issuer, now: ctx.now });
    }
    catch (error) {
        if ((0,errors/* isStintError */.Hu)(error, 'ERR_TOKEN_EXPIRED')) {
            // ERR_TOKEN_EXPIRED comes after the signature, issuer and audience held: the claims are the broker's own.
            const minted = (0,decode_jwt/* decodeJwt */.i)(token);
            const at = typeof minted.exp === 'number' ? ` at ${new Date(minted.exp * 1000).toISOString()}` : '';
            return { reason: `the stint token expired${at}`, claims: minted };
        }
        if ((0,errors/* isStintError */.Hu)(error, 'ERR_TOKEN_INVALID'))
            return { reason: error.message };
        throw error;
    }
    return typeof claims.jti === 'string' ? { claims } : { reason: 'the stint token has no jti' };
}
/**
 * `POST /oauth2/revoke` (RFC 7009). Holding the token is the proof needed to revoke it. The
 * answer is 200 whether or not the token was known, as §2.2 says, so it reveals nothing. A token
 * of a project no longer configured is revoked too: should the project come back, it stays dead.
 */
async function handleRevoke(ctx, req, res, requestId) {
    const form = (0,http/* parseForm */.wK)(req, await (0,http/* readBody */.x8)(req, http/* MAX_BODY_BYTES */.YK));
    if (typeof form.token !== 'string' || form.token === '')
        throw (0,http/* invalidRequest */.xk)('ERR_PARAMETER_MISSING', 'token is required');
    // Revoked again even when the store already reads it revoked: an earlier attempt answered 503
    // (its replicas did not confirm, store.min_replica_acks) may hold on the primary alone, and a 200
    // must wait for the replicas as that one did, or a failover could bring the token back.
    const issued = await issuedAccessToken(ctx, form.token);
    const claims = 'reason' in issued ? undefined : issued.claims;
    if (claims && typeof claims.exp === 'number') {
        const event = {
            event: 'token_revoked',
            request_id: requestId,
            project: claims.project,
            subject: claims.sub,
            jti: claims.jti,
            fingerprint: (0,fingerprint/* fingerprint */.R)(form.token),
        };
        try {
            await ctx.store.revoke(claims.jti, claims.exp * 1000);
        }
        catch (error) {
            // On record too: the revocation may already hold where it was written.
            await (0,audit_append/* appendAudit */.u0)(ctx.audit, {
                ...event,
                outcome: 'error',
                reason: `not confirmed, the holder is told to retry: ${error.message}`,
            }).catch(() => undefined);
            throw error;
        }
        await (0,audit_append/* appendAudit */.u0)(ctx.audit, { ...event, outcome: 'success', reason: 'revoked by its holder' });
    }
    res.writeHead(200, { 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
}
/**
 * `POST /oauth2/introspect` (RFC 7662) for resource servers, authenticated with a project API key
 * (`Authorization: Bearer stint_sk_…`). A key sees only tokens of its own project; any other
 * token, and any revoked, expired or foreign one, is `{active: false}`.
 */
async function handleIntrospect(ctx, req, res) {
    const presented = bearer(req);
    // The checks that cost a slow hash are shared out by client address, as the rate limit is.
    const address = requestOf(ctx)?.clientAddress;
    const caller = address === undefined ? undefined : (0,client_address/* rateLimitKey */.HN)(address);
    // The public id of a well-formed key, for the audit event of a refusal: never the secret.
    const presentedId = presented !== undefined && (0,api_keys/* looksLikeApiKey */.Jb)(presented) ? (0,api_keys/* apiKeyIdOf */.ad)(presented) : undefined;
    const auditFields = presentedId === undefined ? undefined : { api_key_id: presentedId };
    const verdict = presented?.startsWith('stint_sk_')
        ? await (0,api_keys/* checkApiKey */.Sq)(ctx.store, presented, ctx.now(), { caller }).catch((error) => {
            if ((0,errors/* isStintError */.Hu)(error, 'ERR_RATE_LIMITED'))
                throw new http/* BrokerError */.Wz(429, 'temporarily_unavailable', 'ERR_RATE_LIMITED', error.message, {
                    retryAfterSec: 1,
                    ...(auditFields && { auditFields }),
                });
            if (!(0,errors/* isStintError */.Hu)(error, 'ERR_API_KEY_BUSY'))
                throw error;
            throw new http/* BrokerError */.Wz(503, 'temporarily_unavailable', 'ERR_API_KEY_BUSY', error.message, {
                retryAfterSec: 1,
                ...(auditFields && { auditFields }),
            });
        })
        : { refused: 'malformed' };
    if ('refused' in verdict) {
        const description = 'introspection needs a valid project API key as Authorization: Bearer stint_sk_…';
        const noCredentials = (0,http/* sentNoCredentials */.Mq)(req);
        ctx.metrics.introspectionDenied(noCredentials ? 'no_credentials' : DENIAL_LABEL[verdict.refused]);
        throw new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_API_KEY_INVALID', description, {
            reason: `${description}: ${noCredentials ? 'no credentials were sent' : refusalReason(verdict)}`,
            ...(noCredentials && { realm: ctx.config.issuer }),
            ...(auditFields && { auditFields }),
        });
    }
    const key = verdict.record;
    // A key outlives its project in the store: a project removed from the config has no API keys.
    if (!isConfiguredProject(ctx, key.project)) {
        ctx.metrics.introspectionDenied('project_removed');
        throw new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_API_KEY_INVALID', `this API key's project ${(0,http/* quoteInput */.Zs)(key.project)} is no longer in the broker's config; introspection needs a key of a configured project`);
    }
    apiKeyUsage(ctx).record(key, ctx.now());
    const form = (0,http/* parseForm */.wK)(req, await (0,http/* readBody */.x8)(req, http/* MAX_BODY_BYTES */.YK));
    if (typeof form.token !== 'string' || form.token === '')
        throw (0,http/* invalidRequest */.xk)('ERR_PARAMETER_MISSING', 'token is required');
    const claims = await liveAccessToken(ctx, form.token);
    if (!claims || claims.project !== key.project)
        return (0,http/* sendJson */.jD)(res, 200, { active: false });
    (0,http/* sendJson */.jD)(res, 200, {
        active: true,
        token_type: 'Bearer',
        scope: claims.scope,
        client_id: claims.client_id,
        sub: claims.sub,
        aud: claims.aud,
        iss: claims.iss,
        exp: claims.exp,
        iat: claims.iat,
        nbf: claims.nbf,
        jti: claims.jti,
        project: claims.project,
        ci: claims.ci,
    });
}
/** The reason label of stint_introspection_denied_total for each refusal. */
const DENIAL_LABEL = {
    malformed: 'malformed',
    'unknown id': 'unknown_id',
    'wrong secret': 'wrong_secret',
    revoked: 'revoked',
    expired: 'expired',
};
/** Why a presented API key was refused, for the audit log: its public id, never its secret. */
function refusalReason(verdict) {
    const key = `API key ${verdict.id}`;
    switch (verdict.refused) {
        case 'malformed':
            return 'the credentials sent are not shaped like a stint API key (stint_sk_<16 hex digits>_<43 characters>)';
        case 'unknown id':
            return `${key} does not exist (no key has that id)`;
        case 'wrong secret':
            return `${key} was presented with a wrong secret`;
        case 'revoked':
            return `${key} is revoked`;
        case 'expired':
            return `${key} has expired`;
    }
}
/**
 * The credentials of `Authorization: Bearer …` (scheme in any case), if that is how the request
 * authenticates. Several Authorization fields are refused: Node keeps only the first, and a
 * proxy in front might judge by another, so the two would disagree on who is asking.
 */
function bearer(req) {
    if ((req.headersDistinct.authorization?.length ?? 0) > 1) {
        throw (0,http/* invalidRequest */.xk)('ERR_AUTHORIZATION_REPEATED', 'send one Authorization header, not several');
    }
    const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1];
}

;// CONCATENATED MODULE: ./src/broker/mtls-routes.ts








const cas = new WeakMap();
/**
 * Certificates one stint token may get: a job needs one or two, so a leaked token cannot be
 * turned into an unbounded number of certificates (each also a record in the store). The
 * allowance refills over 15 minutes, the default token lifetime.
 */
const CERTIFICATES_PER_TOKEN = 10;
const CERTIFICATE_REFILL_SEC = 900;
/**
 * The broker's client-certificate CA, opened on first use (most brokers never issue one); by key
 * set, since each request has a context of its own (src/broker/request-scope.ts).
 */
function authority(ctx) {
    const { keySet } = ctx;
    let ca = cas.get(keySet);
    if (!ca) {
        // The CA outlives the request that opens it: its events go to the broker's own audit log.
        const broker = brokerContextOf(ctx);
        ca = Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 970)).then(({ openCertificateAuthority }) => openCertificateAuthority(ctx.caDir, {
            now: ctx.now,
            // keys.pkcs11: the CA key and certificate live in the same token as the signing keys.
            ...(ctx.keySet.token === undefined ? {} : { token: ctx.keySet.token }),
            onChange: (change) => recordCaChange(broker, change),
            onNote: (message) => broker.log?.warn(message),
        }));
        ca.catch(() => cas.delete(keySet));
        cas.set(keySet, ca);
    }
    return ca;
}
/**
 * A CA this broker made (created, renewed, replaced), audited before it signs anything (fail
 * closed: when the audit log refuses it, the CA is dropped and the request fails), then logged.
 */
async function recordCaChange(broker, change) {
    await (0,audit_append/* appendAudit */.u0)(broker.audit, {
        event: `ca_${change.kind}`,
        outcome: 'success',
        reason: change.reason,
        fingerprint: change.fingerprint,
        ca_subject: change.subject,
        expires_at: Math.floor(change.notAfterMs / 1000),
        previous_fingerprint: change.previous?.fingerprint ?? null,
        location: change.where,
    });
    const line = `mTLS CA ${change.kind}: ${change.reason}`;
    if (change.kind === 'replaced')
        broker.log?.warn({ event: `ca_${change.kind}` }, line);
    else
        broker.log?.info({ event: `ca_${change.kind}` }, line);
}
/** `GET /mtls/ca.pem`: the CA certificate servers use to trust the issued client certificates. */
async function handleCaPem(ctx, res) {
    const ca = await authority(ctx);
    try {
        await ca.refresh();
    }
    catch (error) {
        // The CA certificate is public and this broker still signs with it: serve it while the token is out of reach.
        ctx.log?.warn({}, `/mtls/ca.pem: serving the CA read last, the token's could not be read again: ${error.message}`);
    }
    (0,http/* sendText */.oF)(res, 200, ca.caPem, 'application/x-pem-file', { 'cache-control': 'public, max-age=300' });
}
/**
 * `POST /mtls/certificates`: a live stint token (bearer) + `{csr}` → a client certificate for the
 * token's project that expires no later than the token.
 */
async function handleCertificate(ctx, req, res, requestId) {
    const token = bearer(req);
    const verdict = token === undefined ? { reason: 'no Authorization: Bearer token' } : await accessTokenVerdict(ctx, token);
    const claims = 'live' in verdict ? verdict.live : undefined;
    if (!claims || typeof claims.exp !== 'number' || typeof claims.project !== 'string') {
        throw await refusedToken(ctx, requestId, token, verdict, (0,http/* sentNoCredentials */.Mq)(req));
    }
    const input = (0,http/* parseJsonObject */.dw)(await (0,http/* readBody */.x8)(req, http/* MAX_BODY_BYTES */.YK));
    if (typeof input.csr !== 'string' || input.csr === '')
        throw (0,http/* invalidRequest */.xk)('ERR_PARAMETER_MISSING', 'csr (a PEM certificate signing request) is required');
    const ca = await authority(ctx);
    let issued;
    try {
        // A CSR that cannot be issued is refused before it spends one of the token's certificates.
        await (0,mtls_csr/* readCsr */.$)(input.csr);
        await takeCertificateAllowance(ctx, String(claims.jti));
        issued = await ca.issue({
            csrPem: input.csr,
            project: claims.project,
            subject: String(claims.sub),
            notAfterMs: claims.exp * 1000,
        });
    }
    catch (error) {
        if ((0,errors/* isStintError */.Hu)(error, 'ERR_CSR_INVALID'))
            throw (0,http/* invalidRequest */.xk)('ERR_CSR_INVALID', error.message);
        throw error;
    }
    await ctx.store.putCertificate({
        serial: issued.serial,
        project: claims.project,
        subject: String(claims.sub),
        jti: String(claims.jti),
        notAfterMs: issued.notAfterMs,
        fingerprint: issued.fingerprint,
    });
    await (0,audit_append/* appendAudit */.u0)(ctx.audit, {
        event: 'cert_issued',
        request_id: requestId,
        outcome: 'success',
        reason: 'client certificate issued',
        project: claims.project,
        subject: claims.sub,
        jti: claims.jti,
        serial: issued.serial,
        fingerprint: issued.fingerprint,
    });
    (0,http/* sendJson */.jD)(res, 200, {
        certificate: issued.certificatePem,
        ca: ca.caPem,
        serial: issued.serial,
        not_after: new Date(issued.notAfterMs).toISOString(),
    });
}
/**
 * The refusal of a certificate request whose token will not do, audited: the caller learns only
 * that (a forged token and a revoked one get the same answer); the audit log gets why and, for a
 * token this broker minted (revoked or expired), its jti, project and subject. Every presented
 * token's fingerprint is recorded, never the token.
 */
async function refusedToken(ctx, requestId, token, verdict, noCredentials) {
    const refusal = new http/* BrokerError */.Wz(401, 'invalid_token', 'ERR_TOKEN_INVALID', 'a certificate needs a valid, unrevoked stint token as Authorization: Bearer …', noCredentials ? { realm: ctx.config.issuer } : {});
    const minted = 'live' in verdict ? verdict.live : verdict.claims;
    await (0,audit_append/* appendAudit */.u0)(ctx.audit, {
        event: 'cert_denied',
        request_id: requestId,
        outcome: 'denied',
        code: refusal.code,
        reason: 'reason' in verdict ? verdict.reason : 'the stint token lacks exp or project',
        ...(typeof minted?.project === 'string' ? { project: minted.project } : {}),
        ...(typeof minted?.sub === 'string' ? { subject: minted.sub } : {}),
        ...(typeof minted?.jti === 'string' ? { jti: minted.jti } : {}),
        ...(token === undefined ? {} : { fingerprint: (0,fingerprint/* fingerprint */.R)(token) }),
    }).then(() => (0,audit_append/* markAudited */.W3)(refusal), 
    // Unaudited, it is audited once more by the request handler, with the reason alone; if that
    // fails too, the handler answers 503 ERR_AUDIT_WRITE instead and logs why (routes.ts).
    () => undefined);
    return refusal;
}
function takeCertificateAllowance(ctx, jti) {
    const limit = { rps: CERTIFICATES_PER_TOKEN / CERTIFICATE_REFILL_SEC, burst: CERTIFICATES_PER_TOKEN };
    return takeOrRefuse(ctx, `cert:${jti}`, limit, (retryAfterSec) => `this token already got ${CERTIFICATES_PER_TOKEN} certificates; reuse one (it lasts as long as the token) or retry after ${retryAfterSec} s`);
}

;// CONCATENATED MODULE: ./src/broker/outage-log.ts
/** How often, at most, a cause's refusals are logged (its first, then a summary with a count). */
const OUTAGE_LOG_EVERY_MS = 60_000;
/** A line's fields: `code` when the cause is a catalogue code (a /readyz cause is its public reason). */
function fields(cause, extra) {
    return /^ERR_[A-Z0-9_]+$/.test(cause) ? { ...extra, code: cause } : extra;
}
/**
 * @example
 * const outages = createOutageLog(ctx.log, ctx.now);
 * outages.refused('ERR_STORE_UNAVAILABLE', requestId, `/auth/oidc/exchange: ${reason}`);
 * // a 200 later: outages.served();
 */
function createOutageLog(log, now, everyMs = OUTAGE_LOG_EVERY_MS) {
    // One entry per cause and where: error codes, routes and /readyz, a bounded set.
    const causes = new Map();
    const every = `${Math.round(everyMs / 1000)} s`;
    return {
        refused(cause, requestId, line, where) {
            const t = now();
            const key = where === undefined ? cause : `${cause} ${where}`;
            let state = causes.get(key);
            if (state === undefined) {
                state = { cause, where, lastLineMs: Number.NEGATIVE_INFINITY, held: 0 };
                causes.set(key, state);
            }
            state.run ??= { sinceMs: t, refused: 0, announced: false };
            const run = state.run;
            run.refused++;
            if (t - state.lastLineMs < everyMs) {
                state.held++;
                return;
            }
            const earlier = state.held;
            if (!run.announced) {
                log?.error(fields(cause, { request_id: requestId }), `${line}${earlier > 0 ? ` (${earlier} earlier such refusal(s) were not logged)` : ''}; further refusals for this cause are counted and logged at most once every ${every} until a request is served again`);
                run.announced = true;
            }
            else {
                log?.error(fields(cause, { request_id: requestId }), `${earlier + 1} request(s) refused (${cause}) since the last such line, ${run.refused} since ${new Date(run.sinceMs).toISOString()}; the latest: ${line}`);
            }
            state.held = 0;
            state.lastLineMs = t;
        },
        served() {
            if (causes.size === 0)
                return;
            for (const state of causes.values()) {
                const { cause, where, run } = state;
                if (run === undefined)
                    continue;
                state.run = undefined;
                // A run no line announced (it began within the interval after the last line) stays counted
                // in `held`, for this cause's next line.
                if (!run.announced)
                    continue;
                log?.info(fields(cause, {}), `requests are served again: ${run.refused} refused (${where === undefined ? cause : `${cause} at ${where}`}) since ${new Date(run.sinceMs).toISOString()}${state.held > 0 ? `, ${state.held} of them after the last line` : ''}`);
                state.held = 0;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/broker/routes.ts

















/**
 * Method + route → handler. Every route is listed here, so this is the broker's whole surface.
 * A route is served under the path of the broker's issuer (`routeOf`), except ROOT_ROUTES; the
 * route, not the request path, names it in metrics, logs and the audit log.
 */
const routes = {
    '/auth/oidc/exchange': { POST: handleOidcExchange },
    '/oauth2/token': { POST: handleTokenExchange },
    '/oauth2/revoke': { POST: handleRevoke },
    '/oauth2/introspect': { POST: handleIntrospect },
    '/.well-known/openid-configuration': { GET: handleDiscovery },
    // RFC 8414 metadata: the same document, for OAuth 2.0 clients that look here.
    '/.well-known/oauth-authorization-server': { GET: handleDiscovery },
    '/.well-known/jwks.json': {
        // Short cache: a key published here may start signing after the next rotation step.
        GET: async (ctx, _req, res) => (0,http/* sendJson */.jD)(res, 200, ctx.keySet.jwks(), { 'cache-control': 'public, max-age=60' }),
    },
    '/mtls/ca.pem': { GET: (ctx, _req, res) => handleCaPem(ctx, res) },
    '/mtls/certificates': { POST: handleCertificate },
    '/livez': { GET: async (_ctx, _req, res) => (0,http/* sendJson */.jD)(res, 200, { status: 'ok' }) },
    '/readyz': { GET: handleReady },
    '/healthz': { GET: handleReady },
    '/metrics': {
        GET: async (ctx, _req, res) => (0,http/* sendText */.oF)(res, 200, ctx.exposition ? await ctx.exposition() : ctx.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8'),
    },
};
/**
 * Served at the root whatever the issuer's path: the probes and metrics are the operator's, called
 * by the orchestrator, the load balancer and Prometheus at the addresses deploy/ gives them, and
 * never by a client that starts from the issuer (which would put them on the public side).
 */
const ROOT_ROUTES = new Set(['/livez', '/readyz', '/healthz', '/metrics']);
/** RFC 8414 §3 metadata: for an issuer with a path, `/.well-known/oauth-authorization-server{path}`. */
const RFC8414_METADATA = '/.well-known/oauth-authorization-server';
/**
 * The path of an issuer URL without its terminating slashes, as OpenID Connect Discovery §4 and
 * RFC 8414 §3 put well-known documents beside it: '' for https://stint.example.com (or …com/),
 * '/stint' for https://ci.example.com/stint. The issuer itself (`iss`, the discovery document's
 * `issuer`) stays exactly as configured.
 */
function issuerPath(issuer) {
    try {
        return new URL(issuer).pathname.replace(/\/+$/, '');
    }
    catch {
        // The config loader refuses an issuer that is not a URL; a broker is never started on one.
        return '';
    }
}
/**
 * `issuerPath` of each config's issuer, worked out once per config and keyed by it: two brokers
 * in one process, or the config a reload replaced and the new one, never share an entry.
 */
const prefixes = new WeakMap();
function prefixOf(ctx) {
    let prefix = prefixes.get(ctx.config);
    if (prefix === undefined) {
        prefix = issuerPath(ctx.config.issuer);
        prefixes.set(ctx.config, prefix);
    }
    return prefix;
}
/**
 * The route a request path is, for a broker whose issuer's path is `prefix`: every route under
 * that path (the URLs the discovery document names, and the discovery document itself), the RFC
 * 8414 metadata at its path-inserted location, ROOT_ROUTES at the root. Nothing is served twice:
 * with a prefix, `/oauth2/token` at the root is no endpoint (notFound says where it is).
 */
function routeOf(path, prefix) {
    if (ROOT_ROUTES.has(path))
        return path;
    if (prefix === '')
        return Object.hasOwn(routes, path) ? path : undefined;
    if (path === `${RFC8414_METADATA}${prefix}`)
        return RFC8414_METADATA;
    if (!path.startsWith(`${prefix}/`))
        return undefined;
    const rest = path.slice(prefix.length);
    return Object.hasOwn(routes, rest) && !ROOT_ROUTES.has(rest) ? rest : undefined;
}
/**
 * The 404 for a path that is no route; it says where the route is when the issuer's path was left
 * out or added. It never repeats the path otherwise: a client that puts a token or an API key in
 * the path (`/auth/oidc/exchange/<key>`) must not get it back in a body a proxy may log. The two
 * hints name only a route and the issuer's path, both public.
 */
function notFound(path, prefix) {
    const rest = path.slice(prefix.length);
    let description = `no endpoint at this path; the endpoints are listed in the discovery document, ${prefix}/.well-known/openid-configuration`;
    if (prefix !== '' && Object.hasOwn(routes, path) && !ROOT_ROUTES.has(path)) {
        description = `no endpoint ${path}; this broker serves its endpoints under its issuer's path ${prefix}: ${prefix}${path}`;
    }
    else if (prefix !== '' && path.startsWith(`${prefix}/`) && ROOT_ROUTES.has(rest)) {
        description = `no endpoint ${path}; ${rest} is at the root, not under the issuer's path`;
    }
    return new http/* BrokerError */.Wz(404, 'not_found', 'ERR_NOT_FOUND', description);
}
async function handleDiscovery(ctx, _req, res) {
    const algorithms = [...new Set(ctx.keySet.list().map((key) => key.alg))];
    (0,http/* sendJson */.jD)(res, 200, discoveryDocument(ctx.config, algorithms), { 'cache-control': 'public, max-age=300' });
}
/**
 * Ready when a key signs, the audit log takes writes (after a failed write it is tried again
 * here, so a broker taken out of a load balancer comes back once its disk has room), the store
 * takes a write (a read-only replica or a full disk is not ready) and no live peer on the store serves a key set this instance is behind or split from
 * (key-agreement.ts: a peer behind this instance's rotation is logged, not a reason); 503 otherwise. The endpoint is public, so its reason is generic: the store's error
 * names internal hosts and ports, which go to the broker's own log only.
 */
async function handleReady(ctx, req, res, requestId) {
    const { result, fresh } = await (0,readiness/* sharedReadiness */.sh)(ctx);
    const path = pathOf(req.url);
    // A check's warnings (a peer behind: said once while it lasts) are logged by the caller that ran
    // it, not again by each that shared or reused its result.
    if (fresh)
        for (const warning of result.warnings)
            ctx.log?.warn({ request_id: requestId }, `${path}: ${warning}`);
    // Not one line per probe while not ready (a public endpoint, polled by every load balancer).
    if (result.errors.length > 0)
        outageLogOf(ctx).refused(`/readyz: ${result.reason}`, requestId, `${path}: ${result.errors.join('; ')}`);
    if (result.ready)
        (0,http/* sendJson */.jD)(res, 200, { status: 'ok' });
    else
        (0,http/* sendJson */.jD)(res, 503, { status: 'unavailable', reason: result.reason });
}
/**
 * The audit event for a refused request, per route: every refusal of a request that carries a
 * credential or asks for one is in the log with its full reason (docs/broker.md#the-audit-log), including those
 * refused before the exchange looks at the token (a bad ttl, a missing project, a wrong grant).
 */
const REFUSAL_EVENTS = {
    '/auth/oidc/exchange': 'exchange_denied',
    '/oauth2/token': 'exchange_denied',
    '/oauth2/introspect': 'introspection_denied',
    '/mtls/certificates': 'cert_denied',
};
/**
 * Routes that carry a credential or ask for one: each request to them takes a token from its
 * client address's bucket (`rate_limit.per_address`), first of all checks (admitAddress); an
 * introspection with an API key verified before, from that key's bucket instead.
 */
const ADDRESS_LIMITED = new Set([
    '/auth/oidc/exchange',
    '/oauth2/token',
    '/oauth2/revoke',
    '/oauth2/introspect',
    '/mtls/certificates',
]);
/**
 * Each request being served: its id and route, for the line the drain logs when it cuts it off.
 * Kept on the response itself: a WeakMap entry per request cost its insertion and the collector's
 * work on every short-lived key.
 */
const SERVING = Symbol('stint.serving');
/** Requests the drain cut off: what their handlers meet afterwards is not theirs to report. */
const cutOff = new WeakSet();
/**
 * Logs the one line for a request that a drain cuts off (its connection closed with no answer, or
 * mid-answer), and marks it, so that whatever its handler meets afterwards (a body that never
 * came, the store and the audit log closed under it) is not logged as the broker's error. Nothing
 * cut off was answered 200: an answer goes out only once what it reports is stored, and the
 * connection it would go out on is closed. What the handler had done stays done (a revocation
 * written, an ID token spent); the client sees a closed connection and asks again.
 *
 * @example
 * await listening.close(10_000, (res) => cutOffByDrain(res, 'shutdown_grace (10s) ran out', log));
 */
function cutOffByDrain(res, why, log) {
    if (cutOff.has(res))
        return;
    cutOff.add(res);
    const request = res[SERVING];
    if (request === undefined)
        return;
    const answer = res.headersSent ? 'before its answer was complete' : 'without an answer';
    log?.warn({ request_id: request.requestId }, `${request.route}: request cut off by the drain deadline, still running when ${why}: its connection was closed ${answer}, so its client sees a closed connection and asks again (an exchange with a fresh ID token); raise shutdown_grace if requests need longer`);
}
/** The exchange routes, whose address token goes to the store with the replay record. */
const EXCHANGE_ROUTES = new Set(['/auth/oidc/exchange', '/oauth2/token']);
/**
 * The broker's request listener. Each request gets an `X-Request-Id` that is also in the error
 * body, the audit event and its access log line, so a user's report can be matched to the logs.
 * The access line names the route from the table above (or `other`), never the request target,
 * which may carry anything a caller put in it.
 */
function createRequestHandler(ctx) {
    let toldOfProxy = false;
    const logRefusal = refusalLogger(ctx);
    return (req, res) => {
        const started = performance.now();
        const requestId = (0,external_node_crypto_.randomUUID)();
        const trusted = (0,client_address/* trustedProxies */.gl)(ctx.config.trust_proxy);
        const address = (0,client_address/* clientAddress */.ci)(req, trusted);
        // Behind a proxy that is not listed, every client shares the proxy's address (and its
        // per-address rate limit). Said once, so the operator learns it without a line per request.
        if (!toldOfProxy && (0,client_address/* forwardedForIgnored */.I7)(req, trusted)) {
            toldOfProxy = true;
            ctx.log?.warn(`a request from ${address} carries X-Forwarded-For, which is ignored: ${address} is not in trust_proxy. Behind a proxy of yours, list it there, or every client counts as ${address} (audit events, the per-address rate limit)`);
        }
        res.setHeader('x-request-id', requestId);
        const path = pathOf(req.url);
        const route = path === undefined ? undefined : routeOf(path, prefixOf(ctx));
        const routeName = route ?? 'other';
        res[SERVING] = { requestId, route: routeName };
        res.once('finish', () => {
            ctx.metrics.request(routeName, res.statusCode);
            // A request that needed the store (and the keys, the audit log) was served: an outage is over.
            if (res.statusCode === 200 && (ADDRESS_LIMITED.has(routeName) || routeName === '/readyz'))
                outageLogOf(ctx).served();
        });
        ctx.metrics.inFlight(1);
        res.once('close', () => {
            ctx.metrics.inFlight(-1);
            ctx.log?.info((0,access_line/* accessLine */.v)(req, res, { route: routeName, started, requestId, clientAddress: address }), 'request');
        });
        dispatch(scopedContext(ctx, { requestId, clientAddress: address }), req, res, {
            requestId,
            address,
            path,
            route,
            started,
            logRefusal,
        });
    };
}
/** Per broker, by its store (as readiness.ts: each request has a context of its own). */
const outageLogs = new WeakMap();
/** The broker's outage log (outage-log.ts): 503 refusals and failed /readyz checks. */
function outageLogOf(ctx) {
    let outages = outageLogs.get(ctx.store);
    if (outages === undefined) {
        outages = createOutageLog(ctx.log, ctx.now);
        outageLogs.set(ctx.store, outages);
    }
    return outages;
}
/** How often a token naming a kid the broker may not fetch yet is logged, per issuer: its JWKS refetch interval. */
const KEY_PENDING_LOG_EVERY_MS = 10_000;
/**
 * Logs a refusal the broker answered with 5xx. ERR_TOKEN_KEY_PENDING (a kid the broker may not
 * ask the issuer for yet) is the caller's token, not a fault here, and anyone can send made-up
 * kids: it is a warning, at most one per issuer per KEY_PENDING_LOG_EVERY_MS, saying how many
 * were left out; each request keeps its access line.
 */
function refusalLogger(ctx) {
    // One entry per configured issuer (only those can get this far): bounded by the config.
    const pending = new Map();
    return (refusal, requestId, path) => {
        if (refusal.status < 500)
            return;
        const cause = refusal.cause;
        if (refusal.code !== 'ERR_TOKEN_KEY_PENDING' || !(cause instanceof jwks_cache/* KidNotYetFetched */.v)) {
            // An outage (503: the store, the audit log, the signing keys, the key set) is logged when it
            // starts, summarised at most once a minute, and said to be over; anything else, each time.
            if (refusal.status === 503) {
                const inner = innermostCode(refusal.cause);
                outageLogOf(ctx).refused(refusal.code, requestId, `${path}: ${refusal.reason}`, inner === undefined ? path : `${path} ${inner}`);
            }
            else
                ctx.log?.error({ request_id: requestId }, `${path}: ${refusal.reason}`);
            return;
        }
        const now = ctx.now();
        const last = pending.get(cause.issuer);
        if (last !== undefined && now < last.until) {
            last.held++;
            return;
        }
        pending.set(cause.issuer, { until: now + KEY_PENDING_LOG_EVERY_MS, held: 0 });
        const held = last?.held ?? 0;
        ctx.log?.warn({ request_id: requestId, code: refusal.code }, `${path}: ${refusal.reason}${held > 0 ? ` (${held} more such refusals for this issuer since the last line were not logged)` : ''}`);
    };
}
function dispatch(ctx, req, res, request) {
    const { requestId, address } = request;
    if (request.path === undefined) {
        (0,http/* sendError */.n4)(res, (0,http/* invalidRequest */.xk)('ERR_REQUEST_TARGET', 'the request target is not a valid URL path'), requestId);
        return;
    }
    const path = request.route;
    const route = path === undefined ? undefined : routes[path];
    if (path === undefined || !route) {
        (0,http/* sendError */.n4)(res, notFound(request.path, prefixOf(ctx)), requestId);
        return;
    }
    // HEAD is GET without the body (RFC 9110 §9.3.2), which node:http leaves out of the answer.
    const handler = route[req.method ?? 'GET'] ?? (req.method === 'HEAD' ? route.GET : undefined);
    if (!handler) {
        const allowed = Object.keys(route)
            .flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
            .join(', ');
        res.setHeader('allow', allowed);
        (0,http/* sendError */.n4)(res, new http/* BrokerError */.Wz(405, 'invalid_request', 'ERR_METHOD_NOT_ALLOWED', `${request.path} accepts ${allowed}`), requestId);
        return;
    }
    const admitted = ADDRESS_LIMITED.has(path) ? admitAddress(ctx, req, path, address) : Promise.resolve();
    // Only brokers that share a store have peers to disagree with: no step on the others' path.
    const gated = ctx.keyAgreement !== undefined && KEY_SET_GATED.has(path);
    (gated ? admitted.then(() => refuseWhileKeySetDisagrees(ctx)) : admitted)
        .then(() => handler(ctx, req, res, requestId))
        .catch(async (error) => {
        // Cut off by the drain, which said so: its connection is gone, and so may be the store and
        // the audit log, which the broker closes next; a failure from them is not the broker's error.
        if (cutOff.has(res))
            return;
        // An exchange refused before it reached the store still takes its address token, and an
        // empty bucket's 429 comes first, as the address is the first check.
        let refusal = asBrokerError(ctx, await takeDeferredAddressToken(ctx).then(() => error, (addressError) => addressError));
        const event = REFUSAL_EVENTS[path];
        if (event !== undefined && !(0,audit_append/* isAudited */.FY)(refusal)) {
            const failure = await (0,audit_append/* appendAudit */.u0)(ctx.audit, {
                event,
                request_id: requestId,
                outcome: refusal.status >= 500 ? 'error' : 'denied',
                code: refusal.code,
                reason: refusal.reason,
                ...refusal.auditFields,
            }).then(() => undefined, (failed) => failed);
            // A refusal is not answered without its audit line either (a 401 to a guessed API key
            // while the log is down would be an unaudited answer): 503 with Retry-After, as an exchange.
            if (failure !== undefined)
                refusal = unauditedRefusal(ctx, refusal, failure);
            // An exchange refused before the exchange ran (an address known to be empty, a malformed
            // request) is counted as well as audited, so stint_exchanges_total and the audit log agree.
            if (EXCHANGE_ROUTES.has(path)) {
                ctx.metrics.exchange(refusal.status >= 500 ? 'error' : 'denied', refusal.code, (performance.now() - request.started) / 1000);
            }
        }
        request.logRefusal(refusal, requestId, path);
        if (res.headersSent) {
            res.destroy();
            return;
        }
        // The client must read our answer, not a reset, while its upload is still arriving.
        if (!req.readableEnded)
            (0,http/* lingeringClose */.W$)(req, res);
        (0,http/* sendError */.n4)(res, refusal, requestId, path === '/oauth2/token' ? (0,http/* tokenEndpointShape */.g$)(refusal) : undefined);
    });
}
/**
 * Routes an instance whose key set disagrees with its peers' must not serve: each would spend an
 * ID token on a token the peers' JWKS does not verify, sign a certificate its peers do not vouch
 * for, or acknowledge a revocation of a peer's token without revoking it (RFC 7009 answers 200 for
 * a token the broker cannot verify).
 */
const KEY_SET_GATED = new Set(['/auth/oidc/exchange', '/oauth2/token', '/oauth2/revoke', '/mtls/certificates']);
/**
 * 503 with Retry-After, as a store outage, while the key agreement says this instance must not
 * serve (key-agreement.ts refusal(): the minority of a split, behind an emergency rotation, a
 * duplicate instance name); the caller retries and reaches another instance. Nothing before the
 * first judgement, and nothing for a broker without peers.
 */
async function refuseWhileKeySetDisagrees(ctx) {
    const problems = await ctx.keyAgreement?.refusal();
    if (problems === undefined)
        return;
    throw new http/* BrokerError */.Wz(503, 'temporarily_unavailable', 'ERR_KEY_SET_DISAGREES', 'this broker instance does not serve the same signing keys as its peers; try again shortly', {
        reason: `this instance does not serve the same signing keys as its peers, so it refuses exchanges, certificates and revocations until they agree: ${problems.map((problem) => `key set: ${problem}`).join('; ')}`,
        retryAfterSec: OUTAGE_RETRY_AFTER_SEC,
    });
}
/**
 * What a refusal whose audit line could not be written is answered instead: the audit log's
 * outage (503 ERR_AUDIT_WRITE, Retry-After), its reason naming the refusal it stands for.
 */
function unauditedRefusal(ctx, refusal, failure) {
    const reason = `the refusal (${refusal.status} ${refusal.code}) could not be audited: ${failure.message}`;
    return asBrokerError(ctx, new errors/* StintError */.Fp('ERR_AUDIT_WRITE', reason, { cause: failure }));
}
/**
 * The per-address limit, before any work: an address whose bucket is known to be empty is refused
 * at once. An exchange takes its token later, in one store operation with its replay record
 * (rate-limit.ts); introspection with an API key this broker has verified takes it from the key's
 * own bucket instead (takeApiKeyToken); every other limited route takes it now.
 */
async function admitAddress(ctx, req, path, address) {
    if (path === '/oauth2/introspect') {
        const keyId = introspectionKeyId(req);
        if (keyId !== undefined)
            return takeApiKeyToken(ctx, keyId);
    }
    if (!EXCHANGE_ROUTES.has(path))
        return takeAddressToken(ctx, address);
    refuseEmptyAddress(ctx, address);
    const request = requestOf(ctx);
    if (request !== undefined)
        request.addressToken = 'deferred';
}
/**
 * The id of the API key an introspection request carries, when this broker has verified it before;
 * undefined for anything else (no key, a key not verified yet, several Authorization fields).
 */
function introspectionKeyId(req) {
    const fields = req.headersDistinct.authorization;
    if (fields === undefined || fields.length !== 1)
        return undefined;
    const match = /^Bearer +(\S+)$/i.exec(fields[0]);
    return match === null ? undefined : (0,api_keys/* verifiedApiKeyId */.FF)(match[1]);
}
/** The path of a request target (origin- or absolute-form); undefined when no URL parser would accept it. */
function pathOf(target) {
    // A route's own path is its own pathname (no dot segments, nothing to escape): the common case
    // (a broker whose issuer has no path) skips the URL parser.
    if (target !== undefined && Object.hasOwn(routes, target))
        return target;
    try {
        return new URL(target ?? '/', 'http://broker.invalid').pathname;
    }
    catch {
        // A throw here would escape the request listener and stop the process.
        return undefined;
    }
}
/** The code of the deepest StintError in a cause chain (ERR_AUDIT_TRUNCATED under ERR_AUDIT_WRITE), if any. */
function innermostCode(cause) {
    let code;
    for (let at = cause, depth = 0; at instanceof errors/* StintError */.Fp && depth < 8; at = at.cause, depth++)
        code = at.code;
    return code;
}


/***/ }),

/***/ 278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KT: () => (/* binding */ listen),
  iW: () => (/* binding */ openBroker),
  j4: () => (/* binding */ restartOnlyChanges)
});

// UNUSED EXPORTS: KEY_MAINTENANCE_MS, TOKEN_RELOAD_MS, scheduleMaintenance

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/audit/log.ts
var log = __webpack_require__(8365);
// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/policy/index.ts + 9 modules
var src_policy = __webpack_require__(7855);
// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(9717);
// EXTERNAL MODULE: ./src/store/types.ts
var types = __webpack_require__(7940);
// EXTERNAL MODULE: ./src/tokens/keyset.ts
var keyset = __webpack_require__(33);
// EXTERNAL MODULE: ./src/tokens/open.ts
var tokens_open = __webpack_require__(8844);
// EXTERNAL MODULE: ./src/broker/audit-append.ts
var audit_append = __webpack_require__(7411);
// EXTERNAL MODULE: ./src/broker/http.ts
var http = __webpack_require__(2425);
// EXTERNAL MODULE: ./src/broker/jwks-cache.ts
var jwks_cache = __webpack_require__(359);
// EXTERNAL MODULE: ./src/broker/key-agreement.ts
var key_agreement = __webpack_require__(2955);
// EXTERNAL MODULE: ./src/broker/metrics.ts
var broker_metrics = __webpack_require__(8196);
// EXTERNAL MODULE: ./src/broker/mtls-ca.ts
var mtls_ca = __webpack_require__(970);
;// CONCATENATED MODULE: ./src/broker/plain-http.ts
/** What the broker says, in its usual error form, to a plain-HTTP request on its HTTPS port. */
const PLAIN_HTTP_DESCRIPTION = 'this port speaks HTTPS and the request came as plain HTTP: use https:// (not http://) in the broker URL';
const BODY = `${JSON.stringify({ error: 'invalid_request', error_description: PLAIN_HTTP_DESCRIPTION })}\n`;
const ANSWER = [
    'HTTP/1.1 400 Bad Request',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(BODY)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    BODY,
].join('\r\n');
/** A client that sent nothing more gets its connection closed after this (it has its answer), so a drain is not held long. */
const CLOSE_AFTER_MS = 1_000;
/** At most one log line per this interval; the next line counts those left out. */
const PLAIN_HTTP_LOG_INTERVAL_MS = 60_000;
/**
 * Answers a plain-HTTP request on the broker's HTTPS port with a plain `HTTP/1.1 400` that says to
 * use https://, as nginx does, instead of the reset OpenSSL leaves (which clients retry as a
 * network error, for a minute). Node reports the request as the TLS error ERR_SSL_HTTP_REQUEST,
 * after it has destroyed the TLS socket; the answer goes on the TCP socket under it (`_parent`,
 * which TLSSocket has always had), unencrypted, since the client speaks plain HTTP. Nothing of
 * the request is read or logged (it may carry a credential in clear). Logged as a warning, at
 * most once a minute.
 *
 * @example
 * answerPlainHttp(httpsServer, { log });
 */
function answerPlainHttp(server, options = {}) {
    const now = options.now ?? Date.now;
    let loggedAt = Number.NEGATIVE_INFINITY;
    let unlogged = 0;
    server.on('tlsClientError', (error, socket) => {
        if (error.code !== 'ERR_SSL_HTTP_REQUEST')
            return;
        const raw = socket._parent;
        if (raw === null || raw === undefined || raw.destroyed || !raw.writable)
            return;
        raw.on('error', () => raw.destroy());
        raw.setTimeout(CLOSE_AFTER_MS, () => raw.destroy());
        raw.end(ANSWER);
        if (options.log === undefined)
            return;
        const at = now();
        if (at - loggedAt < PLAIN_HTTP_LOG_INTERVAL_MS) {
            unlogged++;
            return;
        }
        const more = unlogged === 0 ? '' : ` (and ${unlogged} more since the last such line)`;
        loggedAt = at;
        unlogged = 0;
        options.log.warn({ client: raw.remoteAddress }, `a client (${raw.remoteAddress ?? 'unknown address'}) sent plain HTTP to this HTTPS port${more}: answered 400, use https:// (its broker URL says http://)`);
    });
}

// EXTERNAL MODULE: ./src/broker/routes.ts + 11 modules
var routes = __webpack_require__(2639);
;// CONCATENATED MODULE: ./src/broker/server.ts




















/**
 * How often, at most, the broker runs key maintenance, which re-reads the keys dir. Bounds how long
 * an emergency rotation (`stint keys rotate --now`) takes to reach a broker whose fs.watch is blind.
 */
const KEY_MAINTENANCE_MS = 30_000;
/**
 * Runs `run` again and again, each time after a delay drawn anew between half of `periodMs` and
 * all of it, and after the previous run has settled: brokers started together on one keys dir or
 * one token do not rotate in lockstep (two successors made milliseconds apart), and a change still
 * reaches each within `periodMs` plus one run. The timer does not hold the process.
 *
 * @example
 * const maintenance = scheduleMaintenance(() => keySet.maintain().catch(logIt));
 * // on close: maintenance.stop();
 */
function scheduleMaintenance(run, options = {}) {
    const periodMs = options.periodMs ?? KEY_MAINTENANCE_MS;
    const random = options.random ?? Math.random;
    let timer;
    let stopped = false;
    const next = () => {
        if (stopped)
            return;
        timer = setTimeout(() => {
            void run()
                .catch(() => undefined)
                .finally(next);
        }, periodMs / 2 + (periodMs / 2) * random());
        timer.unref();
    };
    next();
    return {
        stop() {
            stopped = true;
            clearTimeout(timer);
        },
    };
}
/** How often a broker on a PKCS#11 token re-reads the keys in it. */
const TOKEN_RELOAD_MS = 5_000;
/** A store's warning line (`WARN_STORE_PERSISTENCE: Redis …`) as a note carrying its code. */
function storeWarning(line) {
    const code = /^(WARN_[A-Z_]+): /.exec(line)?.[1];
    return { level: 'warn', message: line, ...(code === undefined ? {} : { code: code }) };
}
/**
 * Builds a broker from a validated config: signing keys, store, audit log, compiled policy, the
 * issuers' key cache. Keys rotated by `stint keys rotate` reach it through a watch on the keys dir,
 * and, where that watch sees nothing (NFS and other network file systems), through the periodic
 * maintenance, which re-reads the dir at least every KEY_MAINTENANCE_MS.
 *
 * @example
 * const broker = await openBroker(config, { env: process.env });
 * const { url, close } = await listen(broker.handler, { host: '127.0.0.1', port: 8080 });
 */
async function openBroker(config, options) {
    const now = options.now ?? Date.now;
    const policy = (0,src_policy/* compilePolicy */.C_)(config);
    // A CA key other users can read stops start-up, as a signing key does (SECURITY.md#the-mtls-ca).
    if (config.keys.pkcs11 === undefined)
        await (0,mtls_ca.checkCaKeyFile)(config.keys.ca_dir ?? (0,external_node_path_.join)(config.keys.dir, 'ca'));
    const metrics = options.metrics ?? (0,broker_metrics/* createMetrics */.Q)();
    const startupNotes = [];
    /** Set once openBroker returns: store warnings from then on (a data loss) go to the log itself. */
    let opened = false;
    // The store first: a second broker on an embedded store's state directory refuses at once
    // (ERR_STATE_LOCKED, naming the holder), rather than first wait 40 s for the audit log's lock,
    // which a stopped holder keeps.
    const store = await (0,store_open/* openStore */.C)(config.store, {
        keysDir: config.keys.dir,
        env: options.env,
        // The embedded store keeps the record of its journal beside the audit log, outside its state
        // directory, so a directory that lost its journal is told from a new one (docs/broker.md#state-on-disk).
        journalRecord: `${config.audit.file}.state.json`,
        // Redis durability settings that break a guarantee, read once at start (docs/many-brokers.md#persistence).
        // Read again when Redis lost its data under the running broker.
        onWarning: (message) => {
            const note = storeWarning(message);
            if (!opened)
                startupNotes.push(note);
            else if (note.code === undefined)
                options.log?.warn(note.message);
            else
                options.log?.warn({ code: note.code }, note.message);
        },
    });
    // A damaged API key file, or one a newer stint wrote, would refuse every resource server at
    // introspection while the broker called itself ready: stop here and say why.
    await store.checkApiKeys?.().catch(async (error) => {
        await store.close().catch(() => undefined);
        throw error;
    });
    // openAuditLog and openKeySet each create their own directory (0700).
    const instance = options.instance ?? (0,key_agreement/* instanceName */.zl)(options.env);
    const stdout = options.stdout;
    const audit = (0,audit_append/* stampInstance */.RB)(await (0,log/* openAuditLog */.QW)(config.audit.file, {
        // Its own lines (audit_write_failed) name the instance, as stampInstance does for the others.
        extra: { instance },
        ...(config.audit.stdout && stdout !== undefined ? { onLines: (text) => stdout.write(text) } : {}),
    }).catch(async (error) => {
        await store.close().catch(() => undefined);
        throw error;
    }), instance);
    // Files in keys.dir, or a PKCS#11 token (keys.pkcs11): the exchange and the CA only see a Signer.
    const keySet = await (0,tokens_open/* openConfiguredKeySet */.M)(config.keys, {
        env: options.env,
        now,
        // A Kubernetes Secret mount may not be written: then serve from it and leave rotation to `stint keys rotate`.
        detectReadOnlyDir: true,
        // A re-read that fails (its files changed and this user cannot read them) stops signing and
        // readiness until one succeeds (ERR_KEYS_UNREADABLE): counted, and said when it is over.
        onReload: (failure) => {
            metrics.signingKeysReload(failure !== undefined);
            if (failure === undefined)
                options.log?.info(`the signing keys in ${config.keys.dir} are readable again: signing and ready`);
        },
        // Scheduled rotations happen inside the broker; record them like the CLI records its own.
        onChange: async ({ generated, removed, reason }) => {
            await (0,audit_append/* appendAudit */.u0)(audit, {
                event: 'key_rotated',
                outcome: 'success',
                reason,
                generated: generated.map((key) => key.kid),
                removed,
            });
            // Keys lost from a token are news for the operator, not only for the audit log.
            if (reason.startsWith('keys missing'))
                options.log?.warn({ event: 'key_rotated' }, `signing keys: ${reason}; generated ${generated.map((key) => key.kid).join(', ')}`);
        },
    }).catch(async (error) => {
        await store.close().catch(() => undefined);
        throw error;
    });
    if (config.keys.pkcs11 !== undefined) {
        // Moved from file keys to a token: the old keys are no longer published, and the private one still lies on disk.
        const left = await (0,keyset/* fileKeysLeftIn */.br)(config.keys.dir);
        if (left.length > 0) {
            const longest = Math.max(0, ...Object.values(config.projects).map((project) => project.max_ttl));
            startupNotes.push({
                level: 'warn',
                message: `keys.pkcs11 is set, but ${config.keys.dir} still holds the signing keys of file-key mode (${left.join(', ')}): this broker neither publishes nor uses them, so tokens they signed no longer verify; delete them once those tokens expired (the longest max_ttl is ${(0,duration/* formatDuration */.a)(longest)}), since a private key left there is what keys.pkcs11 is meant to avoid (docs/pkcs11.md#moving-from-file-keys)`,
            });
        }
    }
    if (keySet.readOnlyDir) {
        startupNotes.push({
            level: 'info',
            message: `keys dir ${config.keys.dir} is read-only for this broker: serving its keys without writing there; rotate with \`stint keys rotate\` where it is writable (picked up within ${KEY_MAINTENANCE_MS / 1000} s)`,
        });
    }
    store.onDataset?.((change) => reportDataset(change, { metrics, audit, log: options.log }));
    // Instances sharing a store check they serve one key set (docs/many-brokers.md#one-key-set).
    const keyAgreement = (0,key_agreement/* startKeyAgreement */.Yk)({
        instance,
        store,
        keySet,
        now,
    });
    const jwks = (0,jwks_cache/* createJwksCache */.M)({
        ...(options.http ? { http: options.http } : {}),
        now,
        onFetch: (issuer, outcome) => metrics.jwksFetch(issuer, outcome),
    });
    // Writable here only: reload() swaps config and policy (requests pin theirs, request-scope.ts).
    const context = {
        config,
        policy,
        keySet,
        store,
        audit,
        jwks,
        metrics,
        now,
        keyAgreement,
        caDir: config.keys.ca_dir ?? (0,external_node_path_.join)(config.keys.dir, 'ca'),
        ...(options.log ? { log: options.log } : {}),
        ...(options.exposition ? { exposition: options.exposition } : {}),
    };
    const watcher = watchKeys(config.keys.dir, () => keySet.reload(), options.log);
    // Scheduled rotation: publish the successor ahead, retire keys out of grace. maintain() ends by
    // re-reading the dir, so this is also the fallback when fs.watch misses a change.
    const maintenance = scheduleMaintenance(() => keySet
        .maintain()
        .catch((error) => options.log?.error(`signing-key maintenance failed: ${error.message}`)));
    // A token has no watch: re-read it often (cheap), so keys rotated by another process (another
    // broker, `stint keys rotate`) and a reconnect after a lost session come within seconds.
    const tokenReload = keySet.token === undefined
        ? undefined
        : setInterval(() => {
            keySet
                .reload()
                .catch((error) => options.log?.error(`could not re-read the signing keys: ${error.message}`));
        }, TOKEN_RELOAD_MS);
    tokenReload?.unref();
    opened = true;
    return {
        context,
        startupNotes,
        handler: (0,routes/* createRequestHandler */.KB)(context),
        reload(next) {
            const fixed = restartOnlyChanges(context.config, next);
            if (fixed.length > 0) {
                throw new errors/* StintError */.Fp('ERR_CONFIG_RELOAD', `${fixed.join(', ')} changed; ${fixed.length === 1 ? 'that takes' : 'those take'} a restart, not a reload`);
            }
            const policy = (0,src_policy/* compilePolicy */.C_)(next);
            // One synchronous step. A request in flight keeps the config and policy it started with
            // (scopedContext pins them), even across its awaits; the next request gets the new ones.
            context.config = next;
            context.policy = policy;
        },
        async recordReload(outcome, sha256, reason) {
            metrics.configReload(outcome);
            await (0,audit_append/* appendAudit */.u0)(audit, {
                event: outcome === 'success' ? 'config_reloaded' : 'config_reload_failed',
                outcome: outcome === 'success' ? 'success' : 'error',
                config_sha256: sha256,
                ...(reason === undefined ? {} : { reason }),
            });
        },
        async close() {
            maintenance.stop();
            clearInterval(tokenReload);
            watcher?.close();
            await keyAgreement.close();
            await store.close();
            await audit.close();
        },
    };
}
/**
 * What the store learnt of its dataset (docs/many-brokers.md#when-redis-loses-its-data): a marker
 * written at a first start is an info line; a loss is an error line (code ERR_STORE_DATA_LOST), an
 * audit event `store_data_lost` and a count in stint_store_data_lost_total. The embedded store's
 * loss (a state directory that opened with no journal, docs/broker.md#state-on-disk) says so. The store itself
 * refuses, from then on, the ID tokens issued before the loss (ERR_TOKEN_REPLAY_UNKNOWN).
 */
function reportDataset(change, to) {
    if (change.kind === 'created') {
        to.log?.info(`the store's dataset marker ${change.key} was missing and is set now: this is the first broker on this Redis and prefix (or the first of a version that keeps the marker), or Redis lost its data while no broker ran (ID tokens exchanged before then could then be exchanged again until they expire)`);
        return Promise.resolve(true);
    }
    to.metrics.storeDataLost();
    const lost = new Date(change.lostAtMs).toISOString();
    const cut = new Date(change.lostAtMs + types/* ISSUED_BEFORE_LOSS_MARGIN_MS */.O0).toISOString();
    const journal = change.journal;
    const how = change.by === 'this broker'
        ? `was gone at ${lost}`
        : `was replaced by another broker, which found it gone at ${lost}`;
    const message = journal !== undefined
        ? `the state directory ${journal.dir} lost its journal: it holds no journal entry, but ${journal.record} shows this broker kept its journal there (${change.key}), so it was emptied, deleted or replaced while the broker was stopped (found at ${lost}); the replay records and revocations in it are gone. ID tokens issued before ${cut} are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire, and stint tokens revoked before are honoured again until they expire; find what emptied it (a volume not mounted, a cleanup, a directory moved aside) and keep store.dir on a volume that outlives the broker`
        : `the store lost its data: the dataset marker ${change.key} ${how}; the replay records, revocations and API keys stored before then are gone. ID tokens issued before ${cut} are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire, stint tokens revoked before are honoured again until they expire, and API keys must be created again; find why in the Redis log (a restart without appendonly, a failover to an empty replica, FLUSHALL, an eviction)`;
    to.log?.error({ code: 'ERR_STORE_DATA_LOST' }, message);
    return (0,audit_append/* appendAudit */.u0)(to.audit, {
        event: 'store_data_lost',
        outcome: 'error',
        code: 'ERR_STORE_DATA_LOST',
        reason: message,
        marker: change.key,
        lost_at: lost,
        refused_issued_before: cut,
        detected_by: change.by,
        ...(journal === undefined ? {} : { state_dir: journal.dir }),
    }).then(() => true, (error) => {
        to.log?.error(`could not audit the store's data loss: ${error.message}`);
        return false;
    });
}
/** The parts of a config a running broker cannot swap: they name files and connections it holds open. */
function restartOnlyChanges(current, next) {
    const changed = [];
    if (settings(current.keys) !== settings(next.keys))
        changed.push('keys');
    if (settings(current.store) !== settings(next.store))
        changed.push('store');
    if (current.audit.file !== next.audit.file)
        changed.push('audit.file');
    if (current.audit.stdout !== next.audit.stdout)
        changed.push('audit.stdout');
    if (current.issuer !== next.issuer)
        changed.push('issuer');
    return changed;
}
/** A config section as comparable text, without where its settings stand in the file (`*_at`). */
function settings(section) {
    return JSON.stringify(section, (key, value) => (key.endsWith('_at') ? undefined : value));
}
/** Re-reads the key set shortly after anything in the keys dir changes (a rotation by the CLI). */
function watchKeys(dir, reload, log) {
    let timer;
    try {
        const watcher = (0,external_node_fs_.watch)(dir, { persistent: false }, () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
                Promise.resolve()
                    .then(reload)
                    .catch((error) => log?.error(`could not reload the signing keys in ${dir}: ${error.message}`));
            }, 100);
            timer.unref();
        });
        watcher.on('error', () => watcher.close());
        return watcher;
    }
    catch {
        return undefined;
    }
}
/**
 * Requests one connection may have waiting behind the one being answered (HTTP/1.1 pipelining,
 * which no common client uses deeply); with more, the connection is cut.
 */
const MAX_PIPELINED = 32;
/** Per connection, its requests waiting for their turn. */
const waiting = new WeakMap();
/** Serves `handler` on host:port (0 picks a free port) and says where. */
async function listen(handler, options) {
    // Bound the time a client may take to send its request, so slow senders cannot tie up sockets.
    // Node enforces these on a timer, every 30 s by default: check every second, or a client
    // trickling its headers holds its socket three times longer than headersTimeout says.
    const limits = {
        requestTimeout: 30_000,
        headersTimeout: 10_000,
        keepAliveTimeout: 5_000,
        connectionsCheckingInterval: 1_000,
    };
    // Requests in flight, so a drain knows when it is done and can tell their clients not to come back.
    const active = new Set();
    let draining = false;
    let drained;
    const tracked = (req, res) => {
        // A request pipelined behind others starts only once its answer is next on the connection
        // (Node gives it the socket then). Node parses and hands over every pipelined request at once;
        // if the answer before it closes the connection (a refusal before its body was read), the
        // answers queued behind never get the socket and never close: run anyway, an exchange would
        // spend its ID token unanswered, and each would be held in flight for good.
        if (res.socket !== null) {
            start(req, res);
            return;
        }
        // Waiting requests cost memory and give Node no back-pressure (they write nothing yet), so a
        // client may have only so many: past that its connection is cut, none of them having run.
        const socket = req.socket;
        const queued = (waiting.get(socket) ?? 0) + 1;
        if (queued > MAX_PIPELINED) {
            socket.destroy();
            return;
        }
        waiting.set(socket, queued);
        res.once('socket', () => {
            waiting.set(socket, (waiting.get(socket) ?? 1) - 1);
            start(req, res);
        });
    };
    const start = (req, res) => {
        // Parsed from what a client went on sending after a refusal closed its connection: dropped.
        if ((0,http/* arrivedOnClosingConnection */.U0)(req)) {
            req.resume();
            return;
        }
        active.add(res);
        if (draining)
            res.setHeader('connection', 'close');
        res.once('close', () => {
            active.delete(res);
            if (!draining)
                return;
            // A keep-alive connection that just went idle would otherwise hold the drain open.
            server.closeIdleConnections();
            if (active.size === 0)
                drained?.();
        });
        handler(req, res);
    };
    let server;
    if (options.tls) {
        const https = (0,external_node_https_.createServer)({ ...limits, cert: options.tls.cert, key: options.tls.key, handshakeTimeout: 10_000 }, tracked);
        // http:// to this port gets a 400 that says so, not a reset that clients retry for a minute.
        answerPlainHttp(https, options.log === undefined ? {} : { log: options.log });
        server = https;
    }
    else {
        server = (0,external_node_http_.createServer)(limits, tracked);
    }
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    return {
        server,
        url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
        inFlight: () => active.size,
        close: async (graceMs = 2_000, onCut) => {
            draining = true;
            const closed = new Promise((resolve) => server.close(() => resolve()));
            server.closeIdleConnections();
            // Responses not yet started end their connection; the client opens a new one elsewhere.
            for (const res of active)
                if (!res.headersSent)
                    res.setHeader('connection', 'close');
            let cut = 0;
            if (active.size > 0) {
                let timer;
                await Promise.race([
                    new Promise((resolve) => {
                        drained = resolve;
                    }),
                    new Promise((resolve) => {
                        timer = setTimeout(resolve, graceMs);
                    }),
                ]);
                clearTimeout(timer);
                cut = active.size;
                for (const res of active)
                    onCut?.(res);
            }
            server.closeAllConnections();
            await closed;
            return { cut };
        },
    };
}


/***/ }),

/***/ 6286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ fetchJsonObject)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1931);
/* harmony import */ var _url_credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5757);



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
    const shown = (0,_url_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .urlForMessage */ .O)(url);
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
            const https = url.startsWith('http:') && (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isHttpsPortAnswer */ .zQ)(response.status, text);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp(codes.unreachable, `${shown} answered HTTP ${response.status}${https ? ' (that port serves HTTPS: the URL must start with https://)' : ''}`);
        }
    }
    catch (cause) {
        if (!(cause instanceof _http_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$))
            throw cause;
        if (cause.kind === 'too-large')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp(codes.tooLarge, `${shown} answered more than ${options.maxBytes} bytes`, { cause });
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp(codes.unreachable, `could not fetch ${shown}: ${cause.kind === 'timeout' ? 'timed out' : cause.reason}${cause.kind === 'certificate'
            ? certificateHint(cause.reason)
            : (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isPlainHttpPort */ .QH)(cause.reason)
                ? ' (nothing speaks TLS on that port: if the server serves plain HTTP, the URL must start with http://)'
                : ''}`, { cause });
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp(codes.invalid, `${shown} did not answer JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp(codes.invalid, `${shown} did not answer a JSON object`);
    }
    return value;
}
/**
 * Why Node refused the server's certificate, in words: a self-managed CI or a broker behind a
 * company CA is reached, and waiting will not change the answer.
 */
function certificateHint(code) {
    switch ((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .certificateProblem */ .VP)(code)) {
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

/***/ 2161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ KeyNotFetchedYet),
/* harmony export */   o: () => (/* binding */ createKeyCache)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

/**
 * A token's `kid` is not in the keys last fetched, and the source may not be asked again for
 * `retryAfterSec`: ERR_JWKS_UNAVAILABLE (503 with Retry-After, never 401), since a key
 * published since the last fetch verifies once the next fetch is allowed. A flood of made-up kids
 * gets this answer too, and still makes at most one fetch per interval.
 */
class KeyNotFetchedYet extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
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


/***/ }),

/***/ 4751:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   STINT_TOKEN_ALGS: () => (/* binding */ STINT_TOKEN_ALGS),
/* harmony export */   claimMismatch: () => (/* binding */ claimMismatch),
/* harmony export */   foundAfterSignature: () => (/* binding */ foundAfterSignature),
/* harmony export */   notYetValid: () => (/* binding */ notYetValid),
/* harmony export */   refuseForeignToken: () => (/* binding */ refuseForeignToken),
/* harmony export */   verifyStintAccessToken: () => (/* binding */ verifyStintAccessToken)
/* harmony export */ });
/* unused harmony exports MAX_TOKEN_LENGTH, fromJose */
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1196);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4605);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5674);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7961);
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4517);
/* harmony import */ var _clock_skew_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9280);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _url_credentials_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5757);
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
        header = (0,jose__WEBPACK_IMPORTED_MODULE_1__/* .decodeProtectedHeader */ ._)(token);
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
    const now = (0,_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .nowMs */ .T)(check.now);
    const tolerance = check.clockToleranceSec ?? _clock_skew_js__WEBPACK_IMPORTED_MODULE_3__/* .CLOCK_SKEW_SEC */ .E;
    let payload;
    try {
        ({ payload } = await (0,jose__WEBPACK_IMPORTED_MODULE_4__/* .jwtVerify */ .V)(token, check.key, {
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
        if (!(error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JOSEError */ .i4) && !(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp))
            throw error;
        const early = notYetValid(error, now / 1000, tolerance);
        if (early !== undefined)
            throw invalid(early, error);
        if (error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JOSEAlgNotAllowed */ .Rb)
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
        header = (0,jose__WEBPACK_IMPORTED_MODULE_1__/* .decodeProtectedHeader */ ._)(token);
        iss = (0,jose__WEBPACK_IMPORTED_MODULE_6__/* .decodeJwt */ .i)(token).iss;
    }
    catch {
        return;
    }
    if (iss !== issuer)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_TOKEN_INVALID', 
        // The expected issuer is the service's option: one with user info or a query is shown
        // without them (urlForMessage), as they may hold a credential; any other exactly as given.
        `this is not a stint token: issued by ${shown(iss)}, not ${JSON.stringify(/[@?]/.test(issuer) ? (0,_url_credentials_js__WEBPACK_IMPORTED_MODULE_7__/* .urlForMessage */ .O)(issuer) : issuer)}; exchange it at the broker first`);
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
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp)
        return error;
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWTExpired */ .n)
        return expired(error);
    const mismatch = claimMismatch(error, expected);
    if (mismatch !== undefined)
        return invalid(mismatch, error);
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWKSNoMatchingKey */ .BT)
        return invalid('it is signed by an unknown or retired key', error);
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWSSignatureVerificationFailed */ .h2)
        return invalid('its signature does not verify with any trusted key', error);
    if (foundAfterSignature(error))
        return invalid(error.message, error);
    // jose's words stay in `cause`.
    if (error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JOSEError */ .i4)
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
    return error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWTClaimValidationFailed */ .ie || error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWTInvalid */ .Dp;
}
/**
 * What jose's `"nbf" claim timestamp check failed` means, said so the reader knows what to fix:
 * a token that is not valid yet was made by a clock ahead of this one (or this one is behind).
 * Undefined for any other error.
 */
function notYetValid(error, nowSec, toleranceSec) {
    if (!(error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWTClaimValidationFailed */ .ie) || error.claim !== 'nbf' || error.reason !== 'check_failed')
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
    if (!(error instanceof jose__WEBPACK_IMPORTED_MODULE_5__/* .JWTClaimValidationFailed */ .ie) || error.reason !== 'check_failed')
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
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_VERIFY_CONFIG', `verifyStintAccessToken: ${option} is missing or empty; a stint token is checked against both the broker's issuer and, by a receiver, its audience`);
}
function invalid(reason, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_TOKEN_INVALID', `stint token rejected: ${reason}`, { cause });
}
function expired(cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_TOKEN_EXPIRED', 'stint token rejected: it has expired; request a new one', { cause });
}


/***/ })

};
