export const id = 589;
export const ids = [589];
export const modules = {

/***/ 6970:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/signing/request-input.ts + 1 modules
var request_input = __webpack_require__(652);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/signing/sign.ts + 1 modules
var sign = __webpack_require__(8448);
;// CONCATENATED MODULE: ./src/signing/send.ts



/** `stint request` prints what it gets; far above an API answer, far below what fills a runner's memory. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/**
 * Signs a request with a profile and sends it (src/lib/http.ts): the signature headers are added
 * to the caller's, the body is sent byte for byte, redirects are not followed but answered as they
 * are (a credential must not travel to another host). Network failures, a response over the size
 * cap and the deadline are ERR_REQUEST_FAILED; an HTTP error status is returned, not thrown.
 *
 * @example
 * const response = await sendSigned(profile, { method: 'POST', url, headers: {}, body }, deps);
 */
async function sendSigned(profile, request, deps, options = {}) {
    const signed = await (0,sign/* signRequest */.z)(profile, request, deps);
    const url = new URL(signed.url ?? request.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new errors/* StintError */.Fp('ERR_REQUEST_FAILED', `only http and https URLs can be sent (got ${url.protocol})`);
    const headers = { ...request.headers, ...signed.headers };
    if (request.body.length > 0 && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
        headers['Content-Length'] = String(request.body.length);
    // Where the request went, for messages: never the query, which may carry a token.
    const target = `${request.method} ${url.origin}${url.pathname}`;
    try {
        const response = await (options.http ?? http/* httpRequest */.aj)({
            url,
            method: request.method,
            headers,
            body: request.body,
            redirect: 'return',
            timeoutMs: options.timeoutMs ?? 30_000,
            maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
            ...(options.tls ? { tls: options.tls } : {}),
        });
        return { status: response.status, statusText: response.statusText, headers: response.headers, body: response.body };
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        const reason = error.kind === 'timeout' ? 'timed out' : error.reason;
        throw new errors/* StintError */.Fp('ERR_REQUEST_FAILED', `${target}: ${reason}${hint(reason)}`, { cause: error });
    }
}
/** What a TLS failure usually means, for the message. */
function hint(code) {
    if (code === undefined)
        return '';
    if (code.includes('CERTIFICATE_REQUIRED') || code.includes('HANDSHAKE_FAILURE'))
        return ' (the server wants a client certificate: use an mtls profile)';
    if (code.includes('UNKNOWN_CA') || code.includes('BAD_CERTIFICATE'))
        return " (the server does not trust this client certificate's CA)";
    if (code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
        code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
        code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
        return " (the server's certificate is not trusted here: give its CA as server_ca_file in an mtls profile, or NODE_EXTRA_CA_CERTS)";
    }
    return '';
}

// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/request.ts






const HELP = `Usage: stint request NAME METHOD URL [--body-file F | --body S] [--header "Name: value"]...
                     [--config FILE] [--timeout SECONDS]

Signs a request with signing profile NAME (for mtls: presents its client certificate) and
sends it. Prints the response body; exits 1 when the status is 400 or more (the status goes
to stderr). Redirects are not followed. Profiles come from --config FILE or $STINT_CONFIG.

  --body S          the body, as given
  --body-file F     the body, read from F as bytes (- for stdin)
  --header "K: V"   a request header (repeatable)
  --timeout S       give up after S seconds (default 30)`;
/** `stint request`: signs and sends one request, prints the response body. */
const run = async (args, io) => {
    const { values, positionals } = (0,external_node_util_.parseArgs)({
        args,
        allowPositionals: true,
        strict: true,
        options: {
            config: { type: 'string' },
            body: { type: 'string' },
            'body-file': { type: 'string' },
            header: { type: 'string', multiple: true, default: [] },
            timeout: { type: 'string', default: '30' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    const [name, method, url, ...extra] = positionals;
    if (name === undefined || method === undefined || url === undefined || extra.length > 0)
        throw new errors/* UsageError */.eb(`stint request takes NAME METHOD URL\n\n${HELP}`);
    const timeout = Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
        throw new errors/* UsageError */.eb(`--timeout must be a positive number of seconds (got ${values.timeout})`);
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
        throw new errors/* UsageError */.eb(`URL must start with http:// or https:// (got ${url.split('?')[0]})`);
    const { headers, body, profile } = await (0,request_input/* readRequestArgs */.VF)(name, values, io);
    const options = { timeoutMs: timeout * 1000 };
    if (profile.type === 'mtls') {
        const { loadClientCertificate } = await __webpack_require__.e(/* import() */ 614).then(__webpack_require__.bind(__webpack_require__, 3233));
        options.tls = await loadClientCertificate(profile);
    }
    const response = await sendSigned(profile, { method: method.toUpperCase(), url, headers, body }, { ...sign/* defaultSignDeps */.B, env: io.env }, options);
    (0,cli_io/* writeData */.Mr)(io.stdout, response.body);
    if (response.status >= 400) {
        const where = new URL(url);
        throw new errors/* StintError */.Fp('ERR_HTTP_STATUS', `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${method.toUpperCase()} ${where.origin}${where.pathname}`);
    }
    return 0;
};


/***/ })

};
