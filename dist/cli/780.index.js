export const id = 780;
export const ids = [780];
export const modules = {

/***/ 9780:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  HELP: () => (/* binding */ HELP),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/audit/events.ts
var audit_events = __webpack_require__(2714);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(481);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/audit/file-stream.ts
var file_stream = __webpack_require__(8526);
// EXTERNAL MODULE: ./src/audit/log.ts
var log = __webpack_require__(8365);
// EXTERNAL MODULE: ./src/audit/read-error.ts
var read_error = __webpack_require__(5815);
;// CONCATENATED MODULE: ./src/audit/reader.ts






/**
 * Reads an audit log line by line, checking its hash chain as `stint audit verify` does, and
 * yields each record once it is proven. A line that breaks the chain stops the read with
 * ERR_AUDIT_CORRUPT naming the file and line, so nothing after an edit is ever reported as
 * fact. A file whose first line continues another file's chain (seq > 1, as a rotated log
 * starts) is taken from that line on.
 *
 * @example for await (const { record } of readAuditRecords('.stint/audit.jsonl')) console.log(record.event);
 */
async function* readAuditRecords(file) {
    let stream;
    let expect;
    let line = 0;
    let lastHadNewline = true;
    try {
        // A gzip-compressed file (logrotate's `compress`) is read decompressed.
        stream = await (0,file_stream/* openAuditFile */.s)(file);
        const lines = (0,external_node_readline_.createInterface)({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
        stream.on('data', (chunk) => {
            lastHadNewline = chunk[chunk.length - 1] === 0x0a;
        });
        for await (const text of lines) {
            line++;
            const result = (0,log/* checkRecord */.EQ)(text, expect ?? firstExpectation(text));
            if (typeof result === 'string')
                throw corrupt(file, line, result);
            expect = { seq: result.seq + 1, prev: result.hash };
            yield { file, line, record: result };
        }
    }
    catch (error) {
        if (error instanceof errors/* StintError */.Fp)
            throw error;
        throw (0,read_error/* auditReadError */._)(file, error);
    }
    if (!lastHadNewline && line > 0)
        throw corrupt(file, line, 'has no newline at the end: the file was cut short');
}
/** Line 1 of a log starts the chain; a rotated file's first line continues one from elsewhere. */
function firstExpectation(text) {
    const seq = /^\{"seq":(\d+),/.exec(text)?.[1];
    return seq === undefined || seq === '1' ? { seq: 1, prev: audit_events/* GENESIS_HASH */.s } : undefined;
}
function corrupt(file, line, reason) {
    return new errors/* StintError */.Fp('ERR_AUDIT_CORRUPT', `audit log ${file}: line ${line} ${reason}; nothing from that line on is reported (run \`stint audit verify ${file}\`)`);
}
/**
 * Several logs (one per broker instance, or a rotated series) as one stream in time order: each
 * log is in order already, so this merges them by `ts` (then by the order the files were given),
 * reading each as it goes, so memory stays one record per file.
 */
async function* mergeAuditLogs(files) {
    const readers = files.map((file) => readAuditRecords(file));
    const heads = [];
    for (const reader of readers)
        heads.push((await reader.next()).value ?? undefined);
    for (;;) {
        let next = -1;
        for (const [i, head] of heads.entries()) {
            if (head === undefined)
                continue;
            if (next === -1 || head.record.ts < heads[next].record.ts)
                next = i;
        }
        if (next === -1)
            return;
        yield heads[next];
        heads[next] = (await readers[next].next()).value ?? undefined;
    }
}

// EXTERNAL MODULE: ./src/lib/closest-name.ts
var closest_name = __webpack_require__(2134);
// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
// EXTERNAL MODULE: ./src/policy/pattern.ts
var pattern = __webpack_require__(3636);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/audit-query.ts









/** The --summary row of events that name no project. */
const NO_PROJECT = '(no project)';
const HELP = `Usage: stint audit query FILE… [--project P] [--subject PATTERN] [--event E] [--outcome O]
                         [--since T] [--until T] [--jti ID] [--json | --summary]

Who got what, when: reads one or many audit logs (one per broker instance, or rotated files),
checking each file's hash chain as it reads it, merged in time order. A broken chain stops the
query at that line (exit 1): nothing after an edit is reported.
  --project P        events for this project
  --subject PATTERN  the CI subject, exact or a policy pattern (* within a segment, ** across /)
  --event E          token_issued, exchange_denied, token_revoked, … (repeat or comma-separate)
  --outcome O        success, denied or error (repeat or comma-separate)
  --since T, --until T   a UTC date or time (2026-12-04, 2026-12-04T10:00, 2026-12-04T10:00:00Z), a time
                     with its offset (2026-12-04T11:00:00+01:00), or a duration ago (24h, 7d); a time
                     without an offset is UTC, as every time in the log is
  --jti ID           the token with this jti
  --json             the matching records, one JSON object per line (as in the log)
  --summary          per project: tokens issued, denials and errors, and denials by reason code
Default output is a table: time (UTC), the instance that wrote the event (a broker's
STINT_INSTANCE or host:pid, or cli@host:pid for \`stint keys\`), event, outcome, project, subject,
and the scope or the reason (a line break in a value shows as \\n).`;
/** `stint audit query FILE…`. */
const run = async (args, io) => {
    const { values, positionals } = (0,external_node_util_.parseArgs)({
        args,
        strict: true,
        allowPositionals: true,
        options: {
            project: { type: 'string', multiple: true },
            subject: { type: 'string' },
            event: { type: 'string', multiple: true },
            outcome: { type: 'string', multiple: true },
            since: { type: 'string' },
            until: { type: 'string' },
            jti: { type: 'string' },
            json: { type: 'boolean' },
            summary: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    if (positionals.length === 0)
        throw new errors/* UsageError */.eb('stint audit query needs one or more audit log FILEs');
    if (values.json && values.summary)
        throw new errors/* UsageError */.eb('give --json or --summary, not both');
    const list = (given) => given?.flatMap((v) => v.split(',')).filter((v) => v !== '');
    const projects = list(values.project);
    const events = list(values.event);
    const outcomes = list(values.outcome);
    for (const event of events ?? []) {
        if (audit_events/* AUDIT_EVENT_NAMES */.w.includes(event))
            continue;
        const near = (0,closest_name/* closestName */.N)(event, audit_events/* AUDIT_EVENT_NAMES */.w);
        throw new errors/* UsageError */.eb(`--event '${event}' is not an audit event${near === undefined ? '' : `; did you mean '${near}'?`} (events: ${audit_events/* AUDIT_EVENT_NAMES */.w.join(', ')})`);
    }
    for (const outcome of outcomes ?? [])
        if (!['success', 'denied', 'error'].includes(outcome))
            throw new errors/* UsageError */.eb(`--outcome must be success, denied or error, got '${outcome}'`);
    const subject = values.subject === undefined ? undefined : (0,pattern/* compilePattern */.Eb)(values.subject);
    const now = Date.now();
    const since = values.since === undefined ? undefined : parseTime(values.since, '--since', now);
    const until = values.until === undefined ? undefined : parseTime(values.until, '--until', now);
    const matches = (r) => (projects === undefined || (typeof r.project === 'string' && projects.includes(r.project))) &&
        (events === undefined || events.includes(r.event)) &&
        (outcomes === undefined || outcomes.includes(r.outcome)) &&
        (subject === undefined || (typeof r.subject === 'string' && subject.test(r.subject))) &&
        (values.jti === undefined || r.jti === values.jti) &&
        (since === undefined || Date.parse(r.ts) >= since) &&
        (until === undefined || Date.parse(r.ts) < until);
    const summary = new Map();
    const rows = [];
    let count = 0;
    for await (const { record } of mergeAuditLogs(positionals.map((f) => (0,external_node_path_.resolve)(io.cwd, f)))) {
        if (!matches(record))
            continue;
        count++;
        if (values.json)
            (0,cli_io/* writeLine */._r)(io.stdout, JSON.stringify(record));
        else if (values.summary) {
            const key = typeof record.project === 'string' ? record.project : NO_PROJECT;
            const entry = summary.get(key) ?? { issued: 0, denied: 0, errors: 0, reasons: new Map() };
            if (record.event === 'token_issued')
                entry.issued++;
            if (record.outcome === 'denied') {
                entry.denied++;
                const reason = typeof record.code === 'string' ? record.code : '(no code)';
                entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + 1);
            }
            if (record.outcome === 'error')
                entry.errors++;
            summary.set(key, entry);
        }
        else {
            rows.push([
                cell(record.ts),
                cell(record.instance),
                cell(record.event),
                cell(record.outcome),
                cell(record.project),
                cell(record.subject),
                record.outcome === 'success' ? cell(record.scope) : `${cell(record.code)} ${cell(record.reason)}`.trim(),
            ]);
        }
    }
    if (values.json)
        return 0;
    if (values.summary) {
        for (const [project, s] of [...summary.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            // Events of no project (key rotations, reloads) count toward the total; a row of zeros for them says nothing.
            if (project === NO_PROJECT && s.issued + s.denied + s.errors === 0)
                continue;
            (0,cli_io/* writeLine */._r)(io.stdout, `${project}: ${s.issued} tokens issued, ${s.denied} denied, ${s.errors} errors`);
            for (const [reason, n] of [...s.reasons.entries()].sort((a, b) => b[1] - a[1]))
                (0,cli_io/* writeLine */._r)(io.stdout, `  denied ${n} × ${reason}`);
        }
        (0,cli_io/* writeLine */._r)(io.stdout, `${count} ${count === 1 ? 'event' : 'events'} matched in ${positionals.length} ${positionals.length === 1 ? 'file' : 'files'}`);
        return 0;
    }
    // INSTANCE beside the time: with several brokers' logs merged, which one did what.
    const header = ['TIME', 'INSTANCE', 'EVENT', 'OUTCOME', 'PROJECT', 'SUBJECT', 'SCOPE / REASON'];
    // A loop, not Math.max(...rows): spreading a few hundred thousand rows overflows the stack.
    const widths = header.map((h) => h.length);
    for (const row of rows)
        for (let i = 0; i < row.length; i++)
            widths[i] = Math.max(widths[i], row[i].length);
    for (const row of [header, ...rows])
        (0,cli_io/* writeLine */._r)(io.stdout, row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
    (0,cli_io/* writeLine */._r)(io.stdout, `${count} ${count === 1 ? 'event' : 'events'} matched in ${positionals.length} ${positionals.length === 1 ? 'file' : 'files'}`);
    return 0;
};
/**
 * A value as one table cell: `-` for none, and line breaks and tabs written as `\n`, `\r`, `\t`,
 * so a multi-line reason (a config reload with two errors) stays on its row. (writeLine
 * neutralises the other control characters; --json has the values as they are.)
 */
function cell(value) {
    const text = typeof value === 'string' ? value : value === undefined || value === null ? '-' : String(value);
    return text.replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;
/**
 * Epoch ms of an ISO 8601 date or time, or of `now` minus a duration (`24h`). A date or a time
 * without an offset is UTC, as every `ts` in the log is (never the machine's zone, which would
 * make one command line mean different things on different hosts). A date that does not exist
 * (2026-02-31, 25:00) is refused, not rolled over into the next month or day.
 */
function parseTime(value, flag, now) {
    if (/^\d+[smhd]/.test(value) && !/^\d{4}-/.test(value)) {
        try {
            return now - (0,duration/* parseDuration */.E)(value) * 1000;
        }
        catch {
            // fall through to the error below
        }
    }
    const match = ISO_TIME.exec(value);
    if (match === null)
        throw new errors/* UsageError */.eb(`${flag} must be a UTC date or time (2026-12-04, 2026-12-04T10:00:00Z), a time with its offset (2026-12-04T11:00:00+01:00) or a duration ago (24h, 7d), got '${value}'`);
    const [, y, mo, d, h, mi, s, fraction = '', , sign, oh, om] = match;
    const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map((v) => Number(v ?? 0));
    const bad = (why) => new errors/* UsageError */.eb(`${flag} '${value}' is not a real time: ${why}`);
    if (month < 1 || month > 12)
        throw bad(`there is no month ${mo}`);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
    if (day < 1 || day > days)
        throw bad(`${y}-${mo} has ${days} days`);
    if (hour > 23 || minute > 59 || second > 59)
        throw bad(`hours go to 23, minutes and seconds to 59`);
    if (Number(oh ?? 0) > 23 || Number(om ?? 0) > 59)
        throw bad(`an offset's hours go to 23, its minutes to 59`);
    const offsetMinutes = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
    const utc = new Date(0);
    utc.setUTCFullYear(year, month - 1, day);
    utc.setUTCHours(hour, minute, second, ms);
    return utc.getTime() - offsetMinutes * 60_000;
}


/***/ }),

/***/ 2134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ closestName)
/* harmony export */ });
/* unused harmony export editDistance */
/**
 * "Did you mean": the known name nearest to a misspelt one, for messages about an unknown key,
 * field or claim.
 */
/**
 * The name in `known` nearest to `name` by edit distance, when it is at most `maxDistance` (default
 * 2) away; undefined otherwise. On a tie, the first in `known`. `ignoreCase` compares them
 * lower-cased.
 *
 * @example
 * closestName('secrett', ['format', 'secret', 'secret_env']) // 'secret'
 * closestName('colour', ['format', 'secret']) // undefined
 */
function closestName(name, known, options = {}) {
    const fold = (text) => (options.ignoreCase === true ? text.toLowerCase() : text);
    let best;
    for (const candidate of known) {
        const distance = editDistance(fold(name), fold(candidate));
        if (best === undefined || distance < best.distance)
            best = { candidate, distance };
    }
    return best !== undefined && best.distance <= (options.maxDistance ?? 2) ? best.candidate : undefined;
}
/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = row;
    }
    return previous[b.length];
}


/***/ }),

