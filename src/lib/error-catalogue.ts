/**
 * Every error and warning code stint uses, with what it means, what to do about it, the HTTP
 * status the broker answers with it, and the texts a user meets it by. `ErrorCode` and
 * `WarningCode` (errors.ts) are this table's keys, so a code that is not here does not compile,
 * and a BrokerError whose status differs from its code's does not either.
 * docs/troubleshooting.md is generated from it (`npm run docs:errors`; test/docs fails when they
 * differ); each code is explained under the anchor `#` + the code in lower case.
 *
 * Messages stay at their throw sites, where the values they name are; the `messages` quoted here
 * are checked against the source by test/docs. Only errors.ts imports this file, and only its
 * type, so none of this text ends up in the bundles.
 */

/** The statuses the broker answers a refusal with. */
export type HttpStatus = 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429 | 500 | 503;

/** A text stint prints, as a user sees it (`…` for what varies), and what it tells them. */
export interface QuotedMessage {
  /** One text, or several that mean the same (shown joined with " / "). */
  readonly text: string | readonly string[];
  readonly note?: string;
}

/** One section of docs/troubleshooting.md. */
export interface Topic {
  readonly title: string;
  /** Markdown under the title, before the codes. */
  readonly intro: string;
  /** Texts of this area that carry no code of their own (warnings, a recipe's lines). */
  readonly messages?: readonly QuotedMessage[];
  /** Markdown after the messages, before the codes. */
  readonly notes?: string;
}

export const TOPICS = {
  action: {
    title: 'The GitHub Action',
    intro:
      "Every failure of the action's main step is one annotation ending with its code in brackets " +
      '(`[ERR_…]`). The codes of the exchange itself are under [Getting a token](#getting-a-token); ' +
      "the `request_id` in a message finds the broker's audit event, which holds the full reason.",
    messages: [
      {
        text: 'stint: could not revoke the token (it expires by itself at …): …',
        note: 'a post-step warning (the job stays green): the broker was unreachable at the end of the job; the token is still valid until `expires-at`.',
      },
      {
        text: "stint: could not revoke the token (by this runner's clock it expired at …, which the broker could not confirm): …",
        note: "the same, for a token past its `expires-at` by the runner's clock: most likely dead already, which only the broker's answer could say. Retries stop once the next would start more than 60 s (the clock difference stint allows) after the expiry.",
      },
      {
        text: 'stint: could not remove …: not under RUNNER_TEMP; left alone',
        note: 'a post-step warning: the saved state named a path outside `RUNNER_TEMP`; the action never deletes anything else.',
      },
    ],
    notes:
      'A later step prints `***` where you expected text: the value contains a masked secret form. ' +
      'The action never registers braces, PEM armour lines or anything under 4 characters.',
  },
  exchange: {
    title: 'Getting a token',
    intro:
      'The action, `stint exchange` and the recipes (GitLab, Jenkins, CircleCI, Buildkite) share the ' +
      "client that finds the job's ID token and exchanges it. The CLI prints each error as one " +
      '`stint: …` line on stderr (exit 1), the action as an annotation ending `[ERR_…]`. ' +
      '`stint status` shows which token source applies and what the ID token claims (`iss`, `aud`, ' +
      '`sub`, expiry), never the token.',
    messages: [
      {
        text: [
          'stint: exchange failed (see above)',
          'stint plugin: exchange failed (see above)',
          'stint: exchange failed (see above); nothing was exported',
        ],
        note: 'GitLab (it ends `before_script`), Buildkite, CircleCI: the line above it is the reason.',
      },
      {
        text: "stint plugin: this buildkite-agent has no 'redactor add'; upgrade it, and never print STINT_TOKEN",
        note: 'a warning (the job goes on): this agent cannot redact the token from the log.',
      },
      {
        text: 'stint: no release of the stint CLI is pinned here (none is published yet), and nothing else is set. Say where the CLI comes from with cli-path, or cli-url with cli-sha256',
        note: 'a recipe with no CLI pinned fails closed: give the path of a CLI you built and reviewed, or a release asset with its SHA-256 ([recipes/cli](../recipes/cli/README.md)).',
      },
      {
        text: "stint: refusing to run stint@1.2.3 from npm: no release of stint is published there yet, so the npm name stint is not this project's and that package would be someone else's code, run with this job's secrets. Unset the npm version and say where the CLI comes from with cli-path, or cli-url with cli-sha256",
        note: "the job set an npm version (`cli_version`, `cliVersion`, `cli-version`); nothing ran. Until stint's first release the npm name `stint` is not this project's, so the recipes refuse it: remove it and give a CLI path, or a release asset with its SHA-256.",
      },
      {
        text: "stint: refusing to run the stint CLI from https://…/stint-cli-1.2.3.mjs: its SHA-256 is …, but … is pinned. It is not the release this job pins; check the URL and the digest (the release's SHA256SUMS)",
        note: "the downloaded file is not the pinned release; nothing ran. Check `cli-url` and `cli-sha256` against the release's SHA256SUMS.",
      },
    ],
  },
  policy: {
    title: 'Policy and config',
    intro:
      'Every config error reads `FILE:LINE:COLUMN: message`; `stint policy check FILE` lists them all ' +
      '(and the warnings) at once. `stint serve` refuses to start on any error; warnings (`WARN_…`) ' +
      'are `warn` lines of its log with the code in `code` ([broker.md](broker.md#logs)), and the broker starts. The policy itself is described in [policy.md](policy.md).',
  },
  serve: {
    title: 'Starting the broker',
    intro:
      'What `stint serve` prints when it cannot start, and the warnings it starts with: those are `warn` lines of its log ' +
      '(`"level":"warn"` in JSON, `warning: …` as text; [broker.md](broker.md#logs)). How to run it is in [broker.md](broker.md).',
    messages: [
      {
        text: 'serving plain HTTP on 0.0.0.0; tokens cross the network in clear. Use --tls-cert/--tls-key or a TLS-terminating proxy.',
        note: 'give the broker a certificate, or keep it on loopback behind a proxy that terminates TLS.',
      },
      {
        text: 'provider gitlab: issuer https://gitlab.example.com cannot be reached at start: …; exchanges of its tokens are refused (503) until it answers',
        note: 'the broker serves anyway (an issuer may be down for a moment); check DNS, the firewall and the `issuer` URL from the broker host. A self-managed CI behind a company CA ends in `(its TLS certificate is not from a CA Node trusts here: …)`: give the broker the CA certificate with `NODE_EXTRA_CA_CERTS`.',
      },
      {
        text: 'the store does not take a write at start: …; until it does the broker is not ready (/readyz answers 503) and refuses exchanges (503), and it exits if that lasts 30s (store.startup_timeout)',
        note: 'Redis started with the broker comes up a moment later and the broker serves then; if it does not within `store.startup_timeout`, the broker stops with `ERR_STORE_UNREACHABLE`.',
      },
      {
        text: 'a request from 10.0.0.5 carries X-Forwarded-For, which is ignored: 10.0.0.5 is not in trust_proxy. …',
        note: 'said once. Behind a proxy or load balancer of yours, list its addresses in `trust_proxy` ([broker.md](broker.md#client-addresses-and-proxies)), or every client counts as the proxy.',
      },
    ],
  },
  requests: {
    title: 'What the broker answers: the request',
    intro:
      'The broker answers a refusal with `{"error", "error_description", "request_id"}` and the ' +
      'status shown; the `request_id` finds the audit event, which has the full reason. These codes ' +
      'are about the request itself, before its token is looked at.',
  },
  'id-token': {
    title: "What the broker answers: the CI's ID token",
    intro:
      "The checks an exchange makes on the job's ID token, in the order it makes them " +
      '([broker.md](broker.md#what-an-exchange-checks)). The client reports any of these 401s as ' +
      '[`ERR_ID_TOKEN_REJECTED`](#err_id_token_rejected), with the description quoted here. ' +
      '`POST /oauth2/token` answers each of them, and a policy denial, as 400 `invalid_request` ' +
      '(RFC 8693 §2.2.2), and a scope beyond the grant as 400 `invalid_scope`, never with `WWW-Authenticate`.',
  },
  keys: {
    title: 'Signing keys, API keys and the audit log',
    intro:
      'Printed by `stint serve` and by `stint keys` and `stint audit`, which work on the same keys dir, store and audit log.',
    messages: [
      {
        text: [
          'audit log …: line 7: does not match its hash: the line was edited',
          'audit log …: line 6: has seq 7, expected 6: a line was removed, inserted or reordered',
          'audit log …: line 6: has a prev that is not the hash of line 5: a line was removed, inserted or reordered',
          'audit log …: line 9: is not valid JSON',
          'audit log …: line 9: has no newline at the end: the file was cut short',
          'audit log …: line 3: repeats the member "outcome": the line was edited',
        ],
        note:
          '`stint audit verify`, exit 1: the line named is the first that does not fit the chain. Keep the file as evidence and compare it with a copy (shipped off the host, or an anchor kept elsewhere). ' +
          'A repeated member is an edit the hash alone cannot show: JSON readers disagree on which of the two values counts.',
      },
      {
        text: [
          'audit log …: line 1205: is missing: the log ends at line 1204 but the anchor names line 1391; lines were cut off the end',
          "audit log …: line 1391: has hash 0c1d…, not the anchor's 9f86…: the chain was rewritten up to here, or this is another log",
        ],
        note: '`stint audit verify --anchor`, exit 1: the log no longer holds the line the anchor was taken from. Treat it as tampering (or a restore from an older backup) and compare with the copy shipped off the host.',
      },
    ],
  },
  redis: {
    title: 'Redis store (several brokers)',
    intro: 'How the brokers share Redis, and the ACL user they need, is in [many-brokers.md](many-brokers.md).',
    notes:
      '**A token or API key is accepted by one instance and not another**: the instances do not ' +
      'share the same Redis (check `store:` on each) or the same keys dir (compare ' +
      '`GET /.well-known/jwks.json` across instances).',
  },
  signing: {
    title: 'Signing profiles (`stint sign`, `stint request`)',
    intro:
      'Config errors name the file, the profile, the field and what is allowed (exit 1); they never ' +
      'quote a secret or key material. The profiles are described in [signing.md](signing.md).',
  },
  verify: {
    title: 'The receiving side (`stint/verify`)',
    intro:
      'The functions of `stint/verify` throw a `StintError` whose `code` is one of these. Verify the ' +
      'raw body bytes as received, never re-serialised JSON.',
    notes:
      'Minted tokens fail to verify elsewhere with "no applicable key found": the verifier fetched ' +
      "the JWKS from a different `issuer` than the token's `iss`, or cached it before an emergency " +
      'rotation (`--now` drops old keys from the JWKS at once; `stint/verify` refetches within `jwksMaxAgeSec`, 60 s by default); ' +
      'refetch `/.well-known/jwks.json`.',
  },
  mtls: {
    title: 'mTLS client certificates',
    intro:
      'The broker CA takes EC P-256 or RSA 2048–8192 keys in a self-signed PKCS#10 request, and a ' +
      'client certificate never outlives the token that got it (and never 24 h).',
    notes:
      '**The server refuses the certificate** (TLS alert `unknown ca` or `certificate required`): the ' +
      'server must trust the broker CA (`curl -o stint-ca.pem https://BROKER/mtls/ca.pem`, then e.g. ' +
      'nginx `ssl_client_certificate stint-ca.pem; ssl_verify_client on;`) and should authorise on the ' +
      'SAN URI `urn:stint:project:<project>`, not only on the CN (the CI subject, cut to 64 ' +
      'characters). Client certificates carry `extendedKeyUsage clientAuth` only.',
  },
  oauth2: {
    title: 'OAuth2 profiles',
    intro: 'An `oauth2` profile fetches a client-credentials token from your token endpoint; these are its refusals.',
  },
  cli: {
    title: 'Other commands',
    intro:
      'Usage errors exit 2; every other error exits 1. With `--json`, a failure also prints ' +
      '`{"ok": false, "error": {"code": "ERR_…", "message": "…"}}` on stdout ([cli.md](cli.md#json-output)).',
    messages: [
      {
        text: 'stint: this is Node 20.11.1; stint needs Node 20.19+ or 22.12+ (install a current Node LTS: https://nodejs.org, `nvm install 22`, or `node-version: 22` in actions/setup-node)',
        note: "the CLI runs on the Node versions package.json's `engines` names (`^20.19.0 || >=22.12.0`) and checks before it does anything else (exit 1). The action runs on GitHub's node24.",
      },
    ],
  },
} satisfies Record<string, Topic>;

export type TopicName = keyof typeof TOPICS;

/** One code of the catalogue. */
export interface CatalogueEntry {
  /** The broker's HTTP status when it refuses with this code. */
  readonly status?: HttpStatus;
  readonly topic: TopicName;
  /** What it means: the message, or what every message of this code has in common. */
  readonly summary: string;
  /** What to do about it. */
  readonly fix: string;
  /** Texts stint prints with this code, as a user meets them. */
  readonly messages?: readonly QuotedMessage[];
}

/** Keeps each entry's `status` as its literal type, so a throw site's status can be checked against it. */
function catalogue<T extends Record<`ERR_${string}` | `WARN_${string}`, CatalogueEntry>>(entries: T): T {
  return entries;
}

