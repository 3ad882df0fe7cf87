export const id = 518;
export const ids = [518,233];
export const modules = {

/***/ 9280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ CLOCK_SKEW_SEC)
/* harmony export */ });
/**
 * The clock difference stint tolerates on `exp`, `nbf` and `iat` (docs/broker.md#what-an-exchange-checks), for the
 * CI's ID tokens at the broker and for stint's own tokens wherever they are verified. The
 * store keeps revocations this long past `exp` for the same reason.
 */
const CLOCK_SKEW_SEC = 60;


/***/ }),

/***/ 1066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ openPrivateAppend),
/* harmony export */   r: () => (/* binding */ ensurePrivateDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);



/**
 * Where stint keeps files that only its own user may change (the audit log, an mTLS private
 * key), and how it opens them. Whoever can write a directory can rename, replace or remove what
 * it holds, and can plant a symlink at a name stint is about to open, so that stint (often
 * root, in a container) writes or chmods a file of the attacker's choosing.
 */
/** Group- and other-write on a directory. */
const WRITABLE_BY_OTHERS = 0o022;
/** The sticky bit (S_ISVTX, not in Node's fs.constants): only a file's owner may rename or remove it. */
const STICKY = 0o1000;
/**
 * What to do about a path of another non-root user: usually the broker's (a `stint keys` command
 * run as root or as oneself on the broker's state), so the command belongs run as that user.
 */
function runAsOwner(owner) {
    return `run this as uid ${owner}, the user that owns it, as the broker does (under systemd's DynamicUser=, with the systemd-run command in deploy/README.md#systemd)`;
}
/**
 * Makes `dir` (and missing parents) with `mode` (0700), and checks an existing one: it must be
 * a directory owned by this user or root, that no other user can write. When group or others
 * can write it, it is tightened (those write bits removed, nothing else) if it belongs to this
 * user and this user is not root; otherwise it is refused with ERR_PATH_INSECURE and how to fix
 * it: stint never changes the mode of a directory it does not own, of a shared one like /tmp,
 * or of a system directory that root happens to own (Ubuntu's /var/log is group-writable on
 * purpose). A `dir` that is a symlink to a directory is followed: the operator named it.
 *
 * @example
 * await ensurePrivateDir('/var/lib/stint');   // created 0700; an existing 0777 one of ours becomes 0755
 */
async function ensurePrivateDir(dir, mode = 0o700) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode });
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dir);
    if (!info.isDirectory())
        throw insecure(`${dir} is not a directory`);
    const uid = process.getuid?.();
    if (uid === undefined)
        return; // Windows: no POSIX owners or modes.
    if (info.uid !== uid && info.uid !== 0) {
        throw insecure(`${dir} belongs to another user (uid ${info.uid}), who could replace what stint writes there; ${runAsOwner(info.uid)}, or use a directory of your own`);
    }
    if ((info.mode & WRITABLE_BY_OTHERS) === 0)
        return;
    const shared = (info.mode & STICKY) !== 0;
    if (info.uid === uid && uid !== 0 && !shared) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, info.mode & 0o7777 & ~WRITABLE_BY_OTHERS);
        return;
    }
    throw insecure(shared
        ? `${dir} is shared: other users can create files there (like /tmp) and could plant a symlink or a file of their own; use a directory of your own`
        : `${dir} is writable by its group or by others (mode ${(info.mode & 0o777).toString(8)}), who could replace what stint writes there; run \`chmod go-w ${dir}\` or use a directory of your own`);
}
/**
 * Opens `file` to append to and read it, creating it with `mode` (0600), without following a
 * symlink at that name (O_NOFOLLOW: a planted link is refused, not written through). What was
 * opened must be a regular file owned by this user with no second name (a hard link to a file
 * stint must not write); an existing file with looser modes is tightened through its
 * descriptor, never by path (which would follow a link swapped in meanwhile). `append` 0 opens
 * it to overwrite in place (positioned writes) instead.
 *
 * @example
 * const fd = openPrivateAppend('/var/lib/stint/audit.jsonl');
 */
function openPrivateAppend(file, mode = 0o600, append = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_APPEND) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDWR | append | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, mode);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw insecure(`${file} is a symbolic link: stint writes only to a file at that name, never through a link`, error);
        throw error;
    }
    try {
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!info.isFile())
            throw insecure(`${file} is not a regular file`);
        const uid = process.getuid?.();
        if (uid !== undefined && info.uid !== uid)
            throw insecure(info.uid === 0
                ? `${file} belongs to another user (uid ${info.uid}); move it aside or give it to the broker's user`
                : `${file} belongs to another user (uid ${info.uid}); ${runAsOwner(info.uid)}, or move it aside`);
        if (info.nlink > 1)
            throw insecure(`${file} has ${info.nlink} names (hard links); another of them could be a file stint must not write`);
        if ((info.mode & 0o7777) !== mode)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fchmodSync)(fd, mode);
    }
    catch (error) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        throw error;
    }
    return fd;
}
function insecure(message, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_PATH_INSECURE', message, cause === undefined ? undefined : { cause });
}


/***/ }),

/***/ 9691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CZ: () => (/* binding */ RETRY_BUDGET_RULE),
/* harmony export */   T_: () => (/* binding */ DEFAULT_BUDGET_MS),
/* harmony export */   WC: () => (/* binding */ revokeRetryEnd),
/* harmony export */   Y4: () => (/* binding */ REVOKE_BUDGET_MS),
/* harmony export */   tY: () => (/* binding */ exchangeBudgetMs),
/* harmony export */   yJ: () => (/* binding */ revokeBudgetMs)
/* harmony export */ });
/* unused harmony export MAX_REVOKE_BUDGET_MS */
/* harmony import */ var _clock_skew_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9280);

/**
 * How long the action and `stint exchange` keep retrying an exchange in all, unless
 * STINT_RETRY_BUDGET says otherwise (a revocation: REVOKE_BUDGET_MS). A module of its own so the action's start-up
 * can read it without loading the broker client, which only runs with a broker-url.
 */
const DEFAULT_BUDGET_MS = 60_000;
/** What STINT_RETRY_BUDGET must be, for the error that names a bad value. */
const RETRY_BUDGET_RULE = 'STINT_RETRY_BUDGET must be a number of seconds between 1 and 600';
/**
 * STINT_RETRY_BUDGET (seconds, at most 600) in milliseconds for the exchange (the action's and
 * `stint exchange`'s): DEFAULT_BUDGET_MS when it is unset or empty, undefined when it is not a
 * number in range (the caller refuses it, naming `RETRY_BUDGET_RULE`).
 *
 * @example exchangeBudgetMs(process.env.STINT_RETRY_BUDGET) // 60000 when unset
 */
