export const id = 87;
export const ids = [87];
export const modules = {

/***/ 3885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E3: () => (/* binding */ coversEveryAddress),
/* harmony export */   JR: () => (/* binding */ isCidr),
/* harmony export */   sr: () => (/* binding */ inCidr)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

/** An address (`10.0.0.2`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isCidr(entry) {
    const [address, bits, extra] = entry.split('/');
    if (extra !== undefined || address === undefined)
        return false;
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    if (family === 0)
        return false;
    if (bits === undefined)
        return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
/**
 * Which clients a list of addresses and CIDR ranges (`trust_proxy`) lets through whatever address
 * they connect from: `every client` when the entries together cover all of IPv6 (IPv4 clients
 * included: Node matches them against IPv6 ranges as `::ffff:a.b.c.d`), `every IPv4 client` when
 * they cover all of IPv4 (`0.0.0.0/0`, `::ffff:0:0/96`, or several ranges that add up to it),
 * else undefined. Entries must be valid (`isCidr`).
 *
 * @example
 * coversEveryAddress(['10.0.0.0/8'])                 // undefined
 * coversEveryAddress(['0.0.0.0/1', '128.0.0.0/1'])   // 'every IPv4 client'
 */
function coversEveryAddress(entries) {
    const v4 = [];
    const v6 = [];
    for (const entry of entries) {
        const [address, bits] = entry.split('/');
        if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) === 4) {
            const range = rangeOf(ipv4Number(address), bits === undefined ? 32 : Number(bits), 32);
            v4.push(range);
            v6.push([MAPPED + range[0], MAPPED + range[1]]);
        }
        else {
            const range = rangeOf(ipv6Number(address), bits === undefined ? 128 : Number(bits), 128);
            v6.push(range);
            // The part of it that IPv4-mapped addresses fall in, as IPv4.
            const from = range[0] > MAPPED ? range[0] : MAPPED;
            const to = range[1] < MAPPED + V4_LAST ? range[1] : MAPPED + V4_LAST;
            if (from <= to)
                v4.push([from - MAPPED, to - MAPPED]);
        }
    }
    if (covers(v6, (1n << 128n) - 1n))
        return 'every client';
    if (covers(v4, V4_LAST))
        return 'every IPv4 client';
    return undefined;
}
/**
 * Whether `address` (an IPv4 or IPv6 address) is `range` (an address) or falls in it (a CIDR
 * range); both valid (`isCidr`). An IPv4 address matches only IPv4 ranges, an IPv6 one IPv6 ranges.
 *
 * @example
 * inCidr('198.51.100.7', '198.51.0.0/16') // true
 */
function inCidr(address, range) {
    const [base, bits] = range.split('/');
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    if (family === 0 || family !== (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(base))
        return false;
    const width = family === 4 ? 32 : 128;
    const number = family === 4 ? ipv4Number : ipv6Number;
    const [from, to] = rangeOf(number(base), bits === undefined ? width : Number(bits), width);
    const value = number(address);
    return value >= from && value <= to;
}
const V4_LAST = (1n << 32n) - 1n;
/** `::ffff:0.0.0.0`, where IPv4-mapped IPv6 addresses start. */
const MAPPED = 0xffffn << 32n;
function rangeOf(address, bits, width) {
    const size = 1n << BigInt(width - bits);
    const start = address - (address % size);
    return [start, start + size - 1n];
}
/** True when the ranges together cover 0…last. */
function covers(ranges, last) {
    let next = 0n;
    for (const [from, to] of [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        if (from > next)
            return false;
        if (to + 1n > next)
            next = to + 1n;
        if (next > last)
            return true;
    }
    return false;
}
function ipv4Number(address) {
    return address.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
}
function ipv6Number(address) {
    let text = address;
    // A trailing dotted IPv4 part (`::ffff:192.0.2.1`) is the last two groups.
    const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (dotted) {
        const v4 = ipv4Number(dotted[1]);
        text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    return groups.reduce((n, group) => (n << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
}


/***/ }),

/***/ 9722:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IV: () => (/* binding */ sendsInClear),
/* harmony export */   W7: () => (/* binding */ PLAIN_HTTP_ONLY_HERE),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/**
 * Whether a host is this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `::1`
 * (bracketed as URL hostnames write it, or bare as `--host` takes it). Only a real IPv4
 * address counts for 127/8, so a name such as `127.example.com` is another machine.
 *
 * @example
 * isLoopbackHost(new URL('http://[::1]:8080').hostname) // true
 */
function isLoopbackHost(host) {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    if (bare === 'localhost')
        return true;
    // node:net on first use: importing it costs a start-up that may never check a host.
    if (process.getBuiltinModule('node:net').isIP(bare) === 4)
        return bare.startsWith('127.');
    return bare === '::1';
}
/** Where plain http is allowed, for messages that refuse it elsewhere. */
const PLAIN_HTTP_ONLY_HERE = 'http:// is only for localhost, 127.0.0.0/8 and ::1';
/**
 * Whether a request to `url` would cross the network in clear: plain http to a host that is not
 * this machine. Every client that sends a credential (an ID token, a stint token, a client
 * secret, a bearer token or JWT) refuses such a URL before sending anything.
 *
 * @example
 * sendsInClear(new URL('http://api.example.com/')) // true
 * sendsInClear(new URL('http://127.0.0.1:8080/')) // false
 */
function sendsInClear(url) {
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}


/***/ }),

/***/ 7087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ProxySettingError: () => (/* binding */ ProxySettingError),
/* harmony export */   absoluteForm: () => (/* binding */ absoluteForm),
/* harmony export */   openTunnel: () => (/* binding */ openTunnel),
/* harmony export */   proxyFor: () => (/* binding */ proxyFor),
/* harmony export */   proxyRefusal: () => (/* binding */ proxyRefusal)
/* harmony export */ });
/* harmony import */ var _cidr_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3885);
/* harmony import */ var _loopback_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9722);


