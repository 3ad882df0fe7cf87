export const id = 154;
export const ids = [154];
export const modules = {

/***/ 3154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openRedisStore: () => (/* binding */ openRedisStore)
});

// UNUSED EXPORTS: parseRedisUrl

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/cluster-key-slot/lib/index.js
var lib = __webpack_require__(8999);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./node_modules/ioredis/built/index.js
var built = __webpack_require__(7796);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/store/redis-url.ts
var redis_url = __webpack_require__(7414);
// EXTERNAL MODULE: ./src/store/types.ts
var types = __webpack_require__(7940);
;// CONCATENATED MODULE: ./src/store/redis-connect.ts
/**
 * How the Redis store reaches Redis: one primary (`redis://`, `rediss://`), a master watched by
 * Redis Sentinel, or a Redis Cluster (docs/many-brokers.md). Each is ioredis's own client for that
 * topology (its Sentinel connector follows failovers; its Cluster client follows slot moves), set
 * up the same fail-closed way: no offline queue, every command bounded, nothing replayed after a
 * dropped link except where the store's scripts make a resend harmless.
 */






/**
 * Reads `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS).
 * Throws `ERR_STORE_URL_INVALID` saying what is wrong, without quoting the URL (src/store/redis-url.ts).
 */
function parseRedisUrl(raw) {
    const parts = (0,redis_url/* readRedisUrl */.l)(raw);
    if ('problem' in parts)
        throw new errors/* StintError */.Fp('ERR_STORE_URL_INVALID', `store URL ${parts.problem}`);
    return parts;
}
/** `host:port` (IPv6 as `[::1]:port`), as sentinels and cluster seeds are written. */
function parseHostPort(text, defaultPort) {
    const match = types/* HOST_PORT */.Lk.exec(text);
    const port = match?.[3] === undefined ? defaultPort : Number(match[3]);
    if (!match || port < 1 || port > 65535) {
        throw new errors/* StintError */.Fp('ERR_STORE_URL_INVALID', `'${text}' is not host:port (e.g. redis-1.internal:26379)`);
    }
    return { host: (match[1] ?? match[2]), port };
}
/**
 * What to do about a TLS certificate of Redis that Node did not accept, from the error's text (the
 * store keeps texts, not codes: ioredis passes a Sentinel's or a Cluster node's error on as text),
 * or undefined when `error` is not one. `mode` says where the host the certificate must name is set.
 *
 * @example
 * certificateFix('self-signed certificate in certificate chain', 'single') // '… NODE_EXTRA_CA_CERTS=/path/ca.pem …'
 */
function certificateFix(error, mode) {
    switch ((0,http/* certificateProblem */.VP)(error)) {
        case 'host': {
            const where = mode === 'single'
                ? 'the host in store.url'
                : `the address the broker connects to (as in ${mode === 'cluster' ? 'store.cluster, or as a node announces itself' : 'store.sentinels, or as the sentinels name the master'})`;
            return `the Redis server's TLS certificate does not name ${where}: reissue the certificate with that name among its subject alternative names (an IP address needs an IP entry), or connect by a name the certificate holds`;
        }
        case 'trust':
            return "this broker does not trust the CA that signed the Redis server's TLS certificate: give Node the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem in the broker's environment";
        case 'dates':
            return "the Redis server's TLS certificate is outside its validity dates: renew it (or, if it is valid, set this host's clock right)";
        default:
            return undefined;
    }
}
/** Capped exponential backoff with jitter, so brokers do not reconnect in lockstep. */
function reconnectDelay(attempt, capMs) {
    return Math.min(capMs, 50 * 2 ** Math.min(attempt, 10)) + Math.floor(Math.random() * 100);
}
function tlsOptions(tls, host) {
    if (tls === undefined || tls === false)
        return undefined;
    const extra = tls === true ? {} : tls;
    return { ...(host !== undefined && (0,external_node_net_.isIP)(host) === 0 ? { servername: host } : {}), ...extra };
}
/**
 * Builds (does not connect) the ioredis client for `endpoint`.
 *
 * @example
 * const { client } = createRedisClient({ sentinels: ['10.0.0.5:26379'], name: 'stint' }, { commandTimeoutMs: 1000, connectTimeoutMs: 2000, maxReconnectDelayMs: 2000 });
 */
function createRedisClient(endpoint, options) {
    const common = {
        connectionName: 'stint',
        disableClientInfo: true,
        // Fail closed and fast: no command waits for a connection, none is replayed after one drops.
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        commandTimeout: options.commandTimeoutMs,
        connectTimeout: options.connectTimeoutMs,
        // A server that accepts the connection but stops answering (hung, paused) is dropped and
        // reconnected instead of timing out every command forever on a dead socket.
        socketTimeout: options.commandTimeoutMs * 2,
        // A master demoted to a replica answers writes with READONLY: drop the link so the client asks
        // the sentinels (or the cluster) again for the master; the failed command is not resent.
        reconnectOnError: (error) => error.message.startsWith('READONLY'),
    };
    if (options.username !== undefined)
        common.username = options.username;
    if (options.password !== undefined)
        common.password = options.password;
    if ('url' in endpoint) {
        const target = parseRedisUrl(endpoint.url);
        const redisOptions = {
            ...common,
            host: target.host,
            port: target.port,
            db: target.db,
            enableOfflineQueue: false,
            retryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
            lazyConnect: true,
        };
        const username = options.username ?? target.username;
        const password = options.password ?? target.password;
        if (username !== undefined)
            redisOptions.username = username;
        if (password !== undefined)
            redisOptions.password = password;
        const tls = tlsOptions(target.tls ? (options.tls === undefined ? true : options.tls) : options.tls, target.host);
        if (tls)
            redisOptions.tls = tls;
        return { client: new built.Redis(redisOptions), mode: 'single', display: target.display, tls: Boolean(tls) };
    }
    if ('sentinels' in endpoint) {
        const db = endpoint.db ?? 0;
        if (!Number.isInteger(db) || db < 0 || db > types/* REDIS_MAX_DB */.Cq) {
            throw new errors/* StintError */.Fp('ERR_STORE_URL_INVALID', `store.db must be a database number from 0 to ${types/* REDIS_MAX_DB */.Cq}`);
        }
        const sentinels = endpoint.sentinels.map((s) => parseHostPort(s, 26379));
        const tls = tlsOptions(options.tls);
        const redisOptions = {
            ...common,
            sentinels,
            name: endpoint.name,
            role: 'master',
            db,
            enableOfflineQueue: false,
            retryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
            sentinelRetryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
            // The failover detector's link to a sentinel that went away: tried again on the same backoff,
            // so a sentinel back from a restart is listened to again within seconds (ioredis: a minute).
            sentinelReconnectStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
            sentinelCommandTimeout: options.commandTimeoutMs,
            // Subscribes to the sentinels' +switch-master, so a failover moves the link at once instead
            // of when the old master's connection happens to fail.
            failoverDetector: true,
            lazyConnect: true,
        };
        if (options.sentinelPassword !== undefined)
            redisOptions.sentinelPassword = options.sentinelPassword;
        if (tls) {
            redisOptions.tls = tls;
            redisOptions.sentinelTLS = tls;
            redisOptions.enableTLSForSentinelMode = true;
        }
        const display = `sentinel ${endpoint.name} via ${endpoint.sentinels.join(',')}${db === 0 ? '' : ` db ${db}`}`;
        const client = new built.Redis(redisOptions);
        quietSentinelLinks(client);
        return { client, mode: 'sentinel', display, tls: Boolean(tls) };
    }
    const nodes = endpoint.cluster.map((s) => parseHostPort(s, 6379));
    const tls = tlsOptions(options.tls);
    const clusterOptions = {
        redisOptions: { ...common, ...(tls ? { tls } : {}) },
        enableOfflineQueue: false,
        enableReadyCheck: true,
        // Reads and writes go to masters: a replica may not have the replay record yet.
        scaleReads: 'master',
        clusterRetryStrategy: (attempt) => reconnectDelay(attempt, options.maxReconnectDelayMs),
        // A moved slot or a failover is retried a few times, briefly; the store bounds the whole call.
        maxRedirections: 6,
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        retryDelayOnTryAgain: 100,
        slotsRefreshTimeout: options.connectTimeoutMs,
        lazyConnect: true,
    };
    const cluster = new built.Cluster(nodes, clusterOptions);
    reportReadyCheck(cluster);
    return { client: cluster, mode: 'cluster', display: `cluster ${endpoint.cluster.join(',')}`, tls: Boolean(tls) };
}
/**
 * The names of the masters the sentinels monitor (SENTINEL MASTERS), from the first sentinel that
 * answers, for the message about a `store.name` they do not know. Undefined when none answers
 * (down, or an ACL user without `+sentinel|masters`). Bounded by the connect and command timeouts
 * for each sentinel; never throws.
 *
 * @example
 * await sentinelMasterNames({ sentinels: ['10.0.0.5:26379'], name: 'stint' }, options); // ['mymaster']
 */