function exchangeBudgetMs(value) {
    if (value === undefined || value.trim() === '')
        return DEFAULT_BUDGET_MS;
    const seconds = Number(value);
    return Number.isFinite(seconds) && seconds > 0 && seconds <= 600 ? seconds * 1000 : undefined;
}
/**
 * How long `stint revoke` and the action's post step keep trying to revoke a token, unless
 * STINT_RETRY_BUDGET says otherwise: longer than a Sentinel failover keeps the brokers answering
 * 503 (about 15 s, docs/many-brokers.md#no-acknowledged-record-lost-min_replica_acks), with room for a loaded
 * machine, so a job that ends during one still gets its token revoked.
 */
const REVOKE_BUDGET_MS = 30_000;
/**
 * The most STINT_RETRY_BUDGET gives a revocation: 5 minutes, the time GitHub gives a cancelled
 * job's steps before it ends them; a revocation only shortens a token's life, which ends anyway.
 */
const MAX_REVOKE_BUDGET_MS = 300_000;
/**
 * STINT_RETRY_BUDGET (seconds) in milliseconds for a revocation (`stint revoke`, the action's post
 * step): REVOKE_BUDGET_MS when unset, empty or not a positive number (a revocation at job end is
 * best effort and never refused for it), at most MAX_REVOKE_BUDGET_MS. It lengthens the default
 * as well as shortening it.
 *
 * @example revokeBudgetMs(undefined) // 30000; revokeBudgetMs('120') // 120000; revokeBudgetMs('600') // 300000
 */
function revokeBudgetMs(value) {
    const seconds = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_REVOKE_BUDGET_MS) : REVOKE_BUDGET_MS;
}
/**
 * When a revocation's retries end at the latest (RetryOptions.retryUntil, for `stint revoke` and the
 * action's post step): none starts more than CLOCK_SKEW_SEC after the token's expiry, by which
 * time the token is dead by any clock stint accepts. The first attempt is sent regardless.
 *
 * @example revokeRetryEnd(Date.parse('2026-12-07T20:10:00Z')).atMs // 20:11:00
 */
function revokeRetryEnd(expiresAtMs) {
    return {
        atMs: expiresAtMs + _clock_skew_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOCK_SKEW_SEC */ .E * 1000,
        why: `no retry more than ${_clock_skew_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOCK_SKEW_SEC */ .E} s (the clock difference stint allows) after the token's expiry`,
    };
}


/***/ }),

/***/ 1737:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hi: () => (/* binding */ RemoteError),
/* harmony export */   PL: () => (/* binding */ isRetryableHttpError),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   V9: () => (/* binding */ retryWithinBudget),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   sP: () => (/* binding */ brokerRequestId)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1931);
/* harmony import */ var _retry_budget_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9691);
/**
 * The classified, bounded retry every outbound client shares (the broker client, the CI ID-token
 * requests): which answers are worth another attempt (`isRetryableStatus`,
 * `isRetryableHttpError`), how long to wait, when to give up.
 * See docs/architecture.md.
 */




const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/**
 * An error from a remote system (the broker, or the runner's ID token service). It carries what
 * the server said so the caller can show it: `status`, the OAuth `error` code, the broker's
 * `error_description` as `description`, and its `request_id` as `requestId` (to find the
 * audit event). `retryable` says whether another attempt could succeed.
 */
class RemoteError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp {
    status;
    error;
    description;
    requestId;
    retryable;
    /** From Retry-After, when the server sent one. */
    retryAfterMs;
    constructor(code, message, details = {}) {
        super(code, message, { cause: details.cause });
        this.name = 'RemoteError';
        this.status = details.status;
        this.error = details.error;
        this.description = details.description;
        this.requestId = details.requestId;
        this.retryable = details.retryable ?? false;
        this.retryAfterMs = details.retryAfterMs;
    }
}
/** What the broker's request ids look like: `randomUUID()` (src/broker/routes.ts). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The broker's request id (`request_id` in its error bodies, or `X-Request-Id`), or undefined for
 * anything that is not one. The broker sends a random UUID; anything else came from elsewhere (a
 * proxy, a server echoing what it was sent) and may hold a token, so it is dropped rather than
 * repeated where the id goes: the message, the action's job summary (which no mask covers).
 *
 * @example
 * brokerRequestId('3f0c5e7a-9b1d-4c2e-8f6a-0d4b2c1e9a77') // '3f0c5e7a-9b1d-4c2e-8f6a-0d4b2c1e9a77'
 * brokerRequestId('eyJ0eXAiOiJKV1Qi…')                    // undefined
 */
function brokerRequestId(value) {
    return typeof value === 'string' && REQUEST_ID.test(value) ? value : undefined;
}
/** Whether an HTTP status is worth another attempt: 408, 429 and 5xx. Other 4xx never are. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/**
 * Whether a request that got no usable answer is worth another attempt: a broken or refused
 * connection and a timeout are (the next attempt may get through); a server certificate this
 * machine does not accept, a TLS handshake the server refuses, an oversized answer and a redirect
 * are not (the same server would answer the same way).
 */
function isRetryableHttpError(error) {
    return (error.kind === 'network' && !(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isTlsRefusal */ .il)(error.reason)) || error.kind === 'timeout';
}
/**
 * `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable.
 */
function parseRetryAfter(value, now) {
    if (value === null || value === undefined || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the budget is spent.
 * Waits use full-jitter exponential backoff (`random() * min(cap, base * 2^n)`), or the
 * server's `Retry-After` when it sent one and it fits in what is left of the budget. Only
 * `RemoteError`s with `retryable: true` are retried; anything else is thrown at once. When the
 * budget runs out, `giveUp` turns the last error and the attempt count into the error to throw;
 * `refused` says when a `Retry-After` longer than the rest of the budget ended it.
 *
 * @example
 * const doc = await retryWithinBudget((signal) => getJson(url, signal), { budgetMs: 10_000 },
 *   (last) => last);
 */
async function retryWithinBudget(attempt, options, giveUp) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const budget = options.budgetMs ?? _retry_budget_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_BUDGET_MS */ .T_;
    const attemptTimeout = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    const started = now();
    const deadline = started + budget;
    for (let attemptNumber = 1;; attemptNumber++) {
        const remaining = Math.max(1, deadline - now());
        const signal = AbortSignal.timeout(Math.min(attemptTimeout, remaining));
        try {
            return await attempt(signal, attemptNumber);
        }
        catch (error) {
            if (!(error instanceof RemoteError) || !error.retryable)
                throw error;
            const backoff = random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attemptNumber - 1));
            // Retry-After may lengthen the wait, never shorten it below the backoff: `Retry-After: 0`
            // must not turn the retries into a tight loop that also asks the CI for an ID token each time.
            const delay = error.retryAfterMs !== undefined ? Math.max(backoff, error.retryAfterMs) : backoff;
            // Give up now rather than sleep past the deadline: the caller wants an answer within its budget.
            const at = now();
            if (at + delay >= deadline) {
                const refused = error.retryAfterMs !== undefined && at + error.retryAfterMs >= deadline
                    ? { retryAfterMs: error.retryAfterMs, remainingMs: Math.max(0, deadline - at) }
                    : undefined;
                throw giveUp(error, attemptNumber, at - started, refused);
            }
            if (options.retryUntil !== undefined && at + delay >= options.retryUntil.atMs)
                throw giveUp(error, attemptNumber, at - started, undefined, options.retryUntil.why);
            if (options.onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: error.message, error }) === false)
                throw error;
            await sleep(delay);
        }
    }
}


