export const id = 365;
export const ids = [365];
export const modules = {

/***/ 236:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pt: () => (/* binding */ repeatedMember),
/* harmony export */   dj: () => (/* binding */ canonicalJson),
/* harmony export */   qv: () => (/* binding */ chainHash)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);


/**
 * Canonical JSON, so a line's hash does not depend on the order its fields were written in:
 * object members sorted by key (UTF-16 code units, JavaScript's default sort), no whitespace,
 * strings and numbers exactly as JSON.stringify writes them, array order kept, undefined
 * members left out. For the values the audit log holds (strings, integers, booleans, null,
 * arrays, objects) this is RFC 8785 (JCS). Non-finite numbers are refused.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
function canonicalJson(value) {
    if (value === null || typeof value === 'boolean' || typeof value === 'string')
        return JSON.stringify(value);
    if (typeof value === 'number') {
        if (!Number.isFinite(value))
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_AUDIT_VALUE', 'audit values must be finite numbers');
        return JSON.stringify(value);
    }
    if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
    if (typeof value === 'object') {
        const members = Object.keys(value)
            .filter((key) => value[key] !== undefined)
            .sort()
            .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
        return `{${members.join(',')}}`;
    }
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_AUDIT_VALUE', `audit values must be JSON, not ${typeof value}`);
}
/** The chain hash of a line: SHA-256 hex over `prev`, "\n", and the canonical JSON of the line without prev and hash. */
function chainHash(prev, record) {
    const { prev: _prev, hash: _hash, ...content } = record;
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', `${prev}\n${canonicalJson(content)}`);
}
/**
 * The first member name that appears twice in one object of `text`, which must be valid JSON
 * (parse it first); undefined when every object's names are distinct. Names compare decoded,
 * so `"a"` and `"\u0061"` are the same member.
 *
 * @example
 * repeatedMember('{"outcome":"denied","outcome":"success"}') // 'outcome'
 */
function repeatedMember(text) {
    // One frame per open container: the names seen so far in an object, null for an array.
    const open = [];
    // Whether the next string in the innermost object is a member name (after `{` or `,`).
    let expectName = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
            let end = i + 1;
            while (text[end] !== '"')
                end += text[end] === '\\' ? 2 : 1;
            const names = open.at(-1);
            if (expectName && names) {
                const name = JSON.parse(text.slice(i, end + 1));
                if (names.has(name))
                    return name;
                names.add(name);
                expectName = false;
            }
            i = end;
        }
        else if (c === '{') {
            open.push(new Set());
            expectName = true;
        }
        else if (c === '[') {
            open.push(null);
            expectName = false;
        }
        else if (c === '}' || c === ']') {
            open.pop();
            expectName = false;
        }
        else if (c === ',') {
            expectName = open.at(-1) instanceof Set;
        }
    }
    return undefined;
}


/***/ }),

/***/ 3461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hw: () => (/* binding */ lineHash),
/* harmony export */   Oc: () => (/* binding */ MAX_LINE_BYTES),
/* harmony export */   r9: () => (/* binding */ encodeEvent),
/* harmony export */   rE: () => (/* binding */ withExtraField)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _canonical_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(236);
/* harmony import */ var _secret_guard_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(699);




/**
 * `options` with one more `extra` field: `first` puts it before the fields `options.extra` has
 * (which override it: a request's client address, unless the event's caller gave one), else
 * after them (it overrides theirs: the broker's instance). Each broker event passes two such
 * stamps, so they are built member by member: on Node 20 an object spread followed by more
 * members (`{ ...options, extra: { ...options?.extra, instance } }`) takes V8's slow path, 1-2 µs
 * each, where this takes tens of nanoseconds. Keeps `quoting`, the other option.
 *
 * @example
 * withExtraField({ quoting: true }, 'instance', 'b1', false) // { quoting: true, extra: { instance: 'b1' } }
 */
function withExtraField(options, name, value, first) {
    const extra = {};
    if (first)
        put(extra, name, value);
    const given = options?.extra;
    if (given !== undefined)
        for (const key of Object.keys(given))
            put(extra, key, given[key]);
    if (!first)
        put(extra, name, value);
    return options?.quoting === undefined ? { extra } : { quoting: options.quoting, extra };
}
/**
 * Sets an own member, as a spread does: a plain assignment to `__proto__` (a name JSON.parse can
 * give) would set the object's prototype instead, and its members would stand in for the event's.
 */
function put(target, key, value) {
    if (key === '__proto__')
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    else
        target[key] = value;
}
/** Longest string kept in a quoted field; claims and reasons quoting them come from callers. */
const MAX_QUOTED_CHARS = 512;
/** Refuses lines this long: an audit event is a few hundred bytes; this one is a bug. */
const MAX_LINE_BYTES = 64 * 1024;
const WITHHELD = '[withheld: the value looked like a secret]';
/** Stands for a token cut out of a longer value; no `:` or `/`, so a subject pattern's `*` still spans it. */
const WITHHELD_PART = '[withheld secret]';
/** The chain fields; an event may not set them. */
const RESERVED = ['seq', 'ts', 'prev', 'hash'];
/**
 * Every line starts with these, in this order, and has each of them: `null` where an event has
 * none (a key rotation at start-up has no request), so a reader or a log shipper's schema sees
 * the same keys on every line.
 */
const LEADING_FIELDS = ['event', 'request_id', 'outcome', 'reason'];
const LEADING = new Set(LEADING_FIELDS);
/**
 * Checks an event and writes its line body and canonical form in one pass over its fields:
 * each string is scanned for secrets once and turned into JSON once, and that one text serves
 * both the line and the hash (a string, number, boolean or null is written the same in both).
 * Only a nested object or array is serialised twice (reading order, and sorted), and only one
 * holding values JSON would change (a Date, NaN, a hole) is parsed back, so what is hashed is
 * what a reader parses back from the line.
 *
 * Throws ERR_AUDIT_VALUE (no event name, a chain field set, over 64 KiB, a non-finite
 * number nested in an object) or ERR_AUDIT_SECRET (see `quoting`).
 *
 * @example
 * const encoded = encodeEvent({ event: 'key_rotated', outcome: 'success', kid });
 * encoded.fields // '"event":"key_rotated","request_id":null,"outcome":"success","reason":null,"kid":…'
 * lineHash(GENESIS_HASH, encoded, 1, '2026-05-01T00:00:00.000Z') // sha256 of 000…0\n{"event":…,"seq":1,"ts":"2026-…"}
 */
function encodeEvent(event, options = {}) {
    if (event === null || typeof event !== 'object' || typeof event.event !== 'string' || event.event === '') {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_AUDIT_VALUE', 'an audit event needs an `event` name');
    }
    const { quoting = false, extra } = options;
    for (const key of RESERVED) {
        if (Object.hasOwn(event, key) || (extra !== undefined && Object.hasOwn(extra, key)))
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_AUDIT_VALUE', `audit event field ${key} is set by the log itself`);
    }
    // Members in reading order: the leading fields (`null` where absent), then the rest as the
    // event has them, then `extra`. An empty text stands for a member JSON leaves out.
    const members = [];
    for (const name of LEADING_FIELDS)
        members.push(encodeMember(name, extra?.[name] ?? event[name] ?? null, quoting));
    for (const name of Object.keys(event)) {
        if (LEADING.has(name) || (extra !== undefined && Object.hasOwn(extra, name)))
            continue;
        const value = event[name];
        if (value !== undefined)
            members.push(encodeMember(name, value, quoting));
    }
    if (extra !== undefined) {
        for (const name of Object.keys(extra)) {
            const value = extra[name];
            if (!LEADING.has(name) && value !== undefined)
                members.push(encodeMember(name, value, quoting));
        }
    }
    let fields = '';
    for (const { text } of members)
        if (text !== '')
            fields = fields === '' ? text : `${fields},${text}`;
    if (fields.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(fields) > MAX_LINE_BYTES)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_AUDIT_VALUE', `audit event ${event.event} is over 64 KiB`);
    let beforeSeq = '';
    let betweenSeqAndTs = '';
    let afterTs = '';
    for (const i of sortedOrder(members)) {
        const { name, text, canonical = text } = members[i];
        if (canonical === '')
            continue;
        if (name.name < 'seq')
            beforeSeq += `${canonical},`;
        else if (name.name < 'ts')
            betweenSeqAndTs += `${canonical},`;
        else
            afterTs += `,${canonical}`;
    }
    return { fields, beforeSeq, betweenSeqAndTs, afterTs };
}
/**
 * The line's hash: SHA-256 hex over `prev`, a newline, and the canonical JSON of the line
 * without prev and hash, which is what chainHash computes from the line a reader parses back.
 */
