export const id = 352;
export const ids = [352];
export const modules = {

/***/ 2352:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  HELP: () => (/* binding */ HELP),
  junitErrorXml: () => (/* binding */ junitErrorXml),
  junitXml: () => (/* binding */ junitXml),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/lib/atomic-file.ts
var atomic_file = __webpack_require__(2949);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/file-access.ts
var file_access = __webpack_require__(32);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js
var decode_jwt = __webpack_require__(7961);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/providers/index.ts
var src_providers = __webpack_require__(7486);
// EXTERNAL MODULE: ./src/policy/scopes.ts
var scopes = __webpack_require__(1765);
// EXTERNAL MODULE: ./src/policy/yaml-reader.ts
var yaml_reader = __webpack_require__(559);
;// CONCATENATED MODULE: ./src/policy/cases.ts





const CASE_KEYS = ['name', 'project', 'provider', 'example', 'token', 'claims', 'scope', 'expect'];
const EXPECT_KEYS = ['allow', 'scopes', 'flags', 'deny', 'hint'];
/**
 * Reads a cases file. Every problem is a diagnostic at its line and column (ERR_POLICY_CASES);
 * `cases` is there only when there is none.
 *
 * @example const { cases, diagnostics } = readPolicyCases(readFileSync(f, 'utf8'), f);
 */
function readPolicyCases(text, file) {
    const lines = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const reader = new yaml_reader/* YamlReader */.n(file, doc, lines);
    const problem = (node, message) => reader.error(node, 'ERR_POLICY_CASES', message);
    const problems = [...doc.errors, ...(0,yaml_reader/* duplicateKeys */.s)(doc, lines)].sort((a, b) => a.pos[0] - b.pos[0]);
    for (const error of problems) {
        const { line, col } = lines.linePos(error.pos[0]);
        reader.diagnostics.push({
            severity: 'error',
            code: 'ERR_POLICY_CASES',
            message: 'code' in error && error.code === 'MULTIPLE_DOCS'
                ? 'a cases file is one YAML document, and a second one starts here (`---`): remove it, or move its cases into the first'
                : `YAML: ${error.message.split('\n')[0]}`,
            position: { file, line, column: col },
        });
    }
    if (problems.length > 0)
        return { diagnostics: reader.diagnostics };
    const top = reader.map(doc.contents, 'the cases file', ['config', 'cases']);
    const out = { file, cases: [] };
    if (top === undefined)
        return { diagnostics: reader.diagnostics };
    const configEntry = top.get('config');
    if (configEntry !== undefined) {
        const config = reader.string(configEntry.value, 'config');
        if (config !== undefined)
            out.config = config;
    }
    const casesEntry = top.get('cases');
    if (casesEntry === undefined)
        problem(doc.contents, 'the cases file needs a `cases:` list');
    const items = casesEntry === undefined ? [] : (reader.list(casesEntry.value, 'cases') ?? []);
    if (casesEntry !== undefined && items.length === 0)
        problem(casesEntry.value, '`cases:` is empty');
    for (const [index, item] of items.entries()) {
        const where = `cases[${index}]`;
        const entries = reader.map(item, where, CASE_KEYS);
        if (entries === undefined)
            continue;
        const str = (key) => {
            const entry = entries.get(key);
            return entry === undefined ? undefined : reader.string(entry.value, `${where}.${key}`);
        };
        const name = str('name') ?? where;
        const project = str('project');
        if (project === undefined && !entries.has('project'))
            problem(item, `${where} needs a project`);
        const example = str('example');
        if (example !== undefined && !(0,src_providers/* isProviderKind */.Qy)(example))
            problem(entries.get('example').value, `${where}.example must be one of ${src_providers/* PROVIDER_KINDS */.ik.join(', ')}`);
        const token = str('token');
        if (example !== undefined && token !== undefined)
            problem(item, `${where} gives both example and token; start from one of them`);
        let claims = {};
        const claimsEntry = entries.get('claims');
        if (claimsEntry !== undefined) {
            const node = reader.resolve(claimsEntry.value);
            if ((0,dist/* isMap */.jh)(node))
                claims = node.toJSON();
            else
                problem(claimsEntry.value, `${where}.claims must be a mapping of claim: value`);
        }
        if (example === undefined && token === undefined && claimsEntry === undefined)
            problem(item, `${where} needs claims, an example (a CI's example token) or a token`);
        const expectEntry = entries.get('expect');
        if (expectEntry === undefined)
            problem(item, `${where} needs expect: { allow: [scopes…] } or expect: { deny: ERR_… }`);
        const expectation = expectEntry === undefined ? undefined : readExpectation(reader, expectEntry.value, `${where}.expect`);
        if (project === undefined || expectation === undefined)
            continue;
        const policyCase = {
            name,
            position: reader.at(item),
            project,
            claims,
            expect: expectation,
        };
        const provider = str('provider');
        if (provider !== undefined)
            policyCase.provider = provider;
        if (example !== undefined)
            policyCase.example = example;
        if (token !== undefined)
            policyCase.token = token;
        const scope = str('scope');
        if (scope !== undefined)
            policyCase.scope = scope;
        out.cases.push(policyCase);
    }
    const errors = reader.diagnostics.some((d) => d.severity === 'error');
    return errors ? { diagnostics: reader.diagnostics } : { cases: out, diagnostics: reader.diagnostics };
}
function readExpectation(reader, node, where) {
    const entries = reader.map(node, where, EXPECT_KEYS);
    if (entries === undefined)
        return undefined;
    const allow = entries.get('allow');
    const deny = entries.get('deny');
    if ((allow === undefined) === (deny === undefined)) {
        reader.error(node, 'ERR_POLICY_CASES', `${where} needs exactly one of allow: [scopes…] (or true) and deny: ERR_…`);
        return undefined;
    }
    if (deny !== undefined) {
        for (const key of ['scopes', 'flags'])
            if (entries.has(key))
                reader.error(entries.get(key).key, 'ERR_POLICY_CASES', `${where}.${key} goes with allow, not deny`);
        const code = reader.string(deny.value, `${where}.deny`);
        if (code === undefined)
            return undefined;
        if (!/^ERR_[A-Z0-9_]+$/.test(code)) {
            reader.error(deny.value, 'ERR_POLICY_CASES', `${where}.deny must be an error code such as ERR_POLICY_DENIED`);
            return undefined;
        }
        const hintEntry = entries.get('hint');
        const hint = hintEntry === undefined ? undefined : reader.string(hintEntry.value, `${where}.hint`);
        return hint === undefined ? { allow: false, code } : { allow: false, code, hint };
    }
    if (entries.has('hint'))
        reader.error(entries.get('hint').key, 'ERR_POLICY_CASES', `${where}.hint goes with deny`);
    const expectation = { allow: true };
    const value = reader.resolve(allow.value);
    if (!((0,dist/* isScalar */.jn)(value) && value.value === true)) {
        const scopes = reader.strings(allow.value, `${where}.allow`);
        if (scopes === undefined)
            return undefined;
        expectation.scopes = scopes.map((s) => s.value);
    }
    const flagsEntry = entries.get('flags');
    if (flagsEntry !== undefined) {
        const list = reader.list(flagsEntry.value, `${where}.flags`);
        const flags = list?.map((item) => reader.string(item, `each of ${where}.flags`));
        if (flags === undefined || flags.some((f) => f === undefined))
            return undefined;
        expectation.flags = flags;
    }
    return expectation;
}
/**
 * Decides one case with the compiled policy, exactly as an exchange would (policy, then the
 * requested scope), and compares the decision with what the case expects.
 */
function runPolicyCase(policy, policyCase) {
    const started = performance.now();
    const base = {
        name: policyCase.name,
        position: policyCase.position,
        project: policyCase.project,
        expected: describeExpectation(policyCase.expect),
    };
    const resolved = caseClaims(policy.config, policyCase);
    if (typeof resolved === 'string') {
        return { ...base, ok: false, got: `no decision: ${resolved}`, diff: [resolved], ms: performance.now() - started };
    }
    const { provider, claims } = resolved;
    let decision = policy.check(policyCase.project, provider.name, claims);
    if (decision.ok && policyCase.scope !== undefined) {
        const scoped = (0,scopes/* requestScopes */.v)(decision, policyCase.scope);
        decision = scoped.ok ? { ...decision, scopes: scoped.scopes } : scoped;
    }
    const diff = compare(policyCase.expect, decision, policy.config.projects[policyCase.project]?.trust ?? []);
    return {
        ...base,
        provider: provider.name,
        ok: diff.length === 0,
        got: describeDecision(decision),
        diff: diff.length === 0 ? [] : [...diff, ...(decision.ok ? [] : [`reason: ${decision.reason}`])],
        ms: performance.now() - started,
    };
}
/** The claims a case stands for and the provider they are checked as, or why there are none. */
function caseClaims(config, policyCase) {
    const providers = Object.values(config.providers);
    const named = policyCase.provider === undefined
        ? undefined
        : Object.hasOwn(config.providers, policyCase.provider)
            ? config.providers[policyCase.provider]
            : undefined;
    if (policyCase.provider !== undefined && named === undefined)
        return `provider ${policyCase.provider} is not configured (configured: ${Object.keys(config.providers).join(', ')})`;
    let start = {};
    let provider = named;
    if (policyCase.example !== undefined) {
        // The example token as this broker would receive it: its provider's issuer and audience.
        provider ??= providers.find((p) => p.kind === policyCase.example);
        if (provider === undefined)
            return `no provider of kind ${policyCase.example} is configured for its example token`;
        if (provider.kind !== policyCase.example)
            return `provider ${provider.name} is of kind ${provider.kind}, not ${policyCase.example}`;
        start = (0,src_providers/* ciDescriptor */.oP)(provider.kind).claims.example(provider.issuer, provider.audience);
    }
    else if (policyCase.token !== undefined) {
        try {
            start = (0,decode_jwt/* decodeJwt */.i)(policyCase.token);
        }
        catch {
            return 'token is not a JWT (three base64url parts with a JSON payload)';
        }
    }
    const claims = { ...start };
    for (const [name, value] of Object.entries(policyCase.claims)) {
        if (value === null)
            delete claims[name];
        else
            claims[name] = value;
    }
    if (provider === undefined && typeof claims.iss === 'string')
        provider = providers.find((p) => p.issuer === claims.iss);
    if (provider === undefined && providers.length === 1)
        provider = providers[0];
    if (provider === undefined)
        return typeof claims.iss === 'string'
            ? `no configured provider has issuer ${claims.iss}; name one with provider:`
            : 'the claims have no iss; name the provider with provider:';
    return { provider, claims };
}
function compare(expect, decision, rules) {
    if (!expect.allow) {
        if (decision.ok)
            return [
                `expected: deny ${expect.code}`,
                `got:      allow ${scopesText(decision.scopes)}`,
                ...whyAllowed(decision, rules),
            ];
        const diff = [];
        if (decision.code !== expect.code)
            diff.push(`expected: deny ${expect.code}`, `got:      deny ${decision.code}`);
        if (expect.hint !== undefined && !decision.hint.includes(expect.hint))
            diff.push(`expected hint containing: ${expect.hint}`, `got hint:                 ${decision.hint}`);
        return diff;
    }
    if (!decision.ok)
        return [
            `expected: allow${expect.scopes === undefined ? '' : ` ${scopesText(expect.scopes)}`}`,
            `got:      deny ${decision.code}: ${decision.hint}`,
        ];
    const diff = [];
    if (expect.scopes !== undefined && !sameSet(expect.scopes, decision.scopes)) {
        const missing = expect.scopes.filter((s) => !decision.scopes.includes(s));
        const extra = decision.scopes.filter((s) => !expect.scopes.includes(s));
        diff.push(`expected scopes: ${scopesText(expect.scopes)}`, `got scopes:      ${scopesText(decision.scopes)}`, ...missing.map((s) => `- ${s} (expected, not granted)`), ...extra.map((s) => `+ ${s} (granted, not expected)`));
    }
    if (expect.flags !== undefined && !sameSet(expect.flags, decision.flags))
        diff.push(`expected flags: ${expect.flags.join(' ') || '(none)'}`, `got flags:      ${decision.flags.join(' ') || '(none)'}`);
    return diff;
}
/**
 * Why a case that should have been denied was allowed: the subject the rules saw, and each rule
 * that matched it with its place in the config (the usual slip: a case changes `ref` but not
 * `sub`, and the subject still names the allowed branch).
 */
function whyAllowed(decision, rules) {
    const lines = [`subject:  ${decision.identity.subject}`];
    for (const index of decision.rules) {
        const rule = rules.find((r) => r.index === index);
        if (rule === undefined)
            continue;
        const { file, line, column } = rule.position;
        lines.push(`matched:  trust[${index}] at ${file}:${line}:${column}: subject ${rule.subject}`);
    }
    return lines;
}
function describeExpectation(expect) {
    if (!expect.allow)
        return `deny ${expect.code}${expect.hint === undefined ? '' : ` (hint: ${expect.hint})`}`;
    return `allow${expect.scopes === undefined ? '' : ` ${scopesText(expect.scopes)}`}`;
}
function describeDecision(decision) {
    if (!decision.ok)
        return `deny ${decision.code}: ${decision.hint}`;
    const flags = decision.flags.length > 0 ? ` [${decision.flags.join(', ')}]` : '';
    return `allow ${scopesText(decision.scopes)} (rules ${decision.rules.map((r) => `trust[${r}]`).join(', ')})${flags}`;
}
function scopesText(scopes) {
    return scopes.length === 0 ? '(no scopes)' : scopes.join(' ');
}
function sameSet(a, b) {
    return a.length === b.length && a.every((x) => b.includes(x));
}

// EXTERNAL MODULE: ./src/policy/index.ts + 9 modules
var src_policy = __webpack_require__(7855);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
;// CONCATENATED MODULE: ./src/cli/commands/policy-test.ts









const HELP = `Usage: stint policy test FILE… [--config FILE] [--junit FILE] [--json] [--verbose]

Runs files of policy cases, as \`opa test\` runs Rego tests: each case is a token's claims (written
out, a CI's documented example token with some claims changed, or a JWT, decoded and never
verified) and the decision it must get: allow with exactly these scopes, or deny with this code.
A case file names its config (config: stint.yml, relative to the case file) unless --config does.
  --config FILE   the broker config to test, for every FILE
  --junit FILE    also write the results as JUnit XML (for CI test reports)
  --json          one JSON object: {ok, passed, failed, results: [...]}
  --verbose       list passing cases too
A failing case prints what was expected, what the policy decided, and why. Exit 0 when every
case passes, 1 when one fails or a file is invalid, 2 on a usage error.
Case files: docs/policy.md#testing-a-policy; examples in examples/policy-tests/.`;
/** `stint policy test FILE…`. */
const run = async (args, io) => {
    const { values, positionals } = (0,external_node_util_.parseArgs)({
        args,
        strict: true,
        allowPositionals: true,
        options: {
            config: { type: 'string' },
            junit: { type: 'string' },
            json: { type: 'boolean' },
            verbose: { type: 'boolean', short: 'v' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        (0,cli_io/* writeLine */._r)(io.stdout, HELP);
        return 0;
    }
    if (positionals.length === 0)
        throw new errors/* UsageError */.eb('stint policy test needs a FILE of cases (stint policy test --help)');
    const report = values.junit === undefined ? undefined : await junitTarget(values.junit, io);
    let runs;
    try {
        runs = await runAll(positionals, values.config, io);
    }
    catch (error) {
        // A CI job that collects the report should find one that says why nothing ran, not none.
        if (report !== undefined && (0,errors/* isStintError */.Hu)(error))
            await writeReport(report, values.junit, junitErrorXml(error));
        throw error;
    }
    const all = runs.flatMap((r) => r.results);
    const failed = all.filter((r) => !r.ok);
    if (report !== undefined)
        await writeReport(report, values.junit, junitXml(runs));
    if (values.json) {
        (0,cli_io/* writeLine */._r)(io.stdout, JSON.stringify({
            ok: failed.length === 0,
            passed: all.length - failed.length,
            failed: failed.length,
            results: all.map(({ position, ...r }) => ({ ...r, file: position.file, line: position.line })),
        }));
        return failed.length === 0 ? 0 : 1;
    }
    for (const r of all) {
        if (r.ok && !values.verbose)
            continue;
        const where = `${r.position.file}:${r.position.line}:${r.position.column}`;
        (0,cli_io/* writeLine */._r)(io.stdout, `${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${where}, project ${r.project})`);
        if (r.ok)
            continue;
        for (const line of r.diff)
            (0,cli_io/* writeLine */._r)(io.stdout, `      ${line}`);
    }
    if (failed.length > 0)
        (0,cli_io/* writeLine */._r)(io.stdout, '');
    (0,cli_io/* writeLine */._r)(io.stdout, `${failed.length === 0 ? 'PASS' : 'FAIL'}: ${all.length - failed.length}/${all.length} cases passed${failed.length === 0 ? '' : `, ${failed.length} failed`}`);
    return failed.length === 0 ? 0 : 1;
};
/** Reads every FILE, then runs each one's cases. */
async function runAll(paths, configFlag, io) {
    const files = await readCaseFiles(paths, configFlag, io);
    const runs = [];
    const policies = new Map();
    for (const { file, cases } of files)
        runs.push(await runFile(file, cases, configFlag, policies, io));
    return runs;
}
/**
 * Where --junit writes, checked before any case runs: a directory (`--junit /tmp`) is a usage
 * error that names a file to give instead.
 */
async function junitTarget(junit, io) {
    const report = (0,external_node_path_.resolve)(io.cwd, junit);
    const found = await (0,promises_.stat)(report).catch(() => undefined);
    if (found?.isDirectory() === true)
        throw new errors/* UsageError */.eb(`--junit ${junit} is a directory; give the file to write the report to, e.g. --junit ${(0,external_node_path_.join)(junit, 'policy-tests.xml')}`);
    return report;
}
async function writeReport(report, junit, xmlText) {
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(report), { recursive: true });
        await (0,atomic_file/* writeFileAtomic */.Zf)(report, xmlText, 0o644);
    }
    catch (error) {
        const code = error.code;
        if (code !== 'EISDIR' && code !== 'ENOTDIR' && code !== 'EEXIST')
            throw (0,file_access/* fileAccessError */.z9)(error) ?? error;
        throw new errors/* UsageError */.eb(`cannot write the --junit report to ${junit} (${code}): give a path to a file, in a directory`);
    }
}
/**
 * Reads every FILE before any case runs. A FILE that is the config the cases are tested against
 * (theirs or --config) is left out, so the glob over a policy repository that keeps its config
 * beside its cases (`stint policy test policy-tests/*.yml`) runs the cases; any other FILE that
 * is not a list of cases stops the run.
 */
async function readCaseFiles(paths, configFlag, io) {
    const read = [];
    for (const file of paths)
        read.push({ file, ...readPolicyCases(await readText(file, io, 'cases file'), file) });
    const configs = new Set();
    for (const { file, cases } of read) {
        const config = configOf(file, cases, configFlag, io);
        if (config !== undefined)
            configs.add(config);
    }
    const files = [];
    for (const { file, cases, diagnostics } of read) {
        if (cases !== undefined) {
            files.push({ file, cases });
            continue;
        }
        if (configs.has((0,external_node_path_.resolve)(io.cwd, file)))
            continue;
        for (const d of diagnostics)
            (0,cli_io/* writeLine */._r)(io.stderr, (0,src_policy/* formatDiagnostic */.xy)(d));
        throw withDiagnostics(new errors/* StintError */.Fp('ERR_POLICY_CASES', `${file} has errors; nothing was run`), diagnostics);
    }
    if (files.length === 0)
        throw new errors/* UsageError */.eb('stint policy test was given only the config, no FILE of cases (stint policy test --help)');
    return files;
}
/** The config a case file is tested against: --config, else its own `config:`, relative to it. */
function configOf(file, cases, configFlag, io) {
    if (configFlag !== undefined)
        return (0,external_node_path_.resolve)(io.cwd, configFlag);
    if (cases?.config !== undefined)
        return (0,external_node_path_.resolve)((0,external_node_path_.dirname)((0,external_node_path_.resolve)(io.cwd, file)), cases.config);
    return undefined;
}
async function runFile(file, cases, configFlag, policies, io) {
    const started = performance.now();
    // The config is relative to the case file, so a policy repository runs its tests from anywhere.
    const configPath = configOf(file, cases, configFlag, io);
    if (configPath === undefined)
        throw new errors/* UsageError */.eb(`${file} names no config (config: stint.yml); pass --config FILE`);
    const near = (0,external_node_path_.relative)(io.cwd, configPath);
    const shown = near === '' || near.startsWith('..') ? configPath : near;
    let policy = policies.get(configPath);
    if (policy === undefined) {
        const { config, diagnostics: problems } = (0,src_policy/* validateConfig */.$r)(await readText(configPath, io, 'config file'), shown);
        if (config === undefined) {
            for (const d of problems)
                (0,cli_io/* writeLine */._r)(io.stderr, (0,src_policy/* formatDiagnostic */.xy)(d));
            throw withDiagnostics(new errors/* StintError */.Fp('ERR_CONFIG_INVALID', `${shown} has errors; run stint policy check ${shown}`), problems);
        }
        policy = (0,src_policy/* compilePolicy */.C_)(config);
        policies.set(configPath, policy);
    }
    const results = cases.cases.map((c) => runPolicyCase(policy, c));
    return { file, config: shown, results, ms: performance.now() - started };
}
async function readText(file, io, what) {
    try {
        return await (0,promises_.readFile)((0,external_node_path_.resolve)(io.cwd, file), 'utf8');
    }
    catch (error) {
        throw ((0,file_access/* fileAccessError */.z9)(error) ??
            new errors/* StintError */.Fp(what === 'config file' ? 'ERR_CONFIG_NOT_FOUND' : 'ERR_POLICY_CASES', `cannot read ${what} ${file}: ${error.code ?? String(error)}`, { cause: error }));
    }
}
/**
 * JUnit XML as CI test reporters read it (GitLab `artifacts:reports:junit`, Jenkins `junit`,
 * GitHub test-reporter actions, CircleCI `store_test_results`): one testsuite per case file, one
 * testcase per case, a `failure` with the diff for a failing one.
 */
function junitXml(runs) {
    const seconds = (ms) => (ms / 1000).toFixed(3);
    const total = runs.reduce((n, r) => n + r.results.length, 0);
    const failures = runs.reduce((n, r) => n + r.results.filter((c) => !c.ok).length, 0);
    const time = runs.reduce((n, r) => n + r.ms, 0);
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="stint policy test" tests="${total}" failures="${failures}" errors="0" time="${seconds(time)}">`,
    ];
    for (const run of runs) {
        const failed = run.results.filter((c) => !c.ok).length;
        lines.push(`  <testsuite name="${xml(run.file)}" tests="${run.results.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(run.ms)}">`, `    <properties><property name="config" value="${xml(run.config)}"/></properties>`);
        for (const c of run.results) {
            const open = `    <testcase name="${xml(c.name)}" classname="${xml(`${run.file}.${c.project}`)}" file="${xml(c.position.file)}" line="${c.position.line}" time="${seconds(c.ms)}"`;
            if (c.ok) {
                lines.push(`${open}/>`);
                continue;
            }
            lines.push(`${open}>`, `      <failure message="${xml(`expected ${c.expected}, got ${c.got}`)}" type="PolicyDecisionMismatch">${xml(c.diff.join('\n'))}</failure>`, '    </testcase>');
        }
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>', '');
    return lines.join('\n');
}
/**
 * The report of a run that stopped before its cases ran (a case file or the config has errors):
 * one testcase in error, its message the error's, its text every problem at its line, so the CI's
 * test report says why instead of showing no tests.
 */
function junitErrorXml(error) {
    const diagnostics = error.diagnostics ?? [];
    const detail = [error.message, ...diagnostics.map(src_policy/* formatDiagnostic */.xy)].join('\n');
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="stint policy test" tests="1" failures="0" errors="1" time="0.000">',
        '  <testsuite name="stint policy test" tests="1" failures="0" errors="1" skipped="0" time="0.000">',
        `    <testcase name="read the case files and their config" classname="stint policy test" time="0.000">`,
        `      <error message="${xml(error.message)}" type="${error.code}">${xml(detail)}</error>`,
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
    ].join('\n');
}
/** `error` carrying the problems it was printed with, for --json and --junit. */
function withDiagnostics(error, diagnostics) {
    return Object.assign(error, { diagnostics });
}
/** Text for an XML attribute or element; characters XML 1.0 cannot hold become U+FFFD. */
function xml(text) {
    return text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/\n/g, '&#10;');
}


/***/ }),

/***/ 2949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   rh: () => (/* binding */ ensurePrivateDir),
/* harmony export */   ty: () => (/* binding */ syncDir)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * Writes `data` to `file` so that a reader sees either the old content or the new, never a
 * half-written file, and so that once it resolves the new content survives a power cut: the
 * bytes go to a temp file in the same directory (created with `mode`, so a secret is never
 * readable by others even for a moment), are flushed (fsync), then renamed over the target
 * (rename(2) within one directory is atomic on POSIX), and then the directory itself is flushed,
 * since the rename lives in the directory: without that a crash can bring back the old file, or
 * lose a new one, after the caller was told it was written.
 *
 * `owner` (uid and gid, -1 for one to leave) is given to the temp file before anything is written
 * to it, and `mode` set explicitly there when it is not 0600 (open's mode is cut by the umask).
 *
 * @example
 * await writeFileAtomic('/srv/stint/keys/keys.json', JSON.stringify(manifest), 0o600);
 */
async function writeFileAtomic(file, data, mode = 0o600, owner) {
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(file), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(file)}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(temp, 'wx', mode);
    try {
        // Owner and mode are set before the content is written and the file is renamed into place, so
        // it is never seen with others' (or a umask's) idea of who may read it. -1 leaves one as it is.
        if (owner !== undefined)
            await handle.chown(owner.uid, owner.gid);
        if (mode !== 0o600)
            await handle.chmod(mode);
        await handle.writeFile(data, 'utf8');
        await handle.sync();
    }
    catch (error) {
        await handle.close();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(temp).catch(() => undefined);
        throw error;
    }
    await handle.close();
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, file);
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(temp).catch(() => undefined);
        throw error;
    }
    await syncDir((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(file));
}
/**
 * Makes the entries of `dir` durable (a rename, a new or removed file in it) by fsyncing the
 * directory. Where the platform or file system cannot fsync a directory (EINVAL, EISDIR) there is
 * nothing more to do; any other error (EIO: the disk lost the write) is thrown.
 */
async function syncDir(dir) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(dir, 'r');
    try {
        await handle.sync();
    }
    catch (error) {
        const code = error.code;
        if (code !== 'EINVAL' && code !== 'EISDIR')
            throw error;
    }
    finally {
        await handle.close();
    }
}
/** Creates `dir` (and parents) and forces it to `mode`, e.g. 0700 for a directory of private keys. */
async function ensurePrivateDir(dir, mode = 0o700) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, mode);
}


/***/ })

};
