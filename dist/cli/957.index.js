export const id = 957;
export const ids = [957,604];
export const modules = {

/***/ 699:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ withholdPlainSecrets),
/* harmony export */   _U: () => (/* binding */ secretValueError),
/* harmony export */   nU: () => (/* binding */ isSecretField),
/* harmony export */   tX: () => (/* binding */ secretFieldError),
/* harmony export */   u7: () => (/* binding */ secretIn),
/* harmony export */   v7: () => (/* binding */ assertNoSecrets)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

/**
 * Defence in depth: callers put fingerprints and jtis in audit events, never secrets. If a bug
 * ever hands the log a token, an API key or a private key, the write is refused instead of
 * persisting the secret for as long as the log is kept.
 */
const SECRET_PATTERNS = [
    // [text every match contains, the pattern, what it is]: `includes` is checked first because
    // every string of every audit event passes through here, and almost none match.
    // Each pattern needs the secret itself, not only its prefix or armour: the broker's own
    // sentences name them ("needs … Authorization: Bearer stint_sk_…"), and a guard that refused
    // those would withhold every such event's reason. A key is `stint_sk_<16 hex>_<43 base64url>`:
    // 16 key characters are refused (a key cut short is still most of a secret); a sentence has none.
    ['stint_sk_', /stint_sk_[A-Za-z0-9_-]{16}/, 'a stint API key'],
    // A PEM body starts on the line after its armour. The armour's spaces may be URL-encoded
    // (`%20`, `+`); the line break may be a real one, JSON-escaped (`\n` as two characters, or
    // more backslashes when escaped twice) or URL-encoded (`%0A`), and the body's `+`, `/` and `=`
    // may be URL-encoded; a line break folded into spaces needs 16 body characters after it, so
    // a sentence quoting the armour is kept. `KEY-----` is in every spelling of the armour.
    [
        'KEY-----',
        /-----BEGIN(?: |%20|\+)(?:[A-Z0-9]+(?: |%20|\+))*PRIVATE(?: |%20|\+)KEY-----(?:(?:\r?\n|(?:\\+r)?\\+n|(?:%0D)?%0A)(?:[A-Za-z0-9+/=]|%2B|%2F|%3D){4}|[ \t]*[A-Za-z0-9+/=]{16})/i,
        'a private key',
    ],
];
/** Longest run of base64 or hex that is decoded to look for a secret inside (a PEM key in base64 is about 4 KiB). */
const MAX_ENCODED_RUN = 16 * 1024;
/**
 * Shorter text is not decoded: base64 of a JWT with a signature (43 characters for HS256 alone),
 * of a stint key (69 characters) or of a PEM key is longer.
 */
const MIN_ENCODED_TEXT = 48;
/** How many encodings deep the guard looks (base64 of base64 of a key, base64 of a JSON-escaped PEM key). */
const MAX_DEPTH = 2;
/**
 * Shorter text is not unescaped: a secret's percent-encoded, `\u`-escaped or UTF-16 spelling is
 * longer (16 characters of a stint key after its prefix are 25).
 */
const MIN_ESCAPED_TEXT = 25;
/** How much of a marker (below) is looked for: as many characters of it find it as well as all of it would. */
const MARKER_CHARS = 16;
/**
 * What a secret's leading text looks like encoded, once or twice, so a value holding one is
 * decoded and checked again. The first layer: for base64 (and base64url, where they differ), the
 * characters the text always encodes to at a byte alignment inside a longer encoding (those of 4
 * or more); for hex, in lower and upper case, of the text and of its UTF-16 (either byte order).
 * `eyJ` (`{"`, a JWT's header) at alignment 0 and `.eyJ` (its payload) at each alignment find a
 * JWT wherever it starts; `stint_sk_` and `-----BEGIN` at each alignment (a key inside an encoded
 * JSON document, such as a cloud service account's key file). The second layer is each first-layer
 * marker encoded again the same ways (base64 at each alignment, hex in either case): base64 of
 * base64 of a key holds one, and decoding it gives text holding a first-layer marker. One
 * automaton finds all of them in one pass over the text, a table look-up per character: that is
 * what every long string without one pays, however many markers there are.
 */
const MARKERS = (() => {
    const markers = new Map();
    /** The stable encodings of `bytes` at each alignment, added with their place in the group. */
    const add = (bytes, alignments, into) => {
        for (const align of alignments) {
            const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64');
            // Only the characters whose 6 bits all come from `bytes`.
            const offset = Math.ceil((8 * align) / 6);
            const marker = encoded.slice(offset, Math.floor((8 * (align + bytes.length)) / 6));
            if (marker.length < 4)
                continue;
            into.set(marker, { encoding: 'base64', offset });
            into.set(marker.replaceAll('+', '-').replaceAll('/', '_'), { encoding: 'base64', offset });
        }
        const hex = bytes.toString('hex');
        into.set(hex, { encoding: 'hex', offset: 0 });
        into.set(hex.toUpperCase(), { encoding: 'hex', offset: 0 });
    };
    const first = new Map();
    const aligned = [
        ['eyJ', [0]],
        ['.eyJ', [0, 1, 2]],
        ['stint_sk_', [0, 1, 2]],
        ['-----BEGIN', [0, 1, 2]],
    ];
    for (const [text, alignments] of aligned)
        add(Buffer.from(text), alignments, first);
    for (const text of ['eyJ', 'stint_sk_', '-----BEGIN']) {
        const utf16 = Buffer.from(text, 'utf16le');
        for (const bytes of [utf16, Buffer.from(utf16).swap16()]) {
            first.set(bytes.toString('hex'), { encoding: 'hex', offset: 0 });
            first.set(bytes.toString('hex').toUpperCase(), { encoding: 'hex', offset: 0 });
        }
    }
    const firstKept = minimal(first);
    for (const marker of firstKept)
        markers.set(marker, first.get(marker));
    for (const marker of firstKept)
        add(Buffer.from(marker), [0, 1, 2], markers);
    const kept = minimal(markers);
    // The first 16 characters of a marker find it as well as all of it (a run holding them is only
    // decoded, not refused) and keep the automaton small.
    const seen = new Set();
    return kept
        .map((text) => ({ ...markers.get(text), text: text.slice(0, MARKER_CHARS) }))
        .filter(({ text, encoding, offset }) => {
        const key = `${text} ${encoding} ${offset}`;
        return !seen.has(key) && Boolean(seen.add(key));
    });
})();
/** The automaton over MARKERS, built the first time a text is long enough to need it. */
let builtScanner;
const markerScanner = () => (builtScanner ??= scanner(MARKERS.map((marker) => marker.text)));
/**
 * The markers not holding another of the same encoding at the same place in its group (`uZXlK`
 * holds `ZXlK`): the shorter one finds the text, and decodes it the same way.
 */