function lineHash(prev, encoded, seq, ts) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', `${prev}\n{${encoded.beforeSeq}"seq":${seq},${encoded.betweenSeqAndTs}"ts":"${ts}"${encoded.afterTs}}`);
}
/**
 * Encodes one member as `"name":value` for the line and for the hash (canonical); an empty text
 * when JSON leaves the member out (a function).
 */
function encodeMember(field, value, quoting) {
    const name = memberName(field);
    if (value !== undefined && value !== null && name.secret)
        throw (0,_secret_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .secretFieldError */ .tX)(field);
    let text;
    let canonicalText;
    switch (typeof value) {
        case 'string': {
            let kept = value;
            const what = (0,_secret_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .secretIn */ .u7)(kept);
            if (what !== undefined) {
                if (!quoting)
                    throw (0,_secret_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .secretValueError */ ._U)(field, what);
                const cut = (0,_secret_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .withholdPlainSecrets */ .FK)(kept, WITHHELD_PART);
                kept = cut === undefined || cut === WITHHELD_PART ? WITHHELD : cut;
                if (kept.length > MAX_QUOTED_CHARS)
                    kept = `${kept.slice(0, MAX_QUOTED_CHARS)}…[cut]`;
            }
            else if (quoting && kept.length > MAX_QUOTED_CHARS) {
                kept = `${kept.slice(0, MAX_QUOTED_CHARS)}…[cut]`;
            }
            text = jsonString(kept);
            break;
        }
        case 'number':
            // A reader parses NaN and ±Infinity back as null (JSON writes them so).
            text = Number.isFinite(value) ? JSON.stringify(value) : 'null';
            break;
        case 'boolean':
            text = value ? 'true' : 'false';
            break;
        case 'object': {
            if (value === null) {
                text = 'null';
                break;
            }
            try {
                (0,_secret_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .assertNoSecrets */ .v7)(value, field);
            }
            catch (error) {
                if (!quoting)
                    throw error;
                text = JSON.stringify(WITHHELD);
                break;
            }
            text = JSON.stringify(value);
            // A list of strings, finite numbers, booleans and nulls is canonical as JSON writes it.
            // Otherwise what is hashed is what a reader parses back (a Date becomes its string, NaN null).
            if (text !== undefined && !isFlatList(value))
                canonicalText = (0,_canonical_json_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)(isPlainJson(value) ? value : JSON.parse(text));
            break;
        }
        default:
            // A function or symbol: JSON leaves the member out. A bigint: JSON.stringify throws, as before.
            text = JSON.stringify(value);
    }
    if (text === undefined)
        return { name, text: '' };
    return canonicalText === undefined
        ? { name, text: name.key + text }
        : { name, text: name.key + text, canonical: name.key + canonicalText };
}
/** Printable ASCII but `"` and `\`: JSON writes such a string as it is, between quotes. */
const JSON_AS_IS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/**
 * `JSON.stringify(text)`, the same text: an event's strings are mostly identifiers, names and
 * hashes that need no escaping, and a test of the characters costs half of what a call to
 * JSON.stringify does (some thirty per event).
 */
function jsonString(text) {
    return JSON_AS_IS.test(text) ? `"${text}"` : JSON.stringify(text);
}
/** An array (no holes) of strings, finite numbers, booleans and nulls: `rules`, `flags`. */
function isFlatList(value) {
    if (!Array.isArray(value))
        return false;
    for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const type = typeof item;
        if (type === 'number' ? !Number.isFinite(item) : type !== 'string' && type !== 'boolean' && item !== null)
            return false;
    }
    return true;
}
const memberNames = new Map();
/** A member's name, kept for the few dozen names events use, so each is escaped and checked once. */
function memberName(name) {
    let known = memberNames.get(name);
    if (known === undefined) {
        known = { name, key: `${JSON.stringify(name)}:`, secret: (0,_secret_guard_js__WEBPACK_IMPORTED_MODULE_3__/* .isSecretField */ .nU)(name) };
        if (memberNames.size < 1024)
            memberNames.set(name, known);
    }
    return known;
}
/** Recent member-name lists and their sorted order: events of one kind have the same names in the same order. */
const orders = [];
/** The indices of `members` in sorted (UTF-16 code unit) order of their names, as canonicalJson sorts members. */
function sortedOrder(members) {
    for (const known of orders)
        if (sameNames(known.names, members))
            return known.order;
    const names = members.map((member) => member.name);
    const order = names
        .map((_, i) => i)
        .sort((a, b) => (names[a].name < names[b].name ? -1 : names[a].name > names[b].name ? 1 : 0));
    orders.unshift({ names, order });
    if (orders.length > 32)
        orders.pop();
    return order;
}
/** Whether the members have these names (the same kept names, compared by identity), in this order. */
function sameNames(names, members) {
    if (names.length !== members.length)
        return false;
    for (let i = 0; i < names.length; i++)
        if (names[i] !== members[i].name)
            return false;
    return true;
}
/**
 * Whether JSON.parse(JSON.stringify(value)) would give back an equal value: strings, finite
 * numbers, booleans, null, and arrays and plain objects of those (a Date, NaN, a hole or an
 * undefined array item would come back as something else).
 */
function isPlainJson(value) {
    switch (typeof value) {
        case 'string':
        case 'boolean':
            return true;
        case 'number':
            return Number.isFinite(value);
        case 'object': {
            if (value === null)
                return true;
            if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++)
                    if (!(i in value) || !isPlainJson(value[i]))
                        return false;
                return true;
            }
            const prototype = Object.getPrototypeOf(value);
            if (prototype !== Object.prototype && prototype !== null)
                return false;
            for (const member of Object.values(value))
                if (member !== undefined && !isPlainJson(member))
                    return false;
            return !('toJSON' in value);
        }
        default:
            return false;
    }
}


/***/ }),

/***/ 2714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ GENESIS_HASH),
/* harmony export */   w: () => (/* binding */ AUDIT_EVENT_NAMES)
/* harmony export */ });
/**
 * The audit events the broker and the CLI write (docs/broker.md#the-audit-log). One event is one line
 * of the hash-chained log; `seq`, `ts`, `prev` and `hash` are added by the log itself.
 */
const AUDIT_EVENT_NAMES = [
    'token_issued',
    'exchange_denied',
    'token_revoked',
    'token_introspected',
    'introspection_denied',
    'cert_issued',
    'cert_denied',
    'key_rotated',
    /** The mTLS CA that `/mtls/ca.pem` serves was made (none before), renewed (due) or replaced (lost before it was due), with its fingerprint. */
    'ca_created',
    'ca_renewed',
    'ca_replaced',
    'apikey_created',
    'apikey_revoked',
    'config_reloaded',
    'config_reload_failed',
    /** The broker found its Redis had lost its data (docs/many-brokers.md#when-redis-loses-its-data). */
    'store_data_lost',
    /** Written by the log itself, first after writes failed (a full disk): since when, and how many events were refused. */
    'audit_write_failed',
];
const GENESIS_HASH = '0'.repeat(64);


/***/ }),

/***/ 8526:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ openAuditFile)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_1__);


/** gzip's magic bytes (RFC 1952): what logrotate's `compress` leaves in `audit.jsonl.2.gz`. */
const GZIP_MAGIC = [0x1f, 0x8b];
/**
 * The bytes of an audit log file as a stream: decompressed when the file is gzip (its first two
 * bytes 1f 8b, whatever its name), as is. A line of the log starts with `{`, so the two cannot
 * be mistaken. Opening errors (ENOENT, EACCES) reject; read and decompression errors (a .gz cut
 * short: Z_BUF_ERROR) come from the stream.
 *
 * @example
 * for await (const chunk of await openAuditFile('audit.jsonl.2.gz')) lines.push(chunk);
 */