export const CATALOGUE = catalogue({
  // The GitHub Action
  ERR_ID_TOKEN_PERMISSION: {
    topic: 'action',
    summary:
      'The job may not request an OIDC ID token: the runner did not set `ACTIONS_ID_TOKEN_REQUEST_URL` and `_TOKEN`.',
    fix:
      'Add `permissions: { id-token: write, contents: read }` to the job (a `permissions:` block replaces the defaults, so list ' +
      '`contents: read` too). Workflows triggered by pull requests from forks never get an ID token; run those without `broker-url`.',
    messages: [
      {
        text: 'stint: this job cannot request an OIDC ID token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are not set). Add `permissions: id-token: write` to the job or workflow; pull requests from forks never get one [ERR_ID_TOKEN_PERMISSION]',
      },
    ],
  },
  ERR_INPUT_INVALID: {
    topic: 'action',
    summary:
      'An input of the action (or `STINT_RETRY_BUDGET`) is missing or malformed; the message names it and what it must be.',
    fix: 'Fix the `with:` of the step. Nothing was requested or minted: inputs are checked before any network call.',
    messages: [
      {
        text: [
          'stint: input project is required with broker-url: name the project (a key under projects: in the broker policy) [ERR_INPUT_INVALID]',
          'stint: nothing to do: set broker-url and project to get a stint token, or signing to set up request signing (or both) [ERR_INPUT_INVALID]',
          'stint: input project must be a project name as the broker\'s policy spells it (a letter or digit, then letters, digits, ., _ or -), not "warehouse\\ndocs" [ERR_INPUT_INVALID]',
        ],
      },
    ],
  },
  ERR_RUNNER_TEMP: {
    topic: 'action',
    summary: '`RUNNER_TEMP` is not set, so the action has nowhere to write its files.',
    fix: 'Run the action on a GitHub Actions runner (it writes its files only under `RUNNER_TEMP`, never the workspace).',
  },
  ERR_SECRET_TOO_SHORT: {
    topic: 'action',
    summary:
      'A signing secret is under 4 characters (or has several lines, all under 4), or, in a GitHub Actions step, so is the bearer, JWT or OAuth credential `stint sign` would print or `stint request` would send (or the credential in an `Authorization` header given to `stint request` with `--header`); the runner cannot mask it, so it would show in the log wherever it appears.',
    fix: 'Use a long random secret (32 bytes from a generator), which a short one never is anyway. The action refuses before doing anything; `stint sign` before printing, `stint request` before sending (a 3-character access token comes from a token endpoint to question).',
    messages: [
      {
        text: 'stint: signing profile "hook": field "secret": a secret of 3 character(s) cannot be masked in the log (the runner needs at least 4); use a longer, random secret [ERR_SECRET_TOO_SHORT]',
        note: 'the action: the profile and the field (with `secrets:`, which of the list) say which secret.',
      },
      {
        text: 'stint: the Authorization header given with --header: a secret of 3 character(s) cannot be masked in the log (the runner needs at least 4); use a longer, random credential [ERR_SECRET_TOO_SHORT]',
        note: '`stint request` in a GitHub Actions step.',
      },
      {
        text: 'stint: a secret of 3 lines, none of them 4 characters or more (PEM armour aside), cannot be masked in the log (the runner masks line by line, and needs at least 4 characters); use a longer, random secret [ERR_SECRET_TOO_SHORT]',
        note: 'a multi-line secret: the runner masks it line by line, so every line must be maskable on its own.',
      },
    ],
  },

  // Getting a token
  ERR_TOKEN_SOURCE_NOT_FOUND: {
    topic: 'exchange',
    summary: "`stint exchange` found no ID token for this job: the CI's variable is not set, or no CI was recognised.",
    fix: 'Do what the message says for your CI, or name the source with `--provider` / `--id-token-env VAR`. `stint status` shows what it looked for.',
    messages: [
      {
        text: 'stint: this looks like GitLab CI, but STINT_ID_TOKEN is not set. Add `id_tokens: { STINT_ID_TOKEN: { aud: <broker issuer> } }` to the job, or extend the `.stint` job of recipes/gitlab.',
        note: 'the job neither extends `.stint` nor declares `id_tokens:`.',
      },
      {
        text: 'stint: CIRCLE_OIDC_TOKEN_V2 is not set. CircleCI issues CIRCLE_OIDC_TOKEN_V2 to jobs that use a context: add `context: <name>` to the job in the workflow.',
      },
      {
        text: "stint: STINT_ID_TOKEN is not set. Bind the OIDC provider plugin's credential: withCredentials([string(credentialsId: '<id token credential>', variable: 'STINT_ID_TOKEN')]) { … }, or use the stint shared library of recipes/jenkins.",
        note: 'with the library, `Could not find credentials entry with ID \'stint-id-token\'` means the "OpenID Connect id token" credential is missing or has another ID (`credentialsId:`).',
      },
      {
        text: 'stint: buildkite-agent is not on PATH. Run stint inside a Buildkite job, where the agent puts buildkite-agent on PATH (or use the stint plugin of recipes/buildkite).',
      },
      {
        text: 'stint: no CI OIDC token found: looked for ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (GitHub), STINT_ID_TOKEN (GitLab, Jenkins), CIRCLE_OIDC_TOKEN_V2 (CircleCI) and buildkite-agent (Buildkite). Pass --provider, or --id-token-env VAR naming the variable that holds the token',
      },
    ],
  },
  ERR_ID_TOKEN_REQUEST_FAILED: {
    topic: 'exchange',
    summary:
      "The CI's token service (GitHub's runtime request, or `buildkite-agent oidc request-token`) did not hand out an ID token.",
    fix: "Network errors, timeouts, 408, 429 and 5xx are retried within the budget, waiting at least the token service's `Retry-After`; anything else is the message of the CI itself. Check that the job may request tokens.",
    messages: [
      {
        text: 'stint: the GitHub ID token request answered HTTP 400: Invalid audience (check the audience asked for, "a,b": the action\'s audience input, or --audience; the token service refuses some) [ERR_ID_TOKEN_REQUEST_FAILED]',
        note: "GitHub's token service refused the request; its own message (one line, at most 200 characters) follows the status. A 400 is most often an audience it will not put in a token.",
      },
      {
        text: 'stint: the GitHub ID token request answered HTTP 403: … (is ACTIONS_ID_TOKEN_REQUEST_TOKEN from this job?) [ERR_ID_TOKEN_REQUEST_FAILED]',
        note: 'the request credential is not one the token service accepts: the variables must be those the runner set for this job.',
      },
    ],
  },
  ERR_ID_TOKEN_INVALID: {
    topic: 'exchange',
    summary: 'What the CI handed out as the ID token is not a JWT (three base64url parts separated by dots).',
    fix: 'Check the variable the token is read from (`--id-token-env`): it must hold the token itself, not a file name or a quoted value.',
  },
  ERR_BROKER_URL_INVALID: {
    topic: 'exchange',
    summary: 'The broker URL is not a URL, carries a user name or password, or is plain `http://` to another machine.',
    fix:
      'Give the broker as `https://…`. The action and `stint exchange` refuse plain http before asking for a token: only `https://`, or http to ' +
      'this machine for tests, keeps the ID token and the stint token off the wire.',
    messages: [
      {
        text: 'stint: broker URL "http://…" is plain http to another machine, which would send the tokens in clear; serve the broker over https (http:// is only for localhost, 127.0.0.0/8 and ::1) [ERR_BROKER_URL_INVALID]',
      },
    ],
  },
  ERR_REVOKE_NO_TOKEN: {
    topic: 'exchange',
    summary: '`stint revoke` found no token in `STINT_TOKEN` (or the variable `--token-env` names).',
    fix: 'Run `stint revoke` in the job that ran `stint exchange` (its exports set `STINT_TOKEN`), or name the variable that holds the token with `--token-env`.',
    messages: [
      {
        text: 'stint: STINT_TOKEN is not set, so there is no token to revoke: run stint revoke in the job that ran stint exchange (whose exports set STINT_TOKEN), or name the variable that holds the token with --token-env [ERR_REVOKE_NO_TOKEN]',
      },
    ],
  },
  ERR_REVOKE_NOT_A_TOKEN: {
    topic: 'exchange',
    summary:
      '`stint revoke` found something in `STINT_TOKEN` (or the variable `--token-env` names) that is not a JWT, so not a stint token. Nothing was sent.',
    fix: 'Give `stint revoke` the variable that holds what `stint exchange` exported as `STINT_TOKEN` (`--token-env VAR`).',
    messages: [
      {
        text: 'stint: STINT_TOKEN does not hold a stint token (it is not a JWT), so nothing was revoked: it should hold what stint exchange exported as STINT_TOKEN; name the variable that does with --token-env [ERR_REVOKE_NOT_A_TOKEN]',
      },
    ],
  },
  ERR_REVOKE_WRONG_BROKER: {
    topic: 'exchange',
    summary:
      "`stint revoke` was pointed at a broker that did not issue the token: the broker's discovery `issuer` is not the token's `iss`, or its key set (`/.well-known/jwks.json`) does not hold the token's signing key (another broker with the same issuer and its own keys, or a key an emergency rotation dropped, when the broker was asked at another address than its issuer), or the signature does not verify. A broker answers a revocation of a token it does not know with success (RFC 7009), so nothing was revoked and the token stays valid.",
    fix: "Set `--broker` (or `STINT_BROKER_URL`, which `stint exchange` exports) to the broker that issued the token: the message names the token's issuer. `stint status` shows the token's `iss`.",
    messages: [
      {
        text: "stint: the token (project warehouse, jti …, fingerprint sha256:…) was not revoked: it was issued by https://stint.example.com, not by the broker at http://127.0.0.1:8080 (issuer http://127.0.0.1:8080); revoke it at the broker that issued it: set --broker (or STINT_BROKER_URL) to that broker's URL [ERR_REVOKE_WRONG_BROKER]",
      },
      {
        text: 'stint: the token (…) was not revoked: it is signed with key "…", which the broker at https://stint-b.example.com does not publish: most likely an emergency rotation (stint keys rotate --now) dropped that key, and then it stops verifying everywhere (https://stint.example.com/.well-known/jwks.json does not list it); or another broker with the same issuer (https://stint.example.com) but its own keys issued it: then revoke it there: set --broker (or STINT_BROKER_URL) to that broker\'s URL [ERR_REVOKE_WRONG_BROKER]',
        note: 'asked at another address than the issuer. Asked at the issuer itself (`STINT_BROKER_URL` as `stint exchange` exports it, when that is the issuer), a key it no longer publishes means no verifier accepts the token: `stint revoke` says so and exits 0.',
      },
      {
        text: 'stint: the token (…) was not revoked: it names no signing key, which every token the broker at … issues does: it is not a token of that broker [ERR_REVOKE_WRONG_BROKER]',
      },
    ],
  },
  ERR_BROKER_ISSUER_MISMATCH: {
    topic: 'exchange',
    summary:
      "The broker's discovery document names an `issuer` that is not `broker-url`. By default the ID token's audience is the broker URL itself, never what the broker answers, so no ID token was requested.",
    fix:
      "Either `broker-url` (the CLI's `--broker`) is not the broker's public URL (use the URL its config names as `issuer:`, or set `audience` (`--audience`) to that issuer when you reach it through another address), " +
      'or whoever answers at that URL is not your broker and asked for a token meant for another service.',
    messages: [
      {
        text: 'stint: the broker at https://stint.example.com names another issuer, "https://sts.amazonaws.com", so no ID token was requested: by default its audience is the broker URL itself, never what the broker answers. Set the broker URL (broker-url input) to the broker\'s issuer URL; if the broker is served at another address on purpose, set the audience explicitly (audience input) [ERR_BROKER_ISSUER_MISMATCH]',
        note: "the action's words; `stint exchange` names what it reads in that CI: `--broker` and `--audience` on GitHub, the stint plugin's `broker-url` and `audience` settings on Buildkite.",
      },
    ],
  },
  ERR_BROKER_UNREACHABLE: {
    topic: 'exchange',
    summary:
      'The broker did not answer within the retry budget (60 s for an exchange, 30 s for a revocation; `STINT_RETRY_BUDGET` changes it, for the action, `stint exchange` and `stint revoke`), or its address refused the TLS handshake (not retried: it would refuse again).',
    fix: "`ENOTFOUND` is a wrong host name; `no answer in time (timeout)` a firewall or a hung broker. Check the broker URL (the action's `broker-url`, a recipe's broker URL setting, or `--broker`) and that the broker is up and reachable from the runner. `ERR_SSL_WRONG_VERSION_NUMBER`: nothing speaks TLS on that port (plain HTTP, or the wrong port); `…CERTIFICATE_REQUIRED`: a proxy in front of the broker wants a client certificate, which stint does not present to the broker.",
    messages: [
      {
        text: 'stint: could not reach the stint broker at https://stint.example.com (5 attempts in 58.4 s): discovery request to https://stint.example.com/.well-known/openid-configuration failed: ECONNREFUSED. Check the broker URL (--broker) and that the broker is up and reachable from this runner [ERR_BROKER_UNREACHABLE]',
      },
      {
        text: 'stint: exchange request to https://stint.example.com/auth/oidc/exchange failed in the TLS handshake (ERR_SSL_WRONG_VERSION_NUMBER): nothing speaks TLS on that port: if the broker serves plain HTTP, use http:// (loopback only), else the port its TLS listens on [ERR_BROKER_UNREACHABLE]',
        note: 'not retried: the same port answers the same way each time.',
      },
      {
        text: 'exchange request to http://stint.example.com:8443 got HTTP 400: that port serves HTTPS, not plain HTTP; start the broker URL (broker-url input, or --broker) with https://, as in https://stint.example.com:8443',
        note: 'the other way round: an `http://` broker URL to a broker that serves TLS itself, which answers plain HTTP with 400 (as nginx does); not retried.',
      },
      {
        text: 'cannot reach the broker at https://…/mtls/certificates for a client certificate (ECONNREFUSED)',
        note: 'an `mtls` profile or `stint cert`: wrong `--broker` / `broker-url`, or the broker is down.',
      },
      {
        text: 'ECONNREFUSED connecting to the proxy proxy.corp.example:3128 (from HTTPS_PROXY)',
        note: 'the egress proxy that `HTTPS_PROXY` names is not reachable (retried within the budget): check the variable, or that the proxy is up. `NO_PROXY` lists hosts to reach directly ([egress proxy](cli.md#egress-proxy)).',
      },
      {
        text: 'the proxy proxy.corp.example:3128 (from HTTPS_PROXY) could not reach stint.example.com:443 (502 Bad Gateway)',
        note: 'the proxy answered, but could not connect to the broker (retried): its DNS or its own firewall.',
      },
      {
        text: [
          'the proxy proxy.corp.example:3128 (from HTTPS_PROXY) wants credentials (407 Proxy Authentication Required): set HTTPS_PROXY to http://user:password@proxy.corp.example:3128',
          'the proxy proxy.corp.example:3128 (from HTTPS_PROXY) did not accept the user and password in HTTPS_PROXY (407 Proxy Authentication Required)',
          'the proxy proxy.corp.example:3128 (from HTTPS_PROXY) refused to connect to stint.example.com:443 (403 Forbidden): allow it at the proxy, or list the host in NO_PROXY if this machine reaches it directly',
        ],
        note: 'not retried: the proxy would refuse again. stint never prints the credentials in the proxy URL; percent-encode `@`, `:` and `%` in them.',
      },
    ],
  },
  ERR_BROKER_REDIRECT: {
    topic: 'exchange',
    summary:
      "The broker's address answered with a redirect. Redirects are never followed: a token goes only where `broker-url` says.",
    fix: "Set `broker-url` (the CLI's `--broker`) to the broker's final URL; typically an `http://` URL that the server redirects to `https://`.",
    messages: [
      {
        text: "stint: the discovery request to https://stint.example.com/.well-known/openid-configuration was redirected; set the broker URL (broker-url input, or --broker) to the broker's final URL (https://…) [ERR_BROKER_REDIRECT]",
      },
    ],
  },
  ERR_BROKER_CERT_REJECTED: {
    topic: 'exchange',
    summary:
      "The runner does not accept the broker's TLS certificate: self-signed or from a CA it does not trust, expired, or not for the host in `broker-url`. Not retried: the same certificate comes back every time.",
    fix: "The code in brackets says which. `DEPTH_ZERO_SELF_SIGNED_CERT`, `SELF_SIGNED_CERT_IN_CHAIN`, `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`: give the CA's certificate to Node with `NODE_EXTRA_CA_CERTS=/path/ca.pem` in the job's environment (it must be set before Node starts: `env:` on the job or step), or have the broker serve its full chain, or a certificate from a public CA. `CERT_HAS_EXPIRED`: renew the broker's certificate. `ERR_TLS_CERT_ALTNAME_INVALID`: `broker-url` names a host the certificate does not hold.",
    messages: [
      {
        text: "stint: the discovery request to https://stint.example.com/.well-known/openid-configuration failed: this runner does not accept the broker's TLS certificate (DEPTH_ZERO_SELF_SIGNED_CERT). Its CA is not one this runner trusts: give the CA certificate to Node with NODE_EXTRA_CA_CERTS=/path/ca.pem in the job's environment (or serve the chain with its intermediates, or a certificate from a public CA) [ERR_BROKER_CERT_REJECTED]",
      },
    ],
  },
  ERR_DISCOVERY_FAILED: {
    topic: 'exchange',
    summary:
      "The broker's discovery document (`/.well-known/openid-configuration`) could not be read: an error status or an answer that is not one.",
    fix: 'Check that `broker-url` is the stint broker; set the `audience` input (or `--audience`) to skip discovery.',
  },
  ERR_ID_TOKEN_REJECTED: {
    topic: 'exchange',
    summary:
      "The broker refused the job's ID token (401): its signature, audience, times or issuer, or it was exchanged before. The broker's description says which.",
    fix: 'Read the quoted description; its code is under [What the broker answers: the ID token](#what-the-broker-answers-the-cis-id-token).',
    messages: [
      {
        text: "stint: the broker rejected this job's ID token: HTTP 401 invalid_token: token is not valid yet (nbf is in the future) (request_id …). The token's times disagree with the broker's clock by more than the 60 s allowed: check the broker host's clock (NTP); … [ERR_ID_TOKEN_REJECTED]",
        note:
          "clock skew: the broker's clock differs from GitHub's by more than 60 s. With `… is not <issuer>; request the ID token with audience … (the stint action's audience input, …)` " +
          "the `audience` input does not match the broker's `issuer`: set it to that, or leave it empty for the broker URL.",
      },
      {
        text: "stint: the broker rejected this job's ID token: HTTP 401 invalid_token: token audience \"https://gitlab.com\" is not https://stint.example.com; set the aud of the job's id_tokens variable to https://stint.example.com (the stint component's audience input) (request_id …)",
        note:
          "the broker's advice names the audience it expects and what the job's CI sets (the client adds no second hint). Jenkins: the OIDC credential's audience; Buildkite: the stint plugin's `audience` setting (or `--audience`); " +
          "GitHub: the action's `audience` input (or `--audience`). A broker whose refusal gives no advice gets the client's own hint for that CI after it.",
      },
      {
        text: 'stint: the broker rejected this job\'s ID token: HTTP 401 invalid_token: token audience "…" is not …; a CircleCI job\'s … (request_id …)',
        note: "on CircleCI the job cannot choose the audience: the broker must expect the organization ID (the `aud` the message quotes); the broker's advice says so: `… set the broker's providers.circleci.audience to <organization ID>`.",
      },
      {
        text: "stint: the broker rejected this job's ID token: HTTP 401 invalid_token: token was already exchanged; request a fresh ID token for every exchange (request_id …). …",
        note: 'the message adds: each ID token is exchanged once; get a fresh one for every exchange, rerun the job for a new one. An ID token from a variable is single-use: run `stint exchange` once per job (the recipes do), and do not reuse a token across jobs.',
      },
    ],
  },
  ERR_EXCHANGE_DENIED: {
    topic: 'exchange',
    summary:
      "The broker's policy does not let this job have a token for the project (403 `access_denied`), or not the scopes it asked for (403 `invalid_scope`).",
    fix:
      "Fix the trust rules for this job in the broker's policy, or run from a ref or environment they allow; ask for fewer scopes. Check the project's spelling too (`project` input, `--project`): a project the broker does not have is denied the same way, so that nobody learns which exist. The broker explains " +
      'only to jobs whose owner its policy names; see [`ERR_POLICY_DENIED`](#err_policy_denied).',
    messages: [
      {
        text: "stint: the broker denied a token for project warehouse: HTTP 403 access_denied: ref refs/heads/feature-x is not allowed for project warehouse (request_id …). Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows; check the spelling of the project (project input) too: the broker answers a project it does not have the same way [ERR_EXCHANGE_DENIED]",
        note:
          "the job's subject (shown in the job summary of a successful run, or with `stint policy explain`) matches no trust rule of that project. " +
          "A job whose repository owner is not in the project's policy gets a generic description; the audit log has the reason.",
      },
      {
        text: "stint: the broker denied a token for project warehouse: HTTP 403 access_denied: this token is not allowed to get tokens for this project (request_id …). Fix the trust rules for this job in the broker's policy, or run from a ref/environment the policy allows; check the spelling of the project (project input) too: the broker answers a project it does not have the same way",
        note:
          "no trust rule matches the job's subject (`stint status` shows it as `sub`). The broker gives the precise reason only to CIs whose owner " +
          'its policy names; the audit event for the `request_id` always has it.',
      },
      {
        text: "stint: the broker denied a token for project warehouse: HTTP 403 invalid_scope: scope 'read,write' is not granted to this job for project warehouse; it may have: read write (request_id …). Check the scopes you ask for (scope input): scopes are separated by spaces, not commas (\"read write\"); ask only for scopes the project's trust rules grant this job, or leave it empty for all of them [ERR_EXCHANGE_DENIED]",
        note: 'the job is trusted, but asked for a scope its rules do not grant (here one named `read,write`): ask for fewer scopes (`scope` input / `--scope`, space-separated), or grant them in the matching rule.',
      },
    ],
  },
  ERR_EXCHANGE_INVALID: {
    topic: 'exchange',
    summary:
      'The broker refused the exchange request itself (a 4xx other than 401, 403 and 429): a bad project, scope or ttl; or, with 404, a broker URL whose path is not where the broker serves.',
    fix: "Check the project, scope and ttl (inputs, or `--project`, `--scope`, `--ttl`) against the broker's description. A 404: the broker answers it only for a path it does not serve, so the broker URL is wrong: give its base URL.",
    messages: [
      {
        text: "stint: the broker URL serves no stint exchange: HTTP 404 not_found: no endpoint at this path; the endpoints are listed in the discovery document, /stint/.well-known/openid-configuration (request_id …). Check the broker URL (broker-url input): give the broker's base URL, the one its /.well-known/openid-configuration is under, without /auth/oidc/exchange or another endpoint's path [ERR_EXCHANGE_INVALID]",
      },
    ],
  },
  ERR_EXCHANGE_RATE_LIMITED: {
    topic: 'exchange',
    summary:
      'The broker answered 429 until the retry budget ran out, or asked (`Retry-After`) to wait longer than the budget had left: too many exchanges from this owner. Each retry waited its `Retry-After`; a single-use ID token from a variable is sent again then, since a 429 records nothing.',
    fix: "The broker's `rate_limit` (or the project's own) sets the rate; raise it if the traffic is expected. To wait out a longer `Retry-After`, set `STINT_RETRY_BUDGET` (seconds, at most 600) in the job's environment.",
    messages: [
      {
        text: 'stint: the broker could not complete the exchange: HTTP 429 … (gave up after 1 attempt in 0.0 s: the broker asked to wait 120.0 s (Retry-After), more than the 60.0 s left of the retry budget; STINT_RETRY_BUDGET (seconds, at most 600) sets a longer one) [ERR_EXCHANGE_RATE_LIMITED]',
      },
    ],
  },
  ERR_EXCHANGE_FAILED: {
    topic: 'exchange',
    summary: 'The broker kept failing (5xx), or answered something that is not an exchange response.',
    fix:
      'A 503 usually means the broker cannot reach its store (it refuses exchanges rather than skip the replay check): see ' +
      '[Redis store](#redis-store-several-brokers). "Not retried" means the ID token was single-use: rerun the job for a new one.',
    messages: [
      {
        text: 'stint: the broker could not complete the exchange: HTTP 503 … (gave up after … attempts in … s) [ERR_EXCHANGE_FAILED]',
        note: 'the broker kept failing (e.g. its Redis store is down: it refuses exchanges rather than skip the replay check).',
      },
      {
        text: 'stint: the broker could not complete the exchange: HTTP 503 … (request_id …). Not retried: the ID token in STINT_ID_TOKEN is single-use and the broker may already have seen it (it refuses a replayed token); rerun the job for a fresh one',
        note: 'the broker failed after it may have recorded the token; retrying the same token could only be refused as a replay. Rerun the job (or the step) to get a new ID token.',
      },
    ],
  },
  ERR_GITHUB_ENV_MISSING: {
    topic: 'exchange',
    summary: '`stint exchange --format github` writes to `$GITHUB_ENV`, which is not set here.',
    fix: 'Use it inside a GitHub Actions step, or pick `--format shell`.',
    messages: [
      {
        text: 'stint: --format github writes to $GITHUB_ENV, which is not set; use it inside a GitHub Actions step, or pick --format shell',
      },
    ],
  },
  ERR_GITHUB_ENV_UNWRITABLE: {
    topic: 'exchange',
    summary:
      '`stint exchange --format github` cannot write to the file `$GITHUB_ENV` names (a directory, a missing directory, no permission, a read-only or full disk).',
    fix: 'Point `GITHUB_ENV` at a writable file (a GitHub Actions runner sets it for each step), or pick `--format shell`. The file is checked before the exchange, so then no token is requested and the ID token stays unspent; when the write fails only after the exchange (no space left), the token is revoked at the broker and the message says whether that worked.',
    messages: [
      {
        text: 'stint: --format github writes the token to $GITHUB_ENV, and GITHUB_ENV=/home/runner/env cannot be written: it is a directory; no token was requested (the ID token is unspent). Point GITHUB_ENV at a writable file (a GitHub Actions runner sets it for each step), or pick --format shell',
      },
      {
        text: 'stint: got a token for project warehouse, but could not write it to $GITHUB_ENV (GITHUB_ENV=/home/runner/env): no space left on the device (ENOSPC); the token was revoked at the broker, so none is left valid. Free the space or point GITHUB_ENV at a writable file, then run the step again',
        note: 'the write failed after the exchange; the token never reached the job and no longer works.',
      },
    ],
  },
  ERR_EXCHANGE_OUTPUT_UNWRITABLE: {
    topic: 'exchange',
    summary:
      '`stint exchange` (`--format shell`, `env` or `json`) got a token but could not write it to stdout: no space left where stdout is redirected (ENOSPC), or the reader of a pipe went away before reading it (EPIPE). The job never got the token, so stint revoked it at the broker.',
    fix: 'Send stdout where it is read in full and has room: `exports="$(stint exchange …)" || exit 1; eval "$exports"`, or `> file` on a disk with space. The message says whether the revocation worked; if it did not, the token stays valid until its expiry, held by nobody.',
    messages: [
      {
        text: 'stint: got a token for project warehouse, but could not write it to stdout: no space left on the device it is redirected to (ENOSPC); the token was revoked at the broker, so none is left valid. Send stdout where it is read in full and has room (exports="$(stint exchange …)" || exit 1; or > a file on a disk with space), then run the step again',
        note: 'the write failed after the exchange; the token never reached the job and no longer works.',
      },
    ],
  },
  ERR_REVOKE_FAILED: {
    topic: 'exchange',
    summary:
      'The broker refused to revoke the token, or kept failing. Revocation is best effort: the token expires by itself.',
    fix: 'Nothing to do for the job; if it keeps happening, check the broker. The action reports it as a warning and the job stays green.',
  },

  // Policy and config
  ERR_CONFIG_INVALID: {
    topic: 'policy',
    summary:
      "The broker's config has an error: most field errors carry this code, and a config that does not load throws it with one `file:line:column` line per error.",
    fix: 'Run `stint policy check FILE` to see every error and warning at once, and fix each line it names.',
    messages: [
      {
        text: [
          'projects.warehouse.trust[0].claims.environment: *prod is read as a YAML alias, and no anchor has that name; quote patterns that start with \'*\', e.g. "*prod"',
          "YAML: Alias cannot be an empty string (a value that starts with '*' is a YAML alias: …)",
        ],
        note: 'in YAML an unquoted value starting with `*` is an alias; write `subject: "*…"`.',
      },
      {
        text: 'stint.yml:1:1: YAML aliases expand too far (more than 100 uses of anchored values, counting the aliases inside them); write the repeated parts out',
        note: 'nested aliases multiply (a list of ten aliases of a list of ten…), so a few kilobytes could stand for billions of values; the config is refused before anything reads it. The signing config says the same (`ERR_SIGNING_CONFIG`).',
      },
      {
        text: 'stint.yml:40:1: error: YAML: a stint config is one YAML document, and a second one starts here (`---`): remove it, or move its keys into the first',
        note: 'the position is the second `---`; a `---` before the first key is fine.',
      },
      {
        text: "providers.ci.issuer 'https://token.actions.githubusercontent.com' issues tokens to every github customer, but providers.ci is kind jenkins: set kind: github (its rules must then name a literal owner)",
        note: "a shared issuer (github.com's, gitlab.com's, Buildkite's) is refused under any other kind: declared as another CI, a wildcard rule would trust every customer of that issuer.",
      },
      {
        text: [
          'projects.warehouse.ttl 2h is longer than max_ttl 1h; lower ttl or raise max_ttl',
          'projects.warehouse.max_ttl 25h is above the 24h ceiling; stint tokens are short-lived',
        ],
      },
    ],
  },
  ERR_CONFIG_NOT_FOUND: {
    topic: 'policy',
    summary: 'The config file cannot be read (`stint policy`, `stint keys`).',
    fix: 'Check the path given with `--config` (default `./stint.yml`) and that this user may read it.',
  },
  ERR_POLICY_UNKNOWN_KEY: {
    topic: 'policy',
    summary: "A key the config does not know: a typo, or a key at the wrong level. The position is the key's own.",
    fix: 'Use one of the keys the message lists.',
    messages: [
      {
        text: "unknown key 'subjet' in projects.warehouse.trust[0] (did you mean 'subject'?); allowed: provider, subject, claims, scopes",
      },
    ],
  },
  ERR_POLICY_UNKNOWN_PROVIDER: {
    topic: 'policy',
    summary: 'A trust rule names a provider that is not configured under `providers:`.',
    fix: 'Add the provider or fix the name.',
    messages: [
      {
        text: "projects.warehouse.trust[0] names provider 'gitlab', which is not configured under providers (configured: github)",
      },
    ],
  },
  ERR_POLICY_NO_RULES: {
    topic: 'policy',
    summary: 'A project has no trust rule naming a subject, so no job could ever get its tokens.',
    fix: 'Add `trust: [{ provider, subject }]` to the project.',
    messages: [
      {
        text: 'project warehouse has no trust rule naming a subject, so no job could ever get its tokens; add trust: [{ provider, subject }]',
      },
    ],
  },
  ERR_POLICY_NO_SUBJECT: {
    topic: 'policy',
    summary: "A trust rule has no `subject`: the CI token's `sub` it trusts.",
    fix: 'Write the subject out, e.g. `repo:acme@1234567/warehouse@7654321:ref:refs/heads/main`.',
    messages: [{ text: 'projects.warehouse.trust[0] needs a subject: …' }],
  },
  ERR_POLICY_SUBJECT_WILDCARD: {
    topic: 'policy',
    summary: 'A subject made only of wildcards: it would trust every job the CI issues a token for.',
    fix: 'Write the subject out; wildcards only inside it.',
    messages: [
      {
        text: 'projects.warehouse.trust[0]: subject "*" is only wildcards: it would trust every job github issues a token for; name the repository, e.g. repo:acme@1234567/warehouse@7654321:ref:refs/heads/main',
      },
    ],
  },
  ERR_POLICY_AUDIENCE_SHARED: {
    topic: 'policy',
    summary:
      "Two projects have the same `audience`, so a token minted for one would be accepted by the other's resource server (which checks `aud`).",
    fix:
      'Give each project its own audience (the default, `stint:<project>`, is). If one service really serves both and tells them apart by the ' +
      "token's `project` claim, set `shared_audience: true` on every project that shares it.",
    messages: [
      {
        text: "projects.depot.audience https://api.example.com is also the audience of project warehouse: a token minted for either would be accepted by the other's resource server; give each project its own audience, or, if one service serves both and checks the token's project claim, set shared_audience: true on both",
      },
    ],
  },
  ERR_POLICY_OWNER_WILDCARD: {
    topic: 'policy',
    summary:
      'A subject that names no literal owner under an issuer shared by every customer (github.com, gitlab.com, Buildkite).',
    fix:
      '`repo:*/warehouse:…` would trust `evil/warehouse`. Same for `project_path:*/…` on gitlab.com and `organization:*:…` on Buildkite, and for a ' +
      "customised subject that names no owner (`environment:production`): any repository's admins can set their subject template to produce it. " +
      "Add the owner to the template as its first claim (`repository_owner_id:1234567:environment:production`) or pin it in the rule, `claims: { repository_owner_id: '1234567' }`. An owner pair later in the subject does not count: an earlier claim value (an environment name) can contain `:` and supply it.",
    messages: [
      {
        text: '… does not name a literal owner, and https://token.actions.githubusercontent.com issues tokens to every github customer: write the owner out, e.g. …',
      },
    ],
  },
  ERR_POLICY_SCOPE: {
    topic: 'policy',
    summary: 'A rule grants a scope the project does not have; a rule cannot grant more than its project.',
    fix: "Add the scope to the project's `scopes` or remove it from the rule.",
    messages: [
      {
        text: "scope 'admin' is not one of project warehouse's scopes (read, write); add it to the project's scopes or remove it here",
      },
    ],
  },
  ERR_PROVIDER_INSECURE: {
    topic: 'policy',
    summary: "A provider's `issuer` is not `https`.",
    fix: 'CI issuers must be https; `allow_insecure: true` is for local tests only.',
    messages: [
      {
        text: "providers.github.issuer 'http://…' is not https; CI issuers must be https (allow_insecure: true is for local tests only)",
      },
    ],
  },
  ERR_PROVIDER_ALGORITHM: {
    topic: 'policy',
    summary: "A provider's `algorithms` lists one that is not an asymmetric signature algorithm.",
    fix: 'CI tokens must be signed asymmetrically; never `none` or `HS*`. Leave `algorithms` out for what the CI signs with.',
    messages: [
      {
        text: "providers.github.algorithms: 'HS256' is not allowed; CI tokens must be signed asymmetrically (…); never none or HS*",
      },
    ],
  },
  ERR_STORE_PASSWORD_INLINE: {
    topic: 'policy',
    summary:
      'The store URL in the config carries a password, which would leak with the file. The message never repeats it.',
    fix: 'Write `store: { url: redis://host:6379/0, password_env: REDIS_PASSWORD }` (with the ACL user, if any, kept in the URL: `redis://stint@host:6379/0`) and set that variable.',
    messages: [
      {
        text: 'store has a password inside the URL; never put it in the file: write store: { url: redis://stint@redis.internal:6379/0, password_env: REDIS_PASSWORD } and set that variable',
      },
    ],
  },
  ERR_DURATION_INVALID: {
    topic: 'policy',
    summary:
      'A duration (a ttl, a rotation period, an expiry) that is not a positive whole number of seconds or of units s, m, h, d.',
    fix: 'Write it as `90`, `90s`, `15m`, `1h`, `1h30m` or `30d`.',
    messages: [
      {
        text: "projects.warehouse.ttl: invalid duration '15 minutes': use a positive whole number of seconds or units s, m, h, d (e.g. 90, 90s, 15m, 1h, 30d)",
      },
    ],
  },
  ERR_SUBJECT_INVALID: {
    topic: 'policy',
    status: 403,
    summary:
      'A subject with control characters, whitespace, invisible formatting characters or over 255 characters: refused in a rule, and in a token before any matching.',
    fix: 'In a rule, write the subject as the CI sends it. In a token, the CI sent a malformed subject: nothing in the policy can allow it.',
    messages: [{ text: "the token's subject is malformed (subject contains whitespace)" }],
  },
  ERR_POLICY_DENIED: {
    topic: 'policy',
    status: 403,
    summary:
      "No trust rule of the project matches the token (403 `access_denied`). The description says what to fix only to jobs whose owner appears in the project's rules, and quotes only the token's side, never what a rule wants (a trusted owner or repository ID); the audit log's `reason` always has the closest rule, the field, and the values wanted and got.",
    fix:
      'Reproduce it with `stint policy explain --config stint.yml --project warehouse --claims payload.json` (the decoded payload of the ' +
      "job's token, or `--token` with the token itself: it is decoded, never verified, never printed).",
    messages: [
      {
        text: 'this token is not allowed to get tokens for this project',
        note: "the generic denial given to jobs whose repository owner is not in that project's policy. Run `stint policy explain --config F --project P --token JWT` to see which field failed.",
      },
      {
        text: 'pull_request_target runs are not allowed for project warehouse unless a trust rule names event_name: pull_request_target',
      },
      {
        text: 'repository acme/warehouse has ID 9999999, which is not the ID project warehouse trusts (was it deleted and recreated under the same name?)',
        note: "the ID the rule wants is in the audit event's `reason` and in `stint policy explain`, never in the answer: whoever re-registered a deleted name would learn what to aim for.",
      },
      {
        text: 'ref refs/heads/feature/x is not allowed for project warehouse',
        note: 'under a `refs/heads/*` line: `*` stops at `/`; use `refs/heads/**`.',
      },
      {
        text: 'job_workflow_ref acme/deploy-workflows/.github/workflows/deploy.yml@refs/heads/dev is not allowed for project warehouse',
        note: 'the job called the reusable workflow at another ref than the rule pins.',
      },
      {
        text: 'repository Acme/Warehouse is not trusted by project warehouse',
        note:
          'names compare exactly, case included, as the CI writes them in `sub`; copy them from a token (`stint policy explain` shows the `got` side). ' +
          'After renaming a repository, update its lines: names and IDs must both match.',
      },
    ],
  },
  ERR_SCOPE_NOT_GRANTED: {
    topic: 'policy',
    status: 403,
    summary:
      'The job asked for a scope its matching rules do not grant (403 `invalid_scope`). Asking for more is refused, not trimmed.',
    fix: 'Ask for fewer scopes, or add a rule that grants it.',
    messages: [
      {
        text: "scope 'deploy' is not granted to this job for project warehouse; it may have: read write",
        note: 'the scopes asked for beyond the grant are quoted as sent, cut to 200 characters.',
      },
    ],
  },
  ERR_PROJECT_UNKNOWN: {
    topic: 'policy',
    status: 403,
    summary:
      'The project named is not in the config (an exchange, `stint policy explain`, `stint keys create-api-key`).',
    fix: 'Name a key under `projects:` of the config the broker runs with (`--config F`).',
    messages: [
      {
        text: 'stint: project nope is not in /srv/stint/stint.yml (projects: warehouse)',
        note: '`create-api-key --project` must name a project of the config the broker runs with (`--config F`).',
      },
    ],
  },
  ERR_PROVIDER_UNKNOWN: {
    topic: 'policy',
    status: 403,
    summary:
      "No configured provider has the token's issuer, or the one named is not configured (`stint policy explain`).",
    fix: 'Pass `--provider NAME`, or configure the provider.',
  },
  ERR_CLAIMS_INVALID: {
    topic: 'policy',
    summary: '`stint policy explain --claims FILE`: the file cannot be read or does not hold a JSON object of claims.',
    fix: "Give a JSON object, such as the decoded payload of the job's token.",
  },
  ERR_POLICY_CASES: {
    topic: 'policy',
    summary:
      '`stint policy test`: a case file cannot be read or is not a valid list of cases; each problem is printed as `FILE:LINE:COLUMN: message` and no case was run.',
    fix: 'Give every case a `project`, its claims (`claims:`, `example: <ci>` or `token:`) and one `expect:` (`allow: [scopes…]` or `allow: true`, or `deny: ERR_…`); see docs/policy.md#testing-a-policy.',
    messages: [
      { text: 'stint: examples/policy-tests/github.yml has errors; nothing was run' },
      {
        text: 'a cases file is one YAML document, and a second one starts here (`---`): remove it, or move its cases into the first',
      },
    ],
  },
  ERR_DEV_ISSUER_LISTEN: {
    topic: 'policy',
    summary: '`stint dev issuer` cannot listen on the host and port given (in use, or not an address of this machine).',
    fix: 'Pick another `--port` (or leave it out for a free one) or `--host`.',
  },
  ERR_POLICY_CLAIM_UNKNOWN: {
    topic: 'policy',
    summary:
      "A trust rule's `claims:` names a claim that tokens of its provider's CI never carry (often a misspelling: `refs` for `ref`), so the rule " +
      'would never match. Known for GitHub, GitLab, CircleCI and Buildkite (with the families `repo_property_…` and `agent_tag:…`); not for ' +
      "Jenkins, whose claims its admin's claim templates decide. An error of `stint policy check` (exit 1); a warning when the broker loads " +
      'the config (start, reload), so a broker upgraded under a config that served before still starts.',
    fix:
      'Use the name the message suggests, or one of the names it lists (the CI documents each). If the CI has started issuing a claim ' +
      'stint does not know yet, the broker still checks the condition (with the warning), but `stint policy check` fails until a stint ' +
      'release knows the name: please report it.',
    messages: [
      {
        text: "projects.warehouse.trust[0]: claim 'refs' is not one that GitHub Actions tokens carry, so this rule would never match; did you mean 'ref'? (github claims: actor, actor_id, …)",
      },
    ],
  },
  WARN_SUBJECT_UNPINNED: {
    topic: 'policy',
    summary:
      'A GitHub subject names the repository or its owner by name only, so it would also trust a repository deleted and recreated under the ' +
      'same name, or every repository of whoever registers a freed owner name.',
    fix:
      "Put the IDs in the line, from a token's `repository_owner_id` and `repository_id` claims or " +
      "`gh api repos/OWNER/REPO --jq '.owner.id, .id'` (for an owner, `gh api users/acme --jq .id`). Pinning both IDs under `claims:` silences it too.",
    messages: [
      {
        text: '… names the repository without its IDs, so it would also trust a repository deleted and recreated under the same name; pin it: repo:acme@<owner id>/warehouse@<repository id>:…',
      },
      {
        text: '… names the owner without its ID, so if acme is renamed or deleted, whoever registers the name gets every repository this matches; pin it: repo:acme@<owner id>/*:…',
        note: 'the same for a line that trusts every repository of an owner (`repo:acme/*:…`).',
      },
    ],
  },
  WARN_SUBJECT_SHAPE: {
    topic: 'policy',
    summary:
      "A GitHub subject that is not of GitHub's `repo:OWNER/REPO:…` form: it only matches a repository whose subject template was customised to exactly this shape.",
    fix: 'Write the default form unless the repository really uses a customised template.',
  },
  WARN_SUBJECT_GREEDY: {
    topic: 'policy',
    summary:
      'A `**` in a CircleCI or Jenkins subject, whose fields `/` separates, followed by text a branch name could supply.',
    fix: 'Use `*` for one field, or check the ref with claims.',
  },
  WARN_ISSUER_SHAPE: {
    topic: 'policy',
    summary: "A provider's issuer does not look like that CI's issuer; tokens are matched on the exact `iss`.",
    fix: 'Often a trailing `/`: `iss` is compared exactly. Copy the issuer from a token.',
    messages: [
      {
        text: "providers.github.issuer '…' does not look like a github issuer (…); tokens are matched on the exact iss",
      },
    ],
  },
  WARN_ISSUER_INSECURE: {
    topic: 'policy',
    summary: "The broker's own `issuer` is plain http on a non-loopback host.",
    fix: 'Serve the broker over https and give its https URL as `issuer`.',
  },
  WARN_PROVIDER_INSECURE: {
    topic: 'policy',
    summary:
      "A provider's `issuer` is plain http on a host that is not this machine, allowed by `allow_insecure: true`: the broker fetches that CI's discovery document and keys in clear, so anyone on the network path can hand it keys of their own and forge any identity of that CI. Said at start, on each reload and by `stint policy check`; an http issuer on localhost, 127.0.0.0/8 or ::1 draws no warning.",
    fix: "Give the CI's https issuer URL and drop `allow_insecure`, which is for local tests only.",
    messages: [
      {
        text: "providers.gitlab.issuer 'http://…' is plain http on a non-loopback host: anyone on the network path to it can serve the broker their own keys and forge any gitlab identity; give the issuer's https URL and drop allow_insecure (it is for local tests only)",
      },
    ],
  },
  WARN_PROVIDER_AUDIENCE: {
    topic: 'policy',
    summary:
      "A provider's `audience` is not the broker's `issuer`, so ID tokens for it may be given to other services too, any of which could exchange them here; or a CircleCI provider's `audience` (by default the broker's `issuer`) is not the organization ID its issuer URL ends with: CircleCI mints `$CIRCLE_OIDC_TOKEN_V2` for that ID whatever the job asks, so every exchange would be refused (ERR_TOKEN_AUDIENCE). Said at start, on each reload and by `stint policy check`.",
    fix: "Leave `audience` out (the broker's `issuer`, which only this broker accepts), or make sure no other service is given ID tokens with that audience. CircleCI: set `audience:` of the provider to the organization ID, the last part of its issuer URL.",
    messages: [
      {
        text: "providers.ghes.audience 'stint' is not the broker's issuer 'https://stint.example.com': any service that is also given ID tokens with this audience could exchange them here; make sure only this broker is, or leave audience out to use the broker's issuer",
      },
      {
        text: "providers.circleci.audience is not set, so it is the broker's issuer 'https://stint.example.com', which no circleci ID token carries: a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to 3f5c9a6e-1d2b-4c8e-9f0a-7b6d5e4c3a21",
      },
    ],
  },
  ERR_PROVIDER_AUDIENCE_FOREIGN: {
    topic: 'policy',
    summary:
      "A provider's `audience` is another service's: AWS STS (`sts.amazonaws.com`), Microsoft Entra (`api://AzureADTokenExchange…`), Google Cloud (`//iam.googleapis.com/…`), GitHub's default `https://github.com/<owner>`, Buildkite's default `https://buildkite.com/<org>`, `https://gitlab.com`, Sigstore, PyPI, npm or RubyGems trusted publishing, or the provider's own issuer. An ID token is a credential for whatever its `aud` names: a job hands such tokens to that service (or any action asks for the CI's default), and whoever receives or logs one could exchange it at the broker. Refused by `stint policy check`, at start and on reload.",
    fix: "Leave `audience` out (the broker's `issuer`) and have jobs request ID tokens for it (the action and `stint exchange` do by default), or name an audience that only this broker accepts.",
    messages: [
      {
        text: "providers.github.audience 'sts.amazonaws.com' is AWS STS's audience (AssumeRoleWithWebIdentity): an ID token a job gets with that audience is made for another service, and whoever receives or logs it could exchange it here; leave audience out (the broker's issuer 'https://stint.example.com') or name an audience only this broker accepts",
      },
    ],
  },
  WARN_ISSUER_SLASH: {
    topic: 'policy',
    summary: "The broker's `issuer` ends with `/`; issuers are compared exactly.",
    fix: 'Drop the trailing slash.',
  },
  WARN_TRUST_PROXY_ALL: {
    topic: 'policy',
    summary:
      '`trust_proxy` covers every address (`0.0.0.0/0`, `::/0`, `::ffff:0:0/96`, or ranges that add up to one of them), so the broker believes `X-Forwarded-For` from any client: a client can name the address it is logged, audited and rate-limited by, and so get round `rate_limit.per_address`. Said at start, on each reload and by `stint policy check`.',
    fix: "List only the addresses or ranges of your proxies or load balancers (the ingress controller's pod CIDR on Kubernetes).",
    messages: [
      {
        text: "trust_proxy [0.0.0.0/0] believes X-Forwarded-For from every IPv4 client: any such client can name the address the broker logs, audits and rate-limits it by (rate_limit.per_address); list only your proxies' or load balancers' addresses",
      },
    ],
  },
  WARN_SCOPE_DUPLICATE: {
    topic: 'policy',
    summary: 'A project lists the same scope twice.',
    fix: 'Remove the repeat.',
  },

  // Starting the broker
  WARN_CERT_EXPIRING: {
    topic: 'serve',
    summary:
      'A certificate the broker depends on expires within 14 days (or has expired): its HTTPS certificate (`--tls-cert`, ' +
      '`"certificate":"serving"`) or the mTLS client-certificate CA (`"certificate":"mtls_ca"`). A `warn` line ' +
      '(`"event":"certificate_expiring"`) at start, after a SIGHUP and once a day; the gauge `stint_certificate_expiry_timestamp_seconds` ' +
      'carries both expiries (alert `StintCertificateExpiring`).',
    fix:
      'Serving certificate: renew it, then send SIGHUP (the broker reloads it without a restart); when it is a systemd credential ' +
      '(`LoadCredential=`, as `deploy/systemd/tls.conf` passes it), `systemctl restart stint`: systemd copies credentials at start only, so a reload reads the old copy. The warning says which. ' +
      'mTLS CA: the broker replaces it 30 days ' +
      'before it expires when it issues a certificate and may write `keys.ca_dir` (default `<keys.dir>/ca`); make that dir writable ' +
      '(shared by every broker) and check the log for `ERR_MTLS_CA_DIR`.',
    messages: [
      {
        text: [
          'the TLS certificate in /etc/stint/tls/cert.pem expires 2026-12-12T00:00:00.000Z (in 6 days). Renew it, then send SIGHUP.',
          'the TLS certificate in /etc/stint/tls/cert.pem expired 2026-12-01T00:00:00.000Z; clients will refuse it. Renew it, then send SIGHUP.',
        ],
      },
      {
        text: 'the TLS certificate in /run/credentials/stint.service/tls-cert expires 2026-12-12T00:00:00.000Z (in 6 days). Renew the file systemd copies it from (LoadCredential=), then restart the service (systemctl restart stint): systemd copies credentials at start only, so SIGHUP (systemctl reload) would read the old copy again.',
        note: 'the certificate is under `$CREDENTIALS_DIRECTORY` (`deploy/systemd/tls.conf`).',
      },
      {
        text: 'mTLS CA certificate in /var/lib/stint/ca: expires 2026-12-12T00:00:00.000Z (in 6 days), not renewed yet; renewal (30 days ahead) happens at the next client certificate issued, if this broker may write /var/lib/stint/ca (keys.ca_dir); check that dir and this log',
      },
    ],
  },
  WARN_CONNECTIONS_PER_ADDRESS: {
    topic: 'serve',
    summary:
      'One client address (its TCP peer; IPv6: its /64) holds as many connections as `rate_limit.connections_per_address` allows ' +
      '(default 256, and never more than half of what the open-file limit leaves for connections): the broker closes its further ' +
      'connections as soon as they are accepted, before reading anything, and counts them in ' +
      '`stint_connections_refused_total{reason="per_address"}`. A `warn` line with `client_address`, once a minute per address. ' +
      'Addresses in `trust_proxy` are not counted.',
    fix:
      'A flood of idle or slow connections needs nothing from you: the others are served. Many real clients behind one NAT ' +
      'address: raise `rate_limit.connections_per_address` (SIGHUP reloads it). Your own proxy or load balancer: list it in ' +
      '`trust_proxy`, and cap connections per client there. See [broker.md](broker.md#connections-per-address).',
    messages: [
      {
        text: [
          '… holds … connections, the most one address may (rate_limit.connections_per_address): its further connections are closed unread; said once a minute per address, counted in stint_connections_refused_total. Clients behind one NAT: raise the setting; a proxy of yours: list it in trust_proxy',
          '… holds … connections, the most one address may (rate_limit.connections_per_address is …, lowered to half of the … connections the open-file limit allows): its further connections are closed unread; said once a minute per address, counted in stint_connections_refused_total. Clients behind one NAT: raise the setting; a proxy of yours: list it in trust_proxy',
        ],
      },
    ],
  },
  ERR_OPEN_FILE_LIMIT: {
    topic: 'serve',
    summary:
      'The broker holds as many connections as its open-file limit allows (the limit less a tenth, at least 64, kept for its store, audit log, keys and issuers), ' +
      'or an accept failed with `EMFILE` / `ENFILE`: new connections are closed at once, unread, while those open are served; it accepts ' +
      'again as soon as connections close. An `error` line, once a minute; `stint_connections_refused_total{reason="open_files"}` counts the ' +
      'connections closed.',
    fix:
      'Raise the open-file limit: `LimitNOFILE=` in the systemd unit (`deploy/systemd/stint.service` sets 65536), `ulimit -n` in the ' +
      "shell that starts it, the container's `nofile` ulimit; for `ENFILE`, the system's `fs.file-max`. Look at who holds the " +
      'connections (`ss -tn state established sport = :PORT`); one address holds at most `rate_limit.connections_per_address`. ' +
      'See [broker.md](broker.md#connections-per-address).',
    messages: [
      {
        text: [
          "the broker holds … connections, the most its open-file limit allows (… files, less … kept for its store, audit log, keys and issuers): new connections are closed unread until some close; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit), and look for the clients holding them (stint_connections_refused_total counts the refusals)",
          "accepting connections failed with …: … is used up; connections waiting to be accepted were closed, those open are served; raise the limit (ulimit -n, LimitNOFILE= in the systemd unit, the container's nofile ulimit…)",
        ],
      },
    ],
  },
  ERR_CONFIG_UNREADABLE: {
    topic: 'serve',
    summary: '`stint serve` cannot read its config file.',
    fix: '`stint serve` looks for `./stint.yml` by default: give `--config FILE`, or `--dev` for the embedded default.',
    messages: [
      {
        text: 'stint: cannot read config /srv/stint/stint.yml: ENOENT (give --config FILE, or --dev for the embedded default)',
      },
    ],
  },
  ERR_LISTEN: {
    topic: 'serve',
    summary: '`stint serve` cannot listen on the host and port asked for.',
    fix: 'Ports below 1024 need privileges: listen on 8443 behind a proxy or grant `CAP_NET_BIND_SERVICE`. `EADDRINUSE` means something else listens there.',
    messages: [{ text: 'stint: cannot listen on 0.0.0.0:443: listen EACCES: permission denied 0.0.0.0:443' }],
  },
  ERR_TLS_UNREADABLE: {
    topic: 'serve',
    summary: 'The file given with `--tls-cert` or `--tls-key` cannot be read.',
    fix: "Check the path and that the broker's user may read it.",
  },
  ERR_TLS_INVALID: {
    topic: 'serve',
    summary:
      'The files given with `--tls-cert` and `--tls-key` are not a certificate chain and its private key (at start, or at a reload on SIGHUP).',
    fix: 'Give PEM files: the certificate chain, and the unencrypted private key that was issued with it.',
    messages: [{ text: '… is not the private key of the certificate in …; give the key that was issued with it' }],
  },
  ERR_CONFIG_RELOAD: {
    topic: 'serve',
    summary:
      'A reload (SIGHUP) was refused: the new config does not load, or it changes something that takes a restart. The old config keeps serving.',
    fix: 'Fix the config (`stint policy check`), or restart the broker for the changes the message names. The refusal is audited as `config_reload_failed`.',
  },
  ERR_STATE_DIR: {
    topic: 'serve',
    summary:
      "The memory store's state directory (`store.dir`) cannot be created or used, or its disk has no room for the fresh journal segment the broker writes at start-up. " +
      'Nothing in it was changed: its replay records and revocations are still there for the next start.',
    fix: "Free space on its device, make it a writable directory owned by the broker's user, or point `store.dir` elsewhere.",
    messages: [
      {
        text: "the broker's state directory … has no room to start (ENOSPC: no space left on device, write): free space on its device, or point store.dir elsewhere",
      },
      {
        text: "cannot use … as the broker's state directory (…): make it a writable directory owned by the broker's user, or point store.dir elsewhere",
        note: 'any other errno (EIO, ENOTDIR, …); a permission refused is ERR_FILE_ACCESS, naming the user and the owner.',
      },
      {
        text: "cannot use …, the record of the state journal (…): make it a file the broker's user can write, in the audit log's directory; without it a lost state directory would go unnoticed",
        note: '`<audit file>.state.json`, which names the journal each state directory holds (a permission refused is ERR_FILE_ACCESS).',
      },
    ],
  },
  ERR_STATE_LOCKED: {
    topic: 'serve',
    summary:
      "Another broker holds the state directory: two brokers on one state directory would each miss the other's replay records.",
    fix:
      'Stop that broker, give this one its own `store.dir`, or run several brokers on Redis ([many-brokers.md](many-brokers.md)). ' +
      'A lock left by a broker on another host (or in another pid namespace), whose process this host cannot check, is taken over once ' +
      'it has gone 30 s without refresh (a broker refreshes it every 10 s): after a host crash, start the broker again after the time ' +
      'the message gives rather than delete `state.lock`; the broker that takes it over logs a warning naming the old holder.',
    messages: [
      {
        text: "… is in use by …: two brokers on one state directory would each miss the other's replay records. Stop that broker, give this one its own store.dir, or run several brokers on Redis (docs/many-brokers.md)",
      },
      {
        text: "… is in use by …, which last refreshed its lock at … (… s ago): two brokers on one state directory would each miss the other's replay records. A broker refreshes its lock every 10 s, and one from another host is taken over after 30 s without refresh: if that broker is gone (its host crashed or was shut down), start this one again after … and it takes the directory over (do not delete state.lock). Otherwise stop that broker, give this one its own store.dir, or run several brokers on Redis (docs/many-brokers.md)",
        note: 'The holder is on another host or in another pid namespace, so this host cannot tell whether it still runs.',
      },
    ],
  },
  ERR_WORKERS_NEED_SHARED_STORE: {
    topic: 'serve',
    summary:
      "`stint serve --workers N` (N > 1) was asked to run on the embedded store, which one process holds: N workers on it would each miss the others' replay records and revocations.",
    fix: 'Configure a Redis store (`store: redis://…`, Sentinel or Cluster; [many-brokers.md](many-brokers.md)), which every worker shares, or run one worker.',
    messages: [
      {
        text: 'stint: --workers 2 needs a shared store: the embedded store (state …) is held by one process; set store: redis://… (or Sentinel, Cluster) in the config, or run one worker',
      },
    ],
  },
  ERR_STATE_CORRUPT: {
    topic: 'serve',
    summary:
      'A journal file of the state directory is damaged; the broker refuses to start rather than forget what it held.',
    fix: 'Stop the broker and restore the state directory from a backup. Moving it aside instead starts the broker empty: the stint tokens it revoked are accepted again until they expire, and it reports a lost journal ([ERR_STORE_DATA_LOST](#err_store_data_lost)) and refuses the ID tokens issued before that start until they expire, unless this version never ran on the directory before (then those could be exchanged again). A line of a kind this version does not know is `ERR_STATE_NEWER`, not damage.',
    messages: [
      {
        text: '…:… is not a journal entry: the state directory was damaged. Restore it from a backup (stop the broker first). Moving it aside instead starts the broker empty: the tokens it revoked are accepted again until they expire, and the ID tokens it exchanged could be exchanged again unless it reports the journal lost (ERR_STORE_DATA_LOST)',
      },
    ],
  },
  ERR_STATE_NEWER: {
    topic: 'serve',
    summary:
      'The state directory holds a journal entry of a kind this version does not know: a newer stint wrote it, and this (older) broker refuses to start rather than misread it. Nothing in the directory was changed.',
    fix: 'Run the newer version; or, to roll back, start that version once on the directory and stop it cleanly (SIGTERM): its clean stop leaves only entries every version reads (brokers from the one that added `ERR_STATE_NEWER` on). Do not move the directory aside: that forgets its replay records and revocations ([broker.md](broker.md#state-on-disk)).',
    messages: [
      {
        text: "…:… was written by a newer stint (entry kind '…'): run that version, or start and stop it once cleanly (it then leaves only entries every version reads) and start this one again; do not move the directory aside: it holds the replay records and revocations",
      },
      {
        text: '… was written by a newer stint (record version …): run that version; do not delete the file, it is how the broker tells a state directory that lost its journal from a new one',
        note: '`<audit file>.state.json`, the record of the journal each state directory holds ([ERR_STATE_RECORD_CORRUPT](#err_state_record_corrupt)).',
      },
    ],
  },
  ERR_STATE_RECORD_CORRUPT: {
    topic: 'serve',
    summary:
      "`<audit file>.state.json`, kept beside the audit log, is damaged (empty, not JSON, or not shaped as stint writes it). It names the journal each embedded store's state directory holds, which is how the broker finds a state directory that lost its journal ([ERR_STORE_DATA_LOST](#err_store_data_lost)); read as no record, a lost journal would pass for a new one, so the broker refuses to start. Nothing was changed: not the file, not the state directory.",
    fix: 'Restore the file from a backup. Or delete it to accept that loss detection starts over: the next start writes it afresh (each broker sharing the audit directory adds its own line at its next start), and a state directory that lost its journal before then goes unnoticed: its revocations are forgotten and the ID tokens it had exchanged could be exchanged again until they expire ([broker.md](broker.md#state-on-disk)).',
    messages: [
      {
        text: '…, the record of the journal each state directory holds, is damaged (…), so the broker cannot tell whether its state directory lost its journal, and will not start without knowing. Restore the file from a backup; or, to accept that loss detection starts over, delete it: the next start writes it afresh, and a journal lost before then goes unnoticed (its replay records and revocations gone without ERR_STORE_DATA_LOST)',
        note: 'the reason is one of: it is empty, it is not JSON, it is not a JSON object, its version is not 1, its journals are not an object, a journal in it is not named by a string.',
      },
    ],
  },

  // What the broker answers: the request
  ERR_REQUEST_TARGET: {
    topic: 'requests',
    status: 400,
    summary: 'The request target is not a valid URL path.',
    fix: 'A client or proxy sent a malformed request line.',
  },
  ERR_NOT_FOUND: {
    topic: 'requests',
    status: 404,
    summary: 'No endpoint at that path.',
    fix: 'Check the URL against the endpoints in [broker.md](broker.md#endpoints).',
    messages: [
      {
        text: "no endpoint /oauth2/token; this broker serves its endpoints under its issuer's path /stint: /stint/oauth2/token",
        note: "the broker's `issuer` has a path, and every endpoint but the probes and `/metrics` is under it ([An issuer with a path](broker.md#an-issuer-with-a-path)): give clients the issuer as broker URL.",
      },
      {
        text: "no endpoint /stint/livez; /livez is at the root, not under the issuer's path",
        note: 'the probes and `/metrics` stay at the root whatever the issuer.',
      },
    ],
  },
  ERR_METHOD_NOT_ALLOWED: {
    topic: 'requests',
    status: 405,
    summary: 'The endpoint does not accept that method; the `Allow` header lists those it does.',
    fix: 'Use the method the endpoint names.',
  },
  ERR_BODY_TOO_LARGE: {
    topic: 'requests',
    status: 413,
    summary: 'The request body is over 64 KiB.',
    fix: 'A token, a form or a CSR is a few KiB; check what the client sends.',
    messages: [{ text: 'request body is larger than 64 KiB' }],
  },
  ERR_BODY_INCOMPLETE: {
    topic: 'requests',
    status: 400,
    summary:
      'The client closed the connection before the request body was complete (an aborted upload); nobody was left to read the answer.',
    fix: 'Nothing on the broker: the client gave up or lost its connection. Many of these from one address are a client or network problem.',
    messages: [{ text: 'the client closed the connection before the body was complete' }],
  },
  ERR_CONTENT_ENCODING: {
    topic: 'requests',
    status: 415,
    summary: 'The request body carries a `Content-Encoding` (gzip, br, …); the broker reads bodies uncompressed only.',
    fix: 'Send the body uncompressed, without a `Content-Encoding` header (or with `identity`).',
  },
  ERR_BODY_NOT_JSON: {
    topic: 'requests',
    status: 400,
    summary:
      '`POST /auth/oidc/exchange` (and `/mtls/certificates`) take `application/json`, and the body was not JSON.',
    fix: 'Send `content-type: application/json` and a JSON object.',
  },
  ERR_BODY_NOT_OBJECT: {
    topic: 'requests',
    status: 400,
    summary: 'The JSON body is not an object.',
    fix: 'Send `{"token": …, "project": …}`.',
  },
  ERR_BODY_NOT_FORM: {
    topic: 'requests',
    status: 400,
    summary: 'The OAuth endpoints take `application/x-www-form-urlencoded` bodies.',
    fix: 'Send the parameters as a form, as RFC 6749 says.',
  },
  ERR_PARAMETER_MISSING: {
    topic: 'requests',
    status: 400,
    summary: 'A required parameter is missing or empty; the message names it.',
    fix: 'Send it.',
  },
  ERR_PARAMETER_REPEATED: {
    topic: 'requests',
    status: 400,
    summary:
      'A form parameter is given twice (RFC 6749 §3.2 forbids it); only `resource` and `audience` on `POST /oauth2/token` may be repeated (RFC 8693 §2.1), and then they must name one project.',
    fix: 'Send each parameter once.',
  },
  ERR_AUTHORIZATION_REPEATED: {
    topic: 'requests',
    status: 400,
    summary: 'The request carries several `Authorization` headers; the broker will not guess which one is meant.',
    fix: 'A proxy or client added a second one: send one.',
    messages: [{ text: 'send one Authorization header, not several' }],
  },
  ERR_GRANT_TYPE_UNSUPPORTED: {
    topic: 'requests',
    status: 400,
    summary: '`POST /oauth2/token` only does RFC 8693 token exchange.',
    fix: 'Send `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`.',
  },
  ERR_TOKEN_TYPE_UNSUPPORTED: {
    topic: 'requests',
    status: 400,
    summary:
      '`subject_token_type` is not an ID token or JWT, or `requested_token_type` is neither an access token nor a JWT.',
    fix: 'Use `urn:ietf:params:oauth:token-type:id_token` (or `:jwt`) as the subject token type.',
  },
  ERR_ACTOR_TOKEN_UNSUPPORTED: {
    topic: 'requests',
    status: 400,
    summary:
      '`POST /oauth2/token` carries `actor_token` or `actor_token_type` (RFC 8693 delegation), which stint does not support: a stint token always acts for the CI job whose ID token was exchanged.',
    fix: 'Leave out `actor_token` and `actor_token_type`.',
    messages: [
      {
        text: 'actor_token is not accepted: stint does not support delegation (RFC 8693 §1.1); send the subject_token alone',
      },
      { text: 'actor_token_type is given without actor_token (RFC 8693 §2.1); leave it out' },
    ],
  },
  ERR_PROJECT_MISSING: {
    topic: 'requests',
    status: 400,
    summary: '`POST /oauth2/token` names no project.',
    fix: 'Give `resource` or `audience`: the project name, its audience, or `stint:<project>`.',
  },
  ERR_TARGET_UNKNOWN: {
    topic: 'requests',
    status: 400,
    summary:
      "`resource` (or `audience`) is a URL that is no project's `audience`: answered `invalid_target` (RFC 8707), before the ID token is checked, so it is not spent.",
    fix: "Give the URL exactly as the service's protected resource metadata names it (its `resource`; the broker also matches it after URL normalisation: host case, default port, trailing `/` of an empty path), or the project name. On the broker, the project's `audience` must be that URL.",
    messages: [
      {
        text: 'no project has the audience "…"; give the URL exactly as the service\'s protected resource metadata names it (its "resource"), or the project name',
      },
    ],
  },
  ERR_TARGET_INVALID: {
    topic: 'requests',
    status: 400,
    summary: '`resource` (or `audience`) carries a fragment (`#…`), which RFC 8707 forbids: answered `invalid_target`.',
    fix: "Give the service's URL without the fragment.",
  },
  ERR_TARGET_AMBIGUOUS: {
    topic: 'requests',
    status: 400,
    summary:
      '`resource` is the audience of several projects (`shared_audience: true`), so it does not say which project: answered `invalid_target`.',
    fix: 'Name the project as well: `audience=<project>` on `/oauth2/token`, `"project"` on `/auth/oidc/exchange`.',
  },
  ERR_TARGET_CONFLICT: {
    topic: 'requests',
    status: 400,
    summary:
      '`resource` and `audience` (or `project`), or a repeated `resource` or `audience`, name different projects: answered `invalid_target`, once the ID token passed its signature, audience and time checks (so a caller without a valid ID token cannot use it to tell which project a URL belongs to); the ID token is not spent.',
    fix: 'Give one of them, or several that name the same project (a stint token is for one project).',
  },
  ERR_SCOPE_INVALID: {
    topic: 'requests',
    status: 400,
    summary: '`scope` is not a space-separated string or a list of strings.',
    fix: 'Send `"scope": "read write"`.',
  },
  ERR_TTL_INVALID: {
    topic: 'requests',
    status: 400,
    summary:
      'The requested `ttl` is not a duration. It is read before the token, so a bad one does not spend the ID token.',
    fix: 'Give seconds or a value such as `90s`, `15m` or `1h`. A `ttl` above `max_ttl` is not an error, it is capped (check `expires_in`).',
    messages: [{ text: 'ttl "soon" is not a duration: give seconds or a value such as 90s, 15m or 1h' }],
  },
  ERR_RATE_LIMITED: {
    topic: 'requests',
    status: 429,
    summary:
      'Too many exchanges for this provider and owner, too many requests from one client address, or too many certificates for one token; `Retry-After` says when to try again.',
    fix:
      "Raise `rate_limit` (or the project's own) if the traffic is expected; `rate_limit.per_address` for one address. Behind a proxy, list it in " +
      '`trust_proxy`, or all its clients share one address. One token gets at most 10 client certificates: reuse one.',
    messages: [
      { text: 'too many exchanges for github owner acme; retry after 3 s' },
      { text: 'too many requests from 203.0.113.7; retry after 3 s' },
      {
        text: 'too many introspection requests with API key 0123456789abcdef; retry after 3 s',
        note: "introspection with an API key the broker has verified draws from the key's own bucket (`rate_limit.per_address` in size), not from its client address's.",
      },
      {
        text: 'too many API key checks from 203.0.113.7 at once; retry after 1 s',
        note: 'introspection: one client address (an IPv6 /64) may have at most 4 checks of keys not verified yet running or waiting for their slow hash, so it cannot fill the queue every caller shares; a key that verified is answered from a cache.',
      },
    ],
  },
  ERR_API_KEY_INVALID: {
    topic: 'requests',
    status: 401,
    summary:
      '`POST /oauth2/introspect` without a valid project API key (missing, unknown, expired or revoked); the answer carries `WWW-Authenticate: Bearer error="invalid_token"`, ' +
      'or `Bearer realm="<issuer>"` with no error when the request sent no `Authorization` at all (RFC 6750 §3.1).',
    fix:
      'The broker reads the key file of *its* keys dir (`<keys.dir>/api-keys.json`) or its Redis: run `stint keys` with the same `--config` as ' +
      "`stint serve`. Unknown, wrong, expired and revoked keys get the same answer; the `introspection_denied` audit event says which in its `reason`, with the key's public id as `api_key_id` (never its secret).",
    messages: [
      { text: 'introspection needs a valid project API key as Authorization: Bearer stint_sk_…' },
      {
        text: 'this API key\'s project "warehouse" is no longer in the broker\'s config; introspection needs a key of a configured project',
        note: 'the project was removed from the config (and the broker reloaded): its keys stop working with it.',
      },
    ],
  },
  ERR_API_KEY_BUSY: {
    topic: 'requests',
    status: 503,
    summary:
      'Too many API key checks are waiting (503 `temporarily_unavailable`, `Retry-After: 1`). A check costs a slow hash on purpose, and at most 64 wait at once.',
    fix: 'Many client addresses sending well-formed keys at once are the usual cause (a flood, or clients retrying with a revoked key); one address holds at most 4 of the places (`ERR_RATE_LIMITED` beyond), a key whose id is unknown takes one as a wrong secret does (a malformed key takes none), and a key that was checked once is then answered from a cache.',
    messages: [{ text: 'too many API key checks are waiting; try again in a second' }],
  },
  ERR_INTERNAL: {
    topic: 'requests',
    status: 500,
    summary: 'Something the broker did not expect; the caller gets a generic text.',
    fix: "The broker's log has the detail under the `request_id`. Please report it.",
  },

  // What the broker answers: the CI's ID token
  ERR_TOKEN_TOO_LARGE: {
    topic: 'id-token',
    status: 413,
    summary: 'The ID token is over 16 KiB; CI tokens are 1–2 KiB.',
    fix: 'Check what the script passes as the token.',
    messages: [{ text: 'token is larger than 16 KiB' }],
  },
  ERR_TOKEN_MALFORMED: {
    topic: 'id-token',
    status: 401,
    summary:
      'The token is not a compact JWS: three base64url parts whose first two are JSON objects (also `stint policy explain --token`).',
    fix: 'Not a genuine token (or a mangled one): check for quoting or truncation in the script that passes it.',
    messages: [{ text: 'token is not a JWT: …' }],
  },
  ERR_TOKEN_ALG: {
    topic: 'id-token',
    status: 401,
    summary: "The token's `alg` is missing, `none`, not asymmetric, or not in the provider's `algorithms`.",
    fix: "Not a genuine token of that issuer, or the provider's `algorithms` leaves out what the CI signs with.",
    messages: [
      {
        text: [
          'token alg HS256 is not an asymmetric signature algorithm',
          'token is unsigned (alg none)',
          'token alg ES256 is not allowed for provider github (allowed: RS256)',
        ],
      },
    ],
  },
  ERR_TOKEN_EMBEDDED_KEY: {
    topic: 'id-token',
    status: 401,
    summary:
      "The token header carries a key or a key URL (`jwk`, `jku`, `x5u`, `x5c`); keys are only ever taken from the issuer's JWKS.",
    fix: 'Not a genuine CI token.',
    messages: [{ text: "token header carries jku; keys are only taken from the issuer's JWKS" }],
  },
  ERR_TOKEN_CRIT: {
    topic: 'id-token',
    status: 401,
    summary:
      'The token header lists `crit` extensions stint does not understand, or its `crit` is not a list of names.',
    fix: 'Not a CI token stint can accept.',
    messages: [
      { text: 'token header lists crit extensions (["exp"]) that stint does not understand' },
      { text: 'token header crit must be an array of strings' },
    ],
  },
  ERR_ISSUER_UNTRUSTED: {
    topic: 'id-token',
    status: 401,
    summary: "The token's `iss` is not the issuer of any configured provider.",
    fix: "`iss` must equal a provider's `issuer` exactly (no trailing slash; GitHub Enterprise tokens carry `…/<enterprise>`).",
    messages: [
      { text: 'token issuer "…" is not a provider this broker trusts' },
      { text: 'token has no iss claim' },
      { text: 'token iss claim is not a string' },
    ],
  },
  ERR_TOKEN_KEY_UNKNOWN: {
    topic: 'id-token',
    status: 401,
    summary:
      "No key of the issuer's JWKS can verify the token, in keys fetched after the token came: none has its `kid`, the key with its `kid` is unfit for its `alg` (another key type or curve, `use: enc`, `key_ops` without `verify`, another `alg`), or the token names no `kid` and no key fits its `alg`.",
    fix: "Not a genuine token of that issuer, or the issuer rotated and its JWKS does not show the key yet. When the message says the key with that kid cannot verify the token, the kid is published but its entry is wrong for the alg: fix the issuer's JWKS, or the provider's `algorithms`.",
    messages: [
      {
        text: [
          'no signing key of https://token.actions.githubusercontent.com has the token\'s kid "…"',
          'the key of https://token.actions.githubusercontent.com with the token\'s kid "…" cannot verify this token: …',
          'the token names no kid, and no signing key of https://token.actions.githubusercontent.com can verify RS256',
        ],
      },
      {
        text: [
          'it is a "OKP" key ("Ed25519"), and RS256 needs an RSA key',
          'it is published for use "enc", not sig (signatures)',
          'its key_ops … do not include verify',
          'it is published for alg "ES256", and the token is RS256',
        ],
        note: 'how the message above ends when the kid is published but its key is unfit: the key type or curve, `use`, `key_ops` or `alg` of the JWKS entry.',
      },
    ],
  },
  ERR_TOKEN_KEY_PENDING: {
    topic: 'id-token',
    status: 503,
    summary:
      "The token's `kid` is not in the issuer's keys as the broker last fetched them, and it may not ask again yet (at most once per 10 s per issuer, so made-up kids cannot make it a request amplifier) or could not reach the issuer; the answer carries `Retry-After`.",
    fix: 'Retry after `Retry-After` seconds with the same ID token (it was not spent): a key the issuer has just published is found then. A kid still missing from keys fetched after the token came is refused (401 `ERR_TOKEN_KEY_UNKNOWN`).',
    messages: [
      {
        text: "no signing key of https://token.actions.githubusercontent.com matches the token's kid yet; the broker asks https://token.actions.githubusercontent.com for its keys again within 7 s: retry then",
      },
    ],
  },
  ERR_TOKEN_KEY_AMBIGUOUS: {
    topic: 'id-token',
    status: 401,
    summary: 'Several keys of the issuer match a token without `kid`.',
    fix: 'The token must name its `kid`.',
  },
  ERR_TOKEN_SIGNATURE: {
    topic: 'id-token',
    status: 401,
    summary: "The token's signature does not verify with the issuer's keys.",
    fix: 'Not a genuine token of that issuer (or a mangled one).',
    messages: [{ text: 'token signature does not verify with the keys of …' }],
  },
  ERR_TOKEN_AUDIENCE: {
    topic: 'id-token',
    status: 401,
    summary: "The token's `aud` is not the provider's `audience` (default: the broker's `issuer`).",
    fix:
      "The message ends with that CI's fix. GitHub and Buildkite mint for the audience asked for: the action's `audience` input, `stint exchange --audience` or the Buildkite plugin's `audience` must name the provider's `audience` (default: the broker's `issuer`). " +
      "GitLab: the job's `id_tokens` variable's `aud`. Jenkins: the audience of the OpenID Connect id token credential the job binds. " +
      "CircleCI mints `$CIRCLE_OIDC_TOKEN_V2` for the organization ID whatever the job asks, so the broker's `providers.circleci.audience` must be that ID (the last part of the CircleCI issuer URL).",
    messages: [
      {
        text: [
          'token audience "…" is not https://stint.example.com; request the ID token with audience https://stint.example.com (the stint action\'s …, or --audience of stint exchange)',
          'token audience "…" is not https://stint.example.com; request the ID token with audience https://stint.example.com (the stint plugin\'s audience setting, or --audience of stint exchange)',
          'token audience "…" is not https://stint.example.com; set the aud of the job\'s id_tokens variable to https://stint.example.com (the stint component\'s audience input)',
          'token audience "…" is not https://stint.example.com; set the audience of the OpenID Connect id token credential the job binds to https://stint.example.com',
        ],
      },
      {
        text: "a CircleCI job's ID token has its organization ID as its audience, whatever the job asks: set the broker's providers.circleci.audience to 3f5c9a6e-1d2b-4c8e-9f0a-7b6d5e4c3a21",
        note: 'how the message above ends for a CircleCI provider; the ID is the one in the CircleCI issuer URL the broker trusts.',
      },
      {
        text: 'token audience lists other services besides https://stint.example.com ("sts.amazonaws.com"); each of them could exchange this token here before the job does: request an ID token whose only audience is https://stint.example.com',
        note: "an `aud` list is accepted only when the broker's audience is its one entry (OpenID Connect Core §3.1.3.7: a token naming audiences the client does not trust is rejected). On GitLab give the broker an `id_tokens` variable of its own.",
      },
      {
        text: 'token was issued to another party (azp "…"), not https://stint.example.com: request an ID token for https://stint.example.com alone',
        note: "`azp` (authorized party), when the issuer sets it, must be the broker's audience too.",
      },
    ],
  },
  ERR_TOKEN_CLAIMS: {
    topic: 'id-token',
    status: 401,
    summary: 'The token has no numeric `exp`, a non-numeric `nbf` or `iat`, or no `sub`.',
    fix: 'Not a CI token stint can accept.',
  },
  ERR_TOKEN_TOO_OLD: {
    topic: 'id-token',
    status: 401,
    summary:
      'The ID token was issued more than 24 h ago (its `iat`, else its `nbf`), or says neither and expires more than 24 h from now. CI tokens are exchanged minutes after they are issued; a far `exp` would keep a leaked token exchangeable.',
    fix: "Exchange a fresh ID token. A GitLab job gets its ID tokens once, when it starts, and they live as long as its timeout: a job that runs longer than a day exchanges at its start and keeps the stint token (ask for a ttl that covers the work, up to the project's max_ttl), or is split into jobs that each exchange their own. A Jenkins admin who set the OIDC credential's token lifetime beyond a day still gets tokens that are exchangeable during their first day.",
    messages: [
      {
        text: [
          'token was issued more than 24 h ago (iat); the broker exchanges an ID token only within 24 h of its issue: exchange a fresh one (a GitLab job: exchange at its start)',
          'token has no iat or nbf and expires more than 24 h from now; the broker exchanges an ID token only within 24 h of its issue: exchange one that says when it was issued',
        ],
      },
    ],
  },
  ERR_TOKEN_EXPIRED: {
    topic: 'id-token',
    status: 401,
    summary:
      'A token has expired: the ID token at the broker (beyond 60 s of skew), a stint token at `stint/verify` or the broker.',
    fix:
      "For an ID token, the broker's clock and the CI's differ by more than 60 s: fix NTP on the broker host. A jwt profile's `ttl` is short by " +
      'design (60 s by default): sign right before sending. A stint token: exchange a new one.',
    messages: [
      { text: 'token has expired' },
      { text: 'the token has expired', note: 'from `verifyJwt` or `verifyStintToken`.' },
      {
        text: 'the broker says the token is not active: it has expired; request a new one',
        note: "`protectedResource` with `introspection`: the token's `exp` has passed by the service's clock. The guard accepts it within its clock tolerance (60 s), but the broker's introspection reads `exp` strictly. The guard answers 401 `invalid_token`.",
      },
    ],
  },
  ERR_TOKEN_NOT_YET_VALID: {
    topic: 'id-token',
    status: 401,
    summary: "The ID token's `nbf` or `iat` is more than 60 s in the broker's future.",
    fix: "The broker's clock and the CI's differ by more than 60 s: fix NTP on the broker host.",
    messages: [{ text: ['token is not valid yet (nbf is in the future)', 'token was issued in the future (iat)'] }],
  },
  ERR_TOKEN_REPLAYED: {
    topic: 'id-token',
    status: 401,
    summary:
      'The ID token was exchanged before, for any project (the broker remembers it until it expires); or, at `verifyJwt`, a `jti` was seen before.',
    fix: 'Request a new ID token per exchange (the action and `stint exchange` do).',
    messages: [
      { text: 'token was already exchanged; request a fresh ID token for every exchange' },
      { text: 'the token was already used (same jti)', note: 'from `verifyJwt` with `seen`.' },
    ],
  },
  ERR_TOKEN_REPLAY_UNKNOWN: {
    topic: 'id-token',
    status: 401,
    summary:
      "The broker's store lost its data (the broker found its Redis dataset marker gone, or started on a state directory that lost its journal: [ERR_STORE_DATA_LOST](#err_store_data_lost)), and this ID token " +
      'was issued before the loss plus 60 s (its `iat`, else `nbf`; a token with neither, within 24 h of the loss): it may have been exchanged ' +
      'already, and the record that would say so is gone, so it is refused rather than exchanged a second time.',
    fix:
      'Request a fresh ID token (the action and `stint exchange` request one per run: re-run the job). Tokens issued more than 60 s after ' +
      'the time the message names are exchanged as usual; the refusals end by themselves as the older tokens expire.',
    messages: [
      {
        text: [
          "the broker's store lost its records of exchanged tokens at …; this token was issued before …, so it may have been exchanged already; get a new ID token (one issued after …)",
          "the broker's store lost its records of exchanged tokens at …, and this token says not when it was issued (no iat or nbf), so it may have been exchanged already; get a new ID token",
        ],
      },
    ],
  },
  ERR_ISSUER_UNREACHABLE: {
    topic: 'id-token',
    status: 503,
    summary:
      "The broker has never reached that issuer's `/.well-known/openid-configuration` and JWKS (firewall, proxy, DNS). Once it has, it serves the last good keys while the issuer is down. It asks the issuer again at most once per 10 s, and the answer's `Retry-After` says when.",
    fix: 'The `reason` in the audit event says why, e.g. `… names issuer X, not Y` or `jwks_uri … is not https`.',
    messages: [{ text: 'the signing keys of https://… are not available; try again shortly' }],
  },
  ERR_ISSUER_MISMATCH: {
    topic: 'id-token',
    summary:
      "The issuer's discovery document names another issuer (OpenID Connect Discovery §4.3); its keys are not used. Shows in the audit `reason` of an `ERR_ISSUER_UNREACHABLE`.",
    fix: "The provider's `issuer` must be exactly what the CI's discovery document says.",
  },
  ERR_ISSUER_DOCUMENT_INVALID: {
    topic: 'id-token',
    summary: "The issuer's discovery document or JWKS is not JSON, has no valid `jwks_uri` or no `keys` array.",
    fix: "Check the provider's `issuer`: it must be the CI's issuer URL, whose `/.well-known/openid-configuration` names its JWKS.",
  },
  ERR_ISSUER_DOCUMENT_TOO_LARGE: {
    topic: 'id-token',
    summary: "The issuer's discovery document or JWKS is over 256 KiB.",
    fix: "Check the provider's `issuer`.",
  },
  ERR_ISSUER_INSECURE: {
    topic: 'id-token',
    summary: "The issuer's `jwks_uri` is not https.",
    fix: '`allow_insecure: true` on the provider is for local tests only.',
  },

  // Signing keys, API keys and the audit log
  ERR_KEYS_INSECURE: {
    topic: 'keys',
    summary: 'A private signing key is readable by other users; the broker refuses a key others could have read.',
    fix: 'Fix the mode, then rotate, since it may have been copied.',
    messages: [
      {
        text: 'stint: … is readable by other users; run `chmod 600 …/<kid>.pem` and rotate the key (`stint keys rotate --now`)',
      },
      {
        text: 'stint: warning: the broker refuses to load this key: …',
        note: 'the same, found by `stint keys list` (which still lists the keys), by the same rule: a key file mounted 0440 for a group of this user in a keys dir this user may not write (a Kubernetes Secret with `fsGroup`) is not reported.',
      },
    ],
  },
  ERR_KEYS_CORRUPT: {
    topic: 'keys',
    summary:
      'The keys dir was edited or half-copied: its manifest is not valid, or a key file is missing or does not match.',
    fix: 'Restore it from the same source, or `stint keys rotate --now` to start over (tokens in flight stop verifying). A manifest of a higher `version` is [ERR_KEYS_NEWER](#err_keys_newer), not damage: do not rotate over it.',
    messages: [
      {
        text: [
          'stint: …/keys.json has a malformed key entry',
          '… is not valid JSON; restore it or run `stint keys rotate --now`',
          '…/<kid>.pem is missing; …',
        ],
      },
    ],
  },
  ERR_KEYS_NEWER: {
    topic: 'keys',
    status: 503,
    summary:
      'A keys file was written by a newer stint: `<keys.dir>/keys.json` has a higher `version`, or a key of an algorithm this version does not sign with, or ' +
      '`<keys.dir>/api-keys.json` has a higher `version` (a rollback, [upgrading.md](upgrading.md)). Not damage: nothing was changed. The broker refuses to start on it; ' +
      'one that meets it while running signs nothing ([ERR_KEYS_UNREADABLE](#err_keys_unreadable)) or, for the API key file, is not ready (`/readyz` 503) and answers introspection 503; `stint keys rotate --now` refuses it too.',
    fix:
      'Run the newer version that wrote it, or roll back as [upgrading.md](upgrading.md) says. Do not run `stint keys rotate --now` or edit the file: ' +
      "that would delete the newer version's signing keys (every token they signed would stop verifying) or its project API keys.",
    messages: [
      {
        text: [
          "stint: …/keys.json was written by a newer stint (manifest version 2; this stint reads version 1): run that version (see docs/upgrading.md); do not run `stint keys rotate --now` or edit the file: that would delete that version's keys, and every token they signed would stop verifying",
          '…/keys.json was written by a newer stint (key … is ES384, which this stint does not sign with): …',
          '…/api-keys.json was written by a newer stint (API key file version 2; this stint reads version 1): run that version (see docs/upgrading.md); do not edit or delete the file, it holds the project API keys that version made',
        ],
      },
    ],
  },
  ERR_API_KEYS_UNREADABLE: {
    topic: 'keys',
    status: 503,
    summary:
      "The embedded store's project API key file (`<keys.dir>/api-keys.json`) cannot be read: not JSON, not a stint API key file, or a permission. " +
      'The broker refuses to start on it; one that meets it while running is not ready (`/readyz` 503, `the broker cannot read its project API keys`) and answers introspection 503 ' +
      '`temporarily_unavailable` rather than let a key through; `stint keys create-api-key`, `list-api-keys` and `revoke-api-key` stop with it.',
    fix: "Restore the file (the broker re-reads it at the next request when it changes), or give the broker's user read access to it. Moving it aside forgets every project API key: create them anew with `stint keys create-api-key`.",
    messages: [{ text: 'cannot read API key file …/api-keys.json: …; fix or restore it' }],
  },
  ERR_KEYS_DIR_READ_ONLY: {
    topic: 'keys',
    summary:
      'The keys dir is read-only for this broker and holds no key that signs now, and the broker may not write one there.',
    fix:
      'Run `stint keys rotate` with a config whose `keys.dir` is a writable copy of it and ship that copy (e.g. as the Kubernetes Secret), ' +
      'or start the broker once with the dir writable.',
  },
  ERR_FILE_ACCESS: {
    topic: 'keys',
    summary:
      "Permission denied on one of stint's own files (config, TLS certificate or key, state, keys, audit log); the message names the file, the user stint runs as, the file's owner and its mode.",
    fix: 'Run stint as the user that owns its files (config, TLS key, state, keys, audit log), or give this user access to them (chown/chmod).',
  },
  ERR_FILE_READ_ONLY: {
    topic: 'keys',
    summary: "One of stint's own files is on a read-only file system.",
    fix: 'Mount it writable, or point the config at a writable path.',
  },
  ERR_KEYS_UNREADABLE: {
    status: 503,
    topic: 'keys',
    summary:
      "The broker saw its keys dir change (a rotation) and could not read it again: most often a `stint keys rotate` run as another user left files the broker's user may not read (EACCES). The change may have been an emergency rotation that dropped the key the broker holds, so it signs nothing, nor vouches for tokens its old keys signed, until a re-read succeeds: exchanges, introspection and revocation get 503 `temporarily_unavailable`, `/readyz` 503 (`the broker cannot re-read its signing keys since they changed (keys.json: EACCES, as uid …)`), `stint_signing_keys_unreadable` is 1 and `stint_signing_keys_reload_failures_total` counts each failed re-read (alert `StintSigningKeysUnreadable`). The JWKS keeps what it published.",
    fix: "Give the broker's user read access to the keys dir and its files again (`chown`/`chmod` to the broker's user or group, as the files were). Since this release `stint keys rotate` keeps the owner, group and group-read bit of the files already there, so a rotation run as root (with a rotator config whose audit log is root's own; with the broker's config, run it as the broker's user) no longer does this. The broker re-reads the dir every 30 s, on each change and at each `/readyz`, and is ready again at the first re-read that succeeds, without a restart.",
  },
  ERR_KEYS_NO_CURRENT: {
    topic: 'keys',
    summary:
      'Every signing key retired (the broker was stopped for longer than the grace window and the dir edited by hand).',
    fix: 'Run `stint keys rotate --now`.',
    messages: [{ text: 'stint: no signing key is active in …; run `stint keys rotate --now`' }],
  },
  ERR_KEYS_ALGORITHM: {
    topic: 'keys',
    summary: '`keys.algorithm` is not one stint signs with.',
    fix: 'Use `ES256` (the default), `EdDSA` or `RS256`.',
  },
  ERR_PKCS11_BINDING: {
    topic: 'keys',
    summary:
      '`keys.pkcs11` is set but the PKCS#11 binding `pkcs11js` (a native addon npm builds at install; stint names it only as an optional peer dependency, so npm installs it for no one and file-key users load nothing native) is not installed beside stint, or did not build.',
    fix: "Install it where stint is installed: `npm install ./stint-<version>.tgz pkcs11js@^2.1.7` (the tarball of a release or of `npm pack`), or `npm install pkcs11js@^2.1.7` beside the single-file release asset (the range is stint's optional peer dependency: 2.1.7 is the version tested) (never `npm install stint`: until the first release that npm name belongs to someone else); node-gyp needs python3, make and g++. npm 11 asks for dependency install scripts to be approved (`allowScripts`), so the build is not skipped: `npm install-scripts approve pkcs11js` in that project, or `--allow-scripts=pkcs11js` with `npm install -g`.",
  },
  ERR_PKCS11_MODULE: {
    topic: 'keys',
    summary:
      '`keys.pkcs11.module` does not name a PKCS#11 library this process can load, or the library would not start (`C_Initialize` failed, most often because its own configuration is missing or unreadable).',
    fix: "Give the absolute path of the vendor library (SoftHSM: `/usr/lib/softhsm/libsofthsm2.so`); see docs/pkcs11.md for HSMs, AWS CloudHSM and Google Cloud KMS. When `C_Initialize` failed, check the library's own configuration as the broker's user sees it: SoftHSM reads the file `SOFTHSM2_CONF` names (or its default, `/etc/softhsm/softhsm2.conf`), whose `directories.tokendir` must exist and be readable; an HSM client reads its config file (`Chrystoki.conf`, `cknfastrc`, CloudHSM's `configure-pkcs11`) and needs its network access to the HSM.",
    messages: [
      {
        text: '/usr/lib/softhsm/libsofthsm2.so: C_Initialize failed: CKR_GENERAL_ERROR; the library could not start: check its own configuration (SoftHSM: the file SOFTHSM2_CONF names, and that its directories.tokendir exists and is readable; an HSM client: its config file and its network access to the HSM)',
      },
    ],
  },
  ERR_PKCS11_TOKEN: {
    topic: 'keys',
    summary: 'No slot of the PKCS#11 module holds a token with the label `keys.pkcs11.token`.',
    fix: 'Check the label (`softhsm2-util --show-slots`, `pkcs11-tool --list-slots`) and, for SoftHSM, that `SOFTHSM2_CONF` names the config whose token dir holds it.',
  },
  ERR_PKCS11_PIN: {
    topic: 'keys',
    summary:
      'The token refused the PIN, or the environment variable `keys.pkcs11.pin_env` names is not set. The PIN is never printed; nor is the name in `pin_env` unless it is in the usual form (capitals, digits, `_`), since what stands there is sometimes the PIN itself.',
    fix: "Set that variable to the user PIN of the token; a locked PIN is unlocked with the SO PIN by the token's own tools. A running broker whose reconnect the token refused the PIN does not try it again (each wrong try counts toward locking it): restart it with the right PIN.",
  },
  ERR_PKCS11_MECHANISM: {
    topic: 'keys',
    summary:
      'The token does not offer the mechanism `keys.algorithm` needs (ES256: CKM_EC_KEY_PAIR_GEN and CKM_ECDSA; EdDSA: CKM_EC_EDWARDS_KEY_PAIR_GEN and CKM_EDDSA; RS256: CKM_RSA_PKCS_KEY_PAIR_GEN and CKM_SHA256_RSA_PKCS).',
    fix: 'Use an algorithm the token offers (ES256 is offered by every HSM and KMS stint knows), or a newer token firmware or library.',
  },
  ERR_PKCS11_SESSION: {
    status: 503,
    topic: 'keys',
    summary:
      'The broker lost its session with the PKCS#11 token (the HSM restarted, the network to it broke) and could not open a new one. It answers 503 `temporarily_unavailable` and `/readyz` 503 (`the broker cannot reach its PKCS#11 token`) until it reconnects, which it tries every 5 s and on a certificate request (at most once a second); when a new session alone does not reach the token, it finalises and initialises the PKCS#11 library again (at most every 5 s, backing off to every 30 s).',
    fix: 'Bring the token back; the broker recovers by itself, without a restart. Its log names the PKCS#11 return code.',
    messages: [
      {
        text: 'lost the session with token stint and cannot open a new one for C_FindObjects: C_GetTokenInfo on /usr/lib/softhsm/libsofthsm2.so (token stint) failed: CKR_GENERAL_ERROR; after re-initialising the library, no token labelled stint (keys.pkcs11.token) in /usr/lib/softhsm/libsofthsm2.so; tokens found: ""',
        note: 'the token is still away; the broker goes on trying',
      },
    ],
  },
  ERR_PKCS11_FAILED: {
    topic: 'keys',
    summary:
      'The PKCS#11 token refused an operation stint needs (generate, find, sign or destroy a key); the message names the function and its return code.',
    fix: "Look the return code up in the token's documentation; a full token (CKR_DEVICE_MEMORY) needs old objects removed.",
    messages: [
      {
        text: 'the key … just generated in token … is not found by a search for CKA_TOKEN and CKA_LOCAL true, which every key a token generates has, and was destroyed again: …',
        note: 'stint finds its signing keys by that search, never by a scan of every key ([pkcs11.md](pkcs11.md#what-is-in-the-token)): another process destroyed the key at once (`stint keys rotate --now` elsewhere: try again), or the token does not match `CKA_LOCAL` in a search (report it with the token model)',
      },
    ],
  },
  ERR_SIGNER_FAILED: {
    topic: 'keys',
    summary: 'A signer returned a signature stint cannot use (the wrong length for its algorithm).',
    fix: 'A bug in the signer or the token if you see it: please report it with the token model.',
  },
  ERR_KEYS_SCHEDULE: {
    topic: 'keys',
    summary: 'A key set opened with `rotate_every` ≤ 0 or a negative `grace` (the config refuses these first).',
    fix: 'A bug if you see it: please report it.',
  },
  ERR_TOKEN_TTL: {
    topic: 'keys',
    summary:
      'A token lifetime outside 1 s to 24 h reached the minting code (the config and the exchange cap it first).',
    fix: 'A bug if you see it: please report it.',
  },
  ERR_LOCK_TIMEOUT: {
    topic: 'keys',
    summary:
      'Another `stint keys …` or broker held a lock on the keys, the API key file, the audit log or the CA for 40 s.',
    fix:
      "A busy broker keeps the audit log's lock between writes and lets go when another process asks for it (at its next write, or after 50 ms " +
      'without one). A lock whose holder process is gone from this host is broken at once; one whose holder still runs on this host is never ' +
      'broken, however long since it was refreshed (a broker stopped with SIGSTOP, or frozen, keeps its locks until it is resumed or stopped); ' +
      'a lock from another host is broken when not refreshed for 30 s (holders refresh theirs every 10 s). So this error means the holder it names ' +
      'runs but is stuck or stopped: resume it (`kill -CONT PID`) or stop it. Hosts that share a keys dir must keep their clocks in step (NTP): ' +
      'a lock from another host is judged by its file time.',
    messages: [
      {
        text: 'stint: could not lock …/.keys.lock within 40 s: pid … on host … holds it and still runs (stopped with SIGSTOP, frozen or stuck?); resume or stop that process, and delete the file only if it is not running',
        note: 'or `…/audit.jsonl.lock`, `…/api-keys.json.lock`, `…/ca/ca.lock`.',
      },
      {
        text: 'stint: waiting for …/.keys.lock, held by pid 4242 on host build-7, for 5 s; giving up after 40 s',
        note: 'printed once on stderr (by the CLI or a broker) when a wait for a lock lasts 5 s: the process named holds it.',
      },
    ],
  },
  ERR_API_KEY_UNKNOWN: {
    topic: 'keys',
    summary: '`stint keys revoke-api-key ID|KEY`: no API key has that id (or the id inside the key given).',
    fix: 'The id is the 16 hex digits after `stint_sk_`; `stint keys list-api-keys` lists them. The whole key may be given instead (a leaked one, as found); it is never printed back.',
    messages: [{ text: 'stint: no API key has id 0123456789abcdef; see `stint keys list-api-keys`' }],
  },
  ERR_API_KEY_PROJECT: {
    topic: 'keys',
    summary: 'An API key was asked for without a project.',
    fix: 'Pass `--project P`.',
  },
  ERR_API_KEY_EXPIRY: {
    topic: 'keys',
    summary: 'An API key was asked for with an expiry that is not in the future.',
    fix: 'Give `--expires` as a positive duration such as `90d`.',
  },
  WARN_APIKEY_EXPIRING: {
    topic: 'keys',
    summary:
      'A `warn` line of the broker log (`"event":"apikey_expiring"`, with `api_key_id`, `project` and `expires_at`) for each active project ' +
      'API key that expires within 14 days; said at start and again once a day, and counted per project in the gauge ' +
      '`stint_apikeys_expiring` (alert `StintApiKeyExpiring`). `stint keys list-api-keys` warns about the same keys on stderr.',
    fix:
      'Create its successor (`stint keys create-api-key --project P`, 90 days by default), move the resource server to it, then ' +
      '`stint keys revoke-api-key ID` the old one. A key that expires is refused at introspection (401 `ERR_API_KEY_INVALID`), ' +
      'counted in `stint_introspection_denied_total{reason="expired"}` (alert `StintApiKeyExpiredInUse`).',
    messages: [
      {
        text: 'API key 0123456789abcdef (project warehouse) expires 2027-01-02T00:00:00.000Z (in 9 days); create its successor with `stint keys create-api-key --project warehouse`, move its user to it, then revoke this one',
      },
      {
        text: 'stint: warning: API key 0123456789abcdef (project warehouse) expires 2027-01-02T00:00:00.000Z; create its successor, move its user to it, then revoke 0123456789abcdef',
        note: '`stint keys list-api-keys`, on stderr.',
      },
    ],
  },
  WARN_APIKEY_NO_EXPIRY: {
    topic: 'keys',
    summary:
      'An active project API key has no expiry: it was created with `--expires never`, or before keys expired in 90 days by default ' +
      '(those records have no expiry and keep working as keys that never expire). Logged by the broker at start and once a day ' +
      '(`"event":"apikey_no_expiry"`), and by `stint keys list-api-keys` on stderr.',
    fix: 'Rotate it: create its successor (it expires in 90 days), move its user to it, then revoke the old key.',
    messages: [
      {
        text: 'API key 0123456789abcdef (project warehouse) never expires (made before keys expired by default, or with --expires never); rotate it: create its successor with `stint keys create-api-key --project warehouse`, move its user to it, then revoke this one',
      },
      {
        text: 'stint: warning: API key 0123456789abcdef (project warehouse) never expires; rotate it: create its successor (it expires in 90 days), move its user to it, then revoke 0123456789abcdef',
        note: '`stint keys list-api-keys`, on stderr.',
      },
      {
        text: 'the last use of API keys cannot be recorded: …; introspection is not affected, and `stint keys list-api-keys` shows no newer last use until the store can be written',
        note: 'said once: the broker cannot write `<keys.dir>/api-keys.json` (a read-only keys dir) or Redis; keys keep working, their `LAST USED` stays where it was.',
      },
    ],
  },
  WARN_KEY_ROTATION_DUE: {
    topic: 'keys',
    summary:
      'The signing key that signs now has signed for `keys.rotate_every` or longer and no successor is published (gauge ' +
      '`stint_signing_key_rotation_due` 1, alert `StintSigningKeyRotationDue`). A broker that may write its keys dir schedules the successor ' +
      'itself well before that, so this is a read-only keys dir whose rotator has not run, or key maintenance that keeps failing.',
    fix:
      'Run `stint keys rotate --config F` where the keys dir is writable and ship the result (a read-only dir), or read the log for ' +
      '`signing-key maintenance failed: …`.',
    messages: [
      {
        text: 'signing key … has signed since 2026-11-01T00:00:00.000Z, longer than keys.rotate_every (30d), and no successor is published: … is read-only for this broker, so run `stint keys rotate` where it is writable and ship the result',
      },
    ],
  },
  WARN_KEYS_GRACE_SHORT: {
    topic: 'keys',
    summary:
      '`keys.grace` (how long a retired signing key stays in the JWKS) is shorter than the longest `max_ttl` of a project. A token signed just ' +
      'before a rotation lives up to that `max_ttl`, but its key leaves the JWKS after `grace`, so the token stops verifying (at the broker and ' +
      'at every resource server) before it expires. Said by `stint policy check`, at start and on each reload; the broker starts.',
    fix:
      "Set `keys.grace` to at least the longest `max_ttl` (the default, 7d, covers the 24h ceiling), or lower that project's `max_ttl`. " +
      '`keys` takes a restart; `max_ttl` a reload.',
    messages: [
      {
        text: 'keys.grace 30m is shorter than projects.warehouse.max_ttl 2h: a token signed just before a key rotation outlives the key in the JWKS and stops verifying before it expires; set keys.grace to at least 2h, or lower max_ttl',
      },
    ],
  },
  WARN_KEY_ALGORITHM_PENDING: {
    topic: 'keys',
    summary:
      'The key that signs now is not of the configured `keys.algorithm` (it was changed since the key was made). Logged at start. A broker that ' +
      'may write its keys dir (or a PKCS#11 token) rotates to the configured algorithm by itself, the safe way: the new key is published at once, ' +
      'signs once the publish-ahead window (min(24 h, `grace`, `rotate_every` / 2)) has passed, and is audited as `key_rotated` with the reason ' +
      '`keys.algorithm changed from … to …`. A key already waiting signs first; its successor is of the configured algorithm.',
    fix:
      'Nothing, when the message names the time the configured algorithm signs from. On a read-only keys dir, run `stint keys rotate --config F` ' +
      'where it is writable and ship the result. `stint keys rotate --now` switches at once, but tokens in flight stop verifying.',
    messages: [
      {
        text: [
          'signing RS256 until 2026-12-07T13:00:00.000Z, configured ES256: the ES256 key … is published now and signs from then',
          'signing RS256, configured ES256: the keys dir … is read-only for this broker, so it does not switch by itself; run `stint keys rotate` where it is writable and ship the result',
          'signing RS256, configured ES256: the RS256 key … waiting signs from …, and its ES256 successor is scheduled then',
        ],
      },
    ],
  },
  ERR_AUDIT_CORRUPT: {
    topic: 'keys',
    summary:
      "The audit log's last line is incomplete (a crash mid-write or an edit); the broker will not extend a chain whose last line is broken.",
    fix:
      'Keep the old file as evidence: stop the broker, `stint audit verify audit.jsonl` (it names the broken line), then ' +
      '`cp audit.jsonl.chain audit.jsonl.broken.chain` and `mv audit.jsonl audit.jsonl.broken`, and start the broker. ' +
      'Leave `audit.jsonl.chain` in place: the new `audit.jsonl` continues the chain from the line it records (its first line has the next `seq`), ' +
      'so no `seq` is given out twice, and it is not a chain that starts at 1: verify it with ' +
      '`stint audit verify audit.jsonl --after SEQ:HASH`, the anchor the message names (the same as `audit.jsonl.broken.chain` holds; ' +
      '`--after "$(cat audit.jsonl.broken.chain)"` reads it from there). To begin a new chain at seq 1 instead, move `audit.jsonl.chain` aside too. ' +
      'A running broker that finds its log so refuses every event (503, as for ERR_AUDIT_WRITE) until the file is moved aside, and needs no restart.',
    messages: [
      {
        text: 'stint: audit log …: its last line is incomplete; run `stint audit verify …`, and move the file aside to start a new log: a new log then continues the chain from line 352, as recorded in ….chain (keep a copy of that file with the old one): verify the new log with `stint audit verify … --after 352:72fba710917b2700…`',
      },
    ],
  },
  ERR_AUDIT_TRUNCATED: {
    topic: 'keys',
    summary:
      'Whole lines were cut off the end of the audit log: its last line is before the one `audit.jsonl.chain` (the record of the last line written, kept beside the log) names, ' +
      'or is another line with that `seq`. A restore of the audit volume from an older snapshot does this, as does a truncation or an edit, and so can a power cut or kernel crash (audit lines are not fsynced one by one: the OS may have written `.chain` and not yet the last lines). ' +
      'The broker refuses to write on: new lines would get the `seq` numbers of lines already written (and perhaps shipped off the host), ' +
      'and `audit.jsonl.chain`, the one record of the cut, would be overwritten. It leaves both files as they are. ' +
      'A running broker that finds its log cut refuses every event (503 `temporarily_unavailable`, `GET /readyz` 503, as for ERR_AUDIT_WRITE) until it is fixed.',
    fix:
      'Find out why the lines are gone (which snapshot was restored, who truncated the file). Then either put them back (the log shipped off the host, a newer snapshot): ' +
      'the file must end at the line `audit.jsonl.chain` names (`stint audit verify audit.jsonl --anchor "$(cat audit.jsonl.chain)"` passes); ' +
      'or keep the cut file as evidence and go on without those lines: stop the broker, `cp audit.jsonl.chain audit.jsonl.cut.chain`, `mv audit.jsonl audit.jsonl.cut`, and start it. ' +
      'Leave `audit.jsonl.chain` in place: the new `audit.jsonl` continues after the last line written (the next `seq`), so no `seq` is given out twice. ' +
      'Verify it with `stint audit verify audit.jsonl --after "$(cat audit.jsonl.cut.chain)"` (the anchor the message names); ' +
      '`stint audit verify audit.jsonl.cut audit.jsonl` names the gap. A running broker takes writes again by itself once the file is fixed or moved aside, without a restart; ' +
      'its first line then is an `audit_write_failed` event saying since when, and how many events were refused.',
    messages: [
      {
        text: 'stint: audit log … ends at line 1903 (hash 684faf27dc992d77…), but ….chain records line 1907 (hash c98568a3…) as the last one written: lines 1904-1907 were cut off its end (a restore from an older copy, a truncation or an edit; or a power cut or kernel crash, which loses lines the OS had not yet written to the disk), and writing on would give new lines the seq numbers of lines already written. Put the missing lines back from a copy (the log shipped off the host), or keep the file as evidence and move it aside: a new log then continues the chain from line 1907, as recorded in ….chain (keep a copy of that file with the old one): verify the new log with `stint audit verify … --after 1907:c98568a3…`',
        note: 'at start-up (exit 1), and from `stint keys …` (`; nothing was changed`). A running broker logs it with each event it refuses, ending `Nothing is written to it until then …; no restart is needed`.',
      },
    ],
  },
  ERR_AUDIT_READ: {
    topic: 'keys',
    summary: 'The audit log cannot be read.',
    fix: 'Check the path and the permissions of `audit.file`.',
  },
  ERR_AUDIT_WRITE: {
    status: 503,
    topic: 'keys',
    summary:
      'The audit log could not be written; no exchange is answered until it can be (no token leaves unaudited). ' +
      'Callers get 503 `temporarily_unavailable` with `Retry-After: 5` (the action retries), their ID token left unspent, and ' +
      '`GET /readyz` answers 503 `the broker cannot write its audit log (ENOSPC)` (the errno), so a load balancer sends them elsewhere. ' +
      'A write the disk cut short is cut back to its last whole line, so the file stays whole. ' +
      '`stint keys` opens the log before it changes anything, so there this means nothing was changed.',
    fix:
      "Free space on the log's device, or fix what the message names (permissions, `audit.file`). The broker tries again at each request and each `GET /readyz` " +
      'and takes writes again by itself, no restart needed; its first line then is an `audit_write_failed` event saying since when and ' +
      'how many events were refused. Run a `stint keys` command again. Only when the message says what was written could not be cut off ' +
      'does the broker stop writing for good: move the file aside and restart.',
    messages: [
      {
        text: 'the broker cannot write its audit log; try again shortly',
        note: "what callers get (503, `Retry-After: 5`); the detail is in the broker's log, never in the public answer.",
      },
      {
        text: 'audit log … could not be written (ENOSPC: no space left on device, write); nothing is written until a write succeeds (tried again at each event, and at each GET /readyz of a broker): free space on its device or fix what the error names; no restart is needed',
        note: "in the broker's log, for each request refused meanwhile and each failed `GET /readyz`.",
      },
      {
        text: 'audit log …: its lock file ….lock could not be created (ENOSPC: no space left on device, write); …',
        note: 'the lock file beside the log: the same disk, or a directory the broker may no longer write.',
      },
      {
        text: 'audit log … could not be written (…), and what was written of the log could not be cut off (…), so its last line may be incomplete: nothing more is written to it. Fix the disk, move the file aside (`stint audit verify` checks the lines before the incomplete one) and restart',
      },
      {
        text: 'stint: audit log … (audit.file in …) cannot be written: …; nothing was changed',
        note: '`stint keys`: e.g. `EISDIR` when `audit.file` names a directory. Other refusals of the log (a directory others may write, a broken last line) keep their own code and end with `; nothing was changed` too.',
      },
      {
        text: 'stint: API key … is revoked (a running broker refuses it from its next request), but its apikey_revoked event could not be written to …',
        note: 'the disk failed between the revocation and its event: the key stays revoked; the log misses that line.',
      },
    ],
  },
  ERR_AUDIT_SECRET: {
    topic: 'keys',
    summary: 'A bug tried to put a secret (a JWT, an API key, a private key) in the audit log; nothing was written.',
    fix: 'Please report it.',
    messages: [{ text: 'refusing to write audit field reason: it looks like a JWT; audit a fingerprint instead' }],
  },
  ERR_AUDIT_VALUE: {
    topic: 'keys',
    summary: 'An audit event that is not JSON, too large, or sets a field the log owns.',
    fix: 'A bug if you see it: please report it.',
  },
  ERR_PATH_INSECURE: {
    topic: 'keys',
    summary:
      'Something other than a private file of this user sits where stint writes its audit log (or its lock), or the directory of the audit log or of `stint cert --out` is open to other users.',
    fix:
      'Find out who put it there. stint never writes through a symbolic link or to a file with other names, and tightens a directory of its own non-root user by ' +
      'itself; it never changes the mode of one owned by root or by someone else. Move the file aside (the broker starts a new log), or give the log a ' +
      "directory of its own (`install -d -m 0700 /var/lib/stint`). A directory or file of another non-root user is usually the broker's own state, met " +
      "by a `stint keys` command run as root (or as yourself): run the command as that uid, as the broker does; under systemd's `DynamicUser=`, with " +
      'the `systemd-run` command in [deploy/README.md](../deploy/README.md#systemd).',
    messages: [
      {
        text: [
          'stint: … is a symbolic link: stint writes only to a file at that name, never through a link',
          'stint: … has 2 names (hard links); another of them could be a file stint must not write',
          "stint: … belongs to another user (uid …); move it aside or give it to the broker's user",
          "stint: … belongs to another user (uid …); run this as uid …, the user that owns it, as the broker does (under systemd's DynamicUser=, with the systemd-run command in deploy/README.md#systemd), or move it aside",
        ],
        note: 'the audit log or its lock file.',
      },
      {
        text: [
          'stint: … is writable by its group or by others (mode …), who could replace what stint writes there; run `chmod go-w …` or use a directory of your own',
          'stint: … is shared: other users can create files there (like /tmp) and could plant a symlink or a file of their own; use a directory of your own',
          "stint: … belongs to another user (uid …), who could replace what stint writes there; run this as uid …, the user that owns it, as the broker does (under systemd's DynamicUser=, with the systemd-run command in deploy/README.md#systemd), or use a directory of your own",
        ],
        note: 'the directory of the audit log, or of `stint cert --out`.',
      },
    ],
  },
  ERR_AUDIT_CLOSED: {
    topic: 'keys',
    summary: 'An event was written after the audit log was closed (the broker is stopping).',
    fix: 'Nothing, unless it happens while the broker runs: then report it.',
  },

  // Redis store
  ERR_STORE_UNAVAILABLE: {
    topic: 'redis',
    status: 503,
    summary:
      'The broker cannot reach its store, or the store cannot confirm a write. The broker fails closed: exchanges, introspection, revocation and ' +
      'certificates are refused (503 `temporarily_unavailable`) rather than skip the replay or revocation check, and `GET /healthz` answers 503.',
    fix:
      'Redis is down or unreachable from this host, or refuses the broker, or fewer replicas than `store.min_replica_acks` confirmed a ' +
      'replay record or revocation within half the command time-out (then the exchange is refused and its ID token left unspent). ' +
      'The brokers recover by themselves within seconds of it coming back; ' +
      "nothing needs a restart. The broker's log (and `stint keys …`) print the cause:",
    messages: [
      {
        text: 'the broker cannot reach its store; try again shortly',
        note: "what callers get; the detail is in the broker's log, never in the public answer.",
      },
      {
        text: 'stint: Redis store redis://HOST:PORT/0 is unavailable (…); check that Redis is running and reachable and that the password is right',
        note:
          'in the parentheses, the operation and `not connected (reconnecting; last error: connect ECONNREFUSED HOST:PORT)`; printed by `stint keys …`, ' +
          "and in the broker's log for the first refused request and the first failed `GET /healthz` (which itself answers 503 with a generic reason), then in a summary at most once a minute and a line when requests are served again ([many-brokers.md](many-brokers.md#when-redis-is-down)).",
      },
      {
        text: '… not connected (end; last error: Connection is closed.)',
        note: 'on Sentinel, for a moment during a failover: the failover was announced while the broker was asking the sentinels for the master, and ioredis gave that link up; the broker makes it again after its reconnect back-off (at most about 2 s). Older brokers stayed so until restarted.',
      },
      {
        text: '… last error: WRONGPASS invalid username-password pair or user is disabled.',
        note: 'the password in the env var that `store.password_env` names (or the ACL user in the URL) is wrong.',
      },
      {
        text: '… last error: NOAUTH HELLO must be called with the client already authenticated, …',
        note: 'Redis wants a password and none was given: set `password_env` and that variable.',
      },
      {
        text: [
          '… (OPERATION: Command timed out); Redis did not answer within the command time-out: it is overloaded, paused, or failing over (a Sentinel or Cluster failover ends within seconds, and the broker follows it by itself); if it lasts, check its log and load',
          "… last error: Socket timeout. Expecting data, but didn't receive any in 2000ms.",
        ],
        note: 'Redis accepts connections but does not answer within 1 s (overloaded, paused, a blocking script, or a failover under way); each request is refused after that bound rather than left hanging.',
      },
      {
        text: '… (OPERATION: 1 of 2 replicas confirmed the write within 500 ms (store.min_replica_acks)); the primary has 1 connected replica(s) (INFO replication: connected_slaves), fewer than store.min_replica_acks 2: start or reattach the missing replica (its log, its replicaof and masterauth), or lower store.min_replica_acks',
        note:
          'a replica is missing: the primary has fewer replicas than `store.min_replica_acks` asks to confirm each record, so none can be confirmed. ' +
          'With enough replicas connected the line says instead that only some confirmed in time: they lag (their link, their load). On a Cluster it names the master that took the write (`check that master HOST:PORT has at least 1 replica(s) attached …`): only the slots of that master are refused.',
      },
      {
        text: [
          'stint: API key … is revoked on the primary (a running broker refuses it from its next request; its apikey_revoked event is written), but the replicas did not confirm it: … (revokeApiKey: 1 of 2 replicas confirmed the write within 500 ms (store.min_replica_acks)); …; until they do, a failover to a replica that lacks it would make the key valid again: run `stint keys revoke-api-key …` again until it exits 0 (it confirms the revocation and writes no second event)',
          'stint: API key … was already revoked (at …) and a running broker refuses it, but the replicas still do not confirm the revocation: …',
        ],
        note:
          '`stint keys revoke-api-key` with `store.min_replica_acks`: the revocation is in force (on the primary, which every broker reads) and audited, but a failover before the replicas hold it would undo it. ' +
          'Run the command again until it exits 0; each run writes the revocation again and waits for the replicas. Fix the lagging or missing replica as the rest of the line says.',
      },
      {
        text: '… (OPERATION: NOPERM …)',
        note: 'the ACL user lacks a command or the `~stint:*` key pattern; use the rules in [many-brokers.md](many-brokers.md#redis-credentials-and-a-least-privilege-user).',
      },
      {
        text: "… (OPERATION: OOM command not allowed when used memory > 'maxmemory'.)",
        note: 'Redis is full (with `noeviction`, as it should be); the brokers refuse rather than lose replay entries. Give Redis more memory or find what else fills it.',
      },
      {
        text: '… (…); this Redis is a replica: point store.url at the primary, or use store.sentinels to follow the master',
        note: 'a `url` names a replica, which refuses writes; the broker is not ready until it names a primary.',
      },
      {
        text: 'the state directory … was taken from this broker (pid … on host … took it) while it stalled or ran on: it acknowledges nothing more and stops; if that other broker is the one to keep, leave it be, otherwise stop it and start this one again',
        note:
          "the embedded store: this broker's `state.lock` was removed (`its lock file was removed`) or is another broker's, which took the directory over " +
          'after this one stalled 30 s on a shared file system. It answers 503 from then on, touches the directory no more, and exits 1 ' +
          '([broker.md](broker.md#state-on-disk)).',
      },
      {
        text: "the broker cannot read its state directory … (EACCES: permission denied, lstat '…/state.lock'), so it cannot check that it still holds it: give read, write and execute on it back to the broker's user, uid … (now … is owned by uid …, gid …, mode 0000). Until then it acknowledges nothing (503); it goes on by itself once it can, without a restart",
        note:
          'the embedded store: the state directory was made unreadable under the running broker (a `chmod` or `chown`), or with another errno (`EIO`, `ENOTDIR`…) ' +
          'its disk or a part of its path failed. It is not a takeover: the broker keeps running and holding the directory, answers 503 to what must be ' +
          'written there, `/readyz` answers 503 `the broker cannot read its state directory (EACCES)`, and it serves again by itself once the directory reads ' +
          '([broker.md](broker.md#state-on-disk)).',
      },
      {
        text: ['…; if that port speaks TLS, use rediss://', '…; if that port does not speak TLS, use redis://'],
        note: 'the scheme may not match the port: a TLS port resets a plain link, and a plain port leaves a TLS handshake waiting. On Sentinel or Cluster the hint names `store.tls`.',
      },
      {
        text: "… last error: self-signed certificate in certificate chain)); this broker does not trust the CA that signed the Redis server's TLS certificate: give Node the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem in the broker's environment",
        note: "with `rediss://` (or `tls: true`): Redis's certificate is signed by a CA Node does not know (the last error may read `self-signed certificate`, `unable to get local issuer certificate` or `unable to verify the first certificate`); give it with `NODE_EXTRA_CA_CERTS` (the broker, and `stint keys …`, read it at start).",
      },
      {
        text: "… the Redis server's TLS certificate does not name …: reissue the certificate with that name among its subject alternative names (an IP address needs an IP entry), or connect by a name the certificate holds",
        note: "after `last error: Hostname/IP does not match certificate's altnames: …`: the CA is trusted but the certificate is for another name: the line names the host in `store.url` (on Sentinel or Cluster, the address the broker connects to).",
      },
      {
        text: "… the Redis server's TLS certificate is outside its validity dates: renew it (or, if it is valid, set this host's clock right)",
      },
    ],
  },
  ERR_STORE_REFUSED: {
    topic: 'redis',
    summary:
      'At start, Redis refused the broker for a reason that waiting will not mend: a wrong password or ACL user, missing permissions, a ' +
      'database the server does not have, a TLS certificate it does not accept, or (Sentinel) a `store.name` the sentinels do not monitor. ' +
      'The broker stops at once (exit 1) instead of waiting unready.',
    fix: 'The message quotes what Redis said; fix the password (the env var `store.password_env` names), the ACL user, `store.db` or the TLS settings, then start again. A TLS certificate the broker does not accept is named with its one fix: the CA to give with `NODE_EXTRA_CA_CERTS`, or the name the certificate must hold.',
    messages: [
      {
        text: 'the store refuses the broker: Redis store redis://HOST:PORT/0 is unavailable (checkWrite: not connected (…WRONGPASS invalid username-password pair or user is disabled.)). Waiting will not mend this: fix the password (the env var store.password_env names), the ACL user, store.db or the TLS settings, then start again',
      },
      {
        text: "the store refuses the broker: Redis store rediss://HOST:PORT/0 is unavailable (checkWrite: not connected (connecting; last error: self-signed certificate in certificate chain)). Waiting will not mend this: this broker does not trust the CA that signed the Redis server's TLS certificate: give Node the CA certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem in the broker's environment, then start again",
        note: "Redis serves TLS with a certificate from a private CA: set `NODE_EXTRA_CA_CERTS` to the CA's file in the broker's environment. When the CA is trusted but the certificate is for another name, the line says the certificate must name the host in `store.url` (or the addresses in `store.sentinels` / `store.cluster`).",
      },
      {
        text: 'the store refuses the broker: Redis store cluster HOST:PORT,… is unavailable (checkWrite: not connected (…)). Waiting will not mend this: …',
        note: 'the ACL user lacks a command the broker (or ioredis, connecting) needs, named in the quote; use the rules in [many-brokers.md](many-brokers.md#redis-credentials-and-a-least-privilege-user), the Cluster ones too.',
      },
      {
        text: 'the store refuses the broker: Redis store sentinel NAME via HOST:PORT,… is unavailable (checkWrite: the sentinels know no master named "NAME"). Waiting will not mend this: store.name is "NAME", which the sentinels at HOST:PORT,… do not monitor (they monitor "stint"): set store.name to the name in their `sentinel monitor` line, then start again',
        note: 'the sentinels answer, but none monitors a master by that name (a typo in `store.name`, or sentinels not yet told to monitor it): the line lists the names they do monitor when one of them answers `SENTINEL MASTERS`.',
      },
    ],
  },
  ERR_STORE_UNREACHABLE: {
    topic: 'redis',
    summary:
      'A starting broker took no write from its store within `store.startup_timeout` (default 30 s) and stopped (exit 1): a broker that has ' +
      'never reached its store is a deployment mistake for its supervisor to show. Until then it listened, not ready (`/readyz` 503). A broker ' +
      'that has reached its store once never stops for it: it refuses exchanges (503) during an outage and recovers.',
    fix: 'Check that Redis runs and is reachable from the broker host (address, port, firewall, DNS); when Redis takes longer to start than the broker, raise `store.startup_timeout`. When the line says a replica is missing, Redis runs: attach the replicas `store.min_replica_acks` asks for, or lower it.',
    messages: [
      {
        text: [
          'the store took no write in the 30s after start (store.startup_timeout): …; check that Redis is running and reachable and that the password is right; or raise store.startup_timeout if Redis takes longer to start',
          'the store took no write in the 30s after start (store.startup_timeout): …; check that Redis is running and reachable from this host, or raise store.startup_timeout',
        ],
      },
      {
        text: 'the store took no write in the 30s after start (store.startup_timeout): Redis store … is unavailable (checkWrite: 1 of 2 replicas confirmed the write within 500 ms (store.min_replica_acks)); the primary has 1 connected replica(s) …',
        note: 'Redis answers, but has fewer replicas than `store.min_replica_acks`: see [ERR_STORE_UNAVAILABLE](#err_store_unavailable).',
      },
    ],
  },
  ERR_STORE_PASSWORD_MISSING: {
    topic: 'redis',
    summary:
      "`store.password_env` (or `store.sentinel_password_env`) names an environment variable that is not set. The message gives the setting's place in the config; it names the variable only when the name is in the usual form (capitals, digits, `_`), since what stands there is sometimes the password itself.",
    fix: 'Export it where `stint serve` and `stint keys` run. If the file holds the password itself in place of a name, remove it, rotate the password (it has been in a file), and name a variable there.',
    messages: [
      {
        text: '/etc/stint/stint.yml:14:47: store.password_env names STINT_REDIS_PASSWORD, but that environment variable is not set; export it, holding the Redis password, where stint serve and stint keys run',
      },
      {
        text: '/etc/stint/stint.yml:14:47: store.password_env names an environment variable that is not set (its name is not shown: it is not in the usual form, capitals, digits and _); if this is the Redis password itself, remove it from the file and rotate it, then name a variable there and export it where stint serve and stint keys run',
        note: 'the value is not shown, in case it is the password',
      },
    ],
  },
  ERR_STORE_URL_INVALID: {
    topic: 'redis',
    summary:
      'The store URL is not `redis[s]://[user@]host[:port][/db]`; the message says what is wrong without quoting the URL (a mistyped one can hold the password anywhere).',
    fix: 'Write it as `redis://host:6379/0`, or `rediss://` for TLS.',
  },
  WARN_STORE_PERSISTENCE: {
    topic: 'redis',
    summary:
      'Logged at start (and again when the broker finds Redis lost its data: [ERR_STORE_DATA_LOST](#err_store_data_lost)) as a warning ' +
      '(`WARN_STORE_PERSISTENCE: Redis … has …`) for each Redis setting the broker read that breaks a ' +
      'guarantee, naming it: `appendonly no` (a restart forgets replay records, revocations and API keys), `appendfsync no` (a machine crash ' +
      'loses what the system had not flushed), or `everysec` with `min_replica_acks: 0` (a crash of Redis or its machine can lose about 2 s ' +
      'of acknowledged writes: Redis postpones its write to the file while a background fsync is slow), a `maxmemory-policy` other than `noeviction` (a full Redis evicts replay ' +
      'records), replicas without `min_replica_acks` covering them all (a failover can promote one that lacks a record), fewer replicas ' +
      'connected than `min_replica_acks` (no write can be confirmed: the broker is not ready and refuses exchanges until they attach), ' +
      'and `min-replicas-to-write 0` when `min_replica_acks` is 1 or more (a broker with `min_replica_acks: 0` is told of the replicas instead).',
    fix:
      'Change the Redis setting the line names (each line says to what), or accept the risk it names knowingly. The broker still starts. ' +
      'See [many-brokers.md](many-brokers.md#persistence).',
    messages: [
      {
        text: 'has appendfsync everysec and store.min_replica_acks is 0: a crash of Redis or its machine can lose about 2 s of acknowledged replay records and revocations; set appendfsync always, or min_replica_acks: 1 with a replica',
        note: 'after `WARN_STORE_PERSISTENCE: Redis HOST:PORT`. Not only a machine crash: `kill -9` of Redis alone lost 1 of 208 acknowledged revocations in a test.',
      },
    ],
  },
  ERR_STORE_DATA_LOST: {
    topic: 'redis',
    summary:
      'Logged as an error (and audited as `store_data_lost`, counted in `stint_store_data_lost_total`) when a running broker finds that ' +
      'the Redis it talks to no longer holds the data it wrote: the dataset marker it saw (`<prefix>:dataset`) is gone or another. Redis ' +
      'restarted without its append-only file, a failover promoted an empty replica, someone ran FLUSHALL, or an eviction took it. The ' +
      'replay records, revocations and API keys written before are gone. The broker writes a new marker (of several brokers, the first ' +
      'writes it and the others find it: each reports the loss), logs the persistence warnings again, and refuses the ID tokens issued ' +
      'before the loss plus 60 s ([ERR_TOKEN_REPLAY_UNKNOWN](#err_token_replay_unknown)); it keeps serving newer ones. ' +
      'With the embedded store (`store: memory`), logged at start when the state directory holds no journal entry at all (its segments ' +
      'emptied or deleted, the directory moved aside or replaced by a new volume) while `<audit file>.state.json`, kept beside the audit ' +
      'log, names the journal this broker kept there: its replay records and revocations are gone. The broker starts a new journal that ' +
      'keeps the time of the loss, and refuses the ID tokens issued before it plus 60 s, across restarts, until they expire.',
    fix:
      'Find why in the Redis log and fix the setting the `WARN_STORE_PERSISTENCE` lines name. Create the project API keys again ' +
      '(`stint keys create-api-key`); stint tokens revoked before the loss are honoured again until they expire (rotate the signing key ' +
      'with `stint keys rotate --now` if one must not be). See [many-brokers.md](many-brokers.md#when-redis-loses-its-data). ' +
      'Embedded store: find what emptied or replaced the state directory (a volume not mounted, a cleanup job, a directory moved aside) ' +
      'and keep `store.dir` on a volume that outlives the broker; API keys are not affected (they live in the keys dir); revoked tokens ' +
      'as above. See [broker.md](broker.md#state-on-disk).',
    messages: [
      {
        text: 'the store lost its data: the dataset marker … was gone at …; the replay records, revocations and API keys stored before then are gone. ID tokens issued before … are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire, stint tokens revoked before are honoured again until they expire, and API keys must be created again; find why in the Redis log (a restart without appendonly, a failover to an empty replica, FLUSHALL, an eviction)',
      },
      {
        text: 'the store lost its data: the dataset marker … was replaced by another broker, which found it gone at …; …',
        note: 'of several brokers on one Redis, the one that found the marker gone wrote the new one; each of the others says this.',
      },
      {
        text: "the store's dataset marker … was missing and is set now: this is the first broker on this Redis and prefix (or the first of a version that keeps the marker), or Redis lost its data while no broker ran (ID tokens exchanged before then could then be exchanged again until they expire)",
        note: 'an `info` line at start: on a new deployment, or the first start after an upgrade to a version with the marker, expected; otherwise treat it as a loss.',
      },
      {
        text: 'the state directory … lost its journal: it holds no journal entry, but ….state.json shows this broker kept its journal there (dataset …), so it was emptied, deleted or replaced while the broker was stopped (found at …); the replay records and revocations in it are gone. ID tokens issued before … are refused (ERR_TOKEN_REPLAY_UNKNOWN) until they expire, and stint tokens revoked before are honoured again until they expire; find what emptied it (a volume not mounted, a cleanup, a directory moved aside) and keep store.dir on a volume that outlives the broker',
        note: 'the embedded store, at start.',
      },
    ],
  },
  ERR_KEY_SET_DISAGREES: {
    topic: 'redis',
    status: 503,
    summary:
      'This broker instance does not serve the same signing keys as its peers on the store (docs/many-brokers.md#one-key-set): it is in the minority of a split, behind an emergency rotation, or another process publishes under its instance name. Besides being not ready (`/readyz` 503), it refuses exchanges, `/oauth2/token`, certificates and revocations (503 `temporarily_unavailable`, `Retry-After: 5`) before it looks at the request: a token it signed would not verify against the JWKS its peers publish, its ID token would be spent on it, and a revocation of a token signed by its peers would be acknowledged without revoking anything. The caller retries and reaches another instance. A single broker, and instances that agree, never refuse so.',
    fix: "Read the broker's log: the `key set:` lines name the peers it disagrees with and why. Give the odd instance the keys dir its peers serve (or wait for the rotated keys to reach it), its own `STINT_INSTANCE`, or, for a deployment that must stay apart, its own `store.prefix`. It serves again within about a second of agreeing, without a restart.",
    messages: [
      {
        text: 'this broker instance does not serve the same signing keys as its peers; try again shortly',
        note: "what callers get; the reason (the peers and their key-set fingerprints) is in the broker's log and the audit event.",
      },
    ],
  },
  WARN_STORE_SETTINGS_UNREAD: {
    topic: 'redis',
    summary:
      "The broker's ACL user may not run `CONFIG GET`, or a Cluster master did not answer within the connect time-out at start, or Redis dropped the link just when the broker read them (a broker that starts before its Redis reads them once Redis takes its first write), so the durability settings could not be checked (least privilege is right; the check is a help).",
    fix: 'Check them by hand on every master: `appendonly yes`, `appendfsync always` (or `everysec` with `min_replica_acks`), `maxmemory-policy noeviction`.',
  },
  ERR_RATE_LIMIT_INVALID: {
    topic: 'redis',
    summary: 'A rate limit with `rps` ≤ 0 or `burst` < 1 reached the store (the config refuses these first).',
    fix: 'A bug if you see it: please report it.',
  },

  // Signing profiles
  ERR_SIGNING_CONFIG: {
    topic: 'signing',
    summary:
      "A signing profile (the action's `signing` input or a config file's `signing:`) is invalid; the message names the profile, the field and what is allowed, never the value.",
    fix: 'Fix the field the message names.',
    messages: [
      {
        text: 'stint: signing profile "NAME": field "FIELD": … [ERR_SIGNING_CONFIG]',
        note: "the action's `signing` input.",
      },
      {
        text: 'stint: signing.yml: signing profile "webhook": field "format": must be one of generic, github, standard-webhooks, stripe, slack',
      },
      {
        text: 'stint: signing.yml: signing profile "webhook": field "secret": secrets are not allowed inline in a config file; use secret_env: VAR (the name of an environment variable)',
        note: 'a file may be committed or uploaded; put the secret in the environment and name the variable.',
      },
      {
        text: 'stint: signing.yml: signing profile "webhook": field "secret_env": environment variable WEBHOOK_SECRET is not set or empty',
        note: "in GitHub Actions, a step's `env:` is not seen by other steps; set it on the step that runs `stint`.",
      },
      {
        text: 'stint: signing.yml: signing profile "webhook": field "colour": unknown field; allowed: type, format, secret_env',
      },
      {
        text: 'stint: signing.yml: signing profile "webhook": field "secrett": unknown field (did you mean "secret_env"?); allowed: type, format, secret_env',
        note: 'a misspelt field is named before a required one is called missing; in a file, a secret is named as its `_env` form.',
      },
      {
        text: 'stint: signing.yml: signing profile "api": field "key_env": environment variable API_HMAC_KEY is not base64 (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters), which key_encoding: base64 requires',
        note: 'an `http-signature` `hmac-sha256` key with `key_encoding: base64` is read strictly, as a Standard Webhooks secret is: a base64url key or one without its padding is refused rather than decoded to fewer bytes.',
      },
      {
        text: [
          'signing (line 3, column 36): not valid YAML (MISSING_CHAR)',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expressions, quoted as a user writes them
          'signing (line 2, column 1): not valid YAML (BAD_INDENT); a multi-line secret (a PEM key) cannot be pasted in as it is or in quotes: write it as key: ${{ toJSON(secrets.KEY) }}',
        ],
        note:
          "the action's `signing` input; the message never quotes the line, which may hold a secret. When the input, up to the line after the error, holds PEM armour or a line at column 1 that is not a profile name, the cause is a multi-line secret pasted in with " +
          // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expressions, quoted as a user writes them
          '`${{ secrets.KEY }}` or `"${{ secrets.KEY }}"` (the runner inserts its lines unindented), and the message says so: write `${{ toJSON(secrets.KEY) }}` instead.',
      },
      {
        text: [
          'signing profile "events": field "secret": must be whsec_ followed by the base64 key (as the receiver shows it)',
          'signing profile "events": field "secret_env": environment variable EVENTS_WHSEC is a key of 16 bytes, and Standard Webhooks keys are at least 24 bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32)',
        ],
        note: 'a Standard Webhooks secret is `whsec_` and strict base64 of a key of at least 24 bytes.',
      },
      {
        text: 'signing profile "deploy-api": field "key": ed25519 needs a ed25519 private key, got ec prime256v1',
        note: 'the key does not fit `alg`; stint never quotes key material in a message.',
      },
      {
        text: 'signing profile "billing": field "token_url": must be https (http:// is only for localhost, 127.0.0.0/8 and ::1)',
      },
      {
        text: 'signing profile "billing": field "alg": RS256 does not fit the EC prime256v1 key',
        note: 'leave `alg` out to take it from the key (RS256, ES256, ES384, EdDSA).',
      },
    ],
  },
  ERR_SIGNING_CONFIG_MISSING: {
    topic: 'signing',
    summary:
      '`stint sign` / `stint request` cannot read the signing config named by `--config` or `STINT_CONFIG`. (Naming none is a usage error, exit 2: `ERR_USAGE`.)',
    fix: 'Check the path (relative to the working directory) and that the file is readable; the stint action sets `STINT_CONFIG` when its `signing` input is given.',
    messages: [{ text: 'stint: cannot read signing config signing.yml (ENOENT)' }],
  },
  ERR_SIGNING_PROFILE_UNKNOWN: {
    topic: 'signing',
    summary: 'The config has no profile of that name; the message lists those it has.',
    fix: 'Use one of the names listed.',
    messages: [{ text: 'stint: no signing profile "deploy"; the config has: deploy-hook, billing-api' }],
  },
  ERR_SIGNING_REQUEST: {
    topic: 'signing',
    summary:
      'A request to sign has a URL that is not absolute, or (http-signature) a path or query an HTTP client would rewrite before sending it (dot-segments, backslashes, characters that must be escaped), so the signature would not match what is sent.',
    fix: 'Give `--url` as `scheme://host/path`, written as it is sent (the message names that form).',
    messages: [
      {
        text: "the URL's path or query is not written as it is sent (dot-segments, backslashes and characters that must be escaped are rewritten by HTTP clients, so the signature would not match); write it as it is sent: https://api.example.com/public/status",
        note: 'sign `/public/status`, not `/admin/../public/status`.',
      },
    ],
  },
  ERR_REQUEST_URL_INVALID: {
    topic: 'signing',
    summary:
      '`stint request` or `stint sign` was given a plain `http://` URL to another machine for a profile whose headers are a credential (`bearer`, the stint token among them, `jwt`, `oauth2`): it would cross the network in clear. Nothing is sent or printed.',
    fix: 'Use the `https://` URL of the service (`http://` is accepted only for localhost, 127.0.0.0/8 and ::1), as the broker URL and an oauth2 `token_url` are.',
    messages: [
      {
        text: 'stint: http://api.example.com/deploy is plain http to another machine, which would send profile "api"\'s bearer credential in clear; use https (http:// is only for localhost, 127.0.0.0/8 and ::1) [ERR_REQUEST_URL_INVALID]',
      },
    ],
  },
  ERR_STINT_TOKEN_MISSING: {
    topic: 'signing',
    summary: 'A `bearer` profile with `source: stint` sends the stint token, and `STINT_TOKEN` is not set.',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
    fix: 'Run the stint action with `broker-url` first; with `export-env: false` it exports no `STINT_TOKEN`, so give the step `env: STINT_TOKEN: ${{ steps.<id>.outputs.token }}` (and `--config ${{ steps.<id>.outputs.config-path }}`). Elsewhere, `exports="$(stint exchange --broker URL --project P)" || exit 1` then `eval "$exports"` (not `eval "$(stint exchange …)"`, which goes on after a failed exchange).',
    messages: [
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        text: 'stint: bearer profile "warehouse-api" sends the stint token, but STINT_TOKEN is not set: run the stint action with broker-url first (with export-env: false, give this step env: STINT_TOKEN: ${{ steps.<id>.outputs.token }}), or exports="$(stint exchange --broker URL --project P)" || exit 1; eval "$exports"',
      },
    ],
  },
  ERR_STINT_TOKEN_MALFORMED: {
    topic: 'signing',
    summary:
      'A `bearer` profile with `source: stint` sends the stint token as it is, and `STINT_TOKEN` holds a line break (other than one trailing newline, which is dropped), a control character or a character outside printable ASCII, which a header cannot carry. Nothing was sent.',
    fix: 'Set `STINT_TOKEN` to what `stint exchange` exported, unchanged (`exports="$(stint exchange …)" || exit 1; eval "$exports"`).',
    messages: [
      {
        text: 'stint: bearer profile "warehouse-api" sends the stint token, and STINT_TOKEN holds a line break (CR or LF) that is not a single trailing newline; a header value cannot carry one (it would end the header line): store the value on one line; set it to what stint exchange exported as STINT_TOKEN',
      },
    ],
  },
  ERR_HTTP_FAILED: {
    topic: 'signing',
    summary:
      'An outbound request (to the broker, an issuer, a JWKS, a token endpoint) got no usable answer: no connection, a TLS failure, no answer in time, an answer over the size cap, or a redirect (never followed).',
    fix: 'Usually shown inside the error of the step that made the request (`ERR_BROKER_UNREACHABLE`, `ERR_JWKS_UNAVAILABLE`, `ERR_REQUEST_FAILED`); the text after the method and URL says which of these it was. A text naming `the proxy host:port (from HTTPS_PROXY)` is about the egress proxy, not the server: see [egress proxy](cli.md#egress-proxy).',
    messages: [
      {
        text: [
          'HTTPS_PROXY names a socks5 proxy; stint talks to http:// and https:// proxies only',
          'HTTPS_PROXY is not a proxy URL; set it to http://host:port',
        ],
        note: 'the proxy variable for this URL cannot be used (its value is never repeated: it may hold a password).',
      },
      {
        text: 'no answer in time (timeout) through the proxy proxy.corp.example:3128 (from HTTPS_PROXY)',
        note: 'the proxy took the connection but no answer came back in time.',
      },
    ],
  },
  ERR_REQUEST_FAILED: {
    topic: 'signing',
    summary:
      '`stint request` could not send the request or read the answer (the message never shows the query string, which may carry a token).',
    fix: 'Nothing listens there, or no answer came within `--timeout` (30 s by default); a TLS error says what the server wanted.',
    messages: [
      {
        text: [
          'stint: POST https://hooks.example.com/deploy: ECONNREFUSED',
          'stint: POST https://hooks.example.com/deploy: ETIMEDOUT',
        ],
      },
      {
        text: [
          'stint: GET https://internal.example.com/: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (the server wants a client certificate: use an mtls profile)',
          "… SELF_SIGNED_CERT_IN_CHAIN (the server's certificate is not trusted here: give its CA as server_ca_file in an mtls profile, or NODE_EXTRA_CA_CERTS)",
          "… CERT_HAS_EXPIRED (the server's certificate is outside its validity dates: renew it, or check this machine's clock)",
          "… ERR_TLS_CERT_ALTNAME_INVALID (the server's certificate does not name the host in the URL: use a name it holds)",
        ],
      },
    ],
  },
  ERR_HTTP_STATUS: {
    topic: 'signing',
    summary: '`stint request` got an HTTP status of 400 or more (exit 1; the response body is on stdout).',
    fix: "The server refused the signature or the request; see the receiver's codes under [The receiving side](#the-receiving-side-stintverify).",
    messages: [{ text: 'stint: HTTP 401 Unauthorized from POST https://hooks.example.com/deploy' }],
  },
  ERR_SIGNATURE_COMPONENT_MISSING: {
    topic: 'signing',
    summary:
      'The request lacks a header the http-signature profile covers (the verifier reports it as `ERR_SIGNATURE_INVALID`).',
    fix: 'Send the header, or leave it out of `components`.',
  },

  // The receiving side
  ERR_SIGNATURE_MISSING: {
    topic: 'verify',
    summary: 'The request has no signature header (or no signature of that label).',
    fix: 'The sender did not sign, or a proxy dropped the headers.',
  },
  ERR_SIGNATURE_INVALID: {
    topic: 'verify',
    summary: 'The signature does not match: the wrong secret or key, or a request that differs from what was signed.',
    fix: 'Check the secret; verify the raw bytes; behind a proxy pass the URL the client used (its scheme and host), not the internal one.',
    messages: [
      {
        text: 'the github webhook signature does not match the secret',
        note: 'the wrong secret, or the body was parsed and re-serialised before verifying: verify the raw bytes.',
      },
      {
        text: 'signature sig1 does not verify with key "ci-deploy"',
        note: 'the URL, method or a covered header differs from what was signed; behind a proxy pass the URL the client used (its scheme and host), not the internal one.',
      },
      {
        text: [
          'signature sig1: the request has no content-type header, which the signature covers',
          'signature sig1 does not cover @query',
        ],
        note: "the second from the receiver's `requiredComponents`.",
      },
      {
        text: "signature sig1: alg rsa-pss-sha512 does not match the key's ed25519",
        note: 'the key registered for that `keyid` decides the algorithm.',
      },
      {
        text: 'the request path "/admin/%2e%2e/public/status" has a dot-segment (. or .., also as %2e) or a backslash, which servers and routers resolve differently; no signature is accepted for it',
        note: '`@path` is the path as sent (RFC 9421 §2.2.6), never resolved; a client sends paths already resolved, so this request was made by hand.',
      },
    ],
  },
  ERR_SIGNATURE_REPLAYED: {
    topic: 'verify',
    summary: '`verifyHttpSignature` with `seen`: a signature with this `nonce` was accepted before.',
    fix: 'A replayed request: refuse it. A sender must sign each request afresh (`stint sign`/`stint request` do, with `nonce: true`).',
    messages: [
      { text: 'signature sig1 was already used (same nonce)', note: 'from `verifyHttpSignature` with `seen`.' },
    ],
  },
  ERR_SIGNATURE_EXPIRED: {
    topic: 'verify',
    summary:
      'The signed timestamp is outside the tolerance, or the signature is older than allowed or past its `expires`.',
    fix: 'A replayed request, a queue that delivered late (raise `toleranceSec` / `maxAgeSec`), or a skewed clock.',
    messages: [
      {
        text: [
          'the signed timestamp is 412 s old, outside the 300 s tolerance (a replay, or a clock out of sync)',
          'the signed timestamp is 312 s in the future, outside the 300 s tolerance (a replay, or a clock out of sync)',
          'signature sig1 was created 400 s ago, more than the 300 s allowed (a replay?)',
        ],
      },
    ],
  },
  ERR_SIGNATURE_MALFORMED: {
    topic: 'verify',
    summary: '`Signature-Input` or `Signature` is not valid RFC 8941 / RFC 9421.',
    fix: 'The sender is broken or the message was tampered with. Refuse it.',
    messages: [
      {
        text: 'signature sig1: component "…" is listed twice',
        note: 'RFC 9421 §2.5 forbids a component twice in one `Signature-Input`.',
      },
    ],
  },
  ERR_SIGNATURE_KEY_UNKNOWN: {
    topic: 'verify',
    summary: "No key is registered for the signature's `keyid`.",
    fix: "Register the sender's public key under that `keyid`, or check the sender's `keyid`.",
  },
  ERR_DIGEST_MISMATCH: {
    topic: 'verify',
    summary: '`Content-Digest` is missing, has no sha-256 or sha-512 digest, or does not match the body.',
    fix: 'The body changed on the way; pass the raw body as received.',
    messages: [{ text: 'Content-Digest sha-256 does not match the body' }],
  },
  ERR_TOKEN_INVALID: {
    topic: 'verify',
    status: 401,
    summary:
      'A stint token (or a jwt profile\'s JWT) is not valid: signature, issuer, audience, lifetime or claims. At the broker, a certificate request without a valid, unrevoked stint token (the caller is told no more; the audit log\'s `cert_denied` event says why: forged, expired or revoked, with a revoked or expired token\'s `jti`, project and subject); its challenge is `WWW-Authenticate: Bearer error="invalid_token"`, or `Bearer realm="<issuer>"` with no error when the request sent no `Authorization` at all (RFC 6750 §3.1).',
    fix: 'The message says which check failed; at the broker, exchange a new token.',
    messages: [
      { text: 'a certificate needs a valid, unrevoked stint token as Authorization: Bearer …' },
      {
        text: "stint token rejected: it is not valid yet (its nbf is 120 s ahead of this clock, more than the 60 s tolerated): this clock is behind the issuer's, or the issuer's ahead (a clock out of sync)",
        note: "set the service's (or the broker's) clock right (NTP); `clockToleranceSec` only hides it.",
      },
      {
        text: 'stint token rejected: its alg "HS256" is not one stint tokens are signed with (ES256, EdDSA, RS256): the token was not made by a stint broker',
        note: 'a token with `alg: none` or an HMAC alg (a forgery, or a token of another issuer) is refused before any key is looked at.',
      },
      {
        text: 'this is not a stint token: issued by "https://token.actions.githubusercontent.com", not "https://stint.example.com"; exchange it at the broker first',
        note: "the CI's own ID token (or any other issuer's token) sent where a stint token is expected: read from the token before any key is looked up, so it costs no fetch of the broker's keys. Exchange it (`stint exchange`, the action, or `POST /oauth2/token`) and send the token the broker answers.",
      },
      {
        text: 'stint token rejected: its typ is "JWT", not at+jwt (a stint access token, RFC 9068)',
        note: "a JWT of the broker's issuer that is not an access token; refused before any key is looked up.",
      },
    ],
  },
  ERR_AUTHORIZATION_MALFORMED: {
    topic: 'verify',
    summary:
      '`protectedResource`: the request says `Authorization: Bearer` but what follows is not one token (RFC 6750 §3.1). The guard answers 400 `invalid_request`; the code is in its `onAccess` record.',
    fix: 'Send `Authorization: Bearer <token>` with the token as the broker gave it, nothing around it.',
    messages: [{ text: 'the Authorization header is not "Bearer <token>" with one token' }],
  },
  ERR_TOKEN_PROJECT: {
    topic: 'verify',
    summary:
      "`verifyStintToken` or `protectedResource` with `project`: the token was minted for another project that shares this service's audience (`shared_audience: true`). The guard answers 401 `invalid_token`.",
    fix: "Exchange for this service's project (name it beside the `resource`); on the service, list every project it serves in `project`.",
    messages: [
      {
        text: 'stint token rejected: it is for project "billing-b", which this service does not accept',
        note: "the projects the service accepts are not told to the client; `protectedResource`'s `onAccess` reason names them.",
      },
    ],
  },
  ERR_REQUEST_NOT_JSON: {
    topic: 'verify',
    summary:
      "`protectedResource` with scopes worked out from the body (`mcpToolScopes`): the token verified, but the request's `Content-Type` is not JSON (or it has no body), so no JSON parser read it and its scopes cannot be known. The guard answers 400 `invalid_request`; the code is in its `onAccess` record. A JSON request whose body the service did not parse is `ERR_VERIFY_CONFIG` instead (a 500).",
    fix: 'Send the JSON-RPC message with `Content-Type: application/json`.',
    messages: [{ text: 'this request needs a JSON body (Content-Type: application/json)' }],
  },
  ERR_TOKEN_SCOPE: {
    topic: 'verify',
    summary: '`verifyStintToken` with `requiredScopes`: the token lacks a scope.',
    fix: 'Ask for the scope at the exchange, or grant it in the policy.',
    messages: [{ text: 'the token lacks scope deploy (it has: read)' }],
  },
  ERR_TOKEN_INACTIVE: {
    topic: 'verify',
    summary:
      "`protectedResource` with `introspection`: the broker says the token is not active: revoked, expired by the broker's clock, or not of the API key's project (an API key introspects its own project's tokens only). The guard answers 401 `invalid_token`; the code is in its `onAccess` record. A token whose `exp` has passed by the service's clock is told as expired instead (`ERR_TOKEN_EXPIRED`).",
    fix: "Request a new token; a job that revoked its token (`stint revoke`, the post step) is done with it. When every token of a project is refused, the service's API key is another project's: give the guard that project's key (`introspection.apiKeys`, one per project, for a service that accepts several).",
    messages: [
      {
        text: "the broker says the token is not active (revoked, expired at the broker, or not of this API key's project: the token is of project billing-b); request a new one",
      },
    ],
  },
  ERR_INTROSPECTION_UNAVAILABLE: {
    topic: 'verify',
    summary:
      "`protectedResource` with `introspection`: the broker's `/oauth2/introspect` did not answer, or answered an error other than 401/403. The guard answers 503 (fail closed); the code is in its `onAccess` record.",
    fix: 'Check that the broker is reachable from the service (the `issuer` URL).',
  },
  ERR_INTROSPECTION_RATE_LIMITED: {
    topic: 'verify',
    summary:
      "`protectedResource` with `introspection`: the broker answered 429, as this service's API key asks more often than the broker's rate limit allows (each verified API key has a bucket of its own, `rate_limit.per_address` in size). The guard answers 503 `temporarily_unavailable` with the broker's `Retry-After`; the code is in its `onAccess` record.",
    fix: "Raise the broker's `rate_limit.per_address` ([project API keys](broker.md#project-api-keys)), or give each service (or instance group) an API key of its own.",
    messages: [
      {
        text: "the service cannot check tokens now: the broker is rate-limiting this service's introspection; retry in 3 s",
        note: "the guard's answer to the client; the `onAccess` reason names the broker's `Retry-After`.",
      },
    ],
  },
  ERR_INTROSPECTION_REFUSED: {
    topic: 'verify',
    summary:
      "`protectedResource` with `introspection`: the broker refused the service's API key (401/403): wrong, expired or revoked. The guard answers 500 `server_error` to every request (fail closed, and no retry helps); the code and reason are in its `onAccess` record.",
    fix: 'Give `introspection.apiKey` a valid key of the same project (`stint keys list-api-keys --project P`, `stint keys create-api-key --project P`).',
    messages: [
      {
        text: 'the broker refused the introspection API key (HTTP 401): it is wrong, expired or revoked; check introspection.apiKey',
        note: 'the `reason` of the `onAccess` record.',
      },
    ],
  },
  ERR_JWKS_UNAVAILABLE: {
    topic: 'verify',
    summary:
      "`verifyStintToken` could not fetch the broker's JWKS, or the token names a key (`kid`) the keys fetched last lack while their refetch is held back (at most one fetch per 10 s): most often right after `stint keys rotate --now` or a broker redeployed with new keys. Either way it is not a verdict on the token: answer 503 with `Retry-After` (`protectedResource` does, with the seconds until the next fetch is allowed), never 401.",
    fix: "For a key not fetched yet, retry after the seconds the message gives: the next fetch brings the new key. Otherwise check that the `issuer` given is the broker's URL and that the broker is reachable. A broker certificate from a company CA ends the message in `(its TLS certificate is not from a CA Node trusts here: …)`: give the service the CA certificate with `NODE_EXTRA_CA_CERTS`.",
    messages: [
      {
        text: "no key at https://stint.example.com/.well-known/jwks.json has the token's kid yet, and the keys are fetched again at most every 10 s: retry in 7 s (a key published since the last fetch verifies then); this is not a verdict on the token",
        note: 'a made-up `kid` gets this answer too, and still makes no more than one fetch per 10 s.',
      },
      {
        text: 'http://stint.example.com:8443/.well-known/openid-configuration answered HTTP 400 (that port serves HTTPS: the URL must start with https://)',
        note: 'the `issuer` given starts with `http://` but the broker serves TLS itself: give its https:// URL.',
      },
    ],
  },
  ERR_CERTIFICATE_MISSING: {
    topic: 'verify',
    summary: 'The client sent no certificate.',
    fix: 'The server must request one (`requestCert: true`).',
  },
  ERR_CERTIFICATE_INVALID: {
    topic: 'verify',
    summary: 'The client certificate is not trusted by the server.',
    fix: 'The server must trust the broker CA (`GET /mtls/ca.pem`).',
  },
  ERR_CERTIFICATE_PROJECT: {
    topic: 'verify',
    summary: 'The client certificate names no stint project, several, or another project than the server accepts.',
    fix: 'Authorise on the SAN URI `urn:stint:project:<project>`; give the accepted projects in `projects`.',
  },
  ERR_VERIFY_CONFIG: {
    topic: 'verify',
    summary:
      'A verifier set up so it could only accept forgeries (an unknown format, an empty secret, a Standard Webhooks secret that is not base64 or under 24 bytes, no keys, a `verifyJwt` algorithm it does not know such as `none`), so that a check would be off (a tolerance or age that is NaN, negative or beyond its range; an issuer or audience that is missing or empty; an issuer, jwksUrl or resource that is plain http to another machine; `introspection` keys that would leave a project it accepts without its API key), or missing what it needs (the absolute URL, the body as raw bytes).',
    fix: 'Treat it as a bug in the receiver, not a bad request. The message names the option; a NaN usually is `Number()` of an unset environment variable.',
    messages: [
      {
        text: 'verifyHmacWebhook: toleranceSec must be a number of seconds from 0 to 86400, got NaN (Number() of an unset variable?)',
        note: 'a tolerance of NaN would accept a signature of any age.',
      },
      {
        text: "verifyStintToken: audience is missing (is the variable it comes from set?); give the audience of this service's stint project (default stint:<project>): without it every project's tokens would pass",
        note: '`verifyStintToken` and `protectedResource` need the issuer and the audience (the resource) as non-empty strings; `verifyJwt` checks a claim only when its option is given, and refuses one that is given as undefined or empty.',
      },
      {
        text: "protectedResource: issuer http://stint.example.com is plain http to another machine, and the broker's keys are fetched from it (http://stint.example.com/.well-known/jwks.json, as jwksUrl is not given): anyone on the path could serve their own keys, and every token they sign would pass; use the broker's https URL (http:// is only for localhost, 127.0.0.0/8 and ::1; for a private CA, start Node with NODE_EXTRA_CA_CERTS=/path/ca.pem)",
        note: "the broker's keys (`issuer`, `jwksUrl`) and, with `introspection`, its API key go over https only; a `resource` that is plain http to another machine is refused too.",
      },
      {
        text: [
          'verifyHmacWebhook: secret 2 is a key of 16 bytes, and Standard Webhooks keys are at least 24 bytes (192 bits); make a new one: whsec_ and the base64 of 24 to 64 random bytes (openssl rand -base64 32); check the variable it comes from',
          'verifyHmacWebhook: secret 1 is not base64 after whsec_ (only A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters); check the variable it comes from',
        ],
        note: 'secrets are counted from 1 in `secrets`, and never quoted.',
      },
      {
        text: 'verifyHmacWebhook: body must be the raw bytes as received (a Buffer, ArrayBuffer or string), got an object (a parsed body, such as req.body after express.json()?); pass the raw body, e.g. from express.raw({ type: () => true }), or the bytes read from the request',
        note: '`verifyHttpSignature` says the same. The signature covers the bytes sent, which a parsed and re-serialised body is not.',
      },
      {
        text: 'verifyHmacWebhook: body is undefined, but the request has one (Content-Length "18", Content-Type "text/plain") that nothing read; pass the raw bytes as received, e.g. from express.raw({ type: () => true }) on the route (with a narrower type, a request of another Content-Type leaves req.body undefined), or the bytes read from the request',
        note: "a signed request whose body the route's parser did not read (`express.raw({ type: 'application/json' })` and another type, or none: `stint request` sends no Content-Type unless given one). `undefined` is the empty body only for a request without one (no Content-Length or Transfer-Encoding, or Content-Length: 0). `verifyHttpSignature` says the same when it needs the body for Content-Digest. A request without signature headers is ERR_SIGNATURE_MISSING, whatever its body.",
      },
      {
        text: 'verifyJwt: algorithms has "none", which is not accepted (an unsigned token is never accepted); use some of HS256, HS384, HS512, RS256, RS384, RS512, PS256, ES256, ES384, EdDSA',
      },
      {
        text: "protectedResource: introspection.apiKey is one project's key, and project names 2 (billing-a, billing-b): the broker answers every token of another project than the key's as not active; give introspection.apiKeys, one key per project ({ 'billing-a': …, 'billing-b': … }; create one with `stint keys create-api-key --project P` for each)",
        note: "an API key introspects only its own project's tokens. `introspection.apiKeys` must name exactly the projects of `project`; a project without its key, or a key for a project not accepted, is refused the same way.",
      },
    ],
  },

  // mTLS
  ERR_CSR_INVALID: {
    topic: 'mtls',
    status: 400,
    summary:
      'The broker CA refused the CSR (400 `invalid_request`), or the token it came with cannot have a certificate.',
    fix: 'Make a new key (`--key-type ec|rsa` for `stint cert`, `key_type:` in the profile), or exchange a new token.',
    messages: [
      {
        text: 'invalid CSR: its signature does not verify: the CSR must be signed by the private key it carries',
        note: 'the CSR was edited after signing, or signed with another key.',
      },
      {
        text: [
          'invalid CSR: RSA keys must have 2048 to 8192 bits, this one has 1024',
          'invalid CSR: EC keys must be on P-256, this one is on secp384r1',
        ],
      },
      { text: 'cannot issue a certificate: the token expires now or has expired; exchange a new one' },
    ],
  },
  ERR_MTLS_CERT_REFUSED: {
    topic: 'mtls',
    summary:
      'The broker refused a client certificate; the message carries its status, error, description and `request_id`.',
    fix: 'A 401 means the stint token is expired or revoked: run the exchange again. A 429 means this token already got its 10 certificates: reuse one.',
    messages: [
      {
        text: 'the broker refused a client certificate: 401 invalid_token: … (request_id …)',
        note: 'the stint token sent as `Authorization: Bearer` is expired or revoked; run the exchange again. A client certificate never outlives the token that got it (and never 24 h).',
      },
      {
        text: 'the broker refused a client certificate: 429 temporarily_unavailable: this token already got 10 certificates; reuse one (it lasts as long as the token) or retry after … s (request_id …)',
        note: 'one stint token gets at most 10 client certificates. A job needs one per key: set up the `mtls` profile once and reuse its files, or exchange a new token.',
      },
    ],
  },
  ERR_MTLS_CERT_INVALID: {
    topic: 'mtls',
    summary: "The broker's answer is not a certificate for this key signed by its CA.",
    fix: 'Check that `broker-url` is the stint broker.',
  },
  ERR_MTLS_NO_BROKER: {
    topic: 'mtls',
    summary:
      'An `ephemeral` mtls profile gets its certificate from the broker, and there is no broker URL or stint token.',
    fix: 'Set `broker-url`, or use `source: provided`.',
    messages: [
      {
        text: 'mtls profile "api": source: ephemeral needs the broker URL and a stint token (set broker-url, or use source: provided)',
      },
    ],
  },
  ERR_MTLS_CHAIN_MISSING: {
    topic: 'mtls',
    summary:
      '`stint request` presented a client certificate and the server hung up on the handshake (often a bare `ECONNRESET`, or an ' +
      '`unknown ca` alert), and the client certificate, which is not self-signed, went without a certificate of its issuer. ' +
      'A server that trusts only the root cannot verify a certificate from an intermediate CA sent alone.',
    fix:
      'Add the intermediate certificate(s), from the one that issued the client certificate up to (not including) the root, to the mtls ' +
      'profile as `chain_file` (or `chain`, or inside the PKCS#12 bundle). If the issuer named is itself the root, the server does not ' +
      'trust it: configure the server with that CA. When its issuer was sent too (or it came from the broker CA), the same failure is ' +
      '`ERR_REQUEST_FAILED` ending `(the server refused the client certificate …, issued by …: check that the server trusts …)`.',
    messages: [
      {
        text: 'stint: GET https://api.internal.example.com/: the server refused the TLS handshake (ECONNRESET) after the client certificate CN=ci-job was presented without its chain: it is issued by CN=Issuing CA 2, and no certificate of CN=Issuing CA 2 was sent. If CN=Issuing CA 2 is an intermediate CA, add its certificate (and any between it and the root the server trusts) to the profile as chain_file (or chain, or inside the PKCS#12 bundle); if it is the root, the server does not trust it: give the server that CA',
      },
    ],
  },
  ERR_MTLS_NOT_SET_UP: {
    topic: 'mtls',
    summary: '`stint request` ran an `ephemeral` profile where no action or `stint cert` set it up.',
    fix: 'Use a `provided` profile with `cert_file`/`key_file` (what the action writes to `$STINT_CONFIG`).',
    messages: [{ text: 'mtls profile "api" is ephemeral and has not been set up here: …' }],
  },
  ERR_MTLS_CERT_EXPIRED: {
    topic: 'mtls',
    summary:
      'A provided client certificate has expired. Within 14 days of expiry it is a warning (an annotation), and the job still runs.',
    fix: 'Renew it.',
    messages: [
      {
        text: 'mtls profile "api": the client certificate CN=… expires in 9 days (2026-12-03T00:00:00.000Z); renew it',
        note: 'the warning.',
      },
      { text: 'mtls profile "api": the client certificate CN=… expired on …; renew it' },
    ],
  },
  ERR_MTLS_CERT_NOT_YET_VALID: {
    topic: 'mtls',
    summary: 'A provided client certificate is not valid yet.',
    fix: 'Check the clock or the certificate.',
  },
  ERR_MTLS_KEY_MISMATCH: {
    topic: 'mtls',
    summary: 'The private key does not belong to the certificate (or a PKCS#12 bundle holds none for its key).',
    fix: 'Give the key the certificate was issued for.',
    messages: [
      {
        text: 'mtls profile "api": the private key does not belong to the certificate CN=…; give the key the certificate was issued for',
      },
    ],
  },
  ERR_MTLS_P12_INVALID: {
    topic: 'mtls',
    summary: 'A PKCS#12 bundle cannot be opened.',
    fix: 'Check `passphrase`/`passphrase_env`, and give the bundle base64-encoded.',
    messages: [
      {
        text: [
          'mtls profile "api": the PKCS#12 bundle cannot be opened with the passphrase given; check passphrase/passphrase_env',
          'mtls profile "api": p12 is not a PKCS#12 bundle (give it base64-encoded, e.g. base64 -w0 client.p12)',
        ],
      },
    ],
  },
  ERR_MTLS_MATERIAL_INVALID: {
    topic: 'mtls',
    summary: 'A provided certificate, key or chain cannot be read as PEM.',
    fix: 'Give PEM text (or a file holding it) in the field the message names.',
  },
  ERR_CA_INVALID: {
    topic: 'mtls',
    summary: "The broker's CA file (certificate then key, 0600, under `<keys.dir>/ca/`) was damaged; `/mtls/*` fail.",
    fix:
      'Moving it away makes a new CA; servers must then trust the new `GET /mtls/ca.pem`. The CA also rolls over by itself 30 days before its ' +
      'one-year expiry; `GET /mtls/ca.pem` then serves the new CA followed by the old one, so servers that refresh it at least monthly never refuse a client.',
    messages: [
      {
        text: '…/ca/ca.pem does not hold a CA certificate and its private key; move it away and the broker makes a new CA',
        note: 'in the broker log.',
      },
    ],
  },
  ERR_MTLS_CA_DIR: {
    topic: 'mtls',
    summary:
      'The broker cannot create or renew its mTLS CA: the CA dir (under a read-only keys dir) is not writable, or it (`<keys dir>/ca`, or `keys.ca_dir`) is a file, not a directory (then `stint serve` stops at start).',
    fix: 'Set `keys.ca_dir` to a dir this broker may write (shared by every broker, e.g. a persistent volume), or make the keys dir writable. A file where the CA dir belongs: move it away (the broker makes the dir), or set `keys.ca_dir` to a directory.',
    messages: [
      {
        text: 'stint: /var/lib/stint/keys/ca is not a directory, and the broker keeps its mTLS CA in the directory /var/lib/stint/keys/ca: move /var/lib/stint/keys/ca away (the broker then makes the directory, and a CA when it first issues a certificate), or set keys.ca_dir to another directory',
      },
    ],
  },

  // OAuth2 profiles
  ERR_OAUTH2_TOKEN_REFUSED: {
    topic: 'oauth2',
    summary:
      "The token endpoint refused the client credentials grant; the message carries the endpoint's own `error` and `error_description`.",
    fix: 'Check `client_id` and the secret or key (its registered `kid`/public key for `private_key_jwt`). Any echo of the secret is shown as `***`.',
    messages: [
      {
        text: 'oauth2 profile "billing": the token endpoint https://auth.example.com/oauth/token refused the client credentials grant: 401 invalid_client: …',
      },
    ],
  },
  ERR_OAUTH2_RESPONSE_INVALID: {
    topic: 'oauth2',
    summary: 'The token endpoint answered something other than a Bearer access token.',
    fix: 'Only Bearer tokens can be sent; check `token_url`.',
    messages: [
      {
        text: [
          '… issued a token of type "DPoP"; only Bearer tokens can be sent',
          '… answered 200 without an access_token',
          '… answered 200 with an access_token that cannot be sent in an Authorization header: it holds a space, a line break, a control character or a character outside printable ASCII',
        ],
      },
    ],
  },
  ERR_OAUTH2_UNREACHABLE: {
    topic: 'oauth2',
    summary: 'The token endpoint cannot be reached.',
    fix: 'Redirects are refused, so give the final URL.',
    messages: [{ text: '… cannot be reached (ECONNREFUSED)' }],
  },

  // Other commands
  ERR_USAGE: {
    topic: 'cli',
    summary: 'A command line that cannot be run as given (exit 2).',
    fix: "See the command's `--help`.",
    messages: [
      {
        text: 'stint: --anchor "…" is not SEQ:HASH (a line number, a colon, and 16 to 64 lowercase hex digits of its hash), as `stint audit verify` prints it',
        note: 'copy the anchor from the last line `stint audit verify` printed.',
      },
      {
        text: 'stint: --junit reports is a directory; give the file to write the report to, e.g. --junit reports/policy-tests.xml',
        note: '`stint policy test`: checked before any case runs.',
      },
      {
        text: 'stint: profile "deploy-api" (http-signature) signs the URL: pass --url',
        note: '`stint sign`: pass it, and sign the same method, URL and body you then send.',
      },
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
        text: 'stint: no signing config: pass --config FILE or set STINT_CONFIG (the stint action sets it when its signing input is given, unless export-env is false: then pass --config ${{ steps.<id>.outputs.config-path }})',
        note: '`stint sign` / `stint request` with neither; the stint action sets `STINT_CONFIG` when its `signing` input is given.',
      },
      {
        text: 'stint: profile "internal-api" is mtls: its client certificate is only sent over TLS, so the URL must start with https:// (got http://internal.example.com/status)',
        note: '`stint request`: an mtls profile never sends a request in clear, without its certificate.',
      },
    ],
  },
  ERR_TOKEN_MISSING: {
    topic: 'cli',
    summary: '`stint cert` needs a stint token, and the variable it reads (`STINT_TOKEN` by default) is not set.',
    fix: 'Get a stint token first, e.g. `exports="$(stint exchange --broker URL --project P)" || exit 1` then `eval "$exports"` (not `eval "$(stint exchange …)"`, which goes on after a failed exchange).',
  },
  ERR_DEMO_NOT_BUILT: {
    topic: 'cli',
    summary:
      '`stint demo` runs the built action, and a bundle is missing; or it was run from the single-file release asset (`stint-cli-<version>.mjs`), which carries the CLI but not the action.',
    fix: 'In a clone of stint, run `npm run build` first. With the single-file asset, run the demo from the npm package instead (`npm install ./stint-<version>.tgz`, then `npx stint demo`) or from a clone.',
  },
  ERR_DEMO_CONFIG: {
    topic: 'cli',
    summary: 'The embedded default config no longer has the line the demo replaces.',
    fix: 'A bug: please report it.',
  },
});