/***/ 2543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

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
function parseDuration(value) {
    if (typeof value === 'number') {
        if (Number.isSafeInteger(value) && value > 0)
            return value;
        throw invalid(String(value));
    }
    const text = value.trim();
    if (/^\d+$/.test(text))
        return parseDuration(Number(text));
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
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_DURATION_INVALID', `invalid duration '${value}': use a positive whole number of seconds or units s, m, h, d (e.g. 90, 90s, 15m, 1h, 30d)`);
}


/***/ }),

/***/ 3636:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eb: () => (/* binding */ compilePattern),
/* harmony export */   rl: () => (/* binding */ hasWildcard),
/* harmony export */   ty: () => (/* binding */ isWildcardOnly)
/* harmony export */ });
/**
 * Compiles a pattern once; `test` is then a string compare, or a walk of the value whose time is
 * at most linear in the value times the pattern, however many wildcards the pattern has.
 */
function compilePattern(source) {
    return hasWildcard(source) ? new WildcardPattern(source) : new LiteralPattern(source);
}
class LiteralPattern {
    source;
    literal = true;
    constructor(source) {
        this.source = source;
    }
    test(value) {
        return value === this.source;
    }
}
/**
 * A pattern with wildcards, matched without backtracking. A backtracking matcher (a RegExp)
 * takes time that grows as the value's length to the power of the number of `*` in one segment,
 * and a pattern is written by whoever may edit the config, the value by whoever names a branch.
 *
 * The value must start with the text before the first `*` and end with the text after the last
 * (two string compares that settle most values). What lies between is wildcards separated by
 * literal text: `W0 L1 W1 … Lk Wk`. Going left to right, it keeps every position where wildcard i
 * may start (ascending, each once); wildcard i reaches from such a start up to the first character
 * it may not cross (`:`, and `/` for `*`), and each occurrence of L(i+1) that begins within that
 * reach gives a start of wildcard i+1. Starts in one reach share it, so each character is looked
 * at once per wildcard: time linear in the value times the pattern, however the wildcards are
 * laid out. A run of two or more `*` is one `**`, as it always was.
 */