async function openAuditFile(file) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(file, 'r');
    let gzip;
    try {
        const head = Buffer.alloc(GZIP_MAGIC.length);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        gzip = bytesRead === GZIP_MAGIC.length && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    }
    catch (error) {
        await handle.close();
        throw error;
    }
    const raw = handle.createReadStream({ start: 0 });
    if (!gzip)
        return raw;
    const gunzip = (0,node_zlib__WEBPACK_IMPORTED_MODULE_1__.createGunzip)();
    raw.on('error', (error) => gunzip.destroy(error));
    // A reader that stops early (a bad line) destroys the gunzip stream: close the file with it.
    gunzip.on('close', () => raw.destroy());
    return raw.pipe(gunzip);
}


/***/ }),

/***/ 8365:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EQ: () => (/* binding */ checkRecord),
/* harmony export */   FF: () => (/* binding */ verifyAuditLog),
/* harmony export */   QW: () => (/* binding */ openAuditLog),
/* harmony export */   UK: () => (/* binding */ parseAuditAnchor)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_lock_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3821);
/* harmony import */ var _lib_private_dir_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1066);
/* harmony import */ var _canonical_json_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(236);
/* harmony import */ var _encode_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3461);
/* harmony import */ var _events_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2714);
/* harmony import */ var _file_stream_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8526);
/* harmony import */ var _read_error_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5815);










/** `<file>.chain`: `SEQ:HASH` of the chain's last line, padded to one length so each write covers the last. */
const CHAIN_RECORD_BYTES = 16 + 1 + 64 + 1;
const CHAIN_RECORD = /^([1-9][0-9]{0,15}):([0-9a-f]{64}) *\n$/;
/** At most this many lines per write, so one batch stays a few MiB at worst. */
const MAX_BATCH = 256;
const HEX64 = /^[0-9a-f]{64}$/;
/**
 * Opens (creating, 0600) the audit log and resumes its chain from the last line. The log's
 * directory must be private to this user (ensurePrivateDir: made 0700, a loose one of ours
 * tightened, a shared or foreign one refused), and the log is opened without following a
 * symlink at its name (openPrivateAppend), so no one can point stint's appends, or its chmod,
 * at another file.
 *
 * @example
 * const log = await openAuditLog('.stint/audit.jsonl');
 * await log.append({ event: 'key_rotated', outcome: 'success', reason: 'scheduled', kid });
 */