/** A proxy variable whose value cannot be used; the message never repeats the value (it may hold a password). */
class ProxySettingError extends Error {
}
const VARIABLES = {
    'https:': ['https_proxy', 'HTTPS_PROXY'],
    'http:': ['http_proxy', 'HTTP_PROXY'],
};
/**
 * The proxy for `target`, or undefined to connect directly. Throws `ProxySettingError` when the
 * variable that applies is not an http:// or https:// proxy URL.
 *
 * @example
 * proxyFor(new URL('https://stint.example.com/'), { HTTPS_PROXY: 'http://proxy.corp:3128' })?.where // 'proxy.corp:3128'
 * proxyFor(new URL('http://127.0.0.1:8080/'), { HTTP_PROXY: 'http://proxy.corp:3128' }) // undefined
 */
function proxyFor(target, env) {
    const names = VARIABLES[target.protocol];
    if (names === undefined)
        return undefined;
    const variable = names.find((name) => env[name]);
    if (variable === undefined)
        return undefined;
    if ((0,_loopback_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .cW)(target.hostname))
        return undefined;
    if (bypassed(target, env.no_proxy || env.NO_PROXY || ''))
        return undefined;
    return parseProxy(env[variable], variable);
}
function parseProxy(value, variable) {
    let url;
    try {
        // `proxy.corp:3128` without a scheme means http://, as curl and Go read it.
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`);
    }
    catch {
        throw new ProxySettingError(`${variable} is not a proxy URL; set it to http://host:port`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new ProxySettingError(`${variable} names a ${url.protocol.slice(0, -1)} proxy; stint talks to http:// and https:// proxies only`);
    if (url.hostname === '')
        throw new ProxySettingError(`${variable} names no proxy host; set it to http://host:port`);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const user = url.username === '' ? undefined : safeDecode(url.username);
    const authorization = user === undefined
        ? undefined
        : `Basic ${Buffer.from(`${user}:${safeDecode(url.password)}`, 'utf8').toString('base64')}`;
    return {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port,
        where: `${url.hostname}:${port}`,
        variable,
        authorization,
    };
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/** Whether NO_PROXY lists `target`. */
function bypassed(target, list) {
    const host = bare(target.hostname).toLowerCase().replace(/\.$/, '');
    const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
    for (const raw of list.split(/[,\s]+/)) {
        const entry = raw.trim().toLowerCase();
        if (entry === '')
            continue;
        if (entry === '*')
            return true;
        if ((0,_cidr_js__WEBPACK_IMPORTED_MODULE_0__/* .isCidr */ .JR)(bare(entry))) {
            if ((0,_cidr_js__WEBPACK_IMPORTED_MODULE_0__/* .isCidr */ .JR)(host) && (0,_cidr_js__WEBPACK_IMPORTED_MODULE_0__/* .inCidr */ .sr)(host, bare(entry)))
                return true;
            continue;
        }
        // host:port, [v6]:port
        const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
        const name = bare(withPort ? withPort[1] : entry).replace(/\.$/, '');
        if (withPort && Number(withPort[2]) !== port)
            continue;
        if ((0,_cidr_js__WEBPACK_IMPORTED_MODULE_0__/* .isCidr */ .JR)(name)) {
            if ((0,_cidr_js__WEBPACK_IMPORTED_MODULE_0__/* .isCidr */ .JR)(host) && (0,_cidr_js__WEBPACK_IMPORTED_MODULE_0__/* .inCidr */ .sr)(host, name))
                return true;
        }
        else if (name.startsWith('*.') || name.startsWith('.')) {
            if (host.endsWith(name.slice(name.indexOf('.'))))
                return true;
        }
        else if (host === name || host.endsWith(`.${name}`)) {
            return true;
        }
    }
    return false;
}
function bare(host) {
    return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
/**
 * A plain http:// request sent to the proxy in absolute form (`GET http://host/path`), with the
 * proxy's credentials; `send` is node:http's or node:https's request (TLS to the proxy itself).
 */
function absoluteForm(route, url, headers) {
    return {
        send: process.getBuiltinModule(route.protocol === 'https:' ? 'node:https' : 'node:http').request,
        settings: {
            agent: false,
            host: route.hostname,
            port: route.port,
            path: url.href,
            ...(route.protocol === 'https:' && !isAddress(route.hostname) ? { servername: route.hostname } : {}),
            headers: {
                ...headers,
                host: url.host,
                ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}),
            },
        },
    };
}
/**
 * `CONNECT host:port` at the proxy, then TLS with the server inside the tunnel: the server's
 * certificate is checked against `tls.ca` (or Node's CAs, NODE_EXTRA_CA_CERTS included) and
 * `tls.servername` (or the URL's host), and a client certificate goes to the server, never to
 * the proxy. Returns the CONNECT request, to destroy on a deadline.
 */
function openTunnel(route, url, tls, events) {
    const authority = `${url.hostname}:${url.port || 443}`;
    const connect = process.getBuiltinModule(route.protocol === 'https:' ? 'node:https' : 'node:http').request({
        agent: false,
        host: route.hostname,
        port: route.port,
        method: 'CONNECT',
        path: authority,
        ...(route.protocol === 'https:' && !isAddress(route.hostname) ? { servername: route.hostname } : {}),
        headers: {
            host: authority,
            ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}),
        },
    });
    connect.on('error', events.unreachable);
    connect.on('connect', (answer, socket) => {
        events.opened(socket);
        const status = answer.statusCode ?? 0;
        if (status !== 200) {
            socket.destroy();
            events.refused(status >= 500 ? 'network' : 'proxy', proxyRefusal(route, authority, status), status);
            return;
        }
        const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
        const servername = tls?.servername ?? (isAddress(host) ? undefined : host);
        const secure = process.getBuiltinModule('node:tls').connect({
            socket,
            host,
            ...(servername !== undefined ? { servername } : {}),
            ...(tls?.ca !== undefined ? { ca: tls.ca } : {}),
            ...(tls?.cert !== undefined ? { cert: tls.cert } : {}),
            ...(tls?.key !== undefined ? { key: tls.key } : {}),
        });
        events.opened(secure);
        secure.once('secureConnect', () => events.secured());
        secure.on('error', events.failed);
        events.ready(secure);
    });
    connect.end();
    return connect;
}
/**
 * What a proxy's refusal means, naming the proxy (host:port, never its credentials) and the
 * variable that set it.
 */
function proxyRefusal(route, authority, status) {
    const text = `${status} ${process.getBuiltinModule('node:http').STATUS_CODES[status] ?? ''}`.trim();
    const { where, variable } = route;
    if (status === 407)
        return route.authorization === undefined
            ? `the proxy ${where} (from ${variable}) wants credentials (${text}): set ${variable} to http://user:password@${where}`
            : `the proxy ${where} (from ${variable}) did not accept the user and password in ${variable} (${text})`;
    if (status >= 500)
        return `the proxy ${where} (from ${variable}) could not reach ${authority} (${text})`;
    return `the proxy ${where} (from ${variable}) refused to connect to ${authority} (${text}): allow it at the proxy, or list the host in NO_PROXY if this machine reaches it directly`;
}
/** Whether a host is an IP address (no SNI name for it). */
function isAddress(host) {
    return process.getBuiltinModule('node:net').isIP(host) !== 0;
}


/***/ })

};