function minimal(markers) {
    const all = [...markers.keys()];
    const width = (m) => (m.encoding === 'hex' ? 2 : 4);
    return all.filter((long) => {
        const outer = markers.get(long);
        return !all.some((short) => {
            if (short === long || short.length > long.length)
                return false;
            const inner = markers.get(short);
            if (inner.encoding !== outer.encoding)
                return false;
            for (let at = long.indexOf(short); at >= 0; at = long.indexOf(short, at + 1))
                if ((outer.offset + at) % width(outer) === inner.offset)
                    return true;
            return false;
        });
    });
}
function scanner(texts) {
    // Every UTF-16 code unit has a class (0 for those no marker has), so the scan needs no test.
    const classOf = new Uint8Array(0x10000);
    let classes = 1;
    for (const text of texts)
        for (let i = 0; i < text.length; i++)
            classOf[text.charCodeAt(i)] ||= classes++;
    // The trie of the markers (0 is no child: the root is no one's), then each state's longest
    // proper suffix that is a state (`fail`), breadth first, so that each state's missing
    // transitions and its markers are taken from that suffix's.
    let states = 1;
    for (const text of texts)
        states += text.length;
    if (states > 0xffff)
        throw new Error('too many audit guard markers for a 16-bit automaton');
    const next = new Uint16Array(states * classes);
    const found = [[]];
    texts.forEach((text, index) => {
        let state = 0;
        for (let i = 0; i < text.length; i++) {
            const at = state * classes + classOf[text.charCodeAt(i)];
            if (next[at] === 0) {
                next[at] = found.length;
                found.push([]);
            }
            state = next[at];
        }
        found[state].push(index);
    });
    const fail = new Uint16Array(found.length);
    const queue = [0];
    for (let q = 0; q < queue.length; q++) {
        const state = queue[q];
        if (state !== 0)
            found[state].push(...found[fail[state]]);
        for (let c = 1; c < classes; c++) {
            const to = next[state * classes + c];
            if (to === 0) {
                next[state * classes + c] = next[fail[state] * classes + c];
                continue;
            }
            fail[to] = state === 0 ? 0 : next[fail[state] * classes + c];
            queue.push(to);
        }
    }
    // Renumbered so that the states where a marker ends come last: the scan asks one comparison of
    // every other character.
    const order = [...found.keys()].sort((a, b) => Number(found[a].length > 0) - Number(found[b].length > 0));
    const renumbered = new Uint16Array(order.length);
    for (const [to, from] of order.entries())
        renumbered[from] = to;
    const table = new Uint32Array(next.length);
    for (const [to, from] of order.entries())
        for (let c = 0; c < classes; c++)
            table[to * classes + c] = renumbered[next[from * classes + c]] * classes;
    return {
        classOf,
        classes,
        next: table,
        found: order.map((from) => found[from]),
        firstFound: order.findIndex((from) => found[from].length > 0),
    };
}
/** Field names that only ever hold secrets. */
const SECRET_FIELDS = new Set([
    'token',
    'access_token',
    'id_token',
    'subject_token',
    'refresh_token',
    'client_secret',
    'secret',
    'password',
    'api_key',
    'private_key',
    'authorization',
]);
/**
 * Throws `ERR_AUDIT_SECRET` naming the field (never the value) when any field, at any depth,
 * looks like a secret.
 */
function assertNoSecrets(value, path = '') {
    if (typeof value === 'string') {
        const what = secretIn(value);
        if (what !== undefined)
            throw secretValueError(path, what);
        return;
    }
    if (Array.isArray(value)) {
        for (const [index, item] of value.entries())
            assertNoSecrets(item, `${path}[${index}]`);
        return;
    }
    if (value !== null && typeof value === 'object') {
        for (const [key, member] of Object.entries(value)) {
            // A name is written as it comes too (claims quoted from a caller's token): it is checked
            // as a value, and the error names its parent, never the name itself.
            const named = secretIn(key);
            if (named !== undefined)
                throw secretValueError(`a member name of ${path || 'the event'}`, named);
            const field = path ? `${path}.${key}` : key;
            if (isSecretField(key) && member !== undefined && member !== null)
                throw secretFieldError(field);
            assertNoSecrets(member, field);
        }
    }
}
/**
 * `text` with each JWT and stint API key written plainly in it replaced by `note`, or undefined
 * when it still holds a secret after that (an encoded one, a private key), which the caller then
 * withholds whole. A subject or a ref that carries a token-shaped branch name so keeps the rest of
 * its text (`repo:acme/app:ref:refs/heads/[withheld secret]`), and queries on it still find the event.
 * Only plain matches are cut out: each lies wholly in its run of token characters, so no part of
 * the secret is left beside the note, and what is left is checked again as a whole.
 */
function withholdPlainSecrets(text, note) {
    let kept = text;
    if (kept.includes('eyJ'))
        kept = kept.replace(/[A-Za-z0-9_.-]+/g, (run) => (containsJwt(run) ? note : run));
    if (kept.includes('stint_sk_'))
        kept = kept.replace(/stint_sk_[A-Za-z0-9_-]*/g, note);
    return kept !== text && secretIn(kept) === undefined ? kept : undefined;
}
/**
 * What secret the text holds ('a JWT', 'a stint API key', 'a private key'), or undefined. The
 * audit log asks this of every string of every event it writes, once each.
 */
function secretIn(text) {
    return secretAt(text, 0);
}
function secretAt(text, depth, unescaped = false) {
    if (containsJwt(text))
        return 'a JWT';
    for (const [marker, pattern, what] of SECRET_PATTERNS) {
        if (text.includes(marker) && pattern.test(text))
            return what;
    }
    // A secret percent-encoded (`%73%74…`), `\u`-escaped or in UTF-16 (hex of it decodes with a
    // NUL beside each character) is looked for again spelled plainly, and its encodings decoded.
    if (!unescaped && text.length >= MIN_ESCAPED_TEXT && mayBeEscaped(text) && ESCAPE.test(text)) {
        const what = secretAt(escapesDecoded(text), depth, true);
        if (what !== undefined)
            return what;
    }
    if (text.length < MIN_ENCODED_TEXT || depth >= MAX_DEPTH)
        return undefined;
    // Each run is decoded once at each alignment a marker in it shows, however many markers it
    // holds: a marker that only looks like one (a decoy before the encoded key) does not keep the
    // key's own alignment from being decoded. Most text holds no marker: the first scan says so,
    // and nothing more is made for it.
    const scan = new MarkerScan(text);
    const first = scan.next(0);
    if (first === text.length)
        return undefined;
    let checkedTo;
    for (let i = first; i < text.length; i = scan.next(i + 1)) {
        for (const index of scan.scanner.found[scan.state]) {
            const { text: marker, encoding, offset } = MARKERS[index];
            const at = i + 1 - marker.length;
            const width = encoding === 'hex' ? 2 : 4;
            const alignment = `${encoding}${(((at - offset) % width) + width) % width}`;
            checkedTo ??= new Map();
            if (at < (checkedTo.get(alignment) ?? 0))
                continue;
            const run = encodedRun(text, at, encoding === 'hex' ? HEX_CHAR : BASE64_CHAR);
            checkedTo.set(alignment, run.end);
            // Decoded from the run's first character in step with the marker's group, so the bytes
            // encoded before the secret decode too (a JWT's header before its payload's `.eyJ`).
            // Line breaks of a wrapped encoding are dropped; the marker's place is counted without them.
            const before = text.slice(run.start, at).replace(WRAP, '');
            const body = text.slice(run.start, run.end).replace(WRAP, '');
            const from = (((before.length - offset) % width) + width) % width;
            // Node decodes base64 and base64url alike.
            const decoded = Buffer.from(body.slice(from), encoding).toString('latin1');
            const what = secretAt(decoded, depth + 1);
            if (what !== undefined)
                return `${what} (${encoding === 'hex' ? 'hex' : 'base64'}-encoded)`;
        }
    }
    return undefined;
}
/** A scan of one text for markers, resumed after each one found. */
class MarkerScan {
    text;
    /** The automaton's state where the scan stopped. */
    state = 0;
    scanner = markerScanner();
    constructor(text) {
        this.text = text;
    }
    /** The index of the next character from `i` on where a marker ends (`state` is then the state there), or the text's length. */
    next(i) {
        const { text } = this;
        const { classOf, classes, next, firstFound } = this.scanner;
        // States are kept as their row's start in `next` (state × classes).
        let row = this.state * classes;
        const found = firstFound * classes;
        for (; i < text.length; i++) {
            row = next[row + classOf[text.charCodeAt(i)]];
            if (row >= found) {
                this.state = row / classes;
                return i;
            }
        }
        this.state = 0;
        return text.length;
    }
}
/** Whether the text has a character every escape ESCAPE finds starts with (a cheaper question). */
function mayBeEscaped(text) {
    return text.includes('%') || text.includes('\\') || text.includes('\0');
}
/** A percent-escape, a `\u` or `\x` escape (JSON-escaped again or not), or a NUL of UTF-16. */
const ESCAPE = /%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\0/;
const ESCAPES = /%[0-9A-Fa-f]{2}|\\+u[0-9A-Fa-f]{4}|\\+x[0-9A-Fa-f]{2}|\0/g;
/** The text with each escape ESCAPES finds replaced by its character (a NUL by nothing). */
function escapesDecoded(text) {
    return text.replace(ESCAPES, (found) => found === '\0' ? '' : String.fromCharCode(Number.parseInt(found.slice(found.includes('u') ? -4 : -2), 16)));
}
/** Base64 and base64url characters but `=`, which only ends an encoding (Node stops decoding at it). */
const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
const HEX_CHAR = /[0-9A-Fa-f]/;
/** A line break inside a wrapped encoding (`base64` wraps at 76 columns, `openssl base64` at 64), raw or JSON-escaped. */
const WRAP = /\r?\n|\\r\\n|\\n/g;
/**
 * The run of encoding characters around `at`, at most MAX_ENCODED_RUN on each side of it (a
 * prefix such as `Basic ` or `token=` is not part of it), and the `=` padding after it. A base64
 * run goes on across a line break of a wrapped encoding.
 */