async function openAuditLog(file, options = {}) {
    const now = options.now ?? Date.now;
    await (0,_lib_private_dir_js__WEBPACK_IMPORTED_MODULE_4__/* .ensurePrivateDir */ .r)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(file));
    // The log holds who got what: as private as the keys.
    let fd = (0,_lib_private_dir_js__WEBPACK_IMPORTED_MODULE_4__/* .openPrivateAppend */ .k)(file);
    const lease = new _lib_file_lock_js__WEBPACK_IMPORTED_MODULE_3__/* .FileLease */ .vi(`${file}.lock`);
    // Where the chain ends, beside the log (see resume); opened under the lock.
    const chainFile = `${file}.chain`;
    let chainFd;
    /** Records the chain's last line in `<file>.chain`: one write over the same bytes. */
    const keep = (seq, prev) => {
        chainFd ??= (0,_lib_private_dir_js__WEBPACK_IMPORTED_MODULE_4__/* .openPrivateAppend */ .k)(chainFile, 0o600, 0);
        const record = Buffer.from(`${`${seq}:${prev}`.padEnd(CHAIN_RECORD_BYTES - 1)}\n`, 'latin1');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(chainFd, record, 0, record.length, 0);
    };
    /**
     * The `SEQ:HASH` in `<file>.chain` (call with the lock held), or undefined without one (removed
     * to begin anew). Opened by path each time: the file may have been removed or replaced since.
     */
    const readKept = () => {
        if (chainFd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(chainFd);
        chainFd = undefined;
        chainFd = (0,_lib_private_dir_js__WEBPACK_IMPORTED_MODULE_4__/* .openPrivateAppend */ .k)(chainFile, 0o600, 0);
        const buffer = Buffer.alloc(CHAIN_RECORD_BYTES);
        const kept = CHAIN_RECORD.exec(buffer.toString('latin1', 0, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(chainFd, buffer, 0, buffer.length, 0)));
        return kept === null || !Number.isSafeInteger(Number(kept[1]))
            ? undefined
            : { seq: Number(kept[1]), prev: kept[2] };
    };
    /**
     * Where the chain ends (call with the lock held): the last line of a file that has lines;
     * for an empty file (new at the path after a rename, emptied by copytruncate, or never
     * written) the line `<file>.chain` names, which whoever wrote last (this broker, another, or
     * `stint keys …`) recorded there, so the first line of the new file follows the last line of
     * the chain wherever it went. Without a `.chain` (removed to begin anew) the chain starts at 1.
     *
     * A file whose last line is before the one `.chain` names (whole lines cut off its end: a
     * restore from an older snapshot, a truncation), or is another line at that seq, is refused
     * with ERR_AUDIT_TRUNCATED: going on from it would give the cut lines' seq numbers to new
     * lines and overwrite `.chain`, the one record of the cut. A file whose last line is cut short
     * is refused with ERR_AUDIT_CORRUPT. Both messages name the anchor a new file (after the old
     * one is moved aside) continues from, for `stint audit verify NEW --after SEQ:HASH`.
     */
    const resume = () => {
        const kept = readKept();
        const last = readChainTail(fd, file, kept);
        if (last.size === 0)
            return kept === undefined ? last : { ...kept, size: 0 };
        if (kept !== undefined && (kept.seq > last.seq || (kept.seq === last.seq && kept.prev !== last.prev)))
            throw cutOff(file, last, kept);
        return last;
    };
    let tail;
    try {
        tail = await lease.run(() => {
            const found = resume();
            // After a crash between a line and its record, the record catches up here.
            if (found.seq > 0)
                keep(found.seq, found.prev);
            return found;
        });
    }
    catch (error) {
        lease.release();
        if (chainFd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(chainFd);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        throw error;
    }
    // The open file's identity, to tell whether it is still the file at the path.
    let opened = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
    let pending = [];
    let draining = false;
    let drained = Promise.resolve();
    /** A failed write could not be cut off: the file may end in part of a line, so nothing more is written. */
    let broken;
    /** Writes fail, each failed batch cut off whole: since when, the last error, and how many events were refused. */
    let failing;
    let closed = false;
    let closing;
    /** Records a failure after which the file is whole (the next batch tries again); returns its error. */
    const failed = (message, cause) => {
        const error = new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_AUDIT_WRITE', `${message}; nothing is written until a write succeeds (tried again at each event, and at each GET /readyz of a broker): ` +
            'free space on its device or fix what the error names; no restart is needed', { cause });
        failing = { since: failing?.since ?? now(), error, refused: failing?.refused ?? 0 };
        return error;
    };
    /**
     * After a write that failed, cuts the file back to `size`, its length before the write, so no
     * part of the batch stays in it. Returns the error for the batch: a `failed` one when the file is
     * whole again, else `broken`, which stops the log for good.
     */
    const takeBack = (error, size, what) => {
        const subject = `audit log ${file}${what === file ? '' : `: ${what}`}`;
        try {
            const length = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd).size;
            // Shorter than before the write: emptied in place meanwhile (copytruncate, which takes no
            // lock); a truncate to `size` would pad it with zeros. Not whole, then.
            if (length < size)
                throw new Error(`it is ${length} bytes, shorter than the ${size} before the write`);
            if (length > size)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.ftruncateSync)(fd, size);
        }
        catch (undo) {
            broken = new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_AUDIT_WRITE', `${subject} could not be written (${errorText(error)}), and what was written of the log could not be cut off ` +
                `(${errorText(undo)}), so its last line may be incomplete: nothing more is written to it. Fix the disk, move the file aside ` +
                '(`stint audit verify` checks the lines before the incomplete one) and restart', { cause: error });
            return broken;
        }
        return failed(`${subject} could not be written (${errorText(error)})`, error);
    };
    /**
     * The line that opens the first batch written after a failure: since when the log could not be
     * written and how many events were refused meanwhile (none of them is in the log).
     */
    const gapLine = () => {
        if (failing === undefined)
            return undefined;
        const cause = failing.error.cause;
        const marker = {
            event: 'audit_write_failed',
            outcome: 'error',
            code: 'ERR_AUDIT_WRITE',
            reason: `the audit log could not be written from ${new Date(failing.since).toISOString()} until this line` +
                ` (last error: ${cause?.code ?? errorText(cause)}); ${failing.refused === 1 ? '1 event was' : `${failing.refused} events were`} refused meanwhile and are not in the log`,
        };
        try {
            return (0,_encode_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeEvent */ .r9)(marker, { quoting: true, extra: options.extra });
        }
        catch {
            return (0,_encode_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeEvent */ .r9)({ ...marker, reason: 'the audit log could not be written until this line' });
        }
    };
    /**
     * Writes a batch, with the lock held: errors from the file system come back as ERR_AUDIT_WRITE,
     * naming the log (Node's write errors name no file).
     */
    const writeLocked = (batch) => {
        try {
            return writeBatch(batch);
        }
        catch (error) {
            if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp && (error.code === 'ERR_AUDIT_TRUNCATED' || error.code === 'ERR_AUDIT_CORRUPT')) {
                // The file at the path had lines cut off its end, or its last line cut short, under this
                // writer: nothing is written to it (the cut lines' seq numbers are not given out again, and
                // `.chain` keeps the record of the cut), and writes go on once it is fixed or moved aside.
                const refused = new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_AUDIT_WRITE', `${error.message}. Nothing is written to it until then (tried again at each event, and at each GET /readyz of a broker); no restart is needed`, { cause: error });
                failing = { since: failing?.since ?? now(), error: refused, refused: failing?.refused ?? 0 };
                throw refused;
            }
            if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp)
                throw error;
            throw failed(`audit log ${file} could not be written (${errorText(error)})`, error);
        }
    };
    /**
     * Writes a batch as one write(2). Called with the lock held; synchronous, so the lease cannot
     * lapse mid-batch. When the write is cut short, the lines it wrote whole stay (their appends
     * resolve) and the rest is cut off (theirs reject with `failure`).
     */
    const writeBatch = (batch) => {
        // One lstat per batch, and no more: it is how a rotation is seen (the log moved aside or
        // removed by logrotate, which takes no lock, or a fresh start after ERR_AUDIT_CORRUPT), and
        // its size is how a line another process appended under the lock is seen.
        const named = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file, { throwIfNoEntry: false });
        if (named === undefined || named.ino !== opened.ino || named.dev !== opened.dev) {
            // Write to the file now at the path, not to the one moved away; its first line continues
            // the chain (resume), so `stint audit verify OLD NEW` checks nothing was lost in between.
            const previous = fd;
            fd = (0,_lib_private_dir_js__WEBPACK_IMPORTED_MODULE_4__/* .openPrivateAppend */ .k)(file);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(previous);
            opened = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
            tail = resume();
        }
        else if (named.size !== tail.size || named.size === 0) {
            // Another writer appended since this one's last line (the lock lets the CLI's `stint keys …`
            // write while a broker runs), or the file was emptied in place (logrotate's copytruncate):
            // the chain goes on from the line now last, or from the one `.chain` names.
            tail = resume();
        }
        let seq = tail.seq;
        let prev = tail.prev;
        const results = [];
        /** Per line: where it ends (bytes, characters) and its place in the chain. */
        const lines = [];
        /** Per append of the batch: how many lines must be in the file for it to resolve. */
        const needs = [];
        let text = '';
        let length = 0;
        const ts = new Date(now()).toISOString();
        // After a failure, the line saying so goes first (a check() alone writes only it).
        const gap = gapLine();
        for (const encoded of gap === undefined ? batch.map((p) => p.encoded) : [gap, ...batch.map((p) => p.encoded)]) {
            if (encoded !== undefined) {
                seq += 1;
                const hash = (0,_encode_js__WEBPACK_IMPORTED_MODULE_6__/* .lineHash */ .Hw)(prev, encoded, seq, ts);
                // The chain fields go around the event's members, in the order people read them.
                const line = `{"seq":${seq},"ts":"${ts}",${encoded.fields},"prev":"${prev}","hash":"${hash}"}\n`;
                text += line;
                length += Buffer.byteLength(line);
                lines.push({ bytes: length, chars: text.length, seq, hash });
                prev = hash;
            }
            if (encoded !== gap) {
                results.push({ seq, hash: prev });
                needs.push(lines.length);
            }
        }
        if (text === '')
            return { results };
        const bytes = Buffer.from(text, 'utf8');
        // The lstat above saw the file at this length (or resume() read it), under the lock.
        const before = tail.size;
        const prior = failing;
        let written = 0;
        let failure;
        try {
            while (written < bytes.length)
                written += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, bytes, written);
        }
        catch (error) {
            // A short write leaves part of a line: cut it off, so the chain never goes on from a broken
            // line; the lines before it were written whole and stay.
            let whole = 0;
            while (whole < lines.length && lines[whole].bytes <= written)
                whole++;
            // The gap line is in: that failure is on record, and this one counts from now.
            if (whole > 0 && gap !== undefined)
                failing = undefined;
            failure = takeBack(error, before + (whole === 0 ? 0 : lines[whole - 1].bytes), file);
            if (whole === 0 || broken !== undefined)
                throw failure;
            lines.length = whole;
        }
        const last = lines[lines.length - 1];
        try {
            keep(last.seq, last.hash);
        }
        catch (error) {
            // The lines are in the file but the chain's record is not: take them back too, so the two agree.
            failing = prior;
            throw takeBack(error, before, chainFile);
        }
        tail = { seq: last.seq, prev: last.hash, size: before + last.bytes };
        if (failure === undefined)
            failing = undefined;
        options.onLines?.(text.slice(0, last.chars));
        return failure === undefined
            ? { results }
            : { results: results.slice(0, needs.filter((n) => n <= lines.length).length), failure };
    };
    const drain = async () => {
        try {
            while (pending.length > 0) {
                const batch = pending.length > MAX_BATCH ? pending.splice(0, MAX_BATCH) : pending;
                if (batch === pending)
                    pending = [];
                let done = 0;
                try {
                    if (broken !== undefined)
                        throw broken;
                    const { results, failure } = await lease
                        .run(() => writeLocked(batch))
                        .catch((error) => {
                        if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp)
                            throw error;
                        // Not from the write (writeLocked names those): the lock file could not be created.
                        throw failed(`audit log ${file}: its lock file ${file}.lock could not be created (${errorText(error)})`, error);
                    });
                    for (; done < results.length; done++)
                        batch[done].resolve(results[done]);
                    if (failure !== undefined)
                        throw failure;
                }
                catch (error) {
                    const refused = batch.slice(done);
                    for (const p of refused)
                        p.reject(error);
                    if (failing !== undefined && broken === undefined)
                        failing.refused += refused.filter((p) => p.encoded !== undefined).length;
                }
            }
        }
        finally {
            draining = false;
        }
    };
    const enqueue = (encoded, resolve, reject) => {
        pending.push({ encoded, resolve, reject });
        if (!draining) {
            draining = true;
            drained = drain();
        }
    };
    return {
        file,
        append(event, encodeOptions) {
            if (closed)
                return Promise.reject(new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_AUDIT_CLOSED', `audit log ${file} is closed`));
            let encoded;
            try {
                encoded = (0,_encode_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeEvent */ .r9)(event, encodeOptions);
            }
            catch (error) {
                if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp && error.code === 'ERR_AUDIT_SECRET') {
                    // Still record that something happened, without the offending value, so a request
                    // cannot slip out of the log by carrying secret-looking text.
                    const marker = withheldMarker(event, error.message, encodeOptions?.quoting === true, encodeOptions?.extra);
                    if (marker !== undefined)
                        enqueue(marker, () => undefined, () => undefined);
                }
                return Promise.reject(error);
            }
            return new Promise((resolve, reject) => enqueue(encoded, resolve, reject));
        },
        check() {
            if (broken !== undefined)
                return Promise.resolve(broken);
            if (failing === undefined || closed)
                return Promise.resolve(undefined);
            // An empty entry: its batch writes only the gap line, or nothing once another batch did.
            return new Promise((resolve) => {
                const settle = () => resolve(broken ?? failing?.error);
                enqueue(undefined, settle, settle);
            });
        },
        close() {
            closed = true;
            closing ??= drained.then(() => {
                lease.release();
                if (chainFd !== undefined)
                    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(chainFd);
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            });
            return closing;
        },
    };
}
/**
 * The parts of a refused event that are safe to keep: name, request id, outcome, why it was
 * withheld, and the append's `extra` (the broker's `instance` and `client_address`), so the
 * marker line says which broker and which caller as every other line does.
 */
