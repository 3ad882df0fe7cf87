export const id = 150;
export const ids = [150];
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

/***/ 7150:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openRedisStore: () => (/* binding */ openRedisStore)
/* harmony export */ });
/* unused harmony export parseRedisUrl */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var ioredis__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7796);
/* harmony import */ var ioredis__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(ioredis__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7940);
/**
 * The Redis store: lets any number of broker instances share the replay cache, revocations,
 * rate-limit buckets, project API keys and certificate records (docs/many-brokers.md).
 *
 * Why ioredis rather than node-redis: it is one package (node-redis pulls in a family of
 * `@redis/*` packages) and has, as plain options, exactly the fail-closed behaviour a
 * credential broker needs: `enableOfflineQueue: false` (a command issued while disconnected
 * fails at once instead of waiting in an unbounded queue), `commandTimeout` (every command is
 * bounded), `maxRetriesPerRequest: 0` (a command in flight when the link drops is rejected, not
 * replayed later), a `retryStrategy` for capped reconnect backoff, and `defineCommand` for Lua
 * scripts (EVALSHA with automatic EVAL fallback after a Redis restart flushed the script cache).
 * Its own README now points new projects to node-redis; the features we use are mature and
 * stable, and the choice is contained in this one file behind the `Store` interface.
 *
 * Every operation is a single atomic Redis command or Lua script, so two brokers can never both
 * win a `claimOnce`, and no interleaving lets a rate limit be skipped.
 *
 * Keys: `<namespace>:<kind>:<sha256(key) base64url>`. Callers already pass hashes, but the store
 * hashes again: it costs a microsecond, it bounds key length, and it makes "never a raw token in
 * Redis" hold even if a caller one day passes a raw value. Nothing readable about a token is kept.
 */





/**
 * Token bucket in one round trip. Time comes from Redis's own clock (TIME), not from the
 * caller: every broker instance then refills the same bucket by the same clock, so a broker
 * whose clock runs ahead cannot mint itself extra tokens, and one behind cannot starve the rest.
 * State: hash {t = tokens left (float), ts = ms of last update}. The key expires when the
 * bucket would be full again, so idle buckets cost nothing.
 * Returns {allowed (0|1), retryAfterMs}.
 */
const TAKE_TOKEN_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
local elapsed = now - ts
if elapsed < 0 then elapsed = 0 end
tokens = math.min(burst, tokens + elapsed * rate / 1000)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens), 'ts', tostring(now))
local full = math.ceil((burst - tokens) * 1000 / rate)
if full < 1 then full = 1 end
redis.call('PEXPIRE', KEYS[1], full)
return {allowed, retry}
`;
/** Revokes an API key that exists; the first revocation time is kept. Returns 1, or 0 when unknown. */
const REVOKE_API_KEY_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSETNX', KEYS[1], 'revokedAtMs', ARGV[1])
return 1
`;
/**
 * Reads `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS).
 * Throws `ERR_STORE_URL_INVALID` with the URL shown without its password.
 */
function parseRedisUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_URL_INVALID', 'store URL is not a valid URL; expected redis://host:6379/0 or rediss://host:6380/0');
    }
    const tls = url.protocol === 'rediss:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const display = `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
    if (url.protocol !== 'redis:' && !tls) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_URL_INVALID', `store URL ${display} must start with redis:// or rediss:// (TLS)`);
    }
    if (host === '')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_URL_INVALID', `store URL ${display} has no host`);
    if (url.search !== '' || url.hash !== '') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_URL_INVALID', `store URL ${display} must not carry a query or fragment; only redis[s]://[user@]host[:port][/db]`);
    }
    const path = url.pathname.replace(/^\//, '');
    if (!/^\d{0,2}$/.test(path)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_URL_INVALID', `store URL ${display}: the path must be a database number such as /0`);
    }
    return {
        host,
        port: url.port === '' ? 6379 : Number(url.port),
        db: path === '' ? 0 : Number(path),
        tls,
        username: url.username === '' ? undefined : decodeURIComponent(url.username),
        password: url.password === '' ? undefined : decodeURIComponent(url.password),
        display,
    };
}
/** Capped exponential backoff with jitter, so brokers do not reconnect in lockstep. */
function reconnectDelay(attempt, capMs) {
    return Math.min(capMs, 50 * 2 ** Math.min(attempt, 10)) + Math.floor(Math.random() * 100);
}
function hashKey(value) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(value).digest('base64url');
}
/**
 * Opens the Redis store and waits (at most `connectTimeoutMs`) for the first connection. It
 * resolves even when Redis is down: the store keeps reconnecting in the background, every
 * operation meanwhile throws `ERR_STORE_UNAVAILABLE` at once, and `ping()` tells `/healthz`.
 *
 * @example
 * const store = await openRedisStore('rediss://stint@redis.internal:6380/0', { password: env.STINT_REDIS_PASSWORD });
 * if (!(await store.claimOnce(jtiHash, ttlMs))) refuse('token already used');
 */