async function sentinelMasterNames(endpoint, options) {
    const tls = tlsOptions(options.tls);
    for (const address of endpoint.sentinels) {
        const { host, port } = parseHostPort(address, 26379);
        // As ioredis connects to a sentinel: its own password and TLS, no retries, no ready check.
        const client = new built.Redis({
            host,
            port,
            connectTimeout: options.connectTimeoutMs,
            commandTimeout: options.commandTimeoutMs,
            retryStrategy: () => null,
            maxRetriesPerRequest: 0,
            enableReadyCheck: false,
            lazyConnect: true,
            ...(options.sentinelPassword === undefined ? {} : { password: options.sentinelPassword }),
            ...(tls ? { tls } : {}),
        });
        client.on('error', () => undefined);
        try {
            await client.connect();
            const masters = (await client.call('SENTINEL', 'MASTERS'));
            if (!Array.isArray(masters))
                continue;
            // Each master is a flat list of field, value, …
            return masters.flatMap((fields) => {
                if (!Array.isArray(fields))
                    return [];
                const at = fields.indexOf('name');
                return at >= 0 && typeof fields[at + 1] === 'string' ? [fields[at + 1]] : [];
            });
        }
        catch {
            // The next sentinel, if any.
        }
        finally {
            client.disconnect();
        }
    }
    return undefined;
}
/**
 * ioredis Cluster asks a node for CLUSTER INFO before it calls itself ready; when that fails (an
 * ACL user without `+cluster|info` gets NOPERM) it only disconnects and tries again, and the
 * reason goes nowhere but its debug log. This passes the error on as a 'node error', which the
 * store keeps for its messages, so a refusal is named at start (ERR_STORE_REFUSED) instead of a
 * bare "not connected" after the whole start-up window. `readyCheck` is ioredis's own (not typed)
 * method; if a later ioredis renames it, this changes nothing (test/redis/cluster-acl.test.ts fails).
 */
function reportReadyCheck(cluster) {
    const target = cluster;
    const original = target.readyCheck;
    if (typeof original !== 'function')
        return;
    target.readyCheck = (callback) => original.call(cluster, (error, state) => {
        if (error)
            cluster.emit('node error', error, 'CLUSTER INFO (ready check)');
        callback(error, state);
    });
}
/** How long a sentinel link given up waits for the sentinel to close it before it is destroyed. */
const SENTINEL_LINK_CLOSE_MS = 100;
/**
 * ioredis's failover detector (`failoverDetector: true`) opens a link of its own to each sentinel
 * and listens for no 'error' on it: a sentinel down or restarting made ioredis print `[ioredis]
 * Unhandled error event: Error: connect ECONNREFUSED …` and a stack trace on the broker's stderr at
 * every reconnect attempt, for as long as that sentinel stayed away. Those links only listen for
 * +switch-master; a sentinel out of reach is not the master out of reach (the client asks the other
 * sentinels when it needs the master, and its own errors still reach the store), so their errors
 * are dropped here, as ioredis drops those of its own look-ups. `connectToSentinel` is ioredis's
 * own (not typed) method; if a later ioredis renames it, this changes nothing
 * (test/redis/sentinel-down.test.ts fails).
 *
 * Each such link, given up (a new detector at each reconnect to the master, the look-ups), waits up
 * to ioredis's disconnectTimeout (2 s) for the sentinel to close it, on a timer that holds the
 * process: a broker stopped while it reconnected to a hung master lived on for seconds after it
 * said it stopped. Nothing is awaited on those links once given up: a short wait (test/redis/sentinel-shutdown.test.ts).
 */
function quietSentinelLinks(client) {
    const connector = client.connector;
    const original = connector?.connectToSentinel;
    if (connector === undefined || typeof original !== 'function')
        return;
    connector.connectToSentinel = (endpoint, options) => {
        const link = original.call(connector, endpoint, { ...options, disconnectTimeout: SENTINEL_LINK_CLOSE_MS });
        link.on('error', () => undefined);
        return link;
    };
}

;// CONCATENATED MODULE: ./src/store/redis-persistence.ts
/** The settings read, each by its own CONFIG GET (Redis 6 takes one name per call). */
const PERSISTENCE_SETTINGS = ['appendonly', 'appendfsync', 'maxmemory-policy', 'min-replicas-to-write'];
/**
 * The warnings for one node's settings. `minReplicaAcks` is the broker's `store.min_replica_acks`:
 * with replicas confirming every record, a crash of the master alone loses nothing acknowledged.
 */
function persistenceWarnings(node, settings, minReplicaAcks, replicas) {
    const warnings = [];
    const say = (text) => {
        warnings.push(`WARN_STORE_PERSISTENCE: Redis ${node} ${text}`);
    };
    if (settings.appendonly === 'no') {
        say('has appendonly no: a restart forgets replay records, revocations and API keys, so a used ID token can be exchanged again and a revoked token is honoured again; set appendonly yes');
    }
    else if (settings.appendfsync === 'no') {
        say('has appendfsync no: a machine crash loses the writes the operating system had not flushed (often 30 s), replay records and revocations among them; set appendfsync everysec or always');
    }
    else if (settings.appendfsync === 'everysec' && minReplicaAcks === 0) {
        say(
        // Not "1 s": Redis postpones its write to the file while a background fsync is slow (up to 2 s),
        // and what it has not written a crash of Redis alone loses (kill -9 lost 1 of 208 revocations).
        'has appendfsync everysec and store.min_replica_acks is 0: a crash of Redis or its machine can lose about 2 s of acknowledged replay records and revocations; set appendfsync always, or min_replica_acks: 1 with a replica');
    }
    const policy = settings['maxmemory-policy'];
    if (policy !== undefined && policy !== 'noeviction') {
        say(`has maxmemory-policy ${policy}: when full it evicts keys, replay records and revocations among them, so a used ID token can be exchanged again and a revoked token is honoured again; set maxmemory-policy noeviction`);
    }
    if (minReplicaAcks > 0 && settings['min-replicas-to-write'] === '0') {
        say('has min-replicas-to-write 0: a master cut off from its replicas still takes the writes stint does not wait for (rate-limit counts, certificate records), and a failover drops them; set min-replicas-to-write 1');
    }
    if (replicas !== undefined && replicas < minReplicaAcks) {
        say(`has ${replicas} replica(s) connected and store.min_replica_acks is ${minReplicaAcks}: no write can be confirmed, so the broker refuses exchanges (503) and is not ready until ${minReplicaAcks - replicas} more replica(s) attach; start or reattach them, or set min_replica_acks: ${replicas}`);
    }
    if (replicas !== undefined && replicas > 0 && minReplicaAcks < replicas) {
        say(minReplicaAcks === 0
            ? `has ${replicas} replica(s) and store.min_replica_acks is 0: a failover loses the replay records and revocations not yet copied, so a used ID token can be exchanged again; set min_replica_acks: ${replicas}`
            : `has ${replicas} replicas and store.min_replica_acks is ${minReplicaAcks}: a failover that promotes a replica which did not confirm a record (SENTINEL FAILOVER while the master is up) loses it; set min_replica_acks: ${replicas} (then every replica must be up for exchanges to be served)`);
    }
    return warnings;
}
/**
 * Reads the settings of one node and returns its warnings. An ACL user without CONFIG GET gets
 * one warning naming what to check by hand (least privilege is the right choice; the check is a help).
 */