function withheldMarker(event, why, quoting, extra) {
    const marker = {
        event: typeof event?.event === 'string' ? event.event : 'unknown',
        ...(typeof event?.request_id === 'string' ? { request_id: event.request_id } : {}),
        outcome: event?.outcome === 'success' || event?.outcome === 'denied' ? event.outcome : 'error',
        reason: `event withheld: ${why}`,
        code: 'ERR_AUDIT_SECRET',
    };
    try {
        // Quoting, a secret-looking request id is written as a note, as it would have been.
        return (0,_encode_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeEvent */ .r9)(marker, { quoting, extra });
    }
    catch {
        // `extra` itself was refused: the marker is still written, without it.
        try {
            return extra === undefined ? undefined : (0,_encode_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeEvent */ .r9)(marker, { quoting });
        }
        catch {
            return undefined;
        }
    }
}
/** An error's message, or what was thrown. */
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
/** Where a new file at `file` would continue the chain from, and how to verify it: for the messages that tell to move `file` aside. */
function newLogAdvice(file, kept) {
    return kept === undefined
        ? 'a new log then starts at seq 1'
        : `a new log then continues the chain from line ${kept.seq}, as recorded in ${file}.chain (keep a copy of that file with the old one): ` +
            `verify the new log with \`stint audit verify ${file} --after ${kept.seq}:${kept.prev}\``;
}
/**
 * ERR_AUDIT_TRUNCATED: the file ends before the line `.chain` records as written last, or at
 * another line with that seq. The file and `.chain` are left as they are, the evidence.
 */
function cutOff(file, last, kept) {
    const what = kept.seq > last.seq
        ? `line${kept.seq - last.seq === 1 ? ` ${kept.seq} was` : `s ${last.seq + 1}-${kept.seq} were`} cut off its end`
        : 'its last line was replaced';
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_AUDIT_TRUNCATED', `audit log ${file} ends at line ${last.seq} (hash ${last.prev.slice(0, 16)}…), but ${file}.chain records line ${kept.seq} ` +
        `(hash ${kept.prev.slice(0, 16)}…) as the last one written: ${what} (a restore from an older copy, a truncation or an edit; or a power cut or kernel crash, which loses lines the OS had not yet written to the disk), ` +
        'and writing on would give new lines the seq numbers of lines already written. Put the missing lines back from a copy ' +
        `(the log shipped off the host), or keep the file as evidence and move it aside: ${newLogAdvice(file, kept)}`);
}
/**
 * Reads the last line to continue the chain (call with the lock held); refuses a file whose tail
 * is not a sound record. `kept` (`.chain`) is named in the refusal: a new file continues from it.
 */
function readChainTail(fd, file, kept) {
    const { size } = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
    if (size === 0)
        return { seq: 0, prev: _events_js__WEBPACK_IMPORTED_MODULE_7__/* .GENESIS_HASH */ .s, size };
    const corrupt = (why) => new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .StintError */ .Fp('ERR_AUDIT_CORRUPT', `audit log ${file}: ${why}; run \`stint audit verify ${file}\`, and move the file aside to start a new log: ${newLogAdvice(file, kept)}`);
    let chunk = 4096;
    for (;;) {
        const length = Math.min(chunk, size);
        const buffer = Buffer.alloc(length);
        for (let read = 0; read < length;) {
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, read, length - read, size - length + read);
            if (n === 0)
                throw corrupt('it shrank while being read');
            read += n;
        }
        if (buffer[length - 1] !== 0x0a)
            throw corrupt('its last line is incomplete');
        const start = buffer.lastIndexOf(0x0a, length - 2);
        if (start === -1 && length < size) {
            chunk *= 4;
            continue;
        }
        const text = buffer.subarray(start + 1, length - 1).toString('utf8');
        const problem = checkRecord(text, undefined);
        if (typeof problem === 'string')
            throw corrupt(`its last line ${problem}`);
        return { seq: problem.seq, prev: problem.hash, size };
    }
}
/** Checks one line on its own (and against `expect` when given). Returns the record or what is wrong. */
function checkRecord(text, expect) {
    if (text === '')
        return 'is empty';
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return 'is not valid JSON';
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return 'is not a JSON object';
    // JSON.parse keeps the last of two members with one name, other readers the first: a member
    // added after the hashed one would change what some readers see while the hash still matches.
    const repeated = (0,_canonical_json_js__WEBPACK_IMPORTED_MODULE_5__/* .repeatedMember */ .Pt)(text);
    if (repeated !== undefined)
        return `repeats the member ${JSON.stringify(repeated)}: the line was edited`;
    const record = parsed;
    if (typeof record.prev !== 'string' ||
        !HEX64.test(record.prev) ||
        typeof record.hash !== 'string' ||
        !HEX64.test(record.hash)) {
        return 'has no valid prev/hash';
    }
    if (typeof record.seq !== 'number' || !Number.isSafeInteger(record.seq) || record.seq < 1)
        return 'has no valid seq';
    if (expect !== undefined && record.seq !== expect.seq) {
        return `has seq ${record.seq}, expected ${expect.seq}: a line was removed, inserted or reordered`;
    }
    if (expect !== undefined && record.prev !== expect.prev) {
        return expect.seq === 1
            ? 'does not start the chain (prev is not 64 zeros)'
            : `has a prev that is not the hash of line ${expect.seq - 1}: a line was removed, inserted or reordered`;
    }
    let hash;
    try {
        hash = (0,_canonical_json_js__WEBPACK_IMPORTED_MODULE_5__/* .chainHash */ .qv)(record.prev, record);
    }
    catch {
        return 'holds a value that is not canonical JSON';
    }
    if (hash !== record.hash)
        return 'does not match its hash: the line was edited';
    return record;
}
/**
 * Parses `SEQ:HASH` as printed by `stint audit verify`, or as `<file>.chain` holds it (padded with
 * spaces); the hash may be cut to its first 16+ hex digits.
 *
 * @example
 * parseAuditAnchor('42:9f86d081884c7d65') // { seq: 42, hash: '9f86d081884c7d65' }
 */
function parseAuditAnchor(text) {
    // Trimmed: `"$(cat audit.jsonl.chain)"` gives the record with the spaces that pad it.
    const match = /^([1-9][0-9]{0,15}):([0-9a-f]{16,64})$/.exec(text.trim());
    if (match === null || !Number.isSafeInteger(Number(match[1])))
        return undefined;
    return { seq: Number(match[1]), hash: match[2] };
}
/**
 * Checks the whole chain and names the first bad line (1-based) with a reason: not JSON,
 * edited, removed, inserted, reordered or cut short. Reads each file as a stream, so any size.
 * Several files are a rotated series, oldest first: each file's first line must continue the
 * previous file's last line (its seq next, its prev that line's hash), as the audit log writes
 * it when the file is rotated under it, so a file left out or lines cut off the end of one are
 * named. A first file that continues a chain from an earlier one (seq > 1) is checked against
 * `after`, that earlier file's last anchor, and is refused without it.
 * On success it returns the last line's seq and hash: keep them elsewhere and pass them as
 * `anchor` next time, which also catches what the chain alone cannot: lines cut off the end,
 * or the whole chain rewritten up to that line.
 *
 * @example
 * const result = await verifyAuditLog('.stint/audit.jsonl', { anchor: { seq: 42, hash } });
 * if (!result.ok) console.error(`line ${result.line}: ${result.reason}`);
 * await verifyAuditLog(['audit.jsonl.1', 'audit.jsonl']); // across a rotation
 */
