export const id = 957;
export const ids = [957,604];
export const modules = {

/***/ 2372:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ reportFailure)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_file_access_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1604);



/**
 * Turns an error into the exit code and one line on stderr; unexpected errors keep their stack.
 * `command` (the subcommand run) lets a bad option point at that command's `--help`. With
 * `json`, stdout also gets `{"ok": false, "error": {"code", "message"}}` (and `diagnostics` when
 * the error carries the config's or case file's), so a script that asked for JSON can always
 * parse what it got (docs/cli.md#json-output).
 */
function reportFailure(error, io, command, options = {}) {
    const failure = describe(error, command);
    (0,_io_js__WEBPACK_IMPORTED_MODULE_2__/* .writeLine */ ._r)(io.stderr, `stint: ${failure.line}`);
    if (options.json === true) {
        const diagnostics = error?.diagnostics;
        const detail = Array.isArray(diagnostics) ? { diagnostics } : {};
        (0,_io_js__WEBPACK_IMPORTED_MODULE_2__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ ok: false, error: { code: failure.code, message: failure.message, ...detail } }));
    }
    return failure.status;
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
/* harmony export */   _r: () => (/* binding */ writeLine),
/* harmony export */   p$: () => (/* binding */ hasPrinted),
/* harmony export */   quietOnClosedPipe: () => (/* binding */ quietOnClosedPipe)
/* harmony export */ });
/* unused harmony export neutralise */
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
 * what it was, an uncaught error.
 */
function quietOnClosedPipe(stream) {
    stream.on('error', (error) => {
        if (error.code !== 'EPIPE')
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
/* harmony import */ var _lib_own_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3499);
/* harmony import */ var _lib_version_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7471);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2372);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1604);





/**
 * Subcommands, each in its own module and loaded only when run, so `stint sign` does not pay
 * for the broker's code at start-up.
 */
const commands = {
    serve: { summary: 'run the broker', load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(974), __webpack_require__.e(5), __webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(146), __webpack_require__.e(365), __webpack_require__.e(379), __webpack_require__.e(892), __webpack_require__.e(722), __webpack_require__.e(304)]).then(__webpack_require__.bind(__webpack_require__, 7304)) },
    exchange: {
        summary: "exchange this job's OIDC token for a stint token",
        load: () => Promise.all(/* import() */[__webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(78), __webpack_require__.e(248)]).then(__webpack_require__.bind(__webpack_require__, 6248)),
    },
    revoke: {
        summary: "revoke this job's stint token at the broker (what recipes run at job end)",
        load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(737), __webpack_require__.e(78), __webpack_require__.e(631)]).then(__webpack_require__.bind(__webpack_require__, 7012)),
    },
    status: {
        summary: 'show the token source and the current STINT_TOKEN (never the token)',
        load: () => Promise.all(/* import() */[__webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(171)]).then(__webpack_require__.bind(__webpack_require__, 6171)),
    },
    sign: { summary: 'print the signature headers of a signing profile', load: () => Promise.all(/* import() */[__webpack_require__.e(869), __webpack_require__.e(787), __webpack_require__.e(672)]).then(__webpack_require__.bind(__webpack_require__, 3672)) },
    request: { summary: 'send a request signed with a signing profile', load: () => Promise.all(/* import() */[__webpack_require__.e(869), __webpack_require__.e(787), __webpack_require__.e(672), __webpack_require__.e(159)]).then(__webpack_require__.bind(__webpack_require__, 7159)) },
    cert: {
        summary: 'get a short-lived client certificate from the broker CA',
        load: () => __webpack_require__.e(/* import() */ 483).then(__webpack_require__.bind(__webpack_require__, 5483)),
    },
    policy: { summary: 'check, explain or test a policy', load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(146), __webpack_require__.e(892), __webpack_require__.e(489)]).then(__webpack_require__.bind(__webpack_require__, 7171)) },
    keys: { summary: "manage the broker's signing keys and project API keys", load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(146), __webpack_require__.e(365), __webpack_require__.e(379), __webpack_require__.e(717)]).then(__webpack_require__.bind(__webpack_require__, 3813)) },
    audit: { summary: 'verify the audit log hash chain, query who got what', load: () => Promise.all(/* import() */[__webpack_require__.e(365), __webpack_require__.e(294)]).then(__webpack_require__.bind(__webpack_require__, 4294)) },
    dev: {
        summary: "a local OIDC issuer shaped like a CI's (stint dev issuer)",
        load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(888), __webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(374)]).then(__webpack_require__.bind(__webpack_require__, 1374)),
    },
    demo: { summary: 'run the whole flow end to end on this machine', load: () => Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(815), __webpack_require__.e(974), __webpack_require__.e(737), __webpack_require__.e(627), __webpack_require__.e(146), __webpack_require__.e(365), __webpack_require__.e(379), __webpack_require__.e(869), __webpack_require__.e(892), __webpack_require__.e(722), __webpack_require__.e(819)]).then(__webpack_require__.bind(__webpack_require__, 4819)) },
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
        (0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .writeLine */ ._r)(io.stdout, _lib_version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x);
        return 0;
    }
    const command = (0,_lib_own_js__WEBPACK_IMPORTED_MODULE_3__/* .own */ .Z)(commands, name);
    if (command === undefined) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .writeLine */ ._r)(io.stderr, `stint: unknown command '${name}'\n\n${usage()}`);
        return 2;
    }
    try {
        const { run } = await command.load();
        return await run(rest, io);
    }
    catch (error) {
        // A script that asked for JSON gets a JSON failure too, unless the command already printed its output.
        const json = jsonRequested(name, rest) && !(0,_io_js__WEBPACK_IMPORTED_MODULE_1__/* .hasPrinted */ .p$)(io.stdout);
        return (0,_failure_js__WEBPACK_IMPORTED_MODULE_0__/* .reportFailure */ .x)(error, io, helpTopic(name, rest[0]), { json });
    }
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


/***/ })

};