function encodedRun(text, at, char) {
    let start = at;
    for (;;) {
        while (start > 0 && at - start < MAX_ENCODED_RUN && char.test(text[start - 1]))
            start--;
        const wrap = /(?:\r?\n|\\r\\n|\\n)$/.exec(text.slice(Math.max(0, start - 4), start));
        if (char !== BASE64_CHAR ||
            wrap === null ||
            at - start >= MAX_ENCODED_RUN ||
            !char.test(text[start - wrap[0].length - 1] ?? ''))
            break;
        start -= wrap[0].length;
    }
    let end = at;
    for (;;) {
        while (end < text.length && end - at < MAX_ENCODED_RUN && char.test(text[end]))
            end++;
        const wrap = /^(?:\r?\n|\\r\\n|\\n)/.exec(text.slice(end, end + 4));
        if (char !== BASE64_CHAR ||
            wrap === null ||
            end - at >= MAX_ENCODED_RUN ||
            !char.test(text[end + wrap[0].length] ?? ''))
            break;
        end += wrap[0].length;
    }
    if (char === BASE64_CHAR)
        while (end < text.length && text[end] === '=')
            end++;
    return { start, end };
}
/** Whether a field of this name only ever holds secrets (`token`, `client_secret`, …, in any case). */
function isSecretField(name) {
    return SECRET_FIELDS.has(name) || SECRET_FIELDS.has(name.toLowerCase());
}
function secretValueError(field, what) {
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_AUDIT_SECRET', `refusing to write audit field ${field || '(value)'}: it looks like ${what}; audit a fingerprint instead`);
}
function secretFieldError(field) {
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_AUDIT_SECRET', `refusing to write audit field ${field}: that field name only holds secrets; audit a fingerprint instead`);
}
/**
 * A signed JWT (JWS, or the first three parts of a JWE) in compact form anywhere in the text:
 * three base64url parts whose first decodes to a JSON object (`{"` encodes to `eyJ`). Text that
 * merely starts with `eyJ`, such as a branch name, is not refused unless it is one.
 */
function containsJwt(text) {
    if (!text.includes('eyJ'))
        return false;
    for (const [run] of text.matchAll(/[A-Za-z0-9_.-]+/g)) {
        if (!run.includes('eyJ') || !run.includes('.'))
            continue;
        const parts = run.split('.');
        for (let i = 0; i + 2 < parts.length; i++) {
            const part = parts[i];
            const k = part.indexOf('eyJ');
            if (k < 0 || part.length - k < 7 || parts[i + 1] === '' || parts[i + 2] === '')
                continue;
            const json = Buffer.from(part.slice(k), 'base64url').toString('utf8');
            // A JSON object ends with '}': most candidates are ruled out without a throw.
            if (!json.trimEnd().endsWith('}'))
                continue;
            try {
                const parsed = JSON.parse(json);
                if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
                    return true;
            }
            catch {
                // Not a JSON header: not a JWT.
            }
        }
    }
    return false;
}


/***/ }),

/***/ 2372:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ reportFailure)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_access_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1604);
/* harmony import */ var _scrub_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9301);




/**
 * Turns an error into the exit code and one line on stderr; unexpected errors keep their stack.
 * `command` (the subcommand run) lets a bad option point at that command's `--help`. With
 * `json`, stdout also gets `{"ok": false, "error": {"code", "message"}}` (and `diagnostics` when
 * the error carries the config's or case file's), so a script that asked for JSON can always
 * parse what it got (docs/cli.md#json-output).
 *
 * Whatever the message quotes (an option's value, an argument, a broker's or token endpoint's
 * echo, a file name) is scrubbed first (./scrub.ts): the secrets in the environment and the
 * `--…-env` variables `args` name, and anything shaped like a JWT, an API key or a private key,
 * never reach stderr or the JSON.
 */