/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jn: () => (/* binding */ isPrintableAscii),
/* harmony export */   Jz: () => (/* binding */ optionalBoolean),
/* harmony export */   kX: () => (/* binding */ headerValueProblem),
/* harmony export */   pQ: () => (/* binding */ optionalDuration),
/* harmony export */   q1: () => (/* binding */ lineAndColumn),
/* harmony export */   rM: () => (/* binding */ optionalHeaderName),
/* harmony export */   sx: () => (/* binding */ optionalString),
/* harmony export */   tk: () => (/* binding */ withoutTrailingNewline),
/* harmony export */   u4: () => (/* binding */ isRecord),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var _lib_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2543);

/**
 * Small readers for profile fields. Each one fails through `ctx.fail`, so every message names the
 * profile, the field and what is allowed.
 */
function optionalString(ctx, raw, field) {
    const value = raw[field];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string' || value === '')
        ctx.fail(field, 'must be a non-empty string');
    return value;
}
function oneOf(ctx, raw, field, allowed, fallback) {
    const value = raw[field];
    if ((value === undefined || value === null) && fallback !== undefined)
        return fallback;
    if (typeof value !== 'string' || !allowed.includes(value)) {
        ctx.fail(field, `${value === undefined ? 'is required and ' : ''}must be one of ${allowed.join(', ')}`);
    }
    return value;
}
function optionalBoolean(ctx, raw, field, fallback) {
    const value = raw[field];
    if (value === undefined || value === null)
        return fallback;
    if (typeof value !== 'boolean')
        ctx.fail(field, 'must be true or false');
    return value;
}
/** An HTTP header name as RFC 9110 allows (a token). */
function optionalHeaderName(ctx, raw, field) {
    const value = optionalString(ctx, raw, field);
    if (value !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value))
        ctx.fail(field, 'must be an HTTP header name (letters, digits, - and _)');
    return value;
}
/**
 * Seconds from a duration in stint's one grammar (src/lib/duration.ts: `60`, `'90s'`, `'5m'`,
 * `'1h30m'`), within [min, max].
 */
function optionalDuration(ctx, raw, field, limits) {
    const value = raw[field];
    if (value === undefined || value === null)
        return undefined;
    let seconds;
    if (typeof value === 'number' || typeof value === 'string') {
        try {
            seconds = (0,_lib_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E)(value);
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
function isRecord(value) {
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
function withoutTrailingNewline(value) {
    return value.replace(/\r?\n$/, '');
}
/** Whether `value` is printable ASCII only (space to `~`), as a header value must be to mean the same bytes to every client. */
function isPrintableAscii(value) {
    return /^[\x20-\x7e]*$/.test(value);
}
/**
 * Why `value` cannot be sent as it is in a header field (or undefined when it can), said without
 * quoting it. A line break would end the header line and start another (header injection, or a
 * different credential), and Node refuses control characters with an exception; outside printable
 * ASCII, clients send different bytes (UTF-8 or Latin-1) for the same text.
 */
function headerValueProblem(value) {
    if (value === '')
        return 'is empty once its trailing newline is dropped';
    if (/[\r\n]/.test(value))
        return 'holds a line break (CR or LF) that is not a single trailing newline; a header value cannot carry one (it would end the header line): store the value on one line';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value))
        return 'holds a control character (a tab, NUL, escape, …); a header value cannot carry one: store the value without it';
    if (!isPrintableAscii(value))
        return 'holds a character outside printable ASCII, which HTTP clients send as different bytes (UTF-8 or Latin-1); a token is printable ASCII: check that the value was copied whole and unchanged';
    return undefined;
}


/***/ }),

/***/ 5601:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fs: () => (/* binding */ publicKeyFingerprint),
/* harmony export */   Ou: () => (/* binding */ Der),
/* harmony export */   P_: () => (/* binding */ keyIdentifier),
/* harmony export */   QY: () => (/* binding */ allPem),
/* harmony export */   Vx: () => (/* binding */ OID),
/* harmony export */   a: () => (/* binding */ SIGNATURE_ALGORITHMS),
/* harmony export */   gH: () => (/* binding */ certificateFingerprint),
/* harmony export */   lq: () => (/* binding */ fromPem),
/* harmony export */   sg: () => (/* binding */ toPem),
/* harmony export */   yI: () => (/* binding */ loadForge),
/* harmony export */   zH: () => (/* binding */ loadForgeAsn1)
/* harmony export */ });
/* unused harmony export spkiOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The X.509 and PKCS#10 structures stint builds and reads, in DER, with node-forge's ASN.1 codec
 * and node:crypto's keys and signatures.
 *
 * Why not node-forge's `pki.createCertificate()` / `createCertificationRequest()`: they only know
 * RSA keys. An EC P-256 public key in a CSR makes `certificationRequestFromPem` throw, and forge
 * cannot sign with ECDSA at all. ECDSA P-256 is what we want for the CA and the default job key
 * (small, fast, what every TLS stack accepts). So forge does what it is good at — DER encoding and
 * decoding — and node:crypto does keys, signing and verification (RSA and EC alike, in OpenSSL).
 * node:crypto can read certificates (`X509Certificate`) but cannot make them or read CSRs, which is
 * why forge is still needed. Forge is heavy, so it is loaded only when a certificate or CSR is made.
 */

