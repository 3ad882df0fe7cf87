"use strict";
exports.id = 803;
exports.ids = [803];
exports.modules = {

/***/ 5803:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mtlsConfigAfterSetUp: () => (/* binding */ mtlsConfigAfterSetUp),
  setUpMtls: () => (/* binding */ setUpMtls)
});

// UNUSED EXPORTS: EXPIRY_WARNING_MS, loadClientCertificate, parseMtlsProfile

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/lib/private-dir.ts



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
    await (0,promises_.mkdir)(dir, { recursive: true, mode });
    const info = await (0,promises_.stat)(dir);
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
        await (0,promises_.chmod)(dir, info.mode & 0o7777 & ~WRITABLE_BY_OTHERS);
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
function openPrivateAppend(file, mode = 0o600, append = constants.O_APPEND) {
    let fd;
    try {
        fd = openSync(file, constants.O_RDWR | append | constants.O_CREAT | constants.O_NOFOLLOW, mode);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw insecure(`${file} is a symbolic link: stint writes only to a file at that name, never through a link`, error);
        throw error;
    }
    try {
        const info = fstatSync(fd);
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
            fchmodSync(fd, mode);
    }
    catch (error) {
        closeSync(fd);
        throw error;
    }
    return fd;
}
function insecure(message, cause) {
    return new errors/* StintError */.Fp('ERR_PATH_INSECURE', message, cause === undefined ? undefined : { cause });
}

// EXTERNAL MODULE: ./src/signing/mtls-asn1.ts
var mtls_asn1 = __webpack_require__(5601);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/lib/http.ts
var http = __webpack_require__(1931);
// EXTERNAL MODULE: ./src/lib/retry.ts
var retry = __webpack_require__(1737);
;// CONCATENATED MODULE: ./src/signing/mtls-csr.ts
/**
 * PKCS#10 certificate signing requests: made in the job (`createCsr`) and checked by the broker's
 * CA (`readCsr`). Both work for EC P-256 and RSA keys, which node-forge's own CSR code does not
 * (see mtls-asn1.ts for why).
 */



/** Largest CSR the CA reads; a P-256 CSR is ~250 bytes, an RSA 4096 one ~1.7 KB. */
const MAX_CSR_BYTES = (/* unused pure expression or super */ null && (16 * 1024));
/**
 * A PEM CSR for `privateKey` (EC P-256 or RSA), subject `CN=<commonName>`, no attributes.
 *
 * @example
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const csrPem = await createCsr(privateKey, 'stint ephemeral client');
 */
async function createCsr(privateKey, commonName) {
    const der = new mtls_asn1/* Der */.Ou(await (0,mtls_asn1/* loadForgeAsn1 */.zH)());
    const publicKey = (0,external_node_crypto_.createPublicKey)(privateKey);
    const info = der.seq([
        der.int(0),
        der.name([[mtls_asn1/* OID */.Vx.commonName, commonName]]),
        der.raw(publicKey.export({ type: 'spki', format: 'der' })),
        der.implicitSet(0, []),
    ]);
    return (0,mtls_asn1/* toPem */.sg)('CERTIFICATE REQUEST', der.signed(info, der.signatureAlgorithm(privateKey), privateKey));
}
/**
 * Parses a PEM CSR, checks it is canonical DER, that its self-signature verifies (proof that the
 * requester holds the private key), and that the key is RSA ≥ 2048 bits or EC P-256.
 * Throws `StintError('ERR_CSR_INVALID')` saying what is wrong.
 */