function reportFailure(error, io, command, options = {}) {
    const failure = describe(error, command);
    const secrets = (0,_scrub_js__WEBPACK_IMPORTED_MODULE_3__/* .cliSecrets */ .O)(io.env, options.args);
    const scrub = (text) => (0,_scrub_js__WEBPACK_IMPORTED_MODULE_3__/* .scrubFailure */ .W)(text, secrets, { usage: failure.status === 2 });
    (0,_io_js__WEBPACK_IMPORTED_MODULE_2__/* .writeLine */ ._r)(io.stderr, `stint: ${scrub(failure.line)}`);
    if (options.json === true) {
        const diagnostics = error?.diagnostics;
        const detail = Array.isArray(diagnostics) ? { diagnostics: scrubStrings(diagnostics, scrub) } : {};
        (0,_io_js__WEBPACK_IMPORTED_MODULE_2__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ ok: false, error: { code: failure.code, message: scrub(failure.message), ...detail } }));
    }
    return failure.status;
}
/** `value` with every string in it, at any depth, passed through `scrub`. */
function scrubStrings(value, scrub) {
    if (typeof value === 'string')
        return scrub(value);
    if (Array.isArray(value))
        return value.map((item) => scrubStrings(item, scrub));
    if (value !== null && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, scrub)]));
    return value;
}
function describe(error, command) {
    if (error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb)
        return { status: 2, code: error.code, line: error.message, message: error.message };
    if ((0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isStintError */ .Hu)(error))
        return { status: 1, code: error.code, line: error.message, message: error.message };
    const refused = (0,_lib_file_access_js__WEBPACK_IMPORTED_MODULE_1__/* .fileAccessError */ .z9)(error);
    if (refused !== undefined)
        return { status: 1, code: refused.code, line: refused.message, message: refused.message };
    if (isCliParseError(error)) {
        const help = command === undefined ? 'stint --help' : `stint ${command} --help`;
        const message = `${error.message} (\`${help}\` lists the options)`;
        return { status: 2, code: 'ERR_USAGE', line: message, message };
    }
    const message = error instanceof Error ? error.message : String(error);
    const line = `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    return { status: 1, code: 'ERR_INTERNAL', line, message: `unexpected error: ${message}` };
}
/** `node:util` parseArgs throws TypeErrors with these codes for bad flags. */
function isCliParseError(error) {
    const code = error?.code;
    return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}


/***/ }),

/***/ 1604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mr: () => (/* binding */ writeData),
/* harmony export */   Tq: () => (/* binding */ writeLineChecked),
/* harmony export */   _r: () => (/* binding */ writeLine),
/* harmony export */   p$: () => (/* binding */ hasPrinted),
/* harmony export */   quietOnClosedPipe: () => (/* binding */ quietOnClosedPipe)
/* harmony export */ });
/* unused harmony export neutralise */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Characters a terminal (or a CI log viewer that renders ANSI: GitHub, GitLab, Jenkins) acts on
 * instead of showing: C0 controls but tab and line feed (ESC starts colour, cursor, title and
 * hyperlink sequences; CR and BS overwrite what was printed), DEL, the C1 controls (U+009B is a
 * one-character CSI), and the Unicode controls that reorder or break a displayed line (bidi
 * embeddings, overrides and isolates; line and paragraph separators).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g;
/**
 * `text` with every terminal control character written as its `\uXXXX` escape, so claims, broker
 * answers and file contents show as text and never drive the terminal. JSON stays valid and means
 * the same: JSON.stringify already escapes C0, and `\uXXXX` is how JSON spells the others.
 *
 * @example
 * neutralise('\u001b]0;pwned\u0007') // '\\u001b]0;pwned\\u0007'
 */
function neutralise(text) {
    return text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** The streams something was printed to, for hasPrinted. */
const written = new WeakSet();
/** Whether the CLI printed anything to `stream` yet (a failure then adds no JSON of its own to stdout). */
function hasPrinted(stream) {
    return written.has(stream);
}
/**
 * Every line of text the CLI prints goes through here: messages, tables, JSON, the shell and env
 * formats. What it prints comes partly from others (token claims, the broker's error
 * descriptions, config files), so control characters are neutralised here, in one place.
 */
function writeLine(stream, text = '') {
    if (stream.destroyed)
        return; // its reader went away (quietOnClosedPipe)
    written.add(stream);
    stream.write(`${neutralise(text)}\n`);
}
/** Write errors a caller of writeLineChecked already handled, so quietOnClosedPipe does not rethrow them. */
const handled = new WeakSet();
/**
 * writeLine for output that must arrive (`stint exchange`'s token, its only product): resolves
 * once the stream took the line, and rejects with the reason when it could not (a reader that
 * closed the pipe, EPIPE; a full disk, ENOSPC; a stream already given up), so the caller can
 * undo what the output was for. The stream's 'error' event for that failure is left to the
 * caller: quietOnClosedPipe does not turn it into an uncaught error.
 */
function writeLineChecked(stream, text) {
    return new Promise((resolve, reject) => {
        if (stream.destroyed || !stream.writable) {
            reject(Object.assign(new Error('the stream was closed before anything was written'), { code: 'EPIPE' }));
            return;
        }
        written.add(stream);
        // Stdout on a file or device is Node's SyncWriteStream, which writes once and ignores how many
        // bytes went: a disk that fills mid-line reported success with half a token in the file. Here
        // every byte is written, or the write that cannot go on (ENOSPC) throws.
        const fd = fileDescriptorOf(stream);
        if (fd !== undefined) {
            try {
                const bytes = Buffer.from(`${neutralise(text)}\n`, 'utf8');
                for (let done = 0; done < bytes.length;)
                    done += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, bytes, done);
                resolve();
            }
            catch (error) {
                reject(error);
            }
            return;
        }
        try {
            stream.write(`${neutralise(text)}\n`, (error) => {
                if (error === null || error === undefined)
                    return resolve();
                handled.add(error);
                reject(error);
            });
        }
        catch (error) {
            reject(error);
        }
    });
}
/** The descriptor of a stream on a regular file or a character device (not a terminal), else undefined. */
function fileDescriptorOf(stream) {
    const fd = stream.fd;
    if (typeof fd !== 'number' || stream.isTTY === true)
        return undefined;
    try {
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        return info.isFile() || info.isCharacterDevice() ? fd : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Bytes the user asked for as they are (`stint request`'s response body), for a pipe or a file;
 * to a terminal, neutralised as text like every other line.
 */
function writeData(stream, data) {
    if (stream.destroyed)
        return; // its reader went away (quietOnClosedPipe)
    written.add(stream);
    if (stream.isTTY === true)
        stream.write(neutralise(data.toString('utf8')));
    else
        stream.write(data);
}
/**
 * A reader that goes away (`stint audit query … --json | head -1`) is not an error. Node ignores
 * SIGPIPE and reports the closed pipe as an EPIPE 'error' event on the stream, which, unhandled,
 * ends the process with a stack trace. Here that stream is given up quietly instead: nothing more
 * is written to it (writeLine and writeData skip a destroyed stream), and, unlike a Unix tool
 * that SIGPIPE kills, the command finishes what it was doing (a key rotation or a revocation is
 * never cut short half-way) and exits with its own status. Any other error on the stream stays
 * what it was, an uncaught error, unless writeLineChecked's caller already dealt with it.
 */
function quietOnClosedPipe(stream) {
    stream.on('error', (error) => {
        if (error.code !== 'EPIPE' && !handled.has(error))
            throw error;
    });
}


/***/ }),

/***/ 2957:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* unused harmony export usage */
/* harmony import */ var _lib_own_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3499);
/* harmony import */ var _lib_version_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7471);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2372);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1604);
/* harmony import */ var _scrub_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9301);






/**
 * Subcommands, each in its own module and loaded only when run, so `stint sign` does not pay
 * for the broker's code at start-up.
 */
const commands = {
    serve: { summary: 'run the broker', load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(974), __webpack_require__.e(5), __webpack_require__.e(627), __webpack_require__.e(804), __webpack_require__.e(365), __webpack_require__.e(379), __webpack_require__.e(892), __webpack_require__.e(774), __webpack_require__.e(304)]).then(__webpack_require__.bind(__webpack_require__, 7304)) },
    exchange: {
        summary: "exchange this job's OIDC token for a stint token",
        load: () => Promise.all(/* import() */[__webpack_require__.e(627), __webpack_require__.e(898), __webpack_require__.e(481)]).then(__webpack_require__.bind(__webpack_require__, 1481)),
    },
    revoke: {
        summary: "revoke this job's stint token at the broker (what recipes run at job end)",
        load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(898), __webpack_require__.e(79)]).then(__webpack_require__.bind(__webpack_require__, 7012)),
    },
    status: {
        summary: 'show the token source and the current STINT_TOKEN (never the token)',
        load: () => Promise.all(/* import() */[__webpack_require__.e(627), __webpack_require__.e(171)]).then(__webpack_require__.bind(__webpack_require__, 6171)),
    },
    sign: { summary: 'print the signature headers of a signing profile', load: () => Promise.all(/* import() */[__webpack_require__.e(512), __webpack_require__.e(787), __webpack_require__.e(672)]).then(__webpack_require__.bind(__webpack_require__, 3672)) },
    request: { summary: 'send a request signed with a signing profile', load: () => Promise.all(/* import() */[__webpack_require__.e(512), __webpack_require__.e(787), __webpack_require__.e(672), __webpack_require__.e(159)]).then(__webpack_require__.bind(__webpack_require__, 7159)) },
    cert: {
        summary: 'get a short-lived client certificate from the broker CA',
        load: () => __webpack_require__.e(/* import() */ 483).then(__webpack_require__.bind(__webpack_require__, 5483)),
    },
    policy: { summary: 'check, explain or test a policy', load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(627), __webpack_require__.e(804), __webpack_require__.e(892), __webpack_require__.e(489)]).then(__webpack_require__.bind(__webpack_require__, 7171)) },
    keys: { summary: "manage the broker's signing keys and project API keys", load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(627), __webpack_require__.e(804), __webpack_require__.e(365), __webpack_require__.e(379), __webpack_require__.e(717)]).then(__webpack_require__.bind(__webpack_require__, 3813)) },
    audit: { summary: 'verify the audit log hash chain, query who got what', load: () => Promise.all(/* import() */[__webpack_require__.e(365), __webpack_require__.e(294)]).then(__webpack_require__.bind(__webpack_require__, 4294)) },
    dev: {
        summary: "a local OIDC issuer shaped like a CI's (stint dev issuer)",
        load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(888), __webpack_require__.e(627), __webpack_require__.e(374)]).then(__webpack_require__.bind(__webpack_require__, 1374)),
    },
    demo: { summary: 'run the whole flow end to end on this machine', load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(974), __webpack_require__.e(627), __webpack_require__.e(804), __webpack_require__.e(365), __webpack_require__.e(379), __webpack_require__.e(512), __webpack_require__.e(892), __webpack_require__.e(774), __webpack_require__.e(819)]).then(__webpack_require__.bind(__webpack_require__, 4819)) },
};
function usage() {
    const width = Math.max(...Object.keys(commands).map((name) => name.length));
    const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
    return [
        'Usage: stint <command> [options]',
        '',
        'Commands:',
        ...lines,
        '',
        'Run `stint <command> --help` for the options of a command.',
        'Exit codes: 0 ok, 1 refused or failed, 2 usage error.',
    ].join('\n');
}
/** Commands whose subcommands have a `--help` of their own (`stint audit query --help`). */
const WITH_SUBCOMMANDS = new Set(['audit', 'policy', 'keys', 'dev']);
/** What a bad option's message points at: the subcommand's help where it has one. */
function helpTopic(name, first) {
    return WITH_SUBCOMMANDS.has(name) && first !== undefined && /^[a-z][a-z-]*$/.test(first) ? `${name} ${first}` : name;
}
/** Commands whose JSON output is a format, `--format json`, rather than `--json`. */
const JSON_FORMAT = new Set(['exchange', 'sign']);
/**
 * `--json` among the options (not after `--`, where it would be an operand), or for `exchange`
 * and `sign`, whose JSON is a format, `--format json`.
 */
function jsonRequested(name, args) {
    const end = args.indexOf('--');
    const options = end === -1 ? args : args.slice(0, end);
    if (options.includes('--json'))
        return true;
    return (JSON_FORMAT.has(name) &&
        options.some((arg, i) => arg === '--format=json' || (arg === '--format' && options[i + 1] === 'json')));
}
/** Runs one `stint` invocation and returns its exit code. */
async function main(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .writeLine */ ._r)(name === undefined ? io.stderr : io.stdout, usage());
        return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .writeLine */ ._r)(io.stdout, _lib_version_js__WEBPACK_IMPORTED_MODULE_3__/* .VERSION */ .x);
        return 0;
    }
    const command = (0,_lib_own_js__WEBPACK_IMPORTED_MODULE_4__/* .own */ .Z)(commands, name);
    if (command === undefined) {
        // The name is scrubbed like every failure's message: a token pasted first is not echoed.
        const said = (0,_scrub_js__WEBPACK_IMPORTED_MODULE_2__/* .scrubFailure */ .W)(`unknown command '${name}'`, (0,_scrub_js__WEBPACK_IMPORTED_MODULE_2__/* .cliSecrets */ .O)(io.env, argv), { usage: true });
        (0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .writeLine */ ._r)(io.stderr, `stint: ${said}\n\n${usage()}`);
        return 2;
    }
    try {
        const { run } = await command.load();
        return await run(rest, io);
    }
    catch (error) {
        // A script that asked for JSON gets a JSON failure too, unless the command already printed its output.
        const json = jsonRequested(name, rest) && !(0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .hasPrinted */ .p$)(io.stdout);
        return (0,_failure_js__WEBPACK_IMPORTED_MODULE_0__/* .reportFailure */ .x)(error, io, helpTopic(name, rest[0]), { json, args: rest });
    }
}


/***/ }),

/***/ 9301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ cliSecrets),
/* harmony export */   W: () => (/* binding */ scrubFailure)
/* harmony export */ });
/* harmony import */ var _audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(699);
/* harmony import */ var _lib_env_setting_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5933);
/* harmony import */ var _mask_redact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6587);



/**
 * What the CLI prints about a failure never carries a secret, whoever wrote the message: an
 * option's check quoting what it was given (a token pasted where a variable's NAME goes), node's
 * parseArgs quoting an argument, a broker or token endpoint echoing what it was sent. Every line
 * of a failure goes through `scrubFailure`, in one place, so no command has to remember to.
 */
/** Variables that hold secrets whatever they are called in a config: CI ID tokens, the stint token, … */
const SECRET_VARIABLES = [
    'STINT_ID_TOKEN',
    'CIRCLE_OIDC_TOKEN_V2',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'STINT_TOKEN',
    'STINT_API_KEY',
    'STINT_REDIS_PASSWORD',
    'STINT_SENTINEL_PASSWORD',
    'STINT_HSM_PIN',
];
/**
 * Names of variables that hold secrets by convention (a signing profile's `secret_env`, the
 * store's `password_env`, the HSM's `pin_env`, a CI's own `CI_JOB_TOKEN` or `GITHUB_TOKEN`): their
 * values, when long enough not to be ordinary words, are redacted as well.
 */
const SECRET_NAME = /TOKEN|SECRET|PASSW|PASSPHRASE|API_?KEY|PRIVATE_?KEY|CLIENT_?KEY|CREDENTIAL|_PIN$|^PIN$/i;
/**
 * Names that match SECRET_NAME but hold no secret (`STINT_TOKEN_EXPIRES_AT`,
 * `ACTIONS_ID_TOKEN_REQUEST_URL`), or hold the NAME of the variable with the secret (the CircleCI
 * orb's `PARAM_ID_TOKEN_ENV=CIRCLE_OIDC_TOKEN_V2`): redacting that would blank the name in the
 * very message that says which variable is missing.
 */
const NOT_SECRET_NAME = /_(URL|FILE|PATH|DIR|EXPIRES_AT|ALGS|MISSING|TYPE|ENV|NAME|VAR|VARIABLE)$/i;
/** A value of a variable only SECRET_NAME picks out is redacted from this length on. */
const MIN_NAMED_BY_CONVENTION = 8;
/** A quoted value of a usage error longer than this is described, not quoted. */
const MAX_QUOTED = 64;
/**
 * The secrets the CLI can see in its environment and arguments: the variables above, every
 * `STINT_SECRET_*`, the variable each `--…-env` option names (`--id-token-env`, `--token-env`),
 * and a `--…-env` value that is not a variable name at all (a token pasted where its name goes).
 */
function cliSecrets(env, args = []) {
    const secrets = new Set();
    const add = (value, min = 4) => {
        if (value !== undefined && value.trim().length >= min)
            secrets.add(value);
    };
    for (const name of SECRET_VARIABLES)
        add(env[name]);
    for (const [name, value] of Object.entries(env)) {
        if (name.startsWith('STINT_SECRET_'))
            add(value);
        else if (SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name))
            add(value, MIN_NAMED_BY_CONVENTION);
    }
    for (const [i, arg] of args.entries()) {
        if (arg === '--')
            break;
        const option = /^--[a-z-]*-env(?:=([\s\S]*))?$/.exec(arg);
        if (option === null)
            continue;
        const value = option[1] ?? args[i + 1];
        if (value === undefined)
            continue;
        if ((0,_lib_env_setting_js__WEBPACK_IMPORTED_MODULE_1__/* .isVariableName */ .KL)(value))
            add(env[value]);
        else
            add(value);
    }
    return [...secrets];
}
/**
 * `text` (a failure's message, any number of lines) with no secret left in it:
 *  1. a quoted value holding a secret, or in a usage error a quoted value longer than 64
 *     characters, is described instead ("a 1,761-character value that looks like a JWT");
 *  2. every form of every secret in `secrets` (raw, base64, base64url, hex, URL-encoded,
 *     JSON-escaped, and long runs of them) is replaced by `***`;
 *  3. a JWT or a stint API key written plainly is replaced by `[secret withheld]`, a PEM private
 *     key by `[private key withheld]`; and if the text still holds something shaped like a
 *     secret (one encoded), the whole message is withheld, with what it looked like.
 *
 * @example
 * scrubFailure("--id-token-env must be an environment variable name, got 'eyJ…'", [], { usage: true })
 * // "--id-token-env must be an environment variable name, got a 1,761-character value that looks like a JWT (pass the variable's NAME, not its value)"
 */
function scrubFailure(text, secrets, options = {}) {
    const clean = secrets.length > 0 ? (0,_mask_redact_js__WEBPACK_IMPORTED_MODULE_2__/* .redactor */ .$)(secrets) : (line) => line;
    const described = text.replace(/'([^'\s]+)'|"([^"\s]+)"/g, (quoted, single, double) => {
        const value = single ?? double ?? '';
        const shaped = (0,_audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_0__/* .secretIn */ .u7)(value);
        const what = shaped !== undefined
            ? ` that looks like ${shaped}`
            : clean(value) !== value
                ? ' that holds a secret from the environment'
                : undefined;
        if (what === undefined && !(options.usage === true && value.length > MAX_QUOTED))
            return quoted;
        const name = /variable(?:'s)? name|-env\b/.test(text) ? " (pass the variable's NAME, not its value)" : '';
        return `a ${value.length.toLocaleString('en-US')}-character value${what ?? ''}${name}`;
    });
    const redacted = clean(described).replace(PRIVATE_KEY, '[private key withheld]');
    const what = (0,_audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_0__/* .secretIn */ .u7)(redacted);
    if (what === undefined)
        return redacted;
    const cut = (0,_audit_secret_guard_js__WEBPACK_IMPORTED_MODULE_0__/* .withholdPlainSecrets */ .FK)(redacted, '[secret withheld]');
    if (cut !== undefined)
        return cut;
    return `the message is withheld: it holds what looks like ${what}`;
}
/** A PEM private key, its body up to its end armour (or the end of the text). */
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;


/***/ }),

/***/ 5933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KL: () => (/* binding */ isVariableName),
/* harmony export */   Kd: () => (/* binding */ notAVariableName),
/* harmony export */   fm: () => (/* binding */ looksLikeVariableName),
/* harmony export */   gM: () => (/* binding */ unsetVariable)
/* harmony export */ });
/**
 * Messages about a config setting that names an environment variable (`store.password_env`,
 * `keys.pkcs11.pin_env`). Operators paste the secret itself where the name belongs often enough
 * that no message may repeat what they wrote unless it is plainly a variable name: a value that is
 * not a name at all is never shown, and a valid name is shown only in the conventional form
 * (capitals, digits, `_`), which a password or PIN rarely takes.
 */
/** A name `VAR=value` in a shell accepts: letters, digits and `_`, not starting with a digit. */
function isVariableName(text) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}
/** The conventional form of an environment variable's name (`STINT_REDIS_PASSWORD`). */
function looksLikeVariableName(text) {
    return /^[A-Z_][A-Z0-9_]*$/.test(text);
}
/**
 * The config error for a `*_env` setting whose value is not a variable name; the value is not
 * repeated (it may be the secret).
 *
 * @example
 * reader.error(node, 'ERR_CONFIG_INVALID', notAVariableName('store.password_env', 'the Redis password', 'REDIS_PASSWORD'));
 */
function notAVariableName(setting, holds, example) {
    return `${setting} is the name of an environment variable that holds ${holds} (letters, digits, _; e.g. ${example}), never ${holds} itself; the value is not shown: if it is ${holds}, remove it from the file and rotate it`;
}
/**
 * The error for a `*_env` setting whose variable is not set. `at` is the setting's `file:line:column`
 * when known. The name is shown only when it looks like one; otherwise the reader is told what to do
 * if it was the secret.
 *
 * @example
 * unsetVariable({ setting: 'store.password_env', name: 'STINT_REDIS_PASSWORD', holds: 'the Redis password', where: 'where stint serve and stint keys run' });
 */
function unsetVariable(options) {
    const { setting, name, holds, where, at } = options;
    const prefix = at === undefined ? '' : `${at}: `;
    if (looksLikeVariableName(name))
        return `${prefix}${setting} names ${name}, but that environment variable is not set; export it, holding ${holds}, ${where}`;
    return `${prefix}${setting} names an environment variable that is not set (its name is not shown: it is not in the usual form, capitals, digits and _); if this is ${holds} itself, remove it from the file and rotate it, then name a variable there and export it ${where}`;
}


/***/ }),

/***/ 7268:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fp: () => (/* binding */ StintError),
/* harmony export */   Hu: () => (/* binding */ isStintError),
/* harmony export */   eb: () => (/* binding */ UsageError)
/* harmony export */ });
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

/***/ 32:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ny: () => (/* binding */ currentUser),
/* harmony export */   bf: () => (/* binding */ ownerOf),
/* harmony export */   z9: () => (/* binding */ fileAccessError)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);




const NOT_ALLOWED = new Set(['EACCES', 'EPERM', 'EROFS']);
/**
 * Turns a file-system refusal on one of stint's own files (EACCES, EPERM, EROFS with a path) into
 * a StintError that says which file, which user stint runs as, who owns the file and what to
 * fix; anything else comes back undefined. The CLI applies it to every error that reaches it, so
 * running as another user than owns the state or keys never ends in a stack trace.
 *
 * @example
 * const friendly = fileAccessError(error); // ERR_FILE_ACCESS: cannot open /srv/stint/keys/keys.json: …
 */
function fileAccessError(error) {
    const failure = error;
    if (failure === null || typeof failure !== 'object')
        return undefined;
    if (typeof failure.code !== 'string' || !NOT_ALLOWED.has(failure.code) || typeof failure.path !== 'string') {
        return undefined;
    }
    const path = failure.path;
    const action = failure.syscall ?? 'use';
    if (failure.code === 'EROFS') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_FILE_READ_ONLY', `cannot ${action} ${path}: it is on a read-only file system; mount it writable, or point the config at a writable path`, { cause: error });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .StintError */ .Fp('ERR_FILE_ACCESS', `cannot ${action} ${path}: permission denied (${failure.code}) for ${currentUser()}; ${ownerOf(path)}. ` +
        'Run stint as the user that owns its files (config, TLS key, state, keys, audit log), or give this user access to them (chown/chmod)', { cause: error });
}
/** `uid 65534 (nobody), gid 65534`: who this process runs as, for messages about files it may not use. */
function currentUser() {
    if (typeof process.getuid !== 'function')
        return 'this user';
    let name = '';
    try {
        name = ` (${(0,node_os__WEBPACK_IMPORTED_MODULE_1__.userInfo)().username})`;
    }
    catch {
        // A uid with no passwd entry (a container's arbitrary uid) has no name.
    }
    return `uid ${process.getuid()}${name}, gid ${process.getgid?.()}`;
}
/**
 * Who owns the file and its mode, or its nearest parent that can be looked at when the file is
 * not there (yet) or its own dir may not be searched: `/srv/stint/state is owned by uid 0, gid 0, mode 0700`.
 */
function ownerOf(path) {
    for (let at = path;; at = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(at)) {
        try {
            const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(at);
            const mode = (info.mode & 0o7777).toString(8).padStart(4, '0');
            return `${at === path ? at : `its dir ${at}`} is owned by uid ${info.uid}, gid ${info.gid}, mode ${mode}`;
        }
        catch {
            if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(at) === at)
                return 'its owner could not be read';
        }
    }
}


/***/ }),

/***/ 3499:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ own)
/* harmony export */ });
/**
 * The value `table` holds under `key` as its own property, or undefined. A name→handler table is
 * a plain object, so `table[name]` also finds what every object inherits: `constructor`,
 * `toString`, `__proto__`. A name a user typed must never reach those.
 *
 * @example
 * const command = own(commands, argv[0]); // undefined for 'constructor', as for 'nonsense'
 */
function own(table, key) {
    return Object.hasOwn(table, key) ? table[key] : undefined;
}


/***/ }),

/***/ 7471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** Kept in step with package.json by test/version.test.ts. */
const VERSION = '0.1.0';


/***/ }),

/***/ 5019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gG: () => (/* binding */ unmaskableReason),
/* harmony export */   ye: () => (/* binding */ maskForms)
/* harmony export */ });
/* unused harmony exports MIN_FORM_LENGTH, isWorthMasking */
/**
 * Every form of a secret that a later step could print, so each can be registered for masking
 * (`::add-mask::`) before anything can print it.
 *
 * The runner masks exact substrings, line by line. A multi-line secret (a PEM key, a JSON
 * credential) printed by `cat` arrives one line at a time, so each line is registered on its own;
 * a step that base64-encodes, URL-encodes or JSON-embeds the value prints a different string, so
 * those forms are registered too, in the spellings common tools print (docs/action.md lists them
 * and what stays out of reach). We register every form ourselves rather than lean on the
 * runner's own encoders: they differ from these (its JSON escape leaves non-ASCII as is, its URL
 * escape is .NET's), and a runner without them would then print the secret. What is not secret on
 * its own is left out (`{`, `}`, PEM armour lines, anything under 4 characters, whitespace):
 * registering it would turn every brace and every `-----BEGIN CERTIFICATE-----` in the log into
 * `***` and hide what happened.
 */
/** Shorter than this, a form is too common to be worth masking (and would blank the log). */
const MIN_FORM_LENGTH = 4;
/**
 * Columns at which tools wrap base64: 64 (`openssl base64`, PEM bodies) and 76 (GNU `base64`,
 * MIME). The runner masks line by line, so each wrapped line is a form of its own.
 */
const BASE64_WRAPS = [64, 76];
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/**
 * Every printable form of `value` worth registering for masking: the value (and trimmed, with
 * CRLF as LF, and with its line breaks removed), each line (and its trimmed, JSON-escaped and
 * URL-encoded forms), its base64 / base64url forms (also as they appear at each byte offset
 * inside a longer encoded text, e.g. `user:token` in a Basic header, and each line of the
 * encoding wrapped at 64 and 76 columns, of the value alone and with the line feed `echo` adds),
 * URL-encoded forms (JavaScript's `encodeURIComponent`, HTML forms, Python's `quote` and
 * `quote_plus`) and JSON-escaped forms (JavaScript's, and Python's `json.dumps`, which writes
 * non-ASCII as `\uXXXX`, also with `\/` as PHP writes it). Unique, longest first.
 *
 * @example
 * for (const form of maskForms(privateKeyPem)) core.setSecret(form);
 */
function maskForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (isWorthMasking(form))
            forms.add(form);
    };
    const wholes = new Set([value, value.trim(), value.replace(/\r\n/g, '\n'), value.replace(/\r\n/g, '\n').trim()]);
    const lines = value.split(/\r?\n|\r/);
    if (lines.length > 1)
        wholes.add(lines.map((line) => line.trim()).join(''));
    for (const whole of wholes) {
        if (!isWorthMasking(whole))
            continue;
        add(whole);
        for (const escaped of jsonEscapedForms(whole))
            add(escaped);
        for (const encoded of urlEncodedForms(whole))
            add(encoded);
        for (const encoded of base64Forms(whole))
            add(encoded);
    }
    if (lines.length > 1) {
        for (const line of lines) {
            for (const form of new Set([line, line.trim()])) {
                if (!isWorthMasking(form))
                    continue;
                add(form);
                add(jsonEscaped(form));
                add(encodeURIComponent(form));
            }
        }
    }
    return [...forms].sort((a, b) => b.length - a.length);
}
/** Whether a string is secret enough on its own to register: not blank, not armour, not tiny. */
function isWorthMasking(form) {
    const trimmed = form.trim();
    if (trimmed.length < MIN_FORM_LENGTH)
        return false;
    if (PEM_ARMOUR.test(trimmed))
        return false;
    return true;
}
/**
 * Why `secret` cannot be masked, or undefined when it can. The runner masks line by line, so a
 * secret is only masked through forms of at least `MIN_FORM_LENGTH` characters: a value shorter
 * than that, or a multi-line value none of whose lines is that long (`ab\ncd\nef`: `cat` prints
 * it line by line, and no line can be registered), would show in the log wherever it appears.
 *
 * @example
 * unmaskableReason('k9!') // 'a secret of 3 character(s) cannot be masked in the log (…)'
 */
function unmaskableReason(secret) {
    const length = secret.trim().length;
    if (length < MIN_FORM_LENGTH)
        return `a secret of ${length} character(s) cannot be masked in the log (the runner needs at least ${MIN_FORM_LENGTH})`;
    const lines = secret.split(/\r?\n|\r/);
    if (lines.length > 1 && !lines.some(isWorthMasking))
        return `a secret of ${lines.length} lines, none of them ${MIN_FORM_LENGTH} characters or more (PEM armour aside), cannot be masked in the log (the runner masks line by line, and needs at least ${MIN_FORM_LENGTH} characters)`;
    return undefined;
}
/** The value as it appears inside a JSON string written by JavaScript (without the quotes). */
function jsonEscaped(value) {
    return JSON.stringify(value).slice(1, -1);
}
/**
 * Inside a JSON string, as JavaScript writes it, as Python's `json.dumps` writes it by default
 * (`ensure_ascii`: DEL and every non-ASCII UTF-16 unit as lowercase `\uXXXX`), and as PHP's
 * `json_encode` writes it (that, with `/` as `\/`).
 */
function jsonEscapedForms(value) {
    const js = jsonEscaped(value);
    const ascii = js.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return [js, ascii, ascii.replace(/\//g, '\\/')];
}
/**
 * Percent-encoded: `encodeURIComponent`; the HTML form encoding (`URLSearchParams`, space as
 * `+`); Python's `urllib.parse.quote` (keeps `/`), `quote(s, safe='')` (= .NET's
 * `Uri.EscapeDataString`) and `quote_plus` (space as `+`). They differ in which of
 * `! ' ( ) * ~ /` and space stay as they are.
 */
function urlEncodedForms(value) {
    const strict = percentEncode(value, /[^A-Za-z0-9_.~-]/gu);
    return [
        encodeURIComponent(value),
        new URLSearchParams({ v: value }).toString().slice(2),
        percentEncode(value, /[^A-Za-z0-9_.~/-]/gu),
        strict,
        strict.replace(/%20/g, '+'),
    ];
}
/**
 * Every UTF-8 byte of each character `encode` matches (a global, unicode regex of the characters
 * that are not kept) as `%XX`. A token is all kept characters, so this is one scan that matches nothing.
 */
function percentEncode(value, encode) {
    return value.replace(encode, (char) => {
        let out = '';
        for (const byte of Buffer.from(char, 'utf8'))
            out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        return out;
    });
}
/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * each line of the encoding wrapped at 64 and 76 columns, of the value and of the value with a
 * trailing line feed (`echo "$SECRET" | base64`), whose last lines differ, except a line that
 * encodes nothing secret on its own.
 */
function base64Forms(value) {
    const bytes = Buffer.from(value, 'utf8');
    const forms = [];
    for (let shift = 0; shift < 3; shift++) {
        const shifted = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
        if (shift === 0)
            forms.push(shifted, shifted.replace(/=+$/, ''));
        // Inside a longer text the characters that also encode the bytes around the value differ;
        // keep only those made from the value's bits alone (each character carries 6 bits).
        forms.push(shifted.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6)));
    }
    const withUrl = forms.flatMap((form) => [form, toBase64Url(form)]);
    for (const encoded of [bytes.toString('base64'), Buffer.concat([bytes, Buffer.from('\n')]).toString('base64')]) {
        for (const width of BASE64_WRAPS) {
            // Each wrapped line is whole base64 quads, so it decodes on its own. One that encodes what
            // is not secret alone is left out, as such a line of the value is: only a line feed (`Cg==`,
            // the value's own or echo's), or only the value's last one to three characters.
            for (let i = 0; i < encoded.length; i += width) {
                const line = encoded.slice(i, i + width);
                if (isWorthMasking(Buffer.from(line, 'base64').toString('utf8')))
                    withUrl.push(line);
            }
        }
    }
    return withUrl;
}
function toBase64Url(base64) {
    return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}