async function openRedisStore(url, options = {}) {
    const target = parseRedisUrl(url);
    const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
    const ns = options.namespace ?? 'stint';
    const password = options.password ?? target.password;
    const username = options.username ?? target.username;
    const redisOptions = {
        host: target.host,
        port: target.port,
        db: target.db,
        connectionName: 'stint',
        disableClientInfo: true,
        // Fail closed and fast: no command waits for a connection, none is replayed after one drops.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        commandTimeout: commandTimeoutMs,
        connectTimeout: connectTimeoutMs,
        // A server that accepts the connection but stops answering (hung, paused) is dropped and
        // reconnected instead of timing out every command forever on a dead socket.
        socketTimeout: commandTimeoutMs * 2,
        retryStrategy: (attempt) => reconnectDelay(attempt, maxReconnectDelayMs),
        lazyConnect: true,
    };
    if (username !== undefined)
        redisOptions.username = username;
    if (password !== undefined)
        redisOptions.password = password;
    if (target.tls) {
        redisOptions.tls = { ...((0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(target.host) === 0 ? { servername: target.host } : {}), ...options.tls };
    }
    const client = new ioredis__WEBPACK_IMPORTED_MODULE_2__.Redis(redisOptions);
    client.defineCommand('stintTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN_LUA });
    client.defineCommand('stintRevokeApiKey', { numberOfKeys: 1, lua: REVOKE_API_KEY_LUA });
    // ioredis prints unhandled 'error' events; we keep the last one (its text names the cause,
    // e.g. ECONNREFUSED or WRONGPASS, never the password) for our own error messages.
    let lastError = '';
    client.on('error', (e) => {
        lastError = e.message;
    });
    client.on('ready', () => {
        lastError = '';
    });
    await new Promise((resolve) => {
        const timer = setTimeout(resolve, connectTimeoutMs);
        client.connect().then(() => {
            clearTimeout(timer);
            resolve();
        }, () => {
            clearTimeout(timer);
            resolve();
        });
    });
    const unavailable = (operation, cause) => {
        const text = cause instanceof Error ? cause.message : String(cause);
        // Connected but refused (OOM, NOPERM, a timeout) points at the server; not connected, at the link.
        const [why, hint] = client.status === 'ready'
            ? [text, "check the Redis server: its log, memory (maxmemory) and the ACL user's permissions"]
            : [
                `not connected (${client.status}${lastError ? `; last error: ${lastError}` : ''})`,
                'check that Redis is running and reachable and that the password is right',
            ];
        return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_STORE_UNAVAILABLE', `Redis store ${target.display} is unavailable (${operation}: ${why}); ${hint}`, { cause });
    };
    /** Every call goes through here: errors of any kind become ERR_STORE_UNAVAILABLE (fail closed). */
    const call = async (operation, op) => {
        try {
            return await op();
        }
        catch (e) {
            throw unavailable(operation, e);
        }
    };
    /** Runs a MULTI; a command that failed inside it, or an aborted one, is ERR_STORE_UNAVAILABLE too. */
    const transaction = async (operation, build) => {
        const results = await call(operation, () => build().exec());
        const failed = results?.find(([error]) => error !== null);
        if (results === null || failed !== undefined)
            throw unavailable(operation, failed?.[0] ?? 'transaction aborted');
    };
    const key = (kind, value) => `${ns}:${kind}:${hashKey(value)}`;
    // The API key index and records share the {apikeys} hash tag so the two-key MULTI in
    // putApiKey stays in one slot should this ever run against Redis Cluster.
    const apiKeyKey = (id) => `${ns}:{apikeys}:${hashKey(id)}`;
    const apiKeyIndex = `${ns}:{apikeys}:index`;
    const toApiKeyRecord = (fields) => {
        if (fields.id === undefined || fields.project === undefined || fields.hash === undefined)
            return undefined;
        const record = {
            id: fields.id,
            project: fields.project,
            name: fields.name ?? '',
            hash: fields.hash,
            createdAtMs: Number(fields.createdAtMs),
        };
        if (fields.expiresAtMs !== undefined)
            record.expiresAtMs = Number(fields.expiresAtMs);
        if (fields.revokedAtMs !== undefined)
            record.revokedAtMs = Number(fields.revokedAtMs);
        if (fields.lastUsedAtMs !== undefined)
            record.lastUsedAtMs = Number(fields.lastUsedAtMs);
        return record;
    };
    return {
        async claimOnce(value, ttlMs) {
            const ttl = Math.max(1, Math.ceil(ttlMs));
            const reply = await call('claimOnce', () => client.set(key('replay', value), '1', 'PX', ttl, 'NX'));
            return reply === 'OK';
        },
        async revoke(jti, expiresAtMs) {
            // PXAT: Redis expires the entry at the absolute time, so no broker clock is involved.
            const at = Math.ceil(expiresAtMs) + _types_js__WEBPACK_IMPORTED_MODULE_4__/* .REVOCATION_MARGIN_MS */ .b;
            await call('revoke', () => client.set(key('revoked', jti), '1', 'PXAT', at));
        },
        async isRevoked(jti) {
            return (await call('isRevoked', () => client.exists(key('revoked', jti)))) === 1;
        },
        async takeToken(bucket, limit, _nowMs) {
            if (!(limit.rps > 0) || !(limit.burst >= 1)) {
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_RATE_LIMIT_INVALID', `rate limit needs rps > 0 and burst >= 1 (got rps ${limit.rps}, burst ${limit.burst})`);
            }
            const [allowed, retryAfterMs] = await call('takeToken', () => client.stintTakeToken(key('ratelimit', bucket), String(limit.rps), String(Math.floor(limit.burst))));
            return { allowed: allowed === 1, retryAfterMs: allowed === 1 ? 0 : retryAfterMs };
        },
        async putApiKey(record) {
            const fields = {
                id: record.id,
                project: record.project,
                name: record.name,
                hash: record.hash,
                createdAtMs: String(record.createdAtMs),
            };
            if (record.expiresAtMs !== undefined)
                fields.expiresAtMs = String(record.expiresAtMs);
            if (record.revokedAtMs !== undefined)
                fields.revokedAtMs = String(record.revokedAtMs);
            if (record.lastUsedAtMs !== undefined)
                fields.lastUsedAtMs = String(record.lastUsedAtMs);
            const k = apiKeyKey(record.id);
            await transaction('putApiKey', () => client.multi().del(k).hset(k, fields).sadd(apiKeyIndex, record.id));
        },
        async getApiKey(id) {
            const fields = await call('getApiKey', () => client.hgetall(apiKeyKey(id)));
            return toApiKeyRecord(fields);
        },
        async listApiKeys() {
            const ids = await call('listApiKeys', () => client.smembers(apiKeyIndex));
            if (ids.length === 0)
                return [];
            const pipeline = client.pipeline();
            for (const id of ids)
                pipeline.hgetall(apiKeyKey(id));
            const results = await call('listApiKeys', async () => (await pipeline.exec()) ?? []);
            const records = [];
            for (const [error, fields] of results) {
                if (error !== null)
                    throw unavailable('listApiKeys', error);
                const record = toApiKeyRecord(fields);
                if (record !== undefined)
                    records.push(record);
            }
            return records.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
        },
        async revokeApiKey(id, revokedAtMs) {
            return (await call('revokeApiKey', () => client.stintRevokeApiKey(apiKeyKey(id), String(revokedAtMs)))) === 1;
        },
        async recordApiKeyUse(id, usedAtMs) {
            // One field of the key's hash, so it never overwrites a revocation made meanwhile (HSETNX revokedAtMs).
            await call('recordApiKeyUse', () => client.hset(apiKeyKey(id), 'lastUsedAtMs', String(usedAtMs)));
        },
        async putCertificate(record) {
            const k = key('cert', record.serial);
            const fields = {
                serial: record.serial,
                project: record.project,
                subject: record.subject,
                jti: record.jti,
                notAfterMs: String(record.notAfterMs),
                fingerprint: record.fingerprint,
            };
            // The record lives as long as the certificate can be presented (plus clock-skew margin).
            const at = Math.ceil(record.notAfterMs) + _types_js__WEBPACK_IMPORTED_MODULE_4__/* .REVOCATION_MARGIN_MS */ .b;
            await transaction('putCertificate', () => client.multi().hset(k, fields).pexpireat(k, at));
        },
        async getCertificate(serial) {
            const fields = await call('getCertificate', () => client.hgetall(key('cert', serial)));
            if (fields.serial === undefined)
                return undefined;
            return {
                serial: fields.serial,
                project: fields.project ?? '',
                subject: fields.subject ?? '',
                jti: fields.jti ?? '',
                notAfterMs: Number(fields.notAfterMs),
                fingerprint: fields.fingerprint ?? '',
            };
        },
        async ping() {
            const reply = await call('ping', () => client.ping());
            if (reply !== 'PONG')
                throw unavailable('ping', `unexpected reply ${String(reply)}`);
        },
        async checkWrite() {
            await call('checkWrite', () => client.set(key('probe', 'readyz'), '1', 'PX', 10_000));
        },
        async close() {
            try {
                if (client.status === 'ready')
                    await client.quit();
            }
            catch {
                // closing anyway
            }
            finally {
                client.disconnect();
            }
        },
    };
}


/***/ }),

/***/ 7940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ REVOCATION_MARGIN_MS)
/* harmony export */ });
/* harmony import */ var _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9280);

/**
 * A revocation (and a certificate record) is kept this long past the token's `exp`, because
 * verifiers accept a token up to 60 s after `exp` to allow for clock skew (src/lib/clock-skew.ts), and
 * their clocks are not the store's.
 */
const REVOCATION_MARGIN_MS = _lib_clock_skew_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOCK_SKEW_SEC */ .E * 1000;


/***/ })

};