async function readCsr(csrPem) {
    if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_BYTES * 2)
        invalid('expected a PEM "CERTIFICATE REQUEST" of at most 16 KB');
    const bytes = fromPem('CERTIFICATE REQUEST', csrPem) ?? fromPem('NEW CERTIFICATE REQUEST', csrPem);
    if (bytes === undefined || bytes.length === 0)
        invalid('expected a PEM block "-----BEGIN CERTIFICATE REQUEST-----"');
    if (bytes.length > MAX_CSR_BYTES)
        invalid('the CSR is larger than 16 KB');
    const forge = await loadForgeAsn1();
    const der = new Der(forge);
    let root;
    try {
        root = forge.asn1.fromDer(bytes.toString('binary'), {
            strict: true,
            decodeBitStrings: false,
            parseAllBytes: true,
        });
    }
    catch (error) {
        invalid('the CSR is not valid DER', error);
    }
    // Re-encoding must give back the same bytes: the signature covers the exact encoding, and a
    // non-canonical (BER) CSR is refused rather than interpreted.
    if (!der.encode(root).equals(bytes))
        invalid('the CSR is not canonical DER');
    const [info, algorithm, signatureBits] = children(root, 3, 'CertificationRequest');
    const infoParts = children(info, 4, 'CertificationRequestInfo');
    const version = infoParts[0];
    if (version.type !== forge.asn1.Type.INTEGER || version.value !== '\x00')
        invalid('only CSR version 1 (0) is supported');
    const [algorithmOid] = children(algorithm, undefined, 'signatureAlgorithm');
    const algorithmName = forge.asn1.derToOid(algorithmOid.value);
    const signatureAlgorithm = SIGNATURE_ALGORITHMS[algorithmName];
    if (signatureAlgorithm === undefined)
        invalid(`signature algorithm ${algorithmName} is not supported (use ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512)`);
    if (signatureBits.type !== forge.asn1.Type.BITSTRING || signatureBits.value.charCodeAt(0) !== 0)
        invalid('the signature is not a whole-byte BIT STRING');
    let publicKey;
    try {
        publicKey = createPublicKey({ key: der.encode(infoParts[2]), format: 'der', type: 'spki' });
    }
    catch (error) {
        invalid('its public key cannot be read', error);
    }
    const keyDescription = checkKey(publicKey);
    if (publicKey.asymmetricKeyType !== signatureAlgorithm.keyType)
        invalid(`its signature algorithm does not fit its ${keyDescription} key`);
    const signature = Buffer.from(signatureBits.value.slice(1), 'binary');
    let good = false;
    try {
        good = verify(signatureAlgorithm.hash, der.encode(info), publicKey, signature);
    }
    catch {
        good = false;
    }
    if (!good)
        invalid('its signature does not verify: the CSR must be signed by the private key it carries');
    return { publicKey, keyDescription };
}
/** RSA at least 2048 bits (and at most 8192, so a request cannot make us do huge-key work), or EC P-256. */
function checkKey(key) {
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') {
        const bits = details.modulusLength ?? 0;
        if (bits < 2048 || bits > 8192)
            invalid(`RSA keys must have 2048 to 8192 bits, this one has ${bits}`);
        return `RSA ${bits}`;
    }
    if (key.asymmetricKeyType === 'ec') {
        if (details.namedCurve !== 'prime256v1')
            invalid(`EC keys must be on P-256, this one is on ${details.namedCurve ?? 'an unnamed curve'}`);
        return 'EC P-256';
    }
    return invalid(`${key.asymmetricKeyType ?? 'this'} keys are not accepted (use EC P-256 or RSA ≥ 2048)`);
}
function children(node, count, what) {
    if (!node.constructed ||
        !Array.isArray(node.value) ||
        (count !== undefined && node.value.length !== count) ||
        node.value.length === 0) {
        invalid(`malformed ${what}`);
    }
    return node.value;
}
function invalid(reason, cause) {
    throw new StintError('ERR_CSR_INVALID', `invalid CSR: ${reason}`, cause === undefined ? undefined : { cause });
}

;// CONCATENATED MODULE: ./src/signing/mtls-ephemeral.ts
/**
 * `source: ephemeral`: the key is made here and never leaves the job; the broker's CA signs a CSR
 * for it, authorised by the stint token, and the certificate lives no longer than that token.
 */