/***/ }),

/***/ 6587:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ redactor),
/* harmony export */   E: () => (/* binding */ redact)
/* harmony export */ });
/* harmony import */ var _forms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5019);

/**
 * Replaces every printable form of every secret in `text` with `***`, for stint's own log lines
 * and error messages (the runner's masking covers what reaches the log; this covers what we
 * write anywhere else, and runs before the runner ever sees it).
 *
 * @example
 * core.info(redact(`broker said: ${body}`, [idToken, accessToken]));
 */
function redact(text, secrets) {
    return redactor(secrets)(text);
}
/**
 * A common run this long or longer of a secret (or of its hex or base64) is always found; one of
 * RUN_GRAM to twice that less one may be. Shorter is left as it is: 16 characters of a secret are
 * 96 bits of a random one, and a shorter run is as likely to be ordinary text that happens to match.
 */
const RUN_GRAM = 16;
/** Anything in `text` that redacting left: the runs a secret shares with it. */
const REDACTED = '***';
/**
 * `redact` with the work done once for many lines: each secret's forms (`maskForms`, plus hex in
 * lower and upper case, which a server echoing bytes prints) replaced wherever they occur, then
 * every run of 31 characters or more that a secret, its hex or its base64 at any alignment shares
 * with the text (a prefix, a JWT's payload or signature alone, a PEM key's body cut anywhere),
 * and the rest of that run, however short. Two passes over the text: the forms by `includes`, the
 * runs by one look-up per character in a table of the secrets' 16-character pieces taken every 16
 * characters (a common run of 31 holds one whole piece, wherever it starts).
 *
 * @example
 * const clean = redactor([idToken]);
 * for (const line of lines) print(clean(line));
 */