let forgeModule;
let asn1Module;
function defaultExport(module) {
    return (module.default ?? module);
}
/** All of node-forge (PKCS#12 needs it), loaded on first use: ~140 ms of CommonJS to parse. */
function loadForge() {
    forgeModule ??= Promise.all(/* import() */[__webpack_require__.e(357), __webpack_require__.e(542)]).then(__webpack_require__.t.bind(__webpack_require__, 8542, 23)).then((module) => defaultExport(module));
    return forgeModule;
}
/**
 * Only forge's ASN.1 codec (and the util and OID modules it pulls in), about a tenth of the load
 * time of the whole library: what `stint cert`, the action and the CA need on every run.
 */
function loadForgeAsn1() {
    // Each forge module registers itself on the shared object that lib/forge.js exports.
    asn1Module ??= __webpack_require__.e(/* import() */ 357).then(__webpack_require__.t.bind(__webpack_require__, 7357, 23))
        .then(() => __webpack_require__.e(/* import() */ 561).then(__webpack_require__.t.bind(__webpack_require__, 8561, 23)))
        .then((module) => defaultExport(module));
    return asn1Module;
}
const OID = {
    commonName: '2.5.4.3',
    organizationName: '2.5.4.10',
    basicConstraints: '2.5.29.19',
    keyUsage: '2.5.29.15',
    extKeyUsage: '2.5.29.37',
    subjectAltName: '2.5.29.17',
    subjectKeyIdentifier: '2.5.29.14',
    authorityKeyIdentifier: '2.5.29.35',
    clientAuth: '1.3.6.1.5.5.7.3.2',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    ecdsaWithSha384: '1.2.840.10045.4.3.3',
    ecdsaWithSha512: '1.2.840.10045.4.3.4',
    sha256WithRsa: '1.2.840.113549.1.1.11',
    sha384WithRsa: '1.2.840.113549.1.1.12',
    sha512WithRsa: '1.2.840.113549.1.1.13',
};
/** Signature algorithms we sign and accept, by OID, with the hash node:crypto needs. */
const SIGNATURE_ALGORITHMS = {
    [OID.ecdsaWithSha256]: { hash: 'sha256', keyType: 'ec' },
    [OID.ecdsaWithSha384]: { hash: 'sha384', keyType: 'ec' },
    [OID.ecdsaWithSha512]: { hash: 'sha512', keyType: 'ec' },
    [OID.sha256WithRsa]: { hash: 'sha256', keyType: 'rsa' },
    [OID.sha384WithRsa]: { hash: 'sha384', keyType: 'rsa' },
    [OID.sha512WithRsa]: { hash: 'sha512', keyType: 'rsa' },
};
/** A small DER builder over forge's codec; Buffers in, Buffers out. */
class Der {
    forge;
    constructor(forge) {
        this.forge = forge;
    }
    get a() {
        return this.forge.asn1;
    }
    seq(items) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SEQUENCE, true, items);
    }
    set(items) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SET, true, items);
    }
    oid(oid) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OID, false, this.a.oidToDer(oid).getBytes());
    }
    bool(value) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BOOLEAN, false, value ? '\xff' : '\x00');
    }
    /** A non-negative INTEGER from its big-endian magnitude (minimal DER encoding). */
    unsigned(bytes) {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0)
            start += 1;
        let body = bytes.subarray(start);
        if ((body[0] ?? 0) & 0x80)
            body = Buffer.concat([Buffer.from([0]), body]);
        if (body.length === 0)
            body = Buffer.from([0]);
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, body.toString('binary'));
    }
    int(value) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, this.a.integerToDer(value).getBytes());
    }
    utf8(text) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTF8, false, this.forge.util.encodeUtf8(text));
    }
    octets(bytes) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OCTETSTRING, false, bytes.toString('binary'));
    }
    /** BIT STRING with `unusedBits` padding bits in the last byte. */
    bits(bytes, unusedBits = 0) {
        return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BITSTRING, false, String.fromCharCode(unusedBits) + bytes.toString('binary'));
    }
    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds. */
    time(ms) {
        const date = new Date(Math.floor(ms / 1000) * 1000);
        return date.getUTCFullYear() < 2050
            ? this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTCTIME, false, this.a.dateToUtcTime(date))
            : this.a.create(this.a.Class.UNIVERSAL, this.a.Type.GENERALIZEDTIME, false, this.a.dateToGeneralizedTime(date));
    }
    /** `[n]` EXPLICIT around `inner`. */
    explicit(tag, inner) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
    }
    /** `[n]` IMPLICIT primitive with raw content (e.g. a SAN URI, a key identifier). */
    implicit(tag, content) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, false, content.toString('binary'));
    }
    /** `[n]` IMPLICIT constructed (e.g. the empty attributes of a CSR). */
    implicitSet(tag, items) {
        return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, items);
    }
    /** A Name of the given attributes, one RDN each, values as UTF8String. */
    name(attributes) {
        return this.seq(attributes.map(([oid, value]) => this.set([this.seq([this.oid(oid), this.utf8(value)])])));
    }
    /** Raw DER (e.g. an SPKI from node:crypto) as a node to embed. */
    raw(der) {
        return this.a.fromDer(der.toString('binary'), true);
    }
    encode(node) {
        return Buffer.from(this.a.toDer(node).getBytes(), 'binary');
    }
    /** AlgorithmIdentifier for signing with `key` (ECDSA: no parameters; RSA: NULL, RFC 4055). */
    signatureAlgorithm(key) {
        if (key.asymmetricKeyType === 'ec')
            return this.seq([this.oid(OID.ecdsaWithSha256)]);
        return this.seq([this.oid(OID.sha256WithRsa), this.a.create(this.a.Class.UNIVERSAL, this.a.Type.NULL, false, '')]);
    }
    /** `SEQUENCE { toBeSigned, algorithm, BIT STRING signature }`, as certificates and CSRs are. */
    signed(toBeSigned, algorithm, key) {
        const signature = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)('sha256', this.encode(toBeSigned), key);
        return this.encode(this.seq([toBeSigned, algorithm, this.bits(signature)]));
    }
}
/** PEM armour around DER, 64 characters a line. */
function toPem(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
/** The DER inside the first PEM block with `label`, or undefined. */
function fromPem(label, pem) {
    const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
    if (match?.[1] === undefined)
        return undefined;
    return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}
/** Every PEM block with `label`, in order, re-armoured (LF line ends, 64 columns). */
function allPem(label, pem) {
    const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
    return [...pem.matchAll(pattern)].map((match) => toPem(label, Buffer.from((match[1] ?? '').replace(/\\s+/g, ''), 'base64')));
}
/** SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 §4.2.1.2 method (1). */
function keyIdentifier(forge, publicKey) {
    const spki = forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'), {
        strict: true,
        decodeBitStrings: false,
    });
    const bitString = spki.value[1];
    const bits = Buffer.from(bitString?.value ?? '', 'binary').subarray(1);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(bits).digest();
}
/** `sha256:<hex>` of a certificate's DER, the form stint uses for every fingerprint. */
function certificateFingerprint(der) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(der).digest('hex')}`;
}
/** `sha256:<hex>` of a key's SubjectPublicKeyInfo DER (a private key: of its public half). */
function publicKeyFingerprint(key) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(spkiOf(key)).digest('hex')}`;
}
/** The public key of a certificate or key PEM, for "does this key match" checks. */
function spkiOf(key) {
    return (key.type === 'private' ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key) : key).export({ type: 'spki', format: 'der' });
}