async function checkNodePersistence(client, node, minReplicaAcks) {
    const settings = {};
    const unreadable = [];
    for (const name of PERSISTENCE_SETTINGS) {
        try {
            const reply = (await client.call('CONFIG', 'GET', name));
            if (reply.length >= 2)
                settings[name] = reply[1];
        }
        catch (error) {
            unreadable.push(`${name} (${error.message.split('\n')[0]})`);
        }
    }
    const replication = await client.info('replication').catch(() => '');
    const connected = /^connected_slaves:(\d+)/m.exec(replication)?.[1];
    const warnings = persistenceWarnings(node, settings, minReplicaAcks, connected === undefined ? undefined : Number(connected));
    if (unreadable.length > 0) {
        warnings.push(`WARN_STORE_SETTINGS_UNREAD: Redis ${node}: could not read ${unreadable.join(', ')}; check them by hand: appendonly yes, appendfsync always (or everysec with min_replica_acks), maxmemory-policy noeviction`);
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/store/redis.ts
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
 * Replies and TLS failures that mean Redis refuses this broker (credentials, ACL, db, certificate)
 * rather than being out of reach: waiting will not mend them.
 */
const REFUSAL = /WRONGPASS|NOAUTH|NOPERM|DB index is out of range|certificate|CERT_|self[- ]signed/i;
/**
 * A sentinel's answer when it monitors no master of `store.name` (ioredis asks SENTINEL SENTINELS
 * after GET-MASTER-ADDR-BY-NAME replied null, and passes this on as its last error).
 */
const NO_SUCH_MASTER = /No such master with that name/;
/**
 * Token bucket. Time comes from Redis's own clock (TIME), not from the caller: every broker
 * instance then refills the same bucket by the same clock, so a broker whose clock runs ahead
 * cannot mint itself extra tokens, and one behind cannot starve the rest.
 * State: hash {t = tokens left (float), ts = ms of last update}. The key expires when the
 * bucket would be full again, so idle buckets cost nothing.
 * `take(key, rate, burst)` returns allowed (0|1), retryAfterMs. Scripts start with this and `now`.
 */
const BUCKET_LUA = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function take(key, rate, burst)
  local state = redis.call('HMGET', key, 't', 'ts')
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
  redis.call('HSET', key, 't', string.format('%.6f', tokens), 'ts', tostring(now))
  local full = math.ceil((burst - tokens) * 1000 / rate)
  if full < 1 then full = 1 end
  redis.call('PEXPIRE', key, full)
  return allowed, retry
end
`;
/**
 * KEYS[1] bucket, and on Cluster KEYS[2] the take's own record (in the bucket's slot, named by a
 * request id); ARGV rate, burst, how long the record lives (ms). Returns {allowed (0|1), retryAfterMs}.
 * ioredis Cluster resends a command whose connection closed before its reply came back; a resend
 * of a take that Redis had run finds the record and answers what the first run answered, taking
 * nothing, as the admit script does with its replay record's owner. The record reads
 * `allowed|retry`, with `|r` once the token was given back (REFUND_TOKEN_LUA).
 */
const TAKE_TOKEN_LUA = `${BUCKET_LUA}
if KEYS[2] then
  local seen = redis.call('GET', KEYS[2])
  if seen then
    local allowed, retry = string.match(seen, '^(%d)|([^|]+)')
    return {tonumber(allowed), tonumber(retry)}
  end
end
local allowed, retry = take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
if KEYS[2] then redis.call('SET', KEYS[2], allowed .. '|' .. retry, 'PX', ARGV[3]) end
return {allowed, retry}
`;
/**
 * Gives back a token taken by TAKE_TOKEN_LUA (Cluster: an exchange refused by a check on another
 * slot), never above the burst. KEYS[1] bucket, and on Cluster KEYS[2] the take's record: a
 * refund resent after a lost reply finds it marked and gives nothing back a second time.
 * ARGV rate, burst.
 */
const REFUND_TOKEN_LUA = `
if KEYS[2] then
  local seen = redis.call('GET', KEYS[2])
  if seen then
    if string.sub(seen, -2) == '|r' then return 0 end
    redis.call('SET', KEYS[2], seen .. '|r', 'KEEPTTL')
  end
end
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
if tokens == nil or state[2] == false then return 0 end
tokens = math.min(tonumber(ARGV[2]), tokens + 1)
redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens))
return 1
`;
/**
 * The exchange's store work in one script (Store.admit), in the order of the checks: the address
 * bucket, the replay record, the owner bucket, then the record. A replay record's value is
 * `c|OWNER` (OWNER random per exchange, so a release drops only its own record, and a resend of the
 * same call, which ioredis Cluster makes after a closed connection, finds its own record and answers
 * `recorded` again instead of `replayed`); a broker of an
 * older version also wrote `p|OWNER|T0` while its exchange ran (a hold), answered `pending` here.
 *
 * KEYS[1] replay key, then the dataset marker when ARGV[9] is not empty, then the address bucket
 * when ARGV[4] is not empty, then the owner bucket when ARGV[6] is not empty. ARGV: owner, ttl ms,
 * deadline (Redis ms; empty for none), address rate, address burst, owner rate, owner burst, record
 * (1 | 0), the marker id this broker knows (empty: not checked here, on Cluster), when the ID token
 * was issued (ms; empty when it says no time).
 * The deadline comes first: a script that Redis runs after the broker gave up on it (Redis stalled,
 * then woke) changes nothing and answers `late`, so a refused exchange never spends the token.
 * Then the marker: one missing or not the broker's (Redis lost its data since the broker last
 * looked) changes nothing and answers `unverified`, so no exchange is recorded in a dataset the
 * broker has not checked (it checks, and asks again). A token not recorded, and issued before the
 * loss the marker names (DATASET_LUA), answers `lost`: its record may be among those lost.
 * Returns {outcome, retryAfterMs (for `lost`: when the data was lost), Redis now}: outcome
 * `recorded`, `absent`, `replayed`, `pending`, `lost`, `address`, `owner` (a bucket refused),
 * `unverified` or `late`.
 */
const ADMIT_LUA = `${BUCKET_LUA}
if ARGV[3] ~= '' and now > tonumber(ARGV[3]) then return {'late', 0, now} end
local nextKey = 2
local lostAt = 0
if ARGV[9] ~= '' then
  local id, lost = string.match(redis.call('GET', KEYS[2]) or '', '^([^|]+)|(%d+)$')
  if id ~= ARGV[9] then return {'unverified', 0, now} end
  lostAt = tonumber(lost)
  nextKey = 3
end
if ARGV[4] ~= '' then
  local allowed, retry = take(KEYS[nextKey], tonumber(ARGV[4]), tonumber(ARGV[5]))
  nextKey = nextKey + 1
  if allowed == 0 then return {'address', retry, now} end
end
local v = redis.call('GET', KEYS[1])
if v then
  if string.sub(v, 1, 2) == 'p|' then return {'pending', 0, now} end
  if v == 'c|' .. ARGV[1] then return {'recorded', 0, now} end
  return {'replayed', 0, now}
end
if lostAt > 0 then
  if ARGV[10] == '' then
    if now <= lostAt + ${types/* NO_ISSUE_TIME_LOSS_MS */.F6} then return {'lost', lostAt, now} end
  elseif tonumber(ARGV[10]) <= lostAt + ${types/* ISSUED_BEFORE_LOSS_MARGIN_MS */.O0} then
    return {'lost', lostAt, now}
  end
end
if ARGV[8] ~= '1' then return {'absent', 0, now} end
if ARGV[6] ~= '' then
  local allowed, retry = take(KEYS[nextKey], tonumber(ARGV[6]), tonumber(ARGV[7]))
  if allowed == 0 then return {'owner', retry, now} end