function redactor(secrets) {
    const forms = new Set();
    const pieces = new Map();
    for (const secret of secrets) {
        for (const form of (0,_forms_js__WEBPACK_IMPORTED_MODULE_0__/* .maskForms */ .ye)(secret))
            forms.add(form);
        for (const base of runBases(secret)) {
            for (const form of [base.hex, base.hex.toUpperCase()])
                if (form.length >= 4)
                    forms.add(form);
            for (const text of [base.text, base.hex, base.hex.toUpperCase(), ...base.base64])
                for (let at = 0; at + RUN_GRAM <= text.length; at += RUN_GRAM)
                    if (!pieces.has(text.slice(at, at + RUN_GRAM)))
                        pieces.set(text.slice(at, at + RUN_GRAM), { base: text, at });
        }
    }
    // Longest first, so a long form is not half-replaced by a shorter one it contains.
    const ordered = [...forms].sort((a, b) => b.length - a.length);
    return (text) => {
        let result = text;
        for (const form of ordered)
            if (result.includes(form))
                result = result.split(form).join(REDACTED);
        return pieces.size === 0 || result.length < RUN_GRAM ? result : withoutRuns(result, pieces);
    };
}
/**
 * What a secret's runs are looked for in: its text (each line of a multi-line secret, trimmed,
 * PEM armour aside: armour is not secret), and that text's hex and base64 and base64url at each of
 * the three byte alignments (only the characters made from the text's bits alone), so a piece of
 * the secret encoded on its own is found too.
 */