async function verifyAuditLog(files, options = {}) {
    const list = typeof files === 'string' ? [files] : files;
    const several = list.length > 1;
    const { anchor, after } = options;
    // What the next line must be; undefined before the first line (checked against `after` or genesis).
    let expect;
    let lines = 0;
    let previousFile;
    for (const file of list) {
        let line = 0;
        const fail = (reason) => several ? { ok: false, line, reason, file } : { ok: false, line, reason };
        const checkLine = (bytes) => {
            line += 1;
            const text = bytes.toString('utf8');
            let result;
            if (line === 1) {
                result = checkRecord(text, undefined);
                if (typeof result === 'string')
                    return fail(result);
                const broken = linkProblem(result, expect, previousFile, after);
                if (broken !== undefined)
                    return fail(broken);
            }
            else {
                result = checkRecord(text, expect);
                if (typeof result === 'string')
                    return fail(result);
            }
            if (anchor !== undefined && anchor.seq === result.seq && !result.hash.startsWith(anchor.hash)) {
                return fail(`has hash ${result.hash.slice(0, 16)}…, not the anchor's ${anchor.hash.slice(0, 16)}…: the chain was rewritten up to here, or this is another log`);
            }
            lines += 1;
            expect = { seq: result.seq + 1, prev: result.hash };
            return undefined;
        };
        let pending = Buffer.alloc(0);
        let stream;
        try {
            // A gzip-compressed file (logrotate's `compress`) is read decompressed.
            stream = await (0,_file_stream_js__WEBPACK_IMPORTED_MODULE_8__/* .openAuditFile */ .s)(file);
            for await (const chunk of stream) {
                pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
                for (let newline = pending.indexOf(0x0a); newline !== -1; newline = pending.indexOf(0x0a)) {
                    const failure = checkLine(pending.subarray(0, newline));
                    if (failure) {
                        stream.destroy();
                        return failure;
                    }
                    pending = pending.subarray(newline + 1);
                }
                if (pending.length > _encode_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_LINE_BYTES */ .Oc * 2) {
                    stream.destroy();
                    line += 1;
                    return fail('is longer than any audit line (no newline in 128 KiB)');
                }
            }
        }
        catch (error) {
            throw (0,_read_error_js__WEBPACK_IMPORTED_MODULE_9__/* .auditReadError */ ._)(file, error);
        }
        if (pending.length > 0) {
            const failure = checkLine(pending);
            if (failure)
                return failure;
            return fail('has no newline at the end: the file was cut short');
        }
        if (line > 0)
            previousFile = file;
    }
    const lastSeq = expect === undefined ? (after?.seq ?? 0) : expect.seq - 1;
    if (anchor !== undefined && anchor.seq > lastSeq) {
        const file = list[list.length - 1];
        return {
            ok: false,
            line: lastSeq + 1,
            reason: `is missing: the log ends at line ${lastSeq} but the anchor names line ${anchor.seq}; lines were cut off the end`,
            ...(several ? { file } : {}),
        };
    }
    return expect === undefined
        ? { ok: true, lines }
        : { ok: true, lines, last: { seq: expect.seq - 1, hash: expect.prev } };
}
/**
 * Whether a file's first line continues what came before it: the previous file's last line,
 * the `after` anchor, or nothing (then it must start the chain: seq 1, prev 64 zeros).
 */
function linkProblem(record, expect, previousFile, after) {
    if (expect !== undefined) {
        if (record.seq === expect.seq && record.prev === expect.prev)
            return undefined;
        const starts = record.seq === 1 && record.prev === _events_js__WEBPACK_IMPORTED_MODULE_7__/* .GENESIS_HASH */ .s;
        return starts
            ? `starts a new chain instead of continuing ${previousFile} (which ends at seq ${expect.seq - 1}): the file was begun anew (its .chain file beside it was removed), or ${previousFile} is not the file before this one; verify each file on its own`
            : `has seq ${record.seq} and prev ${record.prev.slice(0, 16)}…, but ${previousFile} ends at seq ${expect.seq - 1} with hash ${expect.prev.slice(0, 16)}…: a file between them is missing, lines were cut off the end of ${previousFile}, or the files are out of order (give them oldest first)`;
    }
    if (after !== undefined) {
        if (record.seq === after.seq + 1 && record.prev.startsWith(after.hash))
            return undefined;
        return `has seq ${record.seq} and prev ${record.prev.slice(0, 16)}…, which does not follow --after ${after.seq}:${after.hash.slice(0, 16)}…: lines are missing between that anchor and this file, or the anchor is another log's`;
    }
    if (record.seq === 1)
        return record.prev === _events_js__WEBPACK_IMPORTED_MODULE_7__/* .GENESIS_HASH */ .s ? undefined : 'does not start the chain (prev is not 64 zeros)';
    return (`continues a chain from an earlier file (seq ${record.seq}, prev ${record.prev.slice(0, 16)}…): give the earlier file first (stint audit verify OLD NEW), ` +
        `or the anchor it ends at with --after ${record.seq - 1}:HASH: the last one \`stint audit verify\` printed for that file, or, for a log begun after ` +
        'ERR_AUDIT_CORRUPT or ERR_AUDIT_TRUNCATED, the one that message named (the copy of `.chain` kept with the old file: --after "$(cat OLD.chain)")');
}


/***/ }),

/***/ 5815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ auditReadError)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

const WHY = {
    ENOENT: 'no such file; give the path the broker writes to (its audit.file)',
    EISDIR: 'it is a directory; give the log file in it',
    EACCES: 'permission denied; run as a user who may read it',
    EPERM: 'permission denied; run as a user who may read it',
    // zlib, for a gzip-compressed file (logrotate's `compress`), which is read decompressed:
    Z_BUF_ERROR: 'a gzip-compressed file that was cut short: unexpected end of its data',
    Z_DATA_ERROR: 'a gzip-compressed file whose data is damaged',
};
/**
 * ERR_AUDIT_READ for a log that cannot be opened or read: the file once and what to do, not
 * Node's own text, which repeats the path.
 *
 * @example
 * auditReadError('/srv/audit.jsonl', enoent) // cannot read audit log /srv/audit.jsonl: ENOENT (no such file; …)
 */
function auditReadError(file, error) {
    const code = error?.code;
    const why = code === undefined ? error.message : WHY[code] ? `${code} (${WHY[code]})` : code;
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_AUDIT_READ', `cannot read audit log ${file}: ${why}`, { cause: error });
}


/***/ }),

/***/ 3821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ux: () => (/* binding */ withFileLock),
/* harmony export */   v: () => (/* binding */ holdExclusively),
/* harmony export */   vi: () => (/* binding */ FileLease)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);




/**
 * Cross-process locks on one host: a lock file created with O_EXCL, naming its holder. The CLI
 * (`stint keys …`) and running brokers take them so they never interleave a read-modify-write
 * of the same manifest, API key file, audit log or CA.
 *
 * A waiter retries every 25 ms for up to 40 s, and says it is waiting by keeping
 * `<lock>.wanted` fresh, so a holder that keeps its lock between uses (`FileLease`) lets go.
 * After 5 s it also tells the operator on stderr which process holds the lock.
 * Holders refresh the lock's mtime every 10 s. A lock naming a process of this host and pid
 * namespace is judged by that process alone: broken at once when it no longer runs (or its pid
 * now belongs to a later process), and never while it runs, however long since its last refresh
 * (a holder stopped with SIGSTOP, frozen or swapped out for minutes still holds its lock). Any
 * other lock (another host's, or one whose holder cannot be checked) is broken as left behind by
 * a crash when it has not been refreshed for 30 s. Breaking happens
 * under a second O_EXCL file, `<lock>.break`, and re-checks that the lock is still the one found
 * stale, so two waiters never break each other's fresh lock; a holder removes only its own lock
 * (same inode and mtime), never one that replaced it. A holder that finds at a refresh that its
 * lock is gone or another's (another host broke it after its holder stalled 30 s, or someone
 * deleted it) knows it lost it: `holdExclusively` says so, and a `FileLease` takes it anew.
 * Only a missing lock (ENOENT) or another file at its name means lost: a check the file system
 * refuses (EACCES on a directory made unreadable, EIO, a path component that is no longer a
 * directory) cannot tell, so the lock is kept, and the holder is told the error instead.
 *
 * No name is followed if it is a symlink: locks are created with O_EXCL (which never follows),
 * `.wanted` is written and a lock's holder read with O_NOFOLLOW, and ages are taken with lstat,
 * so a link planted at one of these names cannot make stint write, read or judge another file.
 *
 * Taking and dropping a free lock are synchronous: each is one metadata syscall of a few
 * microseconds, where the async forms cost a thread-pool round trip each. Only waiting yields.
 */
