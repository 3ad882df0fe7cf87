export const id = 604;
export const ids = [604];
export const modules = {

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


/***/ })

};