function runBases(secret) {
    const lines = secret.split(/\r?\n|\r/).map((line) => line.trim());
    const texts = new Set([secret.trim(), ...(lines.length > 1 ? lines : [])]);
    return [...texts]
        .filter((text) => text.length >= 4 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(text))
        .map((text) => {
        const bytes = Buffer.from(text, 'utf8');
        const base64 = [];
        for (let shift = 0; shift < 3; shift++) {
            const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
            const stable = encoded.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6));
            base64.push(stable, stable.replaceAll('+', '-').replaceAll('/', '_'));
        }
        return { text, hex: bytes.toString('hex'), base64 };
    });
}
/** `text` with each run it shares with a secret's base (found by a piece of it) replaced by `***`. */
function withoutRuns(text, pieces) {
    let out = '';
    let copied = 0;
    for (let i = 0; i + RUN_GRAM <= text.length; i++) {
        const found = pieces.get(text.slice(i, i + RUN_GRAM));
        if (found === undefined)
            continue;
        const { base, at } = found;
        let start = i;
        while (start > copied && at - (i - start) > 0 && text[start - 1] === base[at - (i - start) - 1])
            start--;
        let end = i + RUN_GRAM;
        while (end < text.length && at + (end - i) < base.length && text[end] === base[at + (end - i)])
            end++;
        out += text.slice(copied, start) + (out.endsWith(REDACTED) && start === copied ? '' : REDACTED);
        copied = end;
        i = end - 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
}


/***/ })

};
