export const id = 489;
export const ids = [489];
export const modules = {

/***/ 7171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderExplanation: () => (/* binding */ renderExplanation),
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var jose__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7961);
/* harmony import */ var _broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5892);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7268);
/* harmony import */ var _policy_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7855);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1604);








const HELP = `Usage: stint policy check FILE [--json]
       stint policy explain --config FILE --project P (--token JWT | --token-env VAR | --claims FILE) [--provider NAME] [--json]
       stint policy test FILE… [--config FILE] [--junit FILE] [--json] [--verbose]

check    Validates a broker config and its policy. Prints every error and warning as
         FILE:LINE:COLUMN: error|warning: message, then a summary (--json: one JSON object
         with ok, the counts and every diagnostic). Exit 1 on any error. It reads the file
         alone, so it answers the same anywhere (a CI job without the broker's secrets) and
         every error in the file stops stint serve too; what serve checks on its own machine
         at start is left to it: the variables that store.password_env,
         store.sentinel_password_env and keys.pkcs11.pin_env name, the files and directories
         it uses (keys, audit log, state, TLS) and what it connects to (Redis, the HSM).
explain  Shows, for each trust rule of the project, every field compared (wanted vs got) and the
         decision. --token is decoded, never verified and never printed; its header (alg,
         embedded keys, crit), iss, aud and times are checked as the broker checks them (its
         signature is not), and the decision is DENIED when one fails. --token-env VAR reads it
         from that variable instead, keeping a live token off the command line (which other
         local users can read). --claims reads a JSON object of claims and checks the policy
         only. The provider is the one whose issuer equals the token's iss unless --provider
         names it. Exit 0 when the token would be allowed, 1 when denied.
test     Runs files of policy cases (claims or a CI's example token → allow with scopes, or deny
         with a code), like \`opa test\`; --junit FILE writes JUnit XML. Exit 1 when a case
         fails. \`stint policy test --help\` says more.`;