/** Longest wait for the broker's answer. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A certificate and its CA as PEM: a few KB. */
const MAX_RESPONSE_BYTES = 256 * 1024;
/** A fresh key of the profile's type: EC P-256 (fast, small) or RSA 2048 for servers that need RSA. */
function generateClientKey(keyType) {
    return keyType === 'rsa'
        ? (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: 2048 }).privateKey
        : (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' }).privateKey;
}
/**
 * POSTs a CSR for `key` to `${brokerUrl}/mtls/certificates` with the stint token, and checks the
 * answer: a certificate for exactly this key, issued by the CA the broker returned with it.
 * Throws ERR_BROKER_UNREACHABLE, ERR_MTLS_CERT_REFUSED (with the broker's error_description and
 * request_id) or ERR_MTLS_CERT_INVALID.
 */
async function requestBrokerCertificate(options) {
    const url = `${options.brokerUrl.replace(/\/+$/, '')}/mtls/certificates`;
    const csr = await createCsr(options.key, 'stint ephemeral client');
    let response;
    try {
        // Redirects are refused (the layer's default): the stint token goes only to the broker.
        response = await (options.http ?? http/* httpRequest */.aj)({
            url,
            method: 'POST',
            headers: {
                authorization: `Bearer ${options.token}`,
                'content-type': 'application/json',
                accept: 'application/json',
            },
            body: JSON.stringify({ csr }),
            timeoutMs: REQUEST_TIMEOUT_MS,
            maxResponseBytes: MAX_RESPONSE_BYTES,
        });
    }
    catch (error) {
        if (!(error instanceof http/* HttpError */.j$))
            throw error;
        throw new errors/* StintError */.Fp('ERR_BROKER_UNREACHABLE', `cannot reach the broker at ${url} for a client certificate (${error.reason})`, { cause: error });
    }
    const body = parseJson(response.text());
    if (response.status < 200 || response.status > 299) {
        const error = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
        const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
        // Only in the broker's form: anything else may be an echo of the token sent.
        const id = (0,retry/* brokerRequestId */.sP)(body?.request_id);
        const requestId = id === undefined ? '' : ` (request_id ${id})`;
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_REFUSED', `the broker refused a client certificate: ${response.status} ${error}${description}${requestId}`);
    }
    if (typeof body?.certificate !== 'string' || typeof body.ca !== 'string') {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', `the broker's answer from ${url} has no certificate and ca; is that a stint broker?`);
    }
    let leaf;
    let ca;
    try {
        leaf = new external_node_crypto_.X509Certificate(body.certificate);
        ca = new external_node_crypto_.X509Certificate(body.ca);
    }
    catch (error) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', `the broker returned a certificate or CA that cannot be read`, {
            cause: error,
        });
    }
    const ours = (0,external_node_crypto_.createPublicKey)(options.key).export({ type: 'spki', format: 'der' });
    if (!leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(ours)) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', 'the broker returned a certificate for a different key');
    }
    if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_INVALID', 'the broker returned a certificate its CA did not sign');
    }
    return { key: options.key, leaf, certificatePem: body.certificate, caPem: body.ca };
}
function parseJson(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null ? value : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/signing/mtls-files.ts
/**
 * Where set-up mTLS material lands on disk: one 0600 file each for the certificate, the key and the
 * CA, in a private directory the caller chooses (`ensurePrivateDir`: made 0700; an existing one
 * that others can write is tightened or refused). The action passes a folder under $RUNNER_TEMP,
 * never the workspace, so nothing can end up in an artifact.
 */



/** The file names for profile `name` in `dir` (names are already limited to [A-Za-z0-9_.-]). */
function mtlsFilePaths(dir, name) {
    // Profile names are checked when parsed; this guards direct callers against a name like ../x.
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `mtls profile name ${JSON.stringify(name)} cannot name a file: use letters, digits, ., _ or -`);
    return {
        certPath: (0,external_node_path_.join)(dir, `${name}.cert.pem`),
        keyPath: (0,external_node_path_.join)(dir, `${name}.key.pem`),
        caPath: (0,external_node_path_.join)(dir, `${name}.ca.pem`),
        serverCaPath: (0,external_node_path_.join)(dir, `${name}.server-ca.pem`),
    };
}
/**
 * Writes `content` to `path` with mode 0600. Any file already there is removed first and the new
 * one created exclusively, so a planted symlink is never followed and the mode is never inherited.
 */
async function writePrivateFile(path, content) {
    await (0,promises_.unlink)(path).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
    });
    const handle = await (0,promises_.open)(path, 'wx', 0o600);
    try {
        await handle.writeFile(content);
        // The umask can only remove bits; set 0600 explicitly so the mode never depends on it.
        await handle.chmod(0o600);
    }
    finally {
        await handle.close();
    }
    await (0,promises_.chmod)(path, 0o600);
}

;// CONCATENATED MODULE: ./src/signing/mtls-material.ts
/**
 * Reads a provided client certificate (PEM or PKCS#12) into PEM text a TLS client can use, and
 * checks it before any request relies on it: the key must match the certificate, and the
 * certificate must be valid now. Messages name the profile and field, never the content.
 */




/** A provided certificate expiring sooner than this gets a warning (docs/troubleshooting.md#err_mtls_cert_expired). */
const EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;
/** Loads and checks provided material. Throws ERR_MTLS_* (docs/troubleshooting.md#mtls-client-certificates). */
async function mtls_material_loadMaterial(profile, material, nowMs) {
    const loaded = material.kind === 'pem'
        ? await loadPem(profile, material)
        : await loadP12(profile, material.p12, material.passphrase);
    return { ...loaded, warnings: checkValidity(profile, loaded.leaf, nowMs) };
}
/** Errors when the certificate is expired or not yet valid; a warning when it expires within 14 days (unless a stint broker issued it). */
function checkValidity(profile, leaf, nowMs) {
    const notAfter = Date.parse(leaf.validTo);
    const notBefore = Date.parse(leaf.validFrom);
    if (notAfter <= nowMs) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_EXPIRED', `mtls profile "${profile}": the client certificate ${leaf.subject.replace(/\n/g, ', ')} expired on ${new Date(notAfter).toISOString()}; renew it`);
    }
    if (notBefore > nowMs) {
        throw new errors/* StintError */.Fp('ERR_MTLS_CERT_NOT_YET_VALID', `mtls profile "${profile}": the client certificate is not valid before ${new Date(notBefore).toISOString()}; check the clock or the certificate`);
    }
    // A certificate a stint broker issued (`stint cert`, the action's ephemeral source, which the
    // action hands on as a provided profile) lives as long as the token it was issued for: its
    // expiry is its design, and a warning at every `stint request` would be noise.
    if (notAfter - nowMs < EXPIRY_WARNING_MS && !issuedByStintBroker(leaf)) {
        const days = Math.floor((notAfter - nowMs) / 86_400_000);
        return [
            `mtls profile "${profile}": the client certificate ${leaf.subject.replace(/\n/g, ', ')} expires in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`} (${new Date(notAfter).toISOString()}); renew it`,
        ];
    }
    return [];
}
/** The issuer the broker's CA names itself with (src/broker/mtls-ca.ts): O=stint, CN=stint client CA <hex>. */
function issuedByStintBroker(leaf) {
    const parts = leaf.issuer.split('\n');
    return parts.includes('O=stint') && parts.some((part) => /^CN=stint client CA [0-9a-f]{8}$/.test(part));
}
async function loadPem(profile, material) {
    const certText = await mtls_material_readSource(profile, 'cert', material.cert);
    const certificates = (0,mtls_asn1/* allPem */.QY)('CERTIFICATE', certText);
    if (certificates.length === 0)
        mtls_material_invalid(profile, 'cert', 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    const chainText = material.chain === undefined ? '' : await mtls_material_readSource(profile, 'chain', material.chain);
    const chain = [...certificates.slice(1), ...(0,mtls_asn1/* allPem */.QY)('CERTIFICATE', chainText)];
    const leaf = parseCertificate(profile, 'cert', certificates[0]);
    for (const pem of chain)
        parseCertificate(profile, 'chain', pem);
    const key = parseKey(profile, await mtls_material_readSource(profile, 'key', material.key), material.passphrase);
    matchKey(profile, leaf, key);
    return { leaf, certPem: certificates[0], chainPem: chain.join(''), keyPem: exportKey(key) };
}
/**
 * PKCS#12 through node-forge. Forge cannot read EC keys or certificates itself, but hands back their
 * ASN.1, which node:crypto reads; so RSA and EC bundles both work.
 */
async function loadP12(profile, source, passphrase) {
    const bytes = 'file' in source
        ? await readBinary(profile, 'p12_file', source.file)
        : Buffer.from(source.inline.replace(/\s+/g, ''), 'base64');
    const forge = await (0,mtls_asn1/* loadForge */.yI)();
    let p12;
    try {
        p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), false, passphrase);
    }
    catch (error) {
        const wrongPassword = /MAC could not be verified|decrypt|password/i.test(error.message);
        throw new errors/* StintError */.Fp('ERR_MTLS_P12_INVALID', wrongPassword
            ? `mtls profile "${profile}": the PKCS#12 bundle cannot be opened with the passphrase given; check passphrase/passphrase_env`
            : `mtls profile "${profile}": p12 is not a PKCS#12 bundle (give it base64-encoded, e.g. base64 -w0 client.p12)`);
    }
    const der = (node) => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
    const keys = [];
    for (const type of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
        for (const bag of p12.getBags({ bagType: type })[type] ?? []) {
            const asn1 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
            if (asn1)
                keys.push((0,external_node_crypto_.createPrivateKey)({ key: der(asn1), format: 'der', type: 'pkcs8' }));
        }
    }
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    const certificates = certBags.flatMap((bag) => {
        const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        return asn1 ? [new external_node_crypto_.X509Certificate(der(asn1))] : [];
    });
    const key = keys[0];
    if (key === undefined || keys.length > 1)
        mtls_material_invalid(profile, 'p12', keys.length === 0 ? 'holds no private key' : 'holds more than one private key');
    const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
    if (leaf === undefined) {
        throw new errors/* StintError */.Fp('ERR_MTLS_KEY_MISMATCH', `mtls profile "${profile}": the PKCS#12 bundle holds no certificate for its private key`);
    }
    const chain = certificates.filter((certificate) => certificate !== leaf);
    return {
        leaf,
        certPem: (0,mtls_asn1/* toPem */.sg)('CERTIFICATE', leaf.raw),
        chainPem: chain.map((c) => (0,mtls_asn1/* toPem */.sg)('CERTIFICATE', c.raw)).join(''),
        keyPem: exportKey(key),
    };
}
/** The certificate as a TLS client presents it: leaf, then chain. */
function mtls_material_presentedChain(material) {
    return material.certPem + material.chainPem;
}
async function mtls_material_readSource(profile, field, source) {
    if ('inline' in source)
        return source.inline;
    return (await readBinary(profile, `${field}_file`, source.file)).toString('utf8');
}
async function readBinary(profile, field, file) {
    try {
        return await (0,promises_.readFile)(file);
    }
    catch (error) {
        mtls_material_invalid(profile, field, `cannot read ${file} (${error.code ?? 'error'})`);
    }
}
function parseCertificate(profile, field, pem) {
    try {
        return new external_node_crypto_.X509Certificate(pem);
    }
    catch {
        mtls_material_invalid(profile, field, 'is not a valid PEM certificate');
    }
}
function parseKey(profile, text, passphrase) {
    try {
        return (0,external_node_crypto_.createPrivateKey)(passphrase === undefined ? text : { key: text, passphrase });
    }
    catch {
        // Never echo the parser's message: it can quote key bytes.
        mtls_material_invalid(profile, 'key', 'is not a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted keys need passphrase/passphrase_env)');
    }
}
function matchKey(profile, leaf, key) {
    if (!leaf.checkPrivateKey(key)) {
        throw new errors/* StintError */.Fp('ERR_MTLS_KEY_MISMATCH', `mtls profile "${profile}": the private key does not belong to the certificate ${leaf.subject.replace(/\n/g, ', ')}; give the key the certificate was issued for`);
    }
}
function exportKey(key) {
    return key.export({ type: 'pkcs8', format: 'pem' });
}
function mtls_material_invalid(profile, field, message) {
    throw new errors/* StintError */.Fp('ERR_MTLS_MATERIAL_INVALID', `mtls profile "${profile}": ${field} ${message}`);
}