class WildcardPattern {
    source;
    literal = false;
    prefix;
    suffix;
    /** Per wildcard, left to right: true for `**` (crosses `/`), false for `*`. */
    crossesSlash = [];
    /** `between[i]` is the literal text after wildcard i, before wildcard i+1 (never empty). */
    between = [];
    constructor(source) {
        this.source = source;
        const first = source.indexOf('*');
        const last = source.lastIndexOf('*');
        this.prefix = source.slice(0, first);
        this.suffix = source.slice(last + 1);
        // `*a**b*` → ['', '*', 'a', '**', 'b', '*', '']: wildcards at odd indexes, text between at even.
        const parts = source.slice(first, last + 1).split(/(\*+)/);
        for (let i = 1; i < parts.length; i += 2) {
            this.crossesSlash.push(parts[i].length > 1);
            if (i + 1 < parts.length - 1)
                this.between.push(parts[i + 1]);
        }
    }
    test(value) {
        const start = this.prefix.length;
        const end = value.length - this.suffix.length;
        if (end < start || !value.startsWith(this.prefix) || !value.endsWith(this.suffix))
            return false;
        // One wildcard (`refs/heads/*`, `release/**`), as most patterns: it must reach the end.
        if (this.between.length === 0)
            return reachOf(value, start, end, this.crossesSlash[0]) === end;
        let starts = scratch(0, end - start + 1);
        let next = scratch(1, end - start + 1);
        starts[0] = start;
        let count = 1;
        for (let i = 0; i < this.between.length; i++) {
            const text = this.between[i];
            const wide = this.crossesSlash[i];
            let found = 0;
            // The reach of the current run of starts: those up to `reach` share it.
            let reach = -1;
            // The next occurrence of `text` not yet used, once looked for.
            let at = -1;
            for (let j = 0; j < count; j++) {
                const from = starts[j];
                if (from <= reach)
                    continue;
                reach = reachOf(value, from, end, wide);
                if (at < from)
                    at = value.indexOf(text, from);
                while (at !== -1 && at <= reach && at + text.length <= end) {
                    next[found++] = at + text.length;
                    at = value.indexOf(text, at + 1);
                }
                // No further occurrence fits before the suffix: later starts find none either.
                if (at === -1 || at + text.length > end)
                    break;
            }
            if (found === 0)
                return false;
            const used = starts;
            starts = next;
            next = used;
            count = found;
        }
        // The last wildcard runs to the end from its latest start, or from none.
        return reachOf(value, starts[count - 1], end, this.crossesSlash[this.crossesSlash.length - 1]) === end;
    }
}
const COLON = 0x3a;
const SLASH = 0x2f;
/** Where a wildcard starting at `from` must stop: the first `:` (or, for `*`, `/`) before `end`, else `end`. */
function reachOf(value, from, end, crossesSlash) {
    for (let at = from; at < end; at++) {
        const code = value.charCodeAt(at);
        if (code === COLON || (code === SLASH && !crossesSlash))
            return at;
    }
    return end;
}
/** Two position lists every match reuses (a match runs to its end before another starts). */
const scratchLists = [new Int32Array(256), new Int32Array(256)];
function scratch(index, size) {
    if (scratchLists[index].length < size)
        scratchLists[index] = new Int32Array(size);
    return scratchLists[index];
}
/** True when a pattern has nothing but wildcards and separators, e.g. `*`, `**`, `*:*` or `**:**`. */
function isWildcardOnly(source) {
    return source.replace(/[*:/@]/g, '') === '';
}
/** True when `source` has a `*` anywhere. */
function hasWildcard(source) {
    return source.includes('*');
}


/***/ })

};