/** A lock not refreshed for this long is left over from a crashed process and may be broken. */
const STALE_AFTER_MS = 30_000;
/** Holders refresh the lock's mtime this often, well inside STALE_AFTER_MS. */
const REFRESH_EVERY_MS = 10_000;
/** Longer than STALE_AFTER_MS, so a lock whose holder cannot be proven dead is outwaited, not reported. */
const WAIT_LIMIT_MS = 40_000;
const RETRY_EVERY_MS = 25;
/** A wait this long is not a hand-off between busy holders: say on stderr who holds the lock. */
const SAY_WAITING_AFTER_MS = 5_000;
/** A `.wanted` file not refreshed for this long was left by a waiter that gave up or died. */
const WANTED_FRESH_MS = 1_000;
/** A `.break` guard is held for microseconds; one this old was left by a crash inside it. */
const BREAK_GUARD_STALE_MS = 5_000;
/** Who holds a lock: pid, host, pid namespace and the process's start time (so a reused pid is not taken for the holder). */
const HOLDER = `${process.pid}@${(0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)()} ${pidNamespace()} ${processStat(process.pid)?.startedAt ?? ''}`.trimEnd();
/** Locks this process holds: the identity (inode, mtime) of the file it created, to remove only its own. */
const heldHere = new Map();
/**
 * Runs `fn` while holding the lock, and drops it after.
 *
 * @example
 * await withFileLock(join(dir, '.lock'), async () => { const m = await read(); await write(next(m)); });
 */
async function withFileLock(lockFile, fn) {
    await acquire(lockFile);
    const refresh = setInterval(() => {
        try {
            refreshLock(lockFile);
        }
        catch {
            // Cannot tell now (its directory unreadable): `fn` meets the same error; the next refresh looks again.
        }
    }, REFRESH_EVERY_MS).unref();
    try {
        return await fn();
    }
    finally {
        clearInterval(refresh);
        release(lockFile);
    }
}
/**
 * A lock kept between uses while they come often: the audit log writes a batch for every few
 * exchanges, and creating and removing a lock file for each batch cost the broker a fifth of
 * its throughput (the file system journals every create and unlink). The lease is dropped
 * after `idleMs` without use, and at the next use after another process says it is waiting;
 * its mtime is refreshed every 10 s so waiters never take it for a crashed holder's.
 *
 * @example
 * const lease = new FileLease(`${file}.lock`);
 * await lease.run(() => writeSync(fd, line));
 * lease.release();
 */
class FileLease {
    #lockFile;
    #idleMs;
    #held = false;
    #refreshedAt = 0;
    #lastUse = 0;
    #lastWantedCheck = 0;
    #idleTimer;
    constructor(lockFile, options = {}) {
        this.#lockFile = lockFile;
        this.#idleMs = options.idleMs ?? 50;
    }
    /** Runs the synchronous `fn` holding the lock, taking it first when not held. */
    async run(fn) {
        if (this.#held && this.#waiterIsWaiting()) {
            this.release();
            // Give the waiter two of its retries to get in before taking the lock back.
            await sleep(RETRY_EVERY_MS * 2);
        }
        if (!this.#held) {
            await acquire(this.#lockFile);
            this.#held = true;
            this.#refreshedAt = Date.now();
            this.#idleTimer = setTimeout(() => this.#releaseWhenIdle(), this.#idleMs).unref();
        }
        this.#lastUse = Date.now();
        if (this.#lastUse - this.#refreshedAt > REFRESH_EVERY_MS) {
            // Throws when the lock cannot be checked (its directory unreadable): `fn` is not run, the
            // lease is kept, and the next use checks again.
            if (refreshLock(this.#lockFile) !== 'ours') {
                // Taken from us while we did not refresh it (this process stalled 30 s and another host
                // broke it, or it was deleted): wait for it again rather than write beside its holder.
                clearTimeout(this.#idleTimer);
                this.#held = false;
                heldHere.delete(this.#lockFile);
                return this.run(fn);
            }
            this.#refreshedAt = this.#lastUse;
        }
        return fn();
    }
    /** Drops the lock now if held. */
    release() {
        clearTimeout(this.#idleTimer);
        this.#idleTimer = undefined;
        if (!this.#held)
            return;
        this.#held = false;
        release(this.#lockFile);
    }
    #releaseWhenIdle() {
        const idleFor = Date.now() - this.#lastUse;
        if (idleFor >= this.#idleMs)
            this.release();
        else
            this.#idleTimer = setTimeout(() => this.#releaseWhenIdle(), this.#idleMs - idleFor).unref();
    }
    /** Whether another process is waiting (checked at most every 25 ms: one stat). */
    #waiterIsWaiting() {
        const now = Date.now();
        if (now - this.#lastWantedCheck < RETRY_EVERY_MS)
            return false;
        this.#lastWantedCheck = now;
        try {
            // Mostly there is no waiter: no file, told without building an ENOENT error (a quarter of the
            // check's cost, every 25 ms while the log is busy).
            const wanted = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(`${this.#lockFile}.wanted`, { throwIfNoEntry: false });
            return wanted !== undefined && now - wanted.mtimeMs < WANTED_FRESH_MS;
        }
        catch {
            return false;
        }
    }
}
/**
 * Takes the lock for as long as this process runs, without waiting: a broker's state directory
 * belongs to one process, and a second one must refuse to start rather than queue behind the
 * first. A lock left by a crashed holder is broken as `withFileLock` would break it (at once
 * for a dead process of this host, after 30 s without refresh for another host's). When a live
 * process holds it, says who ("pid 4242 on host build-7").
 *
 * The holder must not act on the lock once it is lost: `lost()` checks before each action, and
 * `onLost` is told as soon as a refresh (every 10 s) finds the lock gone or another's. A refresh
 * that cannot look (the directory unreadable) tells nothing; `lost()` throws meanwhile.
 *
 * @example
 * const hold = holdExclusively(join(stateDir, 'state.lock'), { onLost: (why) => stop(why) });
 * if (!hold.held) throw new Error(`held by ${hold.holder}`);
 * if (hold.lost() === undefined) acknowledge();
 */
function holdExclusively(lockFile, options = {}) {
    let tookOver;
    if (!tryLock(lockFile)) {
        const found = statOrUndefined(lockFile);
        const holder = describeHolder(lockFile);
        const byAge = found !== undefined && judge(lockFile, found).byAge;
        if (!(breakIfStale(lockFile) && tryLock(lockFile))) {
            const now = statOrUndefined(lockFile);
            if (now === undefined || !judge(lockFile, now).byAge)
                return { held: false, holder: describeHolder(lockFile) };
            const refreshedAtMs = Number(now.mtimeMs);
            return {
                held: false,
                holder: describeHolder(lockFile),
                unchecked: { refreshedAtMs, takeOverAtMs: refreshedAtMs + STALE_AFTER_MS },
            };
        }
        if (byAge)
            tookOver = { holder, refreshedAtMs: Number(found.mtimeMs) };
    }
    let released = false;
    let lostWhy;
    const markLost = (found) => {
        clearInterval(refresh);
        heldHere.delete(lockFile);
        lostWhy = found === 'removed' ? 'its lock file was removed' : `${describeHolder(lockFile)} took it`;
        options.onLost?.(lostWhy);
        return lostWhy;
    };
    const refresh = setInterval(() => {
        let found;
        try {
            found = refreshLock(lockFile);
        }
        catch {
            return; // Cannot tell now (its directory unreadable): not lost; lost() throws meanwhile, and the next refresh looks again.
        }
        if (found !== 'ours')
            markLost(found);
    }, REFRESH_EVERY_MS).unref();
    return {
        held: true,
        ...(tookOver === undefined ? {} : { tookOver }),
        release: () => {
            if (released)
                return;
            released = true;
            clearInterval(refresh);
            release(lockFile);
        },
        lost: () => {
            if (lostWhy !== undefined || released)
                return lostWhy;
            const found = ownership(lockFile);
            return found === 'ours' ? undefined : markLost(found);
        },
    };
}
/** "pid 4242 on host build-7" from a lock file's holder line, or what is known when it cannot be read. */
function describeHolder(lockFile) {
    try {
        const match = /^(\d+)@(\S+)/.exec((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(lockFile, 'utf8'));
        if (match !== null)
            return `pid ${match[1]} on host ${match[2]}`;
    }
    catch {
        // Gone between our try and this read: the holder just let go.
    }
    return 'another process';
}
async function acquire(lockFile) {
    const started = Date.now();
    const wanted = `${lockFile}.wanted`;
    let waiting = false;
    let said = false;
    try {
        while (!tryLock(lockFile)) {
            waiting = true;
            // Refreshed on every try: a holder keeping a lease lets go when it sees this.
            markWanted(wanted);
            if (breakIfStale(lockFile))
                continue;
            if (!said && Date.now() - started > SAY_WAITING_AFTER_MS) {
                said = true;
                process.stderr.write(`stint: waiting for ${lockFile}, held by ${describeHolder(lockFile)}, for ${SAY_WAITING_AFTER_MS / 1000} s; giving up after ${WAIT_LIMIT_MS / 1000} s\n`);
            }
            if (Date.now() - started > WAIT_LIMIT_MS) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_LOCK_TIMEOUT', `could not lock ${lockFile} within ${WAIT_LIMIT_MS / 1000} s: ${describeHolder(lockFile)} holds it and still runs ` +
                    '(stopped with SIGSTOP, frozen or stuck?); resume or stop that process, and delete the file only if it is not running');
            }
            await sleep(RETRY_EVERY_MS);
        }
    }
    finally {
        if (waiting)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(wanted).catch(() => undefined);
    }
}
/** Removes the lock only if it is still the file this process created. */
function release(lockFile) {
    const mine = heldHere.get(lockFile);
    heldHere.delete(lockFile);
    if (mine !== undefined && sameFile(statOrUndefined(lockFile), mine))
        unlinkQuietly(lockFile);
}
/**
 * Touches the lock so waiters see its holder is alive, when it is still this process's; says
 * whether it is (see `ownership`, which throws when that cannot be told).
 */
function refreshLock(lockFile) {
    const found = ownership(lockFile);
    if (found !== 'ours')
        return found;
    const mine = heldHere.get(lockFile);
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(lockFile, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW);
        const now = new Date();
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.futimesSync)(fd, now, now);
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd, { bigint: true });
        if (info.ino !== mine.ino)
            return 'replaced';
        heldHere.set(lockFile, { ino: info.ino, mtimeNs: info.mtimeNs });
    }
    catch {
        // Replaced by a link or read-only: still ours as far as we can tell; the next waiter judges it by its age.
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
    return 'ours';
}
/**
 * Whether the lock file is still the one this process created: the same inode, and the mtime it
 * last gave it (or, where a file system reports another mtime, the same inode still naming this
 * process). A freed inode may be reused by the next file, so the inode alone does not tell.
 * `removed` when nothing is at its name (ENOENT), `replaced` when another file is. Throws the
 * file system's error when it cannot look (EACCES on an unreadable directory, EIO, ENOTDIR,
 * ELOOP…): that says nothing about who holds the lock.
 */
function ownership(lockFile) {
    const mine = heldHere.get(lockFile);
    let info;
    try {
        info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(lockFile, { bigint: true });
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 'removed';
        throw error;
    }
    // Not held here (dropped as lost before): whatever is at the name is another's.
    if (mine === undefined || info.ino !== mine.ino)
        return 'replaced';
    if (info.mtimeNs === mine.mtimeNs)
        return 'ours';
    let holder;
    try {
        holder = readNoFollow(lockFile);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 'removed';
        throw error;
    }
    return holder === HOLDER ? 'ours' : 'replaced';
}
/** Creates the lock file naming its holder; false when it exists. Marks it held here before any await can let a waiter in. */
function tryLock(lockFile) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(lockFile, 'wx', 0o600);
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw error;
    }
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, HOLDER);
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd, { bigint: true });
        heldHere.set(lockFile, { ino: info.ino, mtimeNs: info.mtimeNs });
    }
    catch (error) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        unlinkQuietly(lockFile);
        throw error;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    return true;
}
/**
 * Breaks the lock if it is stale, under `<lock>.break` so only one waiter breaks at a time, and
 * only if the lock is still the file judged stale. True when it broke one (try again at once).
 */