end
redis.call('SET', KEYS[1], 'c|' .. ARGV[1], 'PX', ARGV[2])
return {'recorded', 0, now}
`;
/**
 * Revokes an API key that exists; the first revocation time is kept. Returns 1, or 0 when unknown.
 * A key already revoked gets its time written again, unchanged: a script that changes nothing is
 * not replicated, and the WAIT behind it would then have nothing to wait for, so a repeated
 * revocation (the retry of one the replicas did not confirm) would be confirmed while a replica
 * still lacks it. Written again, it is replicated after the first revocation, and WAIT confirms both.
 */
const REVOKE_API_KEY_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'revokedAtMs', ARGV[1]) == 0 then
  redis.call('HSET', KEYS[1], 'revokedAtMs', redis.call('HMGET', KEYS[1], 'revokedAtMs')[1])
end
return 1
`;
// A key's last use only moves forward (a broker with a slower clock, or a late write, never moves it
// back) and is never written for a key that does not exist (no stray hash without its record).
// Scripts call only commands of the least-privilege ACL user in docs/many-brokers.md (HMGET, not HGET):
// a script's command outside it fails with NOPERM for that user (test/store/redis-acl.ts).
const RECORD_API_KEY_USE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local seen = tonumber(redis.call('HMGET', KEYS[1], 'lastUsedAtMs')[1] or '0') or 0
if tonumber(ARGV[1]) <= seen then return 0 end
redis.call('HSET', KEYS[1], 'lastUsedAtMs', ARGV[1])
return 1
`;
/**
 * How long a take's record (Cluster) lives: longer than ioredis Cluster goes on resending a command
 * (a few redirections 100 ms apart, within the store's bound on the call) by a wide margin.
 */
const TAKE_RECORD_MS = 10_000;
/** How long a refused exchange's replay hold keeps being released while Redis does not confirm it. */
const RELEASE_RETRY_MS = 30_000;
/** RELEASE: KEYS[1]; ARGV owner. Drops the replay record if it is this owner's (Admission.release). */
const RELEASE_LUA = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^%a|([^|]+)') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
/**
 * The dataset marker (`<namespace>:dataset`, no expiry): `ID|LOST` with ID random, written by the
 * first broker to find none, and LOST the Redis ms when a broker found the data lost (0: never).
 * Redis forgets quietly (a restart without its append-only file, a failover to an empty replica,
 * FLUSHALL, an eviction): the marker goes with the rest, and a broker that saw it before knows.
 * KEYS[1] marker; ARGV: the id this broker saw last (empty: it never looked), a new random id, the
 * Redis ms of this broker's last look. Returns {state, id, lost, Redis now}:
 * - `created`: none, and this broker never looked: it writes one (ID|0). The first broker on this
 *   Redis and prefix, or a loss while no broker ran: the two look alike.
 * - `adopted`: this broker's first look found one.
 * - `same`: the one this broker saw.
 * - `lost`: the one this broker saw is gone, and this broker wrote the new one (ID|now), only if
 *   none is there (this script is atomic), so of several brokers the first writes it; or another's
 *   marker does not name a loss since this broker last looked (LOST older: written by a broker that
 *   started after the loss and took it for a first start), and this broker set LOST to now, so
 *   every broker refuses the tokens issued before.
 * - `lost elsewhere`: another broker's marker names a loss since this broker last looked: it
 *   reports the loss too, and writes over nothing. (Said by the script, not inferred from times:
 *   two brokers' looks often run in one Redis millisecond.)
 * A value not of that shape (written by something else) counts as gone.
 */
const DATASET_LUA = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local id, lost = string.match(redis.call('GET', KEYS[1]) or '', '^([^|]+)|(%d+)$')
if not id then
  if ARGV[1] == '' then
    redis.call('SET', KEYS[1], ARGV[2] .. '|0')
    return {'created', ARGV[2], 0, now}
  end
  redis.call('SET', KEYS[1], ARGV[2] .. '|' .. string.format('%d', now))
  return {'lost', ARGV[2], now, now}
end
lost = tonumber(lost)
if ARGV[1] == '' then return {'adopted', id, lost, now} end
if id == ARGV[1] then return {'same', id, lost, now} end
if lost > tonumber(ARGV[3]) then return {'lost elsewhere', id, lost, now} end
redis.call('SET', KEYS[1], id .. '|' .. string.format('%d', now))
return {'lost', id, now, now}
`;
function checkLimit(limit) {
    if (!(limit.rps > 0) || !(limit.burst >= 1)) {
        throw new errors/* StintError */.Fp('ERR_RATE_LIMIT_INVALID', `rate limit needs rps > 0 and burst >= 1 (got rps ${limit.rps}, burst ${limit.burst})`);
    }
}
/** Connects a Cluster's node connection if it is not yet, and says whether it is ready within `ms`. */
function nodeReady(node, ms) {
    if (node.status === 'ready')
        return Promise.resolve(true);
    return new Promise((resolve) => {
        const done = (ready) => {
            clearTimeout(timer);
            node.off('ready', onReady);
            resolve(ready);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(node.status === 'ready'), ms);
        node.on('ready', onReady);
        if (node.status === 'wait')
            node.connect().catch(() => undefined);
    });
}
function hashKey(value) {
    return (0,external_node_crypto_.createHash)('sha256').update(value).digest('base64url');
}
/**
 * What to check when Redis is connected but a command failed, by what it said: a time-out is a
 * Redis that does not answer (busy, paused, failing over), never a permission.
 */
function serverHint(said) {
    if (/timed? ?out/i.test(said))
        return 'Redis did not answer within the command time-out: it is overloaded, paused, or failing over (a Sentinel or Cluster failover ends within seconds, and the broker follows it by itself); if it lasts, check its log and load';
    if (/^OOM/.test(said))
        return 'Redis is out of memory: raise maxmemory or free memory, and keep maxmemory-policy noeviction';
    if (/NOPERM/.test(said))
        return 'the ACL user may not run this command or touch these keys: give it the rules in docs/many-brokers.md (a least-privilege user)';
    return "check the Redis server: its log, memory (maxmemory) and the ACL user's permissions";
}
/** The warning for a node whose durability settings could not be read (docs/many-brokers.md#persistence). */
function settingsUnread(node, why) {
    return `WARN_STORE_SETTINGS_UNREAD: Redis ${node}: could not read its settings (${why}); check them by hand: appendonly yes, appendfsync always (or everysec with min_replica_acks), maxmemory-policy noeviction`;
}
/**
 * Opens the Redis store and waits (at most `connectTimeoutMs`) for the first connection. It
 * resolves even when Redis is down: the store keeps reconnecting in the background, every
 * operation meanwhile throws `ERR_STORE_UNAVAILABLE` at once, and `checkWrite()` tells `/readyz`.
 * `target` is a URL or a Sentinel or Cluster endpoint (src/store/redis-connect.ts).
 *
 * @example
 * const store = await openRedisStore('rediss://stint@redis.internal:6380/0', { password: env.STINT_REDIS_PASSWORD });
 * const store = await openRedisStore({ sentinels: ['10.0.0.5:26379'], name: 'stint' }, { minReplicaAcks: 1 });
 */