/***/ }),

/***/ 6386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ readCsr),
/* harmony export */   R: () => (/* binding */ createCsr)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5601);
/**
 * PKCS#10 certificate signing requests: made in the job (`createCsr`) and checked by the broker's
 * CA (`readCsr`). Both work for EC P-256 and RSA keys, which node-forge's own CSR code does not
 * (see mtls-asn1.ts for why).
 */



/** Largest CSR the CA reads; a P-256 CSR is ~250 bytes, an RSA 4096 one ~1.7 KB. */
const MAX_CSR_BYTES = 16 * 1024;
/**
 * A PEM CSR for `privateKey` (EC P-256 or RSA), subject `CN=<commonName>`, no attributes.
 *
 * @example
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const csrPem = await createCsr(privateKey, 'stint ephemeral client');
 */
async function createCsr(privateKey, commonName) {
    const der = new _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .Der */ .Ou(await (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .loadForgeAsn1 */ .zH)());
    const publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey);
    const info = der.seq([
        der.int(0),
        der.name([[_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .OID */ .Vx.commonName, commonName]]),
        der.raw(publicKey.export({ type: 'spki', format: 'der' })),
        der.implicitSet(0, []),
    ]);
    return (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .toPem */ .sg)('CERTIFICATE REQUEST', der.signed(info, der.signatureAlgorithm(privateKey), privateKey));
}
/**
 * Parses a PEM CSR, checks it is canonical DER, that its self-signature verifies (proof that the
 * requester holds the private key), and that the key is RSA ≥ 2048 bits or EC P-256.
 * Throws `StintError('ERR_CSR_INVALID')` saying what is wrong.
 */
async function readCsr(csrPem) {
    if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_BYTES * 2)
        invalid('expected a PEM "CERTIFICATE REQUEST" of at most 16 KB');
    const bytes = (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .fromPem */ .lq)('CERTIFICATE REQUEST', csrPem) ?? (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .fromPem */ .lq)('NEW CERTIFICATE REQUEST', csrPem);
    if (bytes === undefined || bytes.length === 0)
        invalid('expected a PEM block "-----BEGIN CERTIFICATE REQUEST-----"');
    if (bytes.length > MAX_CSR_BYTES)
        invalid('the CSR is larger than 16 KB');
    const forge = await (0,_mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .loadForgeAsn1 */ .zH)();
    const der = new _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .Der */ .Ou(forge);
    let root;
    try {
        root = forge.asn1.fromDer(bytes.toString('binary'), {
            strict: true,
            decodeBitStrings: false,
            parseAllBytes: true,
        });
    }
    catch (error) {
        invalid('the CSR is not valid DER', error);
    }
    // Re-encoding must give back the same bytes: the signature covers the exact encoding, and a
    // non-canonical (BER) CSR is refused rather than interpreted.
    if (!der.encode(root).equals(bytes))
        invalid('the CSR is not canonical DER');
    const [info, algorithm, signatureBits] = children(root, 3, 'CertificationRequest');
    const infoParts = children(info, 4, 'CertificationRequestInfo');
    const version = infoParts[0];
    if (version.type !== forge.asn1.Type.INTEGER || version.value !== '\x00')
        invalid('only CSR version 1 (0) is supported');
    const [algorithmOid] = children(algorithm, undefined, 'signatureAlgorithm');
    const algorithmName = forge.asn1.derToOid(algorithmOid.value);
    const signatureAlgorithm = _mtls_asn1_js__WEBPACK_IMPORTED_MODULE_2__/* .SIGNATURE_ALGORITHMS */ .a[algorithmName];
    if (signatureAlgorithm === undefined)
        invalid(`signature algorithm ${algorithmName} is not supported (use ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512)`);
    if (signatureBits.type !== forge.asn1.Type.BITSTRING || signatureBits.value.charCodeAt(0) !== 0)
        invalid('the signature is not a whole-byte BIT STRING');
    let publicKey;
    try {
        publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: der.encode(infoParts[2]), format: 'der', type: 'spki' });
    }
    catch (error) {
        invalid('its public key cannot be read', error);
    }
    const keyDescription = checkKey(publicKey);
    if (publicKey.asymmetricKeyType !== signatureAlgorithm.keyType)
        invalid(`its signature algorithm does not fit its ${keyDescription} key`);
    const signature = Buffer.from(signatureBits.value.slice(1), 'binary');
    let good = false;
    try {
        good = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(signatureAlgorithm.hash, der.encode(info), publicKey, signature);
    }
    catch {
        good = false;
    }
    if (!good)
        invalid('its signature does not verify: the CSR must be signed by the private key it carries');
    return { publicKey, keyDescription };
}
/** RSA at least 2048 bits (and at most 8192, so a request cannot make us do huge-key work), or EC P-256. */
function checkKey(key) {
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') {
        const bits = details.modulusLength ?? 0;
        if (bits < 2048 || bits > 8192)
            invalid(`RSA keys must have 2048 to 8192 bits, this one has ${bits}`);
        return `RSA ${bits}`;
    }
    if (key.asymmetricKeyType === 'ec') {
        if (details.namedCurve !== 'prime256v1')
            invalid(`EC keys must be on P-256, this one is on ${details.namedCurve ?? 'an unnamed curve'}`);
        return 'EC P-256';
    }
    return invalid(`${key.asymmetricKeyType ?? 'this'} keys are not accepted (use EC P-256 or RSA ≥ 2048)`);
}
function children(node, count, what) {
    if (!node.constructed ||
        !Array.isArray(node.value) ||
        (count !== undefined && node.value.length !== count) ||
        node.value.length === 0) {
        invalid(`malformed ${what}`);
    }
    return node.value;
}
function invalid(reason, cause) {
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_CSR_INVALID', `invalid CSR: ${reason}`, cause === undefined ? undefined : { cause });
}


/***/ }),

/***/ 3233:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadClientCertificate: () => (/* binding */ loadClientCertificate),
  setUpMtls: () => (/* binding */ setUpMtls)
});