function breakIfStale(lockFile) {
    const found = statOrUndefined(lockFile);
    if (found === undefined || !isStale(lockFile, found))
        return false;
    const guard = `${lockFile}.break`;
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(guard, 'wx', 0o600));
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            return false;
        const guardInfo = statOrUndefined(guard);
        if (guardInfo !== undefined && Date.now() - Number(guardInfo.mtimeMs) > BREAK_GUARD_STALE_MS)
            unlinkQuietly(guard);
        return false; // Another waiter is breaking it; look again on the next try.
    }
    try {
        if (!sameFile(statOrUndefined(lockFile), found))
            return false;
        unlinkQuietly(lockFile);
        return true;
    }
    finally {
        unlinkQuietly(guard);
    }
}
/**
 * Naming a process of this host and pid namespace: stale when that process is gone, never while it
 * runs. Any other lock: stale when not refreshed for 30 s.
 */
function isStale(lockFile, info) {
    return judge(lockFile, info).stale;
}
/** Whether the lock is stale, and whether that was judged by its age alone (its holder cannot be checked here). */
function judge(lockFile, info) {
    const aged = Date.now() - Number(info.mtimeMs) > STALE_AFTER_MS;
    const byAge = { stale: aged, byAge: true };
    let holder;
    try {
        holder = readNoFollow(lockFile);
    }
    catch {
        return byAge; // Gone, unreadable or a symlink: judged by its age alone; the next try tells.
    }
    const match = /^(\d+)@(\S+) (\S+)(?: (\d+))?$/.exec(holder);
    // Another host, or another pid namespace on this host (containers of one pod share a hostname): its pids mean nothing here.
    if (match === null || match[2] !== (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)() || match[3] !== pidNamespace() || match[3] === 'unknown')
        return byAge;
    const pid = Number(match[1]);
    const startedAt = match[4];
    // Our own pid on a lock we do not hold: left by an earlier process with our pid (pid 1 in a restarted container).
    if (pid === process.pid)
        return { stale: !heldHere.has(lockFile), byAge: false };
    try {
        process.kill(pid, 0);
    }
    catch (error) {
        if (error.code === 'ESRCH')
            return { stale: true, byAge: false };
    }
    // Alive (or another user's): is it the holder, a zombie, or a later process that got the same pid?
    const now = processStat(pid);
    if (now === undefined || startedAt === undefined)
        return byAge; // Cannot tell: judged by its age.
    return { stale: now.state === 'Z' || now.startedAt !== startedAt, byAge: false };
}
/** The pid namespace on Linux (`pid:[4026531836]`); `unknown` elsewhere, which turns the dead-holder check off. */
function pidNamespace() {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)('/proc/self/ns/pid');
    }
    catch {
        return 'unknown';
    }
}
/**
 * A process's state (`Z` for a zombie: exited, not yet reaped) and start time in clock ticks since
 * boot (Linux /proc/PID/stat fields 3 and 22), or undefined when they cannot be read.
 */
function processStat(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // Field 2, the command name, may hold spaces and parentheses: count from the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[19] === undefined ? undefined : { state: fields[0] ?? '', startedAt: fields[19] };
    }
    catch {
        return undefined;
    }
}
/**
 * The name's own metadata (lstat): a symlink is judged as itself, never as what it points to.
 * Undefined when absent or when it cannot be read: its callers then leave the file alone (no
 * release, no break), which is right either way; whether a held lock was lost is `ownership`'s.
 */
function statOrUndefined(file) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(file, { bigint: true });
    }
    catch {
        return undefined;
    }
}
/** Says "a process is waiting" by creating or refreshing `.wanted`; never through a symlink. */
function markWanted(wanted) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(wanted, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_TRUNC | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW, 0o600);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, HOLDER);
    }
    catch {
        // A link or an unwritable dir: the holder then keeps its lease until idle, which only slows us.
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function readNoFollow(file) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW);
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(fd, 'utf8');
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function sameFile(info, expected) {
    return info !== undefined && info.ino === expected.ino && info.mtimeNs === expected.mtimeNs;
}
function unlinkQuietly(file) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(file);
    }
    catch {
        // Already gone.
    }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));


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


/***/ })

};