async function openRedisStore(target, options = {}) {
    const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    const ns = options.namespace ?? 'stint';
    const minReplicaAcks = options.minReplicaAcks ?? 0;
    const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
    // WAIT answers within this (with how many replicas confirmed), well inside the command bound.
    const waitMs = Math.max(1, Math.floor(commandTimeoutMs / 2));
    const endpoint = typeof target === 'string' ? { url: target } : target;
    const connectOptions = {
        commandTimeoutMs,
        connectTimeoutMs,
        maxReconnectDelayMs,
        ...(options.password === undefined ? {} : { password: options.password }),
        ...(options.username === undefined ? {} : { username: options.username }),
        ...(options.sentinelPassword === undefined ? {} : { sentinelPassword: options.sentinelPassword }),
        ...(options.tls === undefined ? {} : { tls: options.tls }),
    };
    const connection = createRedisClient(endpoint, connectOptions);
    const display = connection.display;
    const client = connection.client;
    client.defineCommand('stintTakeToken', { lua: TAKE_TOKEN_LUA });
    client.defineCommand('stintRevokeApiKey', { numberOfKeys: 1, lua: REVOKE_API_KEY_LUA });
    client.defineCommand('stintRecordApiKeyUse', { numberOfKeys: 1, lua: RECORD_API_KEY_USE_LUA });
    client.defineCommand('stintRefundToken', { lua: REFUND_TOKEN_LUA });
    client.defineCommand('stintAdmit', { lua: ADMIT_LUA });
    client.defineCommand('stintRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
    client.defineCommand('stintDataset', { numberOfKeys: 1, lua: DATASET_LUA });
    // ioredis prints unhandled 'error' events; we keep the last one (its text names the cause,
    // e.g. ECONNREFUSED or WRONGPASS, never the password) for our own error messages.
    let lastError = '';
    /**
     * Sentinel: the sentinels answered that they monitor no master named `store.name`, and the names
     * they do monitor (undefined when none answered SENTINEL MASTERS). Set once that look-up ends,
     * so every message from then on says it; cleared when the client reaches a master.
     */
    let unknownMaster;
    let lookingUpMasters = false;
    client.on('error', (e) => {
        lastError = e.message;
        if ('sentinels' in endpoint && NO_SUCH_MASTER.test(e.message) && unknownMaster === undefined && !lookingUpMasters) {
            lookingUpMasters = true;
            void sentinelMasterNames(endpoint, connectOptions).then((known) => {
                lookingUpMasters = false;
                // Still not found (a sentinel may have been told the name meanwhile).
                if (client.status !== 'ready' && !known?.includes(endpoint.name))
                    unknownMaster = { known };
            });
        }
    });
    client.on('ready', () => {
        lastError = '';
        unknownMaster = undefined;
    });
    // A Cluster client reports its nodes' errors as 'node error'.
    client.on('node error', (e) => {
        lastError = e.message;
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
    /**
     * A plain link to a TLS port is reset (ECONNRESET), and a TLS link to a plain port waits for a
     * handshake that never comes (ETIMEDOUT): the address may be right and the scheme wrong.
     */
    const schemeHint = (error) => {
        if (!connection.tls && /ECONNRESET|socket hang up/.test(error))
            return connection.mode === 'single'
                ? '; if that port speaks TLS, use rediss://'
                : '; if those ports speak TLS, set store.tls: true';
        if (connection.tls && /ETIMEDOUT|timed? ?out/i.test(error))
            return connection.mode === 'single'
                ? '; if that port does not speak TLS, use redis://'
                : '; if those ports do not speak TLS, drop store.tls';
        return '';
    };
    const unavailable = (operation, cause) => {
        const text = cause instanceof Error ? cause.message : String(cause);
        // ioredis refuses a command sent while its link is down at once, its status may still say ready.
        const linkDown = client.status !== 'ready' || text.startsWith("Stream isn't writeable");
        // A replica answers READONLY, and the link is dropped and made again (reconnectOnError): a
        // command sent meanwhile finds no link, but the replica is still why.
        if (text.startsWith('READONLY'))
            lastError = text;
        const readonly = text.startsWith('READONLY') || (linkDown && lastError.startsWith('READONLY'));
        // Connected but refused (OOM, NOPERM, a timeout) points at the server; not connected, at the link.
        const connected = !linkDown || readonly;
        const why = readonly
            ? lastError
            : connected
                ? text
                : `not connected (${client.status}${lastError ? `; last error: ${lastError}` : ''})`;
        // A certificate Node did not accept: the fix is on the broker's trust or the certificate, not the link.
        const certificate = connected ? undefined : certificateFix(lastError, connection.mode);
        const hint = readonly
            ? connection.mode === 'single'
                ? 'this Redis is a replica: point store.url at the primary, or use store.sentinels to follow the master'
                : 'a replica answered for the master; the broker asks again for the master and recovers when the failover ends'
            : connected
                ? serverHint(text)
                : (certificate ??
                    `check that Redis is running and reachable and that the password is right${schemeHint(lastError)}`);
        if (!connected && unknownMaster !== undefined && 'sentinels' in endpoint) {
            // The sentinels answer and know no such master: store.name is wrong (or they are not set up
            // to monitor it yet). Waiting will not mend it, as with a wrong password.
            const { known } = unknownMaster;
            const names = known === undefined
                ? ''
                : known.length === 0
                    ? ' (they monitor no master)'
                    : ` (they monitor ${known.map((n) => `"${n}"`).join(', ')})`;
            const fix = `store.name is "${endpoint.name}", which the sentinels at ${endpoint.sentinels.join(',')} do not monitor${names}: set store.name to the name in their \`sentinel monitor\` line`;
            return new types/* StoreRefusedError */.Om(`Redis store ${display} is unavailable (${operation}: the sentinels know no master named "${endpoint.name}")`, fix, lastError, { cause, fix });
        }
        const problem = `Redis store ${display} is unavailable (${operation}: ${why})`;
        // What Redis (or TLS) said, never the store's name: a Sentinel master may be called `certificates`.
        const said = connected && !readonly ? text : lastError;
        if (REFUSAL.test(said))
            return new types/* StoreRefusedError */.Om(problem, hint, said, {
                cause,
                ...(certificate === undefined ? {} : { fix: certificate }),
            });
        return new errors/* StintError */.Fp('ERR_STORE_UNAVAILABLE', `${problem}; ${hint}`, { cause });
    };
    /** The primary's replica count (INFO replication), read at most once a second while writes fall short. */
    let replicaCount;
    /**
     * The error for a write that fewer than `min_replica_acks` replicas confirmed, saying how many
     * replicas the primary has: a missing replica is the usual cause, and the fix is not on the link.
     */
    const replicasShort = async (operation, acks, written) => {
        const t = Date.now();
        // A Cluster: the master that took the write (the one holding `written`'s slot), which the
        // message names, since only that master's slots fail.
        const master = connection.mode === 'cluster' && written !== undefined ? masterOf(written) : undefined;
        if (connection.mode !== 'cluster' && (replicaCount === undefined || t - replicaCount.atMs > 1_000)) {
            const replication = await call('info', () => client.info('replication')).catch(() => '');
            const connected = /^connected_slaves:(\d+)/m.exec(replication)?.[1];
            replicaCount = { atMs: t, count: connected === undefined ? undefined : Number(connected) };
        }
        const count = connection.mode === 'cluster' ? undefined : replicaCount?.count;
        const hint = count === undefined
            ? `check that ${connection.mode === 'cluster' ? (master === undefined ? 'every master' : `master ${master}`) : 'the primary'} has at least ${minReplicaAcks} replica(s) attached and keeping up (INFO replication: connected_slaves)`
            : count < minReplicaAcks
                ? `the primary has ${count} connected replica(s) (INFO replication: connected_slaves), fewer than store.min_replica_acks ${minReplicaAcks}: start or reattach the missing replica (its log, its replicaof and masterauth), or lower store.min_replica_acks`
                : `the primary has ${count} replicas connected, but only ${acks} confirmed in time: check that they keep up (their link to the primary, their load, their log)`;
        return new types/* ReplicasShortError */.kH(`Redis store ${display} is unavailable (${operation}: ${acks} of ${minReplicaAcks} replicas confirmed the write within ${waitMs} ms (store.min_replica_acks)); ${hint}`);
    };
    /** The `host:port` of the Cluster master serving `k`'s slot now, by the client's slot table (no command). */
    const masterOf = (k) => client.slots[lib_default()(k)]?.[0];
    /**
     * Every call goes through here: errors of any kind become ERR_STORE_UNAVAILABLE (fail closed),
     * and the whole call is bounded, Cluster redirections and retries included.
     */
    const call = async (operation, op) => {
        let timer;
        const bound = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('Command timed out')), commandTimeoutMs * 2);
        });
        try {
            return await Promise.race([op(), bound]);
        }
        catch (e) {
            throw unavailable(operation, e);
        }
        finally {
            clearTimeout(timer);
        }
    };
    /** Runs a MULTI or pipeline; a command that failed inside it, or an aborted one, is ERR_STORE_UNAVAILABLE too. */
    const batch = async (operation, build) => {
        const results = (await call(operation, () => build().exec()));
        const failed = results?.find(([error]) => error !== null);
        if (results === null || failed !== undefined)
            throw unavailable(operation, failed?.[0] ?? 'transaction aborted');
        return results.map(([, value]) => value);
    };
    /**
     * Sends `write` and, with min_replica_acks, a WAIT on the same connection (a pipeline goes to
     * one node, in order), so the broker answers only once that many replicas hold the write.
     * Returns the write's reply.
     */
    const durable = async (operation, write) => {
        let written;
        const replies = await batch(operation, () => {
            const pipeline = write(client.pipeline());
            // Only a Cluster's replicasShort names a master by it: not read on other writes.
            if (minReplicaAcks > 0 && connection.mode === 'cluster')
                written = firstKey(pipeline);
            return minReplicaAcks > 0 ? pipeline.call('WAIT', String(minReplicaAcks), String(waitMs)) : pipeline;
        });
        if (minReplicaAcks > 0) {
            const acks = Number(replies[replies.length - 1]);
            if (!(acks >= minReplicaAcks)) {
                throw await replicasShort(operation, acks, written);
            }
        }
        if (firstWriteListeners.length > 0) {
            const listeners = firstWriteListeners.splice(0);
            for (const listener of listeners)
                listener();
        }
        return replies[0];
    };
    /** Waiting for the first write Redis takes (onFirstWrite). */
    const firstWriteListeners = [];
    let closed = false;
    /**
     * Only close() ends this store's client. ioredis gives a Sentinel client up for good (status
     * `end`: every command fails at once with "Connection is closed", nothing reconnects) when a
     * failover's +switch-master reaches the failover detector of a link that had already dropped
     * (the master died) while the client asks the sentinels for the master again: that detector
     * outlives its link, its disconnect aborts the connect under way, and ioredis takes the abort as
     * final. The broker then answered 503 until it was restarted. Any end but close() starts a
     * connect again, after the usual backoff (test/redis/sentinel-switch.test.ts).
     */
    let revivals = 0;
    client.on('end', () => {
        if (closed || connection.mode === 'cluster')
            return;
        setTimeout(() => {
            if (!closed && client.status === 'end')
                client.connect().catch(() => undefined);
        }, reconnectDelay(++revivals, maxReconnectDelayMs)).unref();
    });
    client.on('ready', () => {
        revivals = 0;
    });
    /**
     * Releases Redis has not confirmed yet, by replay key: owner → when to stop trying. While one is
     * here, its record may still be in Redis, and an admit of that key would answer `replayed` for an
     * ID token whose exchange was refused: so every admit of the key sends these first (`settle`), and
     * so does a connection that comes back (`ready`), before anything else.
     */
    const unreleased = new Map();
    /** The latest release round per key; a new round starts after it, so rounds never overlap. */
    const releasing = new Map();
    /** Sends every pending release of `k` once; true when none is left pending. Never throws. */
    const sendReleases = (k) => {
        const round = (releasing.get(k) ?? Promise.resolve(true)).then(async () => {
            const owners = unreleased.get(k);
            if (owners === undefined)
                return true;
            for (const [owner, giveUpAt] of [...owners]) {
                const done = await durable('release', (p) => p.stintRelease(k, owner)).then(() => true, () => false);
                if (done || Date.now() >= giveUpAt)
                    owners.delete(owner);
            }
            if (owners.size === 0 && unreleased.get(k) === owners)
                unreleased.delete(k);
            return !unreleased.has(k);
        });
        releasing.set(k, round);
        void round.then(() => {
            if (releasing.get(k) === round)
                releasing.delete(k);
        });
        return round;
    };
    // A link that comes back sends the pending releases before any admit can reach the keys.
    client.on('ready', () => {
        for (const k of unreleased.keys())
            void sendReleases(k);
    });
    /**
     * Drops an exchange's replay record (an exchange that failed after all), waited on like the record was.
     * A release that fails or is not confirmed (the link dropped with the admit's reply; a failover
     * under way: the old master is read-only or its DEL may not reach the replica being promoted)
     * stays pending, for up to RELEASE_RETRY_MS: it is sent again when the link is ready again,
     * before the next admit of the same key, and in the background, until the master of the moment
     * confirms it. Otherwise the job's retry would be answered 401 replayed, and a record committed
     * on a replica that then became master would spend an ID token the broker answered 503 for.
     * Idempotent and owner-checked, so a late retry never drops another exchange's record.
     */
    const releaseRecord = async (k, owner) => {
        const owners = unreleased.get(k) ?? new Map();
        unreleased.set(k, owners);
        owners.set(owner, Date.now() + RELEASE_RETRY_MS);
        if (await sendReleases(k))
            return;
        void (async () => {
            for (let pause = 250; !closed && unreleased.get(k)?.has(owner); pause = Math.min(pause * 2, 2000)) {
                await new Promise((resolve) => setTimeout(resolve, pause).unref());
                if (closed)
                    return;
                await sendReleases(k);
            }
        })();
    };
    /**
     * Before an admit of `k`: its pending releases go out first. One that Redis still does not
     * confirm refuses the admit (503, the job retries) rather than answer 401 replayed from a record
     * that is only there because its release has not landed.
     */
    const settle = async (k) => {
        if (!unreleased.has(k) || (await sendReleases(k)))
            return;
        throw unavailable('admit', 'an earlier refused exchange of this ID token is not released yet (Redis did not confirm the release)');
    };
    const key = (kind, value) => `${ns}:${kind}:${hashKey(value)}`;
    /**
     * Redis's clock minus ours, as it was at the latest when Redis answered: never more than the true
     * offset (by the round trip), so a deadline built with it never lies after our own time-out.
     * Learnt from every admit reply; measured with TIME when not known (at start, after a reconnect,
     * which may be to another node).
     */
    let clockOffsetMs;
    const learnClock = (redisNowMs) => {
        if (Number.isFinite(redisNowMs))
            clockOffsetMs = redisNowMs - Date.now();
    };
    client.on('ready', () => {
        clockOffsetMs = undefined;
    });
    const clockOffset = async () => {
        if (clockOffsetMs === undefined) {
            const [seconds, micros] = await call('time', () => client.time());
            learnClock(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
        }
        return clockOffsetMs ?? 0;
    };
    /**
     * The dataset marker (DATASET_LUA): the id this process saw last (undefined until its first
     * look), the Redis ms of that look, and the latest loss the marker named. Looked at by the
     * start-up check and every readiness check (checkWrite), on every reconnect, and by an exchange
     * whose script found the marker not the one seen (`unverified`).
     */
    const datasetKey = `${ns}:dataset`;
    let knownDataset;
    let datasetSeenAtMs = 0;
    let datasetLostAtMs = 0;
    const datasetListeners = [];
    const tell = (change) => {
        for (const listener of datasetListeners) {
            try {
                listener(change);
            }
            catch {
                // a listener's failure is its own
            }
        }
    };
    /**
     * The ids this process offered in looks whose reply it never got (a time-out, a link that
     * dropped): Redis may have run the script and written one, and a later look that finds it must
     * say this broker wrote it, not another. Cleared at each reply; a few at most.
     */
    const unansweredIds = [];
    const lookAtDataset = async () => {
        const fresh = (0,external_node_crypto_.randomBytes)(12).toString('base64url');
        unansweredIds.push(fresh);
        if (unansweredIds.length > 16)
            unansweredIds.shift();
        const [state, id, lost, now] = await call('dataset', () => client.stintDataset(datasetKey, knownDataset ?? '', fresh, String(datasetSeenAtMs)));
        const ours = state === 'lost' || (id !== fresh && unansweredIds.includes(id));
        unansweredIds.length = 0;
        const before = knownDataset;
        const lostBefore = datasetLostAtMs;
        const lostAtMs = Number(lost);
        knownDataset = id;
        datasetSeenAtMs = Number(now);
        datasetLostAtMs = Math.max(datasetLostAtMs, lostAtMs);
        if (state === 'created')
            tell({ kind: 'created', key: datasetKey });
        else if (before !== undefined && (state === 'lost' || state === 'lost elsewhere' || lostAtMs > lostBefore)) {
            // This broker wrote the marker, or the loss into it; else another broker had.
            tell({ kind: 'lost', key: datasetKey, lostAtMs, by: ours ? 'this broker' : 'another broker' });
        }
    };
    /** Looks at the marker after any look under way (each look then sees the link as it is now); never two at once. */
    let datasetLook = Promise.resolve();
    let datasetQueued;
    const checkDataset = () => {
        if (datasetQueued !== undefined)
            return datasetQueued;
        const next = datasetLook
            .catch(() => undefined)
            .then(() => {
            datasetQueued = undefined;
            return lookAtDataset();
        });
        datasetQueued = next;
        datasetLook = next;
        return next;
    };
    // A link that comes back may be to a Redis that restarted empty, or to another master.
    client.on('ready', () => {
        if (knownDataset !== undefined)
            void checkDataset().catch(() => undefined);
    });
    /** AdmitRequest.issuedAtMs as the admit script takes it. */
    const issuedAt = (request) => request.issuedAtMs === undefined || !Number.isFinite(request.issuedAtMs)
        ? ''
        : String(Math.floor(request.issuedAtMs));
    /** The admit script's `lost` rule, for Cluster, where the marker is not in the replay key's slot. */
    const issuedBeforeLoss = (request, redisNowMs) => {
        if (datasetLostAtMs === 0)
            return false;
        if (request.issuedAtMs === undefined || !Number.isFinite(request.issuedAtMs))
            return redisNowMs <= datasetLostAtMs + types/* NO_ISSUE_TIME_LOSS_MS */.F6;
        return Math.floor(request.issuedAtMs) <= datasetLostAtMs + types/* ISSUED_BEFORE_LOSS_MARGIN_MS */.O0;
    };
    const lateOrOdd = (outcome) => unavailable('admit', outcome === 'late'
        ? 'Redis ran the exchange after the broker had given up on it (Redis stalled), so it changed nothing'
        : `unexpected reply ${outcome}`);
    /**
     * Cluster: the keys of a take's record (TAKE_TOKEN_LUA), named by `id`, after its bucket; none on
     * one Redis or Sentinel, whose client never resends. The record's name starts with the namespace
     * (an ACL user limited to `~stint:*` may write it) and has the bucket's whole name as its hash
     * tag, so both are in one slot. A namespace with a hash tag of its own (the config allows no
     * braces) tags both already; one with braces but no tag gets no record.
     */
    const takeKeys = (bucketKey, id) => {
        if (connection.mode !== 'cluster')
            return [bucketKey];
        if (/^[^{]*\{[^}]+\}/.test(ns))
            return [bucketKey, `${ns}:take:${bucketKey}:${id}`];
        if (/[{}]/.test(ns))
            return [bucketKey];
        return [bucketKey, `${ns}:take:{${bucketKey}}:${id}`];
    };
    /** Gives back an owner token that take `id` took for an exchange refused after all (never above the burst). */
    const refundOwner = async (take, id) => {
        if (take === undefined)
            return;
        const keys = takeKeys(key('ratelimit', take.bucket), id);
        await call('refundToken', () => client.stintRefundToken(keys.length, ...keys, String(take.limit.rps), String(Math.floor(take.limit.burst)))).catch(() => undefined);
    };
    /**
     * A recorded replay key, once `acks` replicas (when waited for) confirmed it; else dropped again.
     * `ownerTaken`: the owner token the admit took, given back when the exchange is refused after
     * all (not confirmed, or released), so retries during a replica outage do not drain the bucket.
     */
    const confirmed = async (replay, owner, acks, ownerTaken) => {
        if (acks !== undefined && !(acks >= minReplicaAcks)) {
            await releaseRecord(replay, owner);
            await refundOwner(ownerTaken, owner);
            throw await replicasShort('admit', acks, replay);
        }
        let released = false;
        return {
            outcome: 'recorded',
            release: async () => {
                if (released)
                    return;
                released = true;
                await releaseRecord(replay, owner);
                await refundOwner(ownerTaken, owner);
            },
        };
    };
    /** Takes a token for request `id` (a resend of the same take takes nothing more, see TAKE_TOKEN_LUA). */
    const takeScript = (take, id) => {
        const keys = takeKeys(key('ratelimit', take.bucket), id);
        return call('takeToken', () => client.stintTakeToken(keys.length, ...keys, String(take.limit.rps), String(Math.floor(take.limit.burst)), String(TAKE_RECORD_MS)));
    };
    /**
     * Cluster: the replay key and the buckets live in different slots (on different masters), which
     * one script cannot touch. Each goes to its own slot at the same time (one round trip of
     * latency), and what a refusal elsewhere makes wrong is undone: a record is dropped again, an
     * owner token given back. The address token is kept, as it is everywhere.
     */
    const admitAcrossSlots = async (request, replay, owner, ttl, deadline) => {
        const waitForReplicas = request.record && minReplicaAcks > 0;
        const ownerTake = request.record ? request.owner : undefined;
        const [replayPart, addressPart, ownerPart, markerPart] = await Promise.allSettled([
            batch('admit', () => {
                const args = [owner, ttl, deadline, '', '', '', '', request.record ? '1' : '0', '', ''];
                const pipeline = client.pipeline().stintAdmit(1, replay, ...args);
                return waitForReplicas ? pipeline.call('WAIT', String(minReplicaAcks), String(waitMs)) : pipeline;
            }),
            request.address === undefined ? undefined : takeScript(request.address, owner),
            ownerTake === undefined ? undefined : takeScript(ownerTake, owner),
            // The marker lives in a slot of its own: read beside the rest, at no extra latency.
            call('dataset', () => client.get(datasetKey)),
        ]);
        const outcome = replayPart.status === 'fulfilled' ? replayPart.value[0][0] : undefined;
        const redisNowMs = replayPart.status === 'fulfilled' ? replayPart.value[0][2] : Number.NaN;
        learnClock(redisNowMs);
        const recorded = outcome === 'recorded';
        const ownerTaken = ownerPart.status === 'fulfilled' && ownerPart.value?.[0] === 1;
        const undo = async (keepRecord) => {
            if (request.record && !keepRecord && (recorded || replayPart.status === 'rejected'))
                await releaseRecord(replay, owner);
            if (ownerTaken)
                await refundOwner(ownerTake, owner);
        };
        for (const part of [replayPart, addressPart, ownerPart, markerPart]) {
            if (part.status === 'rejected') {
                await undo(false);
                throw part.reason;
            }
        }
        // Not the marker this broker saw: it looks (and reports a loss) before it judges the token.
        const marker = markerPart.value;
        if (marker?.split('|')[0] !== knownDataset) {
            try {
                await checkDataset();
            }
            catch (error) {
                await undo(false);
                throw error;
            }
        }
        if (outcome !== 'recorded' && outcome !== 'replayed' && outcome !== 'pending' && outcome !== 'absent') {
            await undo(false);
            throw lateOrOdd(String(outcome));
        }
        const address = addressPart.status === 'fulfilled' ? addressPart.value : undefined;
        if (address !== undefined && address[0] !== 1) {
            await undo(false);
            return { outcome: 'rate_limited', bucket: 'address', retryAfterMs: address[1] };
        }
        if ((outcome === 'recorded' || outcome === 'absent') && issuedBeforeLoss(request, redisNowMs)) {
            await undo(false);
            return { outcome: 'lost', lostAtMs: datasetLostAtMs };
        }
        if (outcome !== 'recorded') {
            await undo(false);
            return { outcome };
        }
        const ownerReply = ownerPart.status === 'fulfilled' ? ownerPart.value : undefined;
        if (ownerReply !== undefined && ownerReply[0] !== 1) {
            await undo(false);
            return { outcome: 'rate_limited', bucket: 'owner', retryAfterMs: ownerReply[1] };
        }
        const replies = replayPart.value;
        return confirmed(replay, owner, waitForReplicas ? Number(replies[1]) : undefined, ownerTaken ? ownerTake : undefined);
    };
    // The API key index and records share the {apikeys} hash tag so the two-key MULTI in
    // putApiKey and the pipeline in listApiKeys stay in one Redis Cluster slot.
    const apiKeyKey = (id) => `${ns}:{apikeys}:${hashKey(id)}`;
    const apiKeyIndex = `${ns}:{apikeys}:index`;
    const instancesKey = `${ns}:instances`;
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
            const reply = await durable('claimOnce', (p) => p.set(key('replay', value), '1', 'PX', ttl, 'NX'));
            return reply === 'OK';
        },
        async admit(request) {
            for (const take of [request.address, request.owner])
                if (take !== undefined)
                    checkLimit(take.limit);
            const replay = key('replay', request.replayKey);
            await settle(replay);
            // The first exchange of a broker whose start-up check has not looked at the marker yet.
            if (knownDataset === undefined)
                await checkDataset();
            const owner = (0,external_node_crypto_.randomBytes)(12).toString('base64url');
            const ttl = String(Math.max(1, Math.ceil(request.ttlMs)));
            const waitForReplicas = request.record && minReplicaAcks > 0;
            // Redis must run a record a margin before our own bound on this call (ioredis's
            // commandTimeout from about now), by its own clock; later, it changes nothing (`late`).
            const deadline = async () => request.record ? String(Date.now() + (await clockOffset()) + Math.floor(commandTimeoutMs * 0.8)) : '';
            if (connection.mode === 'cluster')
                return admitAcrossSlots(request, replay, owner, ttl, await deadline());
            const keys = [replay, datasetKey];
            const args = [owner, ttl, '', '', '', '', '', request.record ? '1' : '0', '', issuedAt(request)];
            if (request.address !== undefined) {
                keys.push(key('ratelimit', request.address.bucket));
                args[3] = String(request.address.limit.rps);
                args[4] = String(Math.floor(request.address.limit.burst));
            }
            if (request.record && request.owner !== undefined) {
                keys.push(key('ratelimit', request.owner.bucket));
                args[5] = String(request.owner.limit.rps);
                args[6] = String(Math.floor(request.owner.limit.burst));
            }
            // Twice at most: an `unverified` first answer (Redis lost its data since the broker last
            // looked; nothing was changed) has the broker look at the marker, report the loss, and ask again.
            for (let attempt = 1;; attempt++) {
                args[2] = await deadline();
                // Read above (or the call threw): KEYS[2] is the marker only while this is not empty.
                if (knownDataset === undefined)
                    throw unavailable('admit', 'the dataset marker was not read');
                args[8] = knownDataset;
                let replies;
                try {
                    // One round trip: the script and, with min_replica_acks, WAIT behind it on the same connection.
                    replies = await batch('admit', () => {
                        const pipeline = client.pipeline().stintAdmit(keys.length, ...keys, ...args);
                        return waitForReplicas ? pipeline.call('WAIT', String(minReplicaAcks), String(waitMs)) : pipeline;
                    });
                }
                catch (error) {
                    // Redis may have run it (the reply was lost, or came after our bound): drop what it recorded.
                    if (request.record)
                        await releaseRecord(replay, owner);
                    throw error;
                }
                const [outcome, retryAfterMs, redisNowMs] = replies[0];
                learnClock(redisNowMs);
                switch (outcome) {
                    case 'recorded':
                        return confirmed(replay, owner, waitForReplicas ? Number(replies[1]) : undefined, request.record ? request.owner : undefined);
                    case 'address':
                    case 'owner':
                        return { outcome: 'rate_limited', bucket: outcome, retryAfterMs };
                    case 'lost':
                        return { outcome: 'lost', lostAtMs: retryAfterMs };
                    case 'replayed':
                    case 'pending':
                    case 'absent':
                        return { outcome };
                    case 'unverified':
                        if (attempt === 1) {
                            await checkDataset();
                            continue;
                        }
                        throw unavailable('admit', 'the dataset marker changed again while the broker checked it');
                    default:
                        throw lateOrOdd(outcome);
                }
            }
        },
        async revoke(jti, expiresAtMs) {
            // PXAT: Redis expires the entry at the absolute time, so no broker clock is involved.
            const at = Math.ceil(expiresAtMs) + types/* REVOCATION_MARGIN_MS */.bD;
            await durable('revoke', (p) => p.set(key('revoked', jti), '1', 'PXAT', at));
        },
        async isRevoked(jti) {
            return (await call('isRevoked', () => client.exists(key('revoked', jti)))) === 1;
        },
        async takeToken(bucket, limit, _nowMs) {
            checkLimit(limit);
            const [allowed, retryAfterMs] = await takeScript({ bucket, limit }, (0,external_node_crypto_.randomBytes)(12).toString('base64url'));
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
            // Not connected when it is issued, the write is refused unsent (enableOfflineQueue: false).
            const sent = client.status === 'ready';
            try {
                await batch('putApiKey', () => client.multi().del(k).hset(k, fields).sadd(apiKeyIndex, record.id));
                if (minReplicaAcks > 0)
                    await durable('putApiKey', (p) => p.exists(k));
            }
            catch (error) {
                // A refused key is never printed: a record left on the primary would be an active key that
                // no one holds and no audit event names. The record (a new id) is deleted again, best effort.
                // The record first, on its own: an ACL user made from older docs lacks SREM, and a MULTI
                // holding it would abort whole for that user, the DEL with it. Then its id in the index,
                // which may stay (listApiKeys skips an id without a record).
                if (!sent) {
                    const note = 'Redis was not reached, so nothing was stored: no key was created';
                    if (error instanceof errors/* StintError */.Fp)
                        throw new errors/* StintError */.Fp(error.code, `${error.message}; ${note}`, { cause: error });
                    throw error;
                }
                const undone = await call('putApiKey', () => client.del(k)).then(() => undefined, (e) => e.message);
                if (undone === undefined)
                    await call('putApiKey', () => client.srem(apiKeyIndex, record.id)).catch(() => undefined);
                const note = undone === undefined
                    ? 'the record was deleted again: no key was created'
                    : `deleting the record again failed too (${undone}): it may be stored on the primary, active; revoke it with stint keys revoke-api-key ${record.id}`;
                if (error instanceof types/* ReplicasShortError */.kH)
                    throw new types/* ReplicasShortError */.kH(`${error.message}; ${note}`);
                if (error instanceof errors/* StintError */.Fp)
                    throw new errors/* StintError */.Fp(error.code, `${error.message}; ${note}`, { cause: error });
                throw error;
            }
        },
        async getApiKey(id) {
            const fields = await call('getApiKey', () => client.hgetall(apiKeyKey(id)));
            return toApiKeyRecord(fields);
        },
        async listApiKeys() {
            const ids = await call('listApiKeys', () => client.smembers(apiKeyIndex));
            if (ids.length === 0)
                return [];
            const results = await batch('listApiKeys', () => {
                const pipeline = client.pipeline();
                for (const id of ids)
                    pipeline.hgetall(apiKeyKey(id));
                return pipeline;
            });
            const records = [];
            for (const fields of results) {
                const record = toApiKeyRecord(fields);
                if (record !== undefined)
                    records.push(record);
            }
            return records.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
        },
        async revokeApiKey(id, revokedAtMs) {
            const reply = await durable('revokeApiKey', (p) => p.stintRevokeApiKey(apiKeyKey(id), String(revokedAtMs)));
            return reply === 1;
        },
        async recordApiKeyUse(id, usedAtMs) {
            // One field of the key's hash, so it never overwrites a revocation made meanwhile (HSETNX revokedAtMs).
            await call('recordApiKeyUse', () => client.stintRecordApiKeyUse(apiKeyKey(id), String(usedAtMs)));
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
            const at = Math.ceil(record.notAfterMs) + types/* REVOCATION_MARGIN_MS */.bD;
            await batch('putCertificate', () => client.multi().hset(k, fields).pexpireat(k, at));
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
        async publishInstance(record) {
            await call('publishInstance', () => client.hset(instancesKey, record.instance, JSON.stringify(record)));
        },
        async listInstances() {
            const fields = await call('listInstances', () => client.hgetall(instancesKey));
            const records = [];
            for (const text of Object.values(fields)) {
                try {
                    const r = JSON.parse(text);
                    if (typeof r.instance === 'string' && typeof r.signing === 'string' && Array.isArray(r.published))
                        records.push(r);
                }
                catch {
                    // not ours to judge: a record another version wrote
                }
            }
            return records;
        },
        async removeInstance(instance) {
            await call('removeInstance', () => client.hdel(instancesKey, instance));
        },
        async ping() {
            const reply = await call('ping', () => client.ping());
            if (reply !== 'PONG')
                throw unavailable('ping', `unexpected reply ${String(reply)}`);
        },
        async checkWrite() {
            // A replica answers PING but refuses this write (READONLY); with min_replica_acks the write
            // must also reach that many replicas, as every replay record must.
            await durable('checkWrite', (p) => p.set(key('probe', 'readyz'), '1', 'PX', 10_000));
            // And the data is the data this broker wrote to (docs/many-brokers.md#when-redis-loses-its-data).
            await checkDataset();
        },
        onDataset(listener) {
            datasetListeners.push(listener);
        },
        async persistenceWarnings(acks) {
            const nodes = connection.mode === 'cluster'
                ? client.nodes('master').map((node) => [node, `${node.options.host}:${node.options.port}`])
                : [[client, display]];
            // A Cluster connects to a master only when a command first goes to it: each is connected
            // here (bounded), so every master is read, not only those the start-up writes reached.
            const read = async ([node, name]) => {
                if (connection.mode !== 'cluster') {
                    if (node.status !== 'ready')
                        return [settingsUnread(name, `not connected: ${node.status}`)];
                    return await checkNodePersistence(node, name, acks).catch((error) => [
                        settingsUnread(name, error instanceof Error ? error.message : String(error)),
                    ]);
                }
                if (!(await nodeReady(node, connectTimeoutMs))) {
                    return [settingsUnread(name, `could not connect within ${connectTimeoutMs} ms: ${node.status}`)];
                }
                return checkNodePersistence(node, name, acks).catch((error) => [
                    settingsUnread(name, error instanceof Error ? error.message : String(error)),
                ]);
            };
            // A Cluster that knows no master yet (every node down at start) has none to read.
            if (nodes.length === 0)
                return [settingsUnread(display, `no master known: ${client.status}`)];
            return (await Promise.all(nodes.map(read))).flat();
        },
        connected() {
            return client.status === 'ready';
        },
        onFirstWrite(listener) {
            firstWriteListeners.push(listener);
        },
        async close() {
            closed = true;
            try {
                if (client.status === 'ready')
                    await client.quit();
            }
            catch {
                // closing anyway
            }
            finally {
                // disconnect() ends each link politely and waits up to 2 s (ioredis's disconnectTimeout)
                // for Redis to close it: a Redis that hangs never does, and those links held the process
                // seconds after the broker said it stopped. Nothing more is sent or awaited: cut them now
                // (found first: a Cluster forgets its nodes as it disconnects).
                const links = openLinks(client, connection.mode === 'cluster');
                client.disconnect();
                for (const link of links)
                    if (link.destroyed !== true)
                        link.destroy();
            }
        },
    };
}
/** The first key of a pipeline's first command that has one (ioredis's queue, read defensively). */
function firstKey(pipeline) {
    const queue = pipeline._queue;
    for (const command of queue ?? []) {
        const key = command.getKeys?.()[0];
        if (key !== undefined)
            return key.toString();
    }
    return undefined;
}
/**
 * The sockets of an ioredis client not destroyed yet: its own, its connector's (a Sentinel client
 * connecting to the master), the failover detector's links to the sentinels, and a Cluster's
 * nodes'. Read from ioredis's internals, each looked up defensively: a field missing in another
 * version yields nothing.
 */
function openLinks(client, cluster) {
    const isLink = (value) => typeof value === 'object' && value !== null && typeof value.destroy === 'function';
    const ofClient = (one) => [
        one?.stream,
        one?.connector?.stream,
        ...(one?.connector?.failoverDetector?.sentinels ?? []).map((sentinel) => sentinel.client?.stream),
    ];
    const clients = cluster
        ? client.nodes('all')
        : [client];
    return clients
        .flatMap(ofClient)
        .filter(isLink)
        .filter((link) => link.destroyed !== true);
}


/***/ })

};