/** `stint policy check|explain`. */
const run = async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(sub === undefined ? io.stderr : io.stdout, HELP);
        return sub === undefined ? 2 : 0;
    }
    if (sub === 'check')
        return check(rest, io);
    if (sub === 'explain')
        return explain(rest, io);
    if (sub === 'test')
        return (await __webpack_require__.e(/* import() */ 352).then(__webpack_require__.bind(__webpack_require__, 2352))).run(rest, io);
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`unknown policy command '${sub}'; use check, explain or test (stint policy --help)`);
};
async function check(args, io) {
    const { values, positionals } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args,
        strict: true,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    if (positionals.length !== 1)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('stint policy check takes one FILE');
    const file = positionals[0];
    const { config, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .validateConfig */ .$r)(await (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .readConfigText */ .im)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, file), file), file);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    if (values.json) {
        if (config !== undefined)
            (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .compilePolicy */ .C_)(config);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ file, ok: config !== undefined, errors, warnings, diagnostics }, null, 2));
        return config === undefined ? 1 : 0;
    }
    for (const d of diagnostics)
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDiagnostic */ .xy)(d));
    if (config === undefined) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, `${file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
        return 1;
    }
    (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .compilePolicy */ .C_)(config);
    const rules = Object.values(config.projects).reduce((n, p) => n + p.trust.length, 0);
    (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, `${file}: OK (${plural(Object.keys(config.providers).length, 'provider')}, ${plural(Object.keys(config.projects).length, 'project')}, ${plural(rules, 'rule')}, ${plural(warnings, 'warning')})`);
    return 0;
}
async function explain(args, io) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args,
        strict: true,
        options: {
            config: { type: 'string' },
            project: { type: 'string' },
            token: { type: 'string' },
            'token-env': { type: 'string' },
            claims: { type: 'string' },
            provider: { type: 'string' },
            json: { type: 'boolean' },
            help: { type: 'boolean' },
        },
    });
    if (values.help) {
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, HELP);
        return 0;
    }
    if (values.config === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('stint policy explain needs --config FILE');
    if (values.project === undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('stint policy explain needs --project P');
    const given = [values.token, values['token-env'], values.claims].filter((v) => v !== undefined);
    if (given.length !== 1)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb('give one of --token JWT, --token-env VAR or --claims FILE');
    const token = values['token-env'] !== undefined ? tokenFromEnv(values['token-env'], io) : values.token;
    const { config, diagnostics } = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .validateConfig */ .$r)(await (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .readConfigText */ .im)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, values.config), values.config), values.config);
    if (config === undefined) {
        for (const d of diagnostics)
            (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stderr, (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDiagnostic */ .xy)(d));
        throw Object.assign(new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_CONFIG_INVALID', `${values.config} has errors; run stint policy check ${values.config}`), { diagnostics });
    }
    const claims = token !== undefined ? decodeToken(token) : await readClaims(values.claims, io);
    const policy = (0,_policy_index_js__WEBPACK_IMPORTED_MODULE_5__/* .compilePolicy */ .C_)(config);
    const provider = chooseProvider(config, policy.providerForIssuer.bind(policy), claims, values.provider);
    if (!Object.hasOwn(config.projects, values.project)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_PROJECT_UNKNOWN', `project '${values.project}' is not in ${values.config} (projects: ${Object.keys(config.projects).join(', ')})`);
    }
    const explanation = policy.explain(values.project, provider.name, claims);
    const checks = token !== undefined ? tokenChecks(token, claims, provider, Date.now()) : undefined;
    const refused = checks?.find((check) => !check.ok);
    const allowed = explanation.decision.ok && refused === undefined;
    if (values.json) {
        const tokenPart = checks === undefined ? {} : { token_checks: checks };
        (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, JSON.stringify({ provider: provider.name, allowed, ...tokenPart, ...explanation }, null, 2));
    }
    else {
        for (const line of renderExplanation(explanation, provider, checks))
            (0,_io_js__WEBPACK_IMPORTED_MODULE_6__/* .writeLine */ ._r)(io.stdout, line);
    }
    return allowed ? 0 : 1;
}
/**
 * The checks the broker makes on a token before its policy (docs/broker.md#what-an-exchange-checks),
 * with the broker's own functions, so explain cannot allow what an exchange would refuse. The
 * signature is not among them: explain has no issuer keys and makes no network call.
 */
function tokenChecks(token, claims, provider, nowMs) {
    const run = (check, fn) => {
        try {
            fn();
            return { check, ok: true };
        }
        catch (error) {
            if (!(error instanceof _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp))
                throw error;
            return { check, ok: false, code: error.code, message: error.message };
        }
    };
    return [
        run('header', () => {
            (0,_broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .checkTokenSize */ .Dd)(token);
            const { header } = (0,_broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .decodeStructure */ .Uf)(token);
            (0,_broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .checkHeader */ .eb)(header);
            (0,_broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .checkAlgorithm */ .um)(header, provider);
        }),
        run('iss', () => {
            if (claims.iss !== provider.issuer)
                throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_ISSUER_UNTRUSTED', `token issuer ${JSON.stringify(claims.iss ?? null)} is not ${provider.issuer}, the issuer of provider ${provider.name}`);
        }),
        run('aud', () => (0,_broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .checkAudience */ .f7)(claims, provider)),
        run('times', () => (0,_broker_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .checkTimesAndSubject */ .cT)(claims, nowMs)),
    ];
}
/** The token in the variable `--token-env` names. */
function tokenFromEnv(variable, io) {
    const value = io.env[variable]?.trim();
    if (value === undefined || value === '')
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb(`--token-env ${variable}: that variable is not set or empty`);
    return value;
}
/** The token's claims, decoded without verifying: explain is about the policy, not the signature. */
function decodeToken(token) {
    try {
        return (0,jose__WEBPACK_IMPORTED_MODULE_7__/* .decodeJwt */ .i)(token);
    }
    catch {
        // Never echo the value: it may be a live token pasted by mistake in the wrong place.
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_TOKEN_MALFORMED', '--token is not a JWT (three base64url parts with a JSON payload)');
    }
}
async function readClaims(file, io) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(io.cwd, file), 'utf8');
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `cannot read claims file ${file}: ${error.code ?? String(error)}`, { cause: error });
    }
    let parsed;
    try {
        // A byte order mark (Windows editors write one) is not JSON, but it is no reason to refuse
        // the file: configs and case files with one are read too.
        parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    }
    catch (error) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `${file} is not JSON: ${error.message}`, { cause: error });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_CLAIMS_INVALID', `${file} must hold a JSON object of claims`);
    return parsed;
}
function chooseProvider(config, byIssuer, claims, name) {
    const configured = Object.keys(config.providers).join(', ');
    if (name !== undefined) {
        const provider = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
        if (provider === undefined)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_PROVIDER_UNKNOWN', `provider '${name}' is not configured (configured: ${configured})`);
        return provider;
    }
    if (typeof claims.iss === 'string') {
        const provider = byIssuer(claims.iss);
        if (provider === undefined)
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_PROVIDER_UNKNOWN', `no configured provider has issuer '${claims.iss}'; pass --provider NAME (configured: ${configured})`);
        return provider;
    }
    const only = Object.values(config.providers);
    if (only.length === 1)
        return only[0];
    throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StintError */ .Fp('ERR_PROVIDER_UNKNOWN', `the claims have no iss; pass --provider NAME (configured: ${configured})`);
}
/** Human form: one block per rule, one line per field, then the decision. */
function renderExplanation(explanation, provider, checks) {
    const lines = [
        `project ${explanation.project}, provider ${provider.name} (${provider.kind}, issuer ${provider.issuer})`,
    ];
    const subject = explanation.decision.identity?.subject;
    if (subject !== undefined)
        lines.push(`subject ${subject}`);
    if (checks !== undefined) {
        lines.push('', 'token, as the broker checks it before the policy (its signature is not checked here):');
        for (const c of checks)
            lines.push(`  ${c.ok ? '✓' : '✗'} ${c.check.padEnd(6)}  ${c.ok ? 'ok' : `${c.message} (${c.code})`}`);
    }
    for (const rule of explanation.rules) {
        const { file, line, column } = rule.position;
        lines.push('', `trust[${rule.index}] at ${file}:${line}:${column}: ${rule.matched ? 'MATCH' : 'no match'}`);
        const width = Math.max(...rule.comparisons.map((c) => c.field.length));
        for (const c of rule.comparisons)
            lines.push(`  ${c.matched ? '✓' : '✗'} ${c.field.padEnd(width)}  wanted ${shown(c.wanted)}  got ${c.got === undefined ? '(missing)' : c.got}`);
        if (rule.note)
            lines.push(`  note: ${rule.note}`);
    }
    const refused = checks?.find((check) => !check.ok);
    if (refused !== undefined) {
        // The rules' verdict stays above; the broker never gets that far.
        lines.push('', `decision: DENIED (${refused.code}): the broker refuses this token before its policy`);
        lines.push(`  reason: ${refused.message}`);
        if (explanation.decision.ok)
            lines.push('  the policy alone would allow it');
        return lines;
    }
    lines.push('', ...renderDecision(explanation.decision));
    return lines;
}
function renderDecision(decision) {
    if (decision.ok) {
        const flags = decision.flags.length > 0 ? `; flags: ${decision.flags.join(', ')}` : '';
        return [
            `decision: ALLOWED, scopes: ${decision.scopes.join(' ') || '(none)'} (rules ${decision.rules.map((r) => `trust[${r}]`).join(', ')})${flags}`,
        ];
    }
    return [
        `decision: DENIED (${decision.code})`,
        `  hint: ${decision.hint}${decision.disclose ? '' : " (not shown to the caller, whose owner is not in this project's policy: it gets a generic denial)"}`,
        `  reason: ${decision.reason}`,
    ];
}
function shown(wanted) {
    return Array.isArray(wanted) ? `any of [${wanted.join(', ')}]` : wanted;
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}


/***/ }),

/***/ 6687:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ createLocalJWKSet)
/* harmony export */ });
/* harmony import */ var _lib_key_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7859);
/* harmony import */ var _lib_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8109);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5674);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7784);




function isUsableJWK(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === void 0 || typeof ext == "boolean") && (keyOps === void 0 || Array.isArray(keyOps) && keyOps.every((operation, index) => typeof operation == "string" && keyOps.indexOf(operation) === index) && keyOps.includes("verify")) && entry.kty.includes(kty) && (kid === void 0 || typeof kid == "string" && kid === jwkKid) && (jwkAlg === void 0 ? kty !== "AKP" : alg === jwkAlg) && (use === void 0 || use === "sig") && (!entry.crv || crv === entry.crv);
}
async function importWithAlgCache(cache, jwk, entry) {
  const cached = cache.get(jwk) || cache.set(jwk, {}).get(jwk), { alg } = entry;
  if (cached[alg] === void 0) {
    const pending = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_0__/* .jwkToKey */ .xY)(entry, jwk, !0).then((key) => {
      if (key.type !== "public")
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set members must be public keys");
      return cached[alg] = key, key;
    }).catch((error) => {
      throw cached[alg] === pending && delete cached[alg], error;
    });
    cached[alg] = pending;
  }
  return cached[alg];
}
function createLocalJWKSet(jwks) {
  let snapshot;
  try {
    snapshot = structuredClone(jwks);
  } catch (cause) {
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set malformed", { cause });
  }
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_2__/* .isJwkSet */ .fV)(snapshot))
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSInvalid */ .Dm("JSON Web Key Set malformed");
  const metadata = snapshot.keys.map((jwk) => {
    const normalized = (0,_lib_key_js__WEBPACK_IMPORTED_MODULE_0__/* .snapshotJwk */ .ZZ)(jwk);
    return Array.isArray(normalized.key_ops) && (normalized.key_ops = [...normalized.key_ops]), normalized;
  }), cached = /* @__PURE__ */ new WeakMap();
  return Object.defineProperty(async (protectedHeader, token) => {
    const { alg, kid } = { ...protectedHeader, ...token?.header }, entry = typeof alg == "string" ? _lib_jws_algorithms_js__WEBPACK_IMPORTED_MODULE_3__/* .JWS */ .p[alg] : void 0;
    if (!entry || entry.secret)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JOSENotSupported */ .T0('Unsupported "alg" value for a JSON Web Key Set');
    const candidates = snapshot.keys.filter((_, index) => isUsableJWK(metadata[index], entry, alg, kid)), { 0: jwk, length } = candidates;
    if (!length)
      throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSNoMatchingKey */ .BT();
    if (length !== 1) {
      const error = new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .JWKSMultipleMatchingKeys */ .$4();
      throw error[Symbol.asyncIterator] = async function* () {
        for (const jwk2 of candidates)
          try {
            yield await importWithAlgCache(cached, jwk2, entry);
          } catch {
          }
      }, error;
    }
    return importWithAlgCache(cached, jwk, entry);
  }, "jwks", {
    value: () => structuredClone(snapshot)
  });
}



/***/ }),

/***/ 7961:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ decodeJwt)
/* harmony export */ });
/* harmony import */ var _base64url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1445);
/* harmony import */ var _lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7410);
/* harmony import */ var _lib_validate_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7784);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5674);




function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Invalid JWT");
  if (!encodedPayload)
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = (0,_base64url_js__WEBPACK_IMPORTED_MODULE_1__/* .decode */ .D)(encodedPayload);
  } catch (cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(_lib_buffer_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .strictDecoder */ .u8.decode(claimsSetBytes));
  } catch (cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!(0,_lib_validate_js__WEBPACK_IMPORTED_MODULE_3__/* .isObject */ .Gv)(claimsSet))
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .JWTInvalid */ .Dp("Invalid JWT Claims Set");
  return claimsSet;
}



/***/ })

};