// UNUSED EXPORTS: EXPIRY_WARNING_MS, mtlsConfigAfterSetUp, parseMtlsProfile

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/private-dir.ts
var private_dir = __webpack_require__(1066);
// EXTERNAL MODULE: ./src/signing/mtls-asn1.ts
var mtls_asn1 = __webpack_require__(5601);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/retry.ts
var retry = __webpack_require__(1737);
// EXTERNAL MODULE: ./src/signing/mtls-csr.ts
var mtls_csr = __webpack_require__(6386);
;// CONCATENATED MODULE: ./src/signing/mtls-ephemeral.ts
/**
 * `source: ephemeral`: the key is made here and never leaves the job; the broker's CA signs a CSR
 * for it, authorised by the stint token, and the certificate lives no longer than that token.
 */





/** Longest wait for the broker's answer. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A certificate and its CA as PEM: a few KB. */
const MAX_RESPONSE_BYTES = 256 * 1024;
/** A fresh key of the profile's type: EC P-256 (fast, small) or RSA 2048 for servers that need RSA. */
function generateClientKey(keyType) {
    return keyType === 'rsa'
        ? (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: 2048 }).privateKey
        : (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' }).privateKey;
}
/**
 * POSTs a CSR for `key` to `${brokerUrl}/mtls/certificates` with the stint token, and checks the
 * answer: a certificate for exactly this key, issued by the CA the broker returned with it.
 * Throws ERR_BROKER_UNREACHABLE, ERR_MTLS_CERT_REFUSED (with the broker's error_description and
 * request_id) or ERR_MTLS_CERT_INVALID.
 */