// EXTERNAL MODULE: ./src/signing/mtls-profile.ts
var mtls_profile = __webpack_require__(271);
;// CONCATENATED MODULE: ./src/signing/mtls.ts









/**
 * Sets up an mtls profile: for `ephemeral`, makes a key and CSR here and gets the certificate from
 * the broker CA with the stint token; for `provided`, reads and checks the given PEM or PKCS#12.
 * Either way writes certificate, key and CA as 0600 files under `dir`.
 * Throws ERR_MTLS_* / ERR_BROKER_UNREACHABLE (never quoting key material).
 *
 * @example
 * const setUp = await setUpMtls(profile, { brokerUrl, token, dir: join(process.env.RUNNER_TEMP!, 'stint') });
 * for (const s of setUp.secrets) core.setSecret(s);
 * core.setOutput('cert-path', setUp.certPath);
 */
async function setUpMtls(given, options) {
    const profile = asParsed(given);
    const nowMs = (options.now ?? Date.now)();
    const paths = mtlsFilePaths(options.dir, profile.name);
    await ensurePrivateDir(options.dir);
    const serverCaPath = profile.serverCa === undefined ? undefined : paths.serverCaPath;
    if (profile.serverCa !== undefined)
        await writePrivateFile(paths.serverCaPath, await mtls_material_readSource(profile.name, 'server_ca', profile.serverCa));
    if (profile.source === 'ephemeral') {
        if (!options.brokerUrl || !options.token) {
            throw new errors/* StintError */.Fp('ERR_MTLS_NO_BROKER', `mtls profile "${profile.name}": source: ephemeral needs the broker URL and a stint token (set broker-url, or use source: provided)`);
        }
        const issued = await requestBrokerCertificate({
            brokerUrl: options.brokerUrl,
            token: options.token,
            key: generateClientKey(profile.keyType),
            ...(options.http ? { http: options.http } : {}),
        });
        const keyPem = issued.key.export({ type: 'pkcs8', format: 'pem' });
        options.onSecret?.(keyPem);
        await writePrivateFile(paths.keyPath, keyPem);
        await writePrivateFile(paths.certPath, issued.certificatePem);
        await writePrivateFile(paths.caPath, issued.caPem);
        return describe(profile, issued.leaf, { ...paths, serverCaPath }, keyPem, [], true);
    }
    const material = await mtls_material_loadMaterial(profile.name, profile.material, nowMs);
    options.onSecret?.(material.keyPem);
    await writePrivateFile(paths.keyPath, material.keyPem);
    await writePrivateFile(paths.certPath, mtls_material_presentedChain(material));
    if (material.chainPem !== '')
        await writePrivateFile(paths.caPath, material.chainPem);
    return describe(profile, material.leaf, { ...paths, serverCaPath }, material.keyPem, material.warnings, material.chainPem !== '');
}
/** The profiles in a `SigningProfiles` map are typed loosely; check this one came from parseMtlsProfile. */
function asParsed(profile) {
    const candidate = profile;
    const ok = candidate.type === 'mtls' &&
        (candidate.source === 'ephemeral'
            ? typeof candidate.keyType === 'string'
            : candidate.source === 'provided' && typeof candidate.material === 'object');
    if (!ok)
        throw new errors/* StintError */.Fp('ERR_SIGNING_CONFIG', `signing profile "${profile.name}": not an mtls profile made by parseMtlsProfile`);
    return profile;
}
function describe(profile, leaf, paths, keyPem, warnings, hasCa) {
    const notAfterMs = Date.parse(leaf.validTo);
    const result = {
        profile: profile.name,
        source: profile.source,
        certPath: paths.certPath,
        keyPath: paths.keyPath,
        ...(hasCa ? { caPath: paths.caPath } : {}),
        ...(paths.serverCaPath === undefined ? {} : { serverCaPath: paths.serverCaPath }),
        ...(profile.servername === undefined ? {} : { servername: profile.servername }),
        subject: leaf.subject.replace(/\n/g, ', '),
        notAfter: new Date(notAfterMs).toISOString(),
        notAfterMs,
        fingerprint: (0,mtls_asn1/* certificateFingerprint */.gH)(leaf.raw),
        keyFingerprint: (0,mtls_asn1/* publicKeyFingerprint */.Fs)(leaf.publicKey),
        serial: leaf.serialNumber,
        warnings,
    };
    Object.defineProperty(result, 'secrets', { value: [keyPem], enumerable: false });
    return result;
}
/**
 * What the action writes to `$STINT_CONFIG` for a profile it has set up: the same profile as
 * `source: provided` pointing at the 0600 files, so `stint request` in later steps finds them.
 * Holds paths only, no key material.
 */
