export const id = 294;
export const ids = [294];
export const modules = {

/***/ 4294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _audit_log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8365);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1604);





const USAGE = `Usage: stint audit verify FILE… [--anchor SEQ:HASH] [--after SEQ:HASH] [--json]
       stint audit query FILE… [--project P] [--subject PATTERN] [--event E] [--outcome O] [--since T] [--until T] [--jti ID] [--json | --summary]
       (stint audit query --help says more)

Checks the hash chain of a stint audit log. Exit 0 when every line is intact; exit 1 naming the
first line that was edited, removed, inserted, reordered, is not JSON or was cut short.
Several files are a rotated series, oldest first (audit.jsonl.2 audit.jsonl.1 audit.jsonl):
each file's first line must continue the previous file's last line, so a missing file or lines
cut off the end of one are named too.
On success it prints the last line's anchor, SEQ:HASH. Lines cut off the end leave a valid
shorter chain, so keep the anchor where the log's writer cannot change it, and pass it back:
  --anchor SEQ:HASH   line SEQ must still be there with this hash (16 to 64 hex digits)
  --after SEQ:HASH    the first FILE continues the chain from this anchor (the last one printed
                      for the file before it, when that file is gone, or, for a log begun after
                      ERR_AUDIT_CORRUPT or ERR_AUDIT_TRUNCATED, the one that message named:
                      --after "$(cat OLD.chain)"); without it, a first FILE that does not start
                      the chain (seq 1) is refused
A gzip-compressed FILE (logrotate's compress) is read decompressed.
--json prints {"ok": true, "lines": N, "last": {"seq": N, "hash": "…"}} or
{"ok": false, "line": N, "reason": "…"} (with "file" when several were given).`;
const run = async (args, io) => {
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ ._r)(name === undefined ? io.stderr : io.stdout, USAGE);
        return name === undefined ? 2 : 0;
    }
    if (name === 'query')
        return (await __webpack_require__.e(/* import() */ 780).then(__webpack_require__.bind(__webpack_require__, 9780))).run(rest, io);
    if (name !== 'verify')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`unknown command 'audit ${name}'; run \`stint audit --help\``);
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.parseArgs)({
        args: rest,
        options: {
            json: { type: 'boolean' },
            anchor: { type: 'string' },
            after: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
        strict: true,
    });
    if (values.help === true) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ ._r)(io.stdout, USAGE);
        return 0;
    }
    if (positionals.length === 0)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb('audit verify takes one or more FILEs (a rotated series oldest first)');
    const anchor = anchorOption('--anchor', values.anchor);
    const after = anchorOption('--after', values.after);
    const files = positionals.map((file) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, file));
    const result = await (0,_audit_log_js__WEBPACK_IMPORTED_MODULE_2__/* .verifyAuditLog */ .FF)(files, { ...(anchor ? { anchor } : {}), ...(after ? { after } : {}) });
    if (values.json === true) {
        const shown = !result.ok && result.file !== undefined ? { ...result, file: positionals[files.indexOf(result.file)] } : result;
        (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ ._r)(io.stdout, JSON.stringify(shown));
        return result.ok ? 0 : 1;
    }
    const named = positionals.join(', ');
    if (result.ok) {
        const tail = result.last === undefined ? '' : `; anchor ${result.last.seq}:${result.last.hash}`;
        const checked = anchor === undefined ? '' : `, line ${anchor.seq} matches the anchor`;
        const across = positionals.length > 1 ? ` across ${positionals.length} files` : '';
        const linked = after === undefined ? '' : `, continuing ${after.seq}:${after.hash.slice(0, 16)}`;
        (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ ._r)(io.stdout, `audit log ${named}: ${result.lines} ${result.lines === 1 ? 'line' : 'lines'}, hash chain intact${across}${linked}${checked}${tail}`);
        return 0;
    }
    const where = result.file === undefined ? named : positionals[files.indexOf(result.file)];
    (0,_io_js__WEBPACK_IMPORTED_MODULE_4__/* .writeLine */ ._r)(io.stderr, `audit log ${where}: line ${result.line}: ${result.reason}`);
    return 1;
};
function anchorOption(name, text) {
    if (text === undefined)
        return undefined;
    const anchor = (0,_audit_log_js__WEBPACK_IMPORTED_MODULE_2__/* .parseAuditAnchor */ .UK)(text);
    if (anchor === undefined) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb(`${name} ${JSON.stringify(text)} is not SEQ:HASH (a line number, a colon, and 16 to 64 lowercase hex digits of its hash), as \`stint audit verify\` prints it`);
    }
    return anchor;
}


/***/ })

};