async function requestBrokerCertificate(options) {
    const url = `${options.brokerUrl.replace(/\/+$/, '')}/mtls/certificates`;
    const csr = await (0,mtls_csr/* createCsr */.R)(options.key, 'stint ephemeral client');
    let response;
    try {
        // Redirects are refused (the layer's default): the stint token goes only to the broker.
        response = await (options.http ?? http/* httpRequest */.aj)({
            url,
            method: 'POST',
            headers: {
                authorization: `Bearer ${options.token}`,
                'content-type': 'application/json',
                accept: 'application/json',
            },
            body: JSON.stringify({ csr }),
            timeoutMs: REQUEST_TIMEOUT_MS,
            maxResponseBytes: MAX_RESPONSE_BYTES,
        });
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        throw new errors/* StintError */.Fp('ERR_BROKER_UNREACHABLE', `cannot reach the broker at ${url} for a client certificate (${error.reason})`, { cause: error });
    }
    const body = parseJson(response.text());
    if (response.status < 200 || response.status > 299) {
        const error = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
        const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
        // Only in the broker's form: anything else may be an echo of the token sent.
        const id = (0,retry/* brokerRequestId */.sP)(body?.request_id);
        const requestId = id === undefined ? '' : ` (request_id ${id})`;
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_REFUSED', `the broker refused a client certificate: ${response.status} ${error}${description}${requestId}`);
    }
    if (typeof body?.certificate !== 'string' || typeof body.ca !== 'string') {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', `the broker's answer from ${url} has no certificate and ca; is that a stint broker?`);
    }
    let leaf;
    let ca;
    try {
        leaf = new external_node_crypto_.X509Certificate(body.certificate);
        ca = new external_node_crypto_.X509Certificate(body.ca);
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', `the broker returned a certificate or CA that cannot be read`, {
            cause: error,
        });
    }
    const ours = (0,external_node_crypto_.createPublicKey)(options.key).export({ type: 'spki', format: 'der' });
    if (!leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(ours)) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', 'the broker returned a certificate for a different key');
    }
    if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', 'the broker returned a certificate its CA did not sign');
    }
    return { key: options.key, leaf, certificatePem: body.certificate, caPem: body.ca };
}
function parseJson(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null ? value : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/signing/mtls-files.ts
/**
 * Where set-up mTLS material lands on disk: one 0600 file each for the certificate, the key and the
 * CA, in a private directory the caller chooses (`ensurePrivateDir`: made 0700; an existing one
 * that others can write is tightened or refused). The action passes a folder under $RUNNER_TEMP,
 * never the workspace, so nothing can end up in an artifact.
 */



/** The file names for profile `name` in `dir` (names are already limited to [A-Za-z0-9_.-]). */
function mtlsFilePaths(dir, name) {
    // Profile names are checked when parsed; this guards direct callers against a name like ../x.
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `mtls profile name ${JSON.stringify(name)} cannot name a file: use letters, digits, ., _ or -`);
    return {
        certPath: (0,external_node_path_.join)(dir, `${name}.cert.pem`),
        keyPath: (0,external_node_path_.join)(dir, `${name}.key.pem`),
        caPath: (0,external_node_path_.join)(dir, `${name}.ca.pem`),
        serverCaPath: (0,external_node_path_.join)(dir, `${name}.server-ca.pem`),
    };
}
/**
 * Writes `content` to `path` with mode 0600. Any file already there is removed first and the new
 * one created exclusively, so a planted symlink is never followed and the mode is never inherited.
 */
async function writePrivateFile(path, content) {
    await (0,promises_.unlink)(path).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
    });
    const handle = await (0,promises_.open)(path, 'wx', 0o600);
    try {
        await handle.writeFile(content);
        // The umask can only remove bits; set 0600 explicitly so the mode never depends on it.
        await handle.chmod(0o600);
    }
    finally {
        await handle.close();
    }
    await (0,promises_.chmod)(path, 0o600);
}

;// CONCATENATED MODULE: ./src/signing/mtls-material.ts
/**
 * Reads a provided client certificate (PEM or PKCS#12) into PEM text a TLS client can use, and
 * checks it before any request relies on it: the key must match the certificate, and the
 * certificate must be valid now. Messages name the profile and field, never the content.
 */




/** A provided certificate expiring sooner than this gets a warning (docs/troubleshooting.md#err_mtls_cert_expired). */
const EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;
/** Loads and checks provided material. Throws ERR_MTLS_* (docs/troubleshooting.md#mtls-client-certificates). */
async function loadMaterial(profile, material, nowMs) {
    const loaded = material.kind === 'pem'
        ? await loadPem(profile, material)
        : await loadP12(profile, material.p12, material.passphrase);
    return { ...loaded, warnings: checkValidity(profile, loaded.leaf, nowMs) };
}
/** Errors when the certificate is expired or not yet valid; a warning when it expires within 14 days (unless a stint broker issued it). */
function checkValidity(profile, leaf, nowMs) {
    const notAfter = Date.parse(leaf.validTo);
    const notBefore = Date.parse(leaf.validFrom);
    if (notAfter <= nowMs) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_EXPIRED', `mtls profile "${profile}": the client certificate ${leaf.subject.replace(/\n/g, ', ')} expired on ${new Date(notAfter).toISOString()}; renew it`);
    }
    if (notBefore > nowMs) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_NOT_YET_VALID', `mtls profile "${profile}": the client certificate is not valid before ${new Date(notBefore).toISOString()}; check the clock or the certificate`);
    }
    // A certificate a stint broker issued (`stint cert`, the action's ephemeral source, which the
    // action hands on as a provided profile) lives as long as the token it was issued for: its
    // expiry is its design, and a warning at every `stint request` would be noise.
    if (notAfter - nowMs < EXPIRY_WARNING_MS && !issuedByStintBroker(leaf)) {
        const days = Math.floor((notAfter - nowMs) / 86_400_000);
        return [
            `mtls profile "${profile}": the client certificate ${leaf.subject.replace(/\n/g, ', ')} expires in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`} (${new Date(notAfter).toISOString()}); renew it`,
        ];
    }
    return [];
}
/** The issuer the broker's CA names itself with (src/broker/mtls-ca.ts): O=stint, CN=stint client CA <hex>. */
function issuedByStintBroker(leaf) {
    const parts = leaf.issuer.split('\n');
    return parts.includes('O=stint') && parts.some((part) => /^CN=stint client CA [0-9a-f]{8}$/.test(part));
}
async function loadPem(profile, material) {
    const certText = await readSource(profile, 'cert', material.cert);
    const certificates = (0,mtls_asn1/* allPem */.QY)('CERTIFICATE', certText);
    if (certificates.length === 0)
        invalid(profile, 'cert', 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    const chainText = material.chain === undefined ? '' : await readSource(profile, 'chain', material.chain);
    const chain = [...certificates.slice(1), ...(0,mtls_asn1/* allPem */.QY)('CERTIFICATE', chainText)];
    const leaf = parseCertificate(profile, 'cert', certificates[0]);
    for (const pem of chain)
        parseCertificate(profile, 'chain', pem);
    const key = parseKey(profile, await readSource(profile, 'key', material.key), material.passphrase);
    matchKey(profile, leaf, key);
    return { leaf, certPem: certificates[0], chainPem: chain.join(''), keyPem: exportKey(key) };
}
/**
 * PKCS#12 through node-forge. Forge cannot read EC keys or certificates itself, but hands back their
 * ASN.1, which node:crypto reads; so RSA and EC bundles both work.
 */
async function loadP12(profile, source, passphrase) {
    const bytes = 'file' in source
        ? await readBinary(profile, 'p12_file', source.file)
        : Buffer.from(source.inline.replace(/\s+/g, ''), 'base64');
    const forge = await (0,mtls_asn1/* loadForge */.yI)();
    let p12;
    try {
        p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), false, passphrase);
    }
    catch (error) {
        const wrongPassword = /MAC could not be verified|decrypt|password/i.test(error.message);
        throw new errors/* StintError */.Fp('ERR_MTLS_P12_INVALID', wrongPassword
            ? `mtls profile "${profile}": the PKCS#12 bundle cannot be opened with the passphrase given; check passphrase/passphrase_env`
            : `mtls profile "${profile}": p12 is not a PKCS#12 bundle (give it base64-encoded, e.g. base64 -w0 client.p12)`);
    }
    const der = (node) => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
    const keys = [];
    for (const type of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
        for (const bag of p12.getBags({ bagType: type })[type] ?? []) {
            const asn1 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
            if (asn1)
                keys.push((0,external_node_crypto_.createPrivateKey)({ key: der(asn1), format: 'der', type: 'pkcs8' }));
        }
    }
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    const certificates = certBags.flatMap((bag) => {
        const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        return asn1 ? [new external_node_crypto_.X509Certificate(der(asn1))] : [];
    });
    const key = keys[0];
    if (key === undefined || keys.length > 1)
        invalid(profile, 'p12', keys.length === 0 ? 'holds no private key' : 'holds more than one private key');
    const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
    if (leaf === undefined) {
        throw new errors/* StintError */.Fp('ERR_MTLS_KEY_MISMATCH', `mtls profile "${profile}": the PKCS#12 bundle holds no certificate for its private key`);
    }
    const chain = certificates.filter((certificate) => certificate !== leaf);
    return {
        leaf,
        certPem: (0,mtls_asn1/* toPem */.sg)('CERTIFICATE', leaf.raw),
        chainPem: chain.map((c) => (0,mtls_asn1/* toPem */.sg)('CERTIFICATE', c.raw)).join(''),
        keyPem: exportKey(key),
    };
}
/** The certificate as a TLS client presents it: leaf, then chain. */
function presentedChain(material) {
    return material.certPem + material.chainPem;
}
async function readSource(profile, field, source) {
    if ('inline' in source)
        return source.inline;
    return (await readBinary(profile, `${field}_file`, source.file)).toString('utf8');
}
async function readBinary(profile, field, file) {
    try {
        return await (0,promises_.readFile)(file);
    }
    catch (error) {
        invalid(profile, field, `cannot read ${file} (${error.code ?? 'error'})`);
    }
}
function parseCertificate(profile, field, pem) {
    try {
        return new external_node_crypto_.X509Certificate(pem);
    }
    catch {
        invalid(profile, field, 'is not a valid PEM certificate');
    }
}
function parseKey(profile, text, passphrase) {
    try {
        return (0,external_node_crypto_.createPrivateKey)(passphrase === undefined ? text : { key: text, passphrase });
    }
    catch {
        // Never echo the parser's message: it can quote key bytes.
        invalid(profile, 'key', 'is not a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted keys need passphrase/passphrase_env)');
    }
}
function matchKey(profile, leaf, key) {
    if (!leaf.checkPrivateKey(key)) {
        throw new errors/* StintError */.Fp('ERR_MTLS_KEY_MISMATCH', `mtls profile "${profile}": the private key does not belong to the certificate ${leaf.subject.replace(/\n/g, ', ')}; give the key the certificate was issued for`);
    }
}
function exportKey(key) {
    return key.export({ type: 'pkcs8', format: 'pem' });
}
function invalid(profile, field, message) {
    throw new errors/* StintError */.Fp('ERR_MTLS_MATERIAL_INVALID', `mtls profile "${profile}": ${field} ${message}`);
}

// EXTERNAL MODULE: ./src/signing/mtls-profile.ts
var mtls_profile = __webpack_require__(271);
;// CONCATENATED MODULE: ./src/signing/mtls.ts