function mtlsConfigAfterSetUp(setUp) {
    return {
        type: 'mtls',
        source: 'provided',
        cert_file: setUp.certPath,
        key_file: setUp.keyPath,
        ...(setUp.serverCaPath === undefined ? {} : { server_ca_file: setUp.serverCaPath }),
        ...(setUp.servername === undefined ? {} : { servername: setUp.servername }),
    };
}
/**
 * The client certificate and key of a profile (or of files `setUpMtls` wrote), as PEM for
 * `https.request({ cert, key, ca })`. Checks the key matches and the certificate is valid now, and
 * returns the warnings the caller must show (a certificate expiring within 14 days).
 * An `ephemeral` profile that has not been set up throws ERR_MTLS_NOT_SET_UP.
 *
 * @example
 * const { cert, key, ca } = await loadClientCertificate(profile);
 * https.request(url, { cert, key, ...(ca ? { ca } : {}) });
 */
async function loadClientCertificate(given, options = {}) {
    const nowMs = (options.now ?? Date.now)();
    if (typeof given.certPath === 'string') {
        const source = given;
        const profile = source.certPath;
        const material = await loadMaterial(profile, { kind: 'pem', cert: { file: source.certPath }, key: { file: source.keyPath } }, nowMs);
        const ca = source.serverCaPath === undefined ? undefined : await readFile(source.serverCaPath, 'utf8');
        return {
            cert: presentedChain(material),
            key: material.keyPem,
            ...(ca === undefined ? {} : { ca }),
            ...(source.servername === undefined ? {} : { servername: source.servername }),
            warnings: material.warnings,
        };
    }
    const source = asParsed(given);
    if (source.source === 'ephemeral') {
        throw new StintError('ERR_MTLS_NOT_SET_UP', `mtls profile "${source.name}" is ephemeral and has not been set up here: run the stint action with broker-url, or \`stint cert\` and a provided profile with cert_file/key_file`);
    }
    const material = await loadMaterial(source.name, source.material, nowMs);
    const ca = source.serverCa === undefined ? undefined : await readSource(source.name, 'server_ca', source.serverCa);
    return {
        cert: presentedChain(material),
        key: material.keyPem,
        ...(ca === undefined ? {} : { ca }),
        ...(source.servername === undefined ? {} : { servername: source.servername }),
        warnings: material.warnings,
    };
}


/***/ })

};
;