/**
 * Sets up an mtls profile: for `ephemeral`, makes a key and CSR here and gets the certificate from
 * the broker CA with the stint token; for `provided`, reads and checks the given PEM or PKCS#12.
 * Either way writes certificate, key and CA as 0600 files under `dir`.
 * Throws ERR_MTLS_* / ERR_BROKER_UNREACHABLE (never quoting key material).
 *
 * @example
 * const setUp = await setUpMtls(profile, { brokerUrl, token, dir: join(process.env.RUNNER_TEMP!, 'stint') });
 * for (const s of setUp.secrets) core.setSecret(s);
 * core.setOutput('cert-path', setUp.certPath);
 */
async function setUpMtls(given, options) {
    const profile = asParsed(given);
    const nowMs = (options.now ?? Date.now)();
    const paths = mtlsFilePaths(options.dir, profile.name);
    await (0,private_dir/* ensurePrivateDir */.r)(options.dir);
    const serverCaPath = profile.serverCa === undefined ? undefined : paths.serverCaPath;
    if (profile.serverCa !== undefined)
        await writePrivateFile(paths.serverCaPath, await readSource(profile.name, 'server_ca', profile.serverCa));
    if (profile.source === 'ephemeral') {
        if (!options.brokerUrl || !options.token) {
            throw new errors/* StintError */.Fp('ERR_MTLS_NO_BROKER', `mtls profile "${profile.name}": source: ephemeral needs the broker URL and a stint token (set broker-url, or use source: provided)`);
        }
        const issued = await requestBrokerCertificate({
            brokerUrl: options.brokerUrl,
            token: options.token,
            key: generateClientKey(profile.keyType),
            ...(options.http ? { http: options.http } : {}),
        });
        const keyPem = issued.key.export({ type: 'pkcs8', format: 'pem' });
        options.onSecret?.(keyPem);
        await writePrivateFile(paths.keyPath, keyPem);
        await writePrivateFile(paths.certPath, issued.certificatePem);
        await writePrivateFile(paths.caPath, issued.caPem);
        return describe(profile, issued.leaf, { ...paths, serverCaPath }, keyPem, [], true);
    }
    const material = await loadMaterial(profile.name, profile.material, nowMs);
    options.onSecret?.(material.keyPem);
    await writePrivateFile(paths.keyPath, material.keyPem);
    await writePrivateFile(paths.certPath, presentedChain(material));
    if (material.chainPem !== '')
        await writePrivateFile(paths.caPath, material.chainPem);
    return describe(profile, material.leaf, { ...paths, serverCaPath }, material.keyPem, material.warnings, material.chainPem !== '');
}
/** The profiles in a `SigningProfiles` map are typed loosely; check this one came from parseMtlsProfile. */
function asParsed(profile) {
    const candidate = profile;
    const ok = candidate.type === 'mtls' &&
        (candidate.source === 'ephemeral'
            ? typeof candidate.keyType === 'string'
            : candidate.source === 'provided' && typeof candidate.material === 'object');
    if (!ok)
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `signing profile "${profile.name}": not an mtls profile made by parseMtlsProfile`);
    return profile;
}
function describe(profile, leaf, paths, keyPem, warnings, hasCa) {
    const notAfterMs = Date.parse(leaf.validTo);
    const result = {
        profile: profile.name,
        source: profile.source,
        certPath: paths.certPath,
        keyPath: paths.keyPath,
        ...(hasCa ? { caPath: paths.caPath } : {}),
        ...(paths.serverCaPath === undefined ? {} : { serverCaPath: paths.serverCaPath }),
        ...(profile.servername === undefined ? {} : { servername: profile.servername }),
        subject: leaf.subject.replace(/\n/g, ', '),
        notAfter: new Date(notAfterMs).toISOString(),
        notAfterMs,
        fingerprint: (0,mtls_asn1/* certificateFingerprint */.gH)(leaf.raw),
        keyFingerprint: (0,mtls_asn1/* publicKeyFingerprint */.Fs)(leaf.publicKey),
        serial: leaf.serialNumber,
        warnings,
    };
    Object.defineProperty(result, 'secrets', { value: [keyPem], enumerable: false });
    return result;
}
/**
 * What the action writes to `$STINT_CONFIG` for a profile it has set up: the same profile as
 * `source: provided` pointing at the 0600 files, so `stint request` in later steps finds them.
 * Holds paths only, no key material.
 */
function mtlsConfigAfterSetUp(setUp) {
    return {
        type: 'mtls',
        source: 'provided',
        cert_file: setUp.certPath,
        key_file: setUp.keyPath,
        ...(setUp.serverCaPath === undefined ? {} : { server_ca_file: setUp.serverCaPath }),
        ...(setUp.servername === undefined ? {} : { servername: setUp.servername }),
    };
}
/**
 * The client certificate and key of a profile (or of files `setUpMtls` wrote), as PEM for
 * `https.request({ cert, key, ca })`. Checks the key matches and the certificate is valid now, and
 * returns the warnings the caller must show (a certificate expiring within 14 days).
 * An `ephemeral` profile that has not been set up throws ERR_MTLS_NOT_SET_UP.
 *
 * @example
 * const { cert, key, ca } = await loadClientCertificate(profile);
 * https.request(url, { cert, key, ...(ca ? { ca } : {}) });
 */
async function loadClientCertificate(given, options = {}) {
    const nowMs = (options.now ?? Date.now)();
    if (typeof given.certPath === 'string') {
        const source = given;
        const profile = source.certPath;
        const material = await loadMaterial(profile, { kind: 'pem', cert: { file: source.certPath }, key: { file: source.keyPath } }, nowMs);
        const ca = source.serverCaPath === undefined ? undefined : await (0,promises_.readFile)(source.serverCaPath, 'utf8');
        return {
            cert: presentedChain(material),
            key: material.keyPem,
            ...(ca === undefined ? {} : { ca }),
            ...(source.servername === undefined ? {} : { servername: source.servername }),
            warnings: material.warnings,
        };
    }
    const source = asParsed(given);
    if (source.source === 'ephemeral') {
        throw new errors/* StintError */.Fp('ERR_MTLS_NOT_SET_UP', `mtls profile "${source.name}" is ephemeral and has not been set up here: run the stint action with broker-url, or \`stint cert\` and a provided profile with cert_file/key_file`);
    }
    const material = await loadMaterial(source.name, source.material, nowMs);
    const ca = source.serverCa === undefined ? undefined : await readSource(source.name, 'server_ca', source.serverCa);
    return {
        cert: presentedChain(material),
        key: material.keyPem,
        ...(ca === undefined ? {} : { ca }),
        ...(source.servername === undefined ? {} : { servername: source.servername }),
        warnings: material.warnings,
    };
}


/***/ })

};
