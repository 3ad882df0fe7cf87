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
export declare const TOPICS: {
    action: {
        title: string;
        intro: string;
        messages: {
            text: string;
            note: string;
        }[];
        notes: string;
    };
    exchange: {
        title: string;
        intro: string;
        messages: ({
            text: string[];
            note: string;
        } | {
            text: string;
            note: string;
        })[];
    };
    policy: {
        title: string;
        intro: string;
    };
    serve: {
        title: string;
        intro: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    requests: {
        title: string;
        intro: string;
    };
    'id-token': {
        title: string;
        intro: string;
    };
    keys: {
        title: string;
        intro: string;
        messages: {
            text: string[];
            note: string;
        }[];
    };
    redis: {
        title: string;
        intro: string;
        notes: string;
    };
    signing: {
        title: string;
        intro: string;
    };
    verify: {
        title: string;
        intro: string;
        notes: string;
    };
    mtls: {
        title: string;
        intro: string;
        notes: string;
    };
    oauth2: {
        title: string;
        intro: string;
    };
    cli: {
        title: string;
        intro: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
};
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
export declare const CATALOGUE: {
    ERR_ID_TOKEN_PERMISSION: {
        topic: "action";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_INPUT_INVALID: {
        topic: "action";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_RUNNER_TEMP: {
        topic: "action";
        summary: string;
        fix: string;
    };
    ERR_SECRET_TOO_SHORT: {
        topic: "action";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_TOKEN_SOURCE_NOT_FOUND: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_ID_TOKEN_REQUEST_FAILED: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_ID_TOKEN_INVALID: {
        topic: "exchange";
        summary: string;
        fix: string;
    };
    ERR_BROKER_URL_INVALID: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_REVOKE_NO_TOKEN: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_REVOKE_NOT_A_TOKEN: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_REVOKE_WRONG_BROKER: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_BROKER_ISSUER_MISMATCH: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_BROKER_UNREACHABLE: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        } | {
            text: string[];
            note: string;
        })[];
    };
    ERR_BROKER_REDIRECT: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_BROKER_CERT_REJECTED: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_DISCOVERY_FAILED: {
        topic: "exchange";
        summary: string;
        fix: string;
    };
    ERR_ID_TOKEN_REJECTED: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_EXCHANGE_DENIED: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_EXCHANGE_INVALID: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_EXCHANGE_RATE_LIMITED: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_EXCHANGE_FAILED: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_GITHUB_ENV_MISSING: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_GITHUB_ENV_UNWRITABLE: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_EXCHANGE_OUTPUT_UNWRITABLE: {
        topic: "exchange";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_REVOKE_FAILED: {
        topic: "exchange";
        summary: string;
        fix: string;
    };
    ERR_CONFIG_INVALID: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: ({
            text: string[];
            note: string;
        } | {
            text: string;
            note: string;
        } | {
            text: string[];
            note?: undefined;
        })[];
    };
    ERR_CONFIG_NOT_FOUND: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    ERR_POLICY_UNKNOWN_KEY: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_UNKNOWN_PROVIDER: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_NO_RULES: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_NO_SUBJECT: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_SUBJECT_WILDCARD: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_AUDIENCE_SHARED: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_OWNER_WILDCARD: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_SCOPE: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_PROVIDER_INSECURE: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_PROVIDER_ALGORITHM: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_STORE_PASSWORD_INLINE: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_DURATION_INVALID: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_SUBJECT_INVALID: {
        topic: "policy";
        status: 403;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_POLICY_DENIED: {
        topic: "policy";
        status: 403;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_SCOPE_NOT_GRANTED: {
        topic: "policy";
        status: 403;
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_PROJECT_UNKNOWN: {
        topic: "policy";
        status: 403;
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_PROVIDER_UNKNOWN: {
        topic: "policy";
        status: 403;
        summary: string;
        fix: string;
    };
    ERR_CLAIMS_INVALID: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    ERR_POLICY_CASES: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_DEV_ISSUER_LISTEN: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    ERR_POLICY_CLAIM_UNKNOWN: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_SUBJECT_UNPINNED: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    WARN_SUBJECT_SHAPE: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    WARN_SUBJECT_GREEDY: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    WARN_ISSUER_SHAPE: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_ISSUER_INSECURE: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    WARN_PROVIDER_INSECURE: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_PROVIDER_AUDIENCE: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_PROVIDER_AUDIENCE_FOREIGN: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_ISSUER_SLASH: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    WARN_TRUST_PROXY_ALL: {
        topic: "policy";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_SCOPE_DUPLICATE: {
        topic: "policy";
        summary: string;
        fix: string;
    };
    WARN_CERT_EXPIRING: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: ({
            text: string[];
            note?: undefined;
        } | {
            text: string;
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    WARN_CONNECTIONS_PER_ADDRESS: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_OPEN_FILE_LIMIT: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_CONFIG_UNREADABLE: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_LISTEN: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TLS_UNREADABLE: {
        topic: "serve";
        summary: string;
        fix: string;
    };
    ERR_TLS_INVALID: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_CONFIG_RELOAD: {
        topic: "serve";
        summary: string;
        fix: string;
    };
    ERR_STATE_DIR: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_STATE_LOCKED: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_WORKERS_NEED_SHARED_STORE: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_STATE_CORRUPT: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_STATE_NEWER: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_STATE_RECORD_CORRUPT: {
        topic: "serve";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_REQUEST_TARGET: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_NOT_FOUND: {
        topic: "requests";
        status: 404;
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_METHOD_NOT_ALLOWED: {
        topic: "requests";
        status: 405;
        summary: string;
        fix: string;
    };
    ERR_BODY_TOO_LARGE: {
        topic: "requests";
        status: 413;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_BODY_INCOMPLETE: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_CONTENT_ENCODING: {
        topic: "requests";
        status: 415;
        summary: string;
        fix: string;
    };
    ERR_BODY_NOT_JSON: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_BODY_NOT_OBJECT: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_BODY_NOT_FORM: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_PARAMETER_MISSING: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_PARAMETER_REPEATED: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_AUTHORIZATION_REPEATED: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_GRANT_TYPE_UNSUPPORTED: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_TOKEN_TYPE_UNSUPPORTED: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_ACTOR_TOKEN_UNSUPPORTED: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_PROJECT_MISSING: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_TARGET_UNKNOWN: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TARGET_INVALID: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_TARGET_AMBIGUOUS: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_TARGET_CONFLICT: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_SCOPE_INVALID: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
    };
    ERR_TTL_INVALID: {
        topic: "requests";
        status: 400;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_RATE_LIMITED: {
        topic: "requests";
        status: 429;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_API_KEY_INVALID: {
        topic: "requests";
        status: 401;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_API_KEY_BUSY: {
        topic: "requests";
        status: 503;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_INTERNAL: {
        topic: "requests";
        status: 500;
        summary: string;
        fix: string;
    };
    ERR_TOKEN_TOO_LARGE: {
        topic: "id-token";
        status: 413;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_MALFORMED: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_ALG: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_TOKEN_EMBEDDED_KEY: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_CRIT: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_ISSUER_UNTRUSTED: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_KEY_UNKNOWN: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: ({
            text: string[];
            note?: undefined;
        } | {
            text: string[];
            note: string;
        })[];
    };
    ERR_TOKEN_KEY_PENDING: {
        topic: "id-token";
        status: 503;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_KEY_AMBIGUOUS: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
    };
    ERR_TOKEN_SIGNATURE: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_AUDIENCE: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: ({
            text: string[];
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_TOKEN_CLAIMS: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
    };
    ERR_TOKEN_TOO_OLD: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_TOKEN_EXPIRED: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_TOKEN_NOT_YET_VALID: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_TOKEN_REPLAYED: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_TOKEN_REPLAY_UNKNOWN: {
        topic: "id-token";
        status: 401;
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_ISSUER_UNREACHABLE: {
        topic: "id-token";
        status: 503;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_ISSUER_MISMATCH: {
        topic: "id-token";
        summary: string;
        fix: string;
    };
    ERR_ISSUER_DOCUMENT_INVALID: {
        topic: "id-token";
        summary: string;
        fix: string;
    };
    ERR_ISSUER_DOCUMENT_TOO_LARGE: {
        topic: "id-token";
        summary: string;
        fix: string;
    };
    ERR_ISSUER_INSECURE: {
        topic: "id-token";
        summary: string;
        fix: string;
    };
    ERR_KEYS_INSECURE: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_KEYS_CORRUPT: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_KEYS_NEWER: {
        topic: "keys";
        status: 503;
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_API_KEYS_UNREADABLE: {
        topic: "keys";
        status: 503;
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_KEYS_DIR_READ_ONLY: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_FILE_ACCESS: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_FILE_READ_ONLY: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_KEYS_UNREADABLE: {
        status: 503;
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_KEYS_NO_CURRENT: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_KEYS_ALGORITHM: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_PKCS11_BINDING: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_PKCS11_MODULE: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_PKCS11_TOKEN: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_PKCS11_PIN: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_PKCS11_MECHANISM: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_PKCS11_SESSION: {
        status: 503;
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_PKCS11_FAILED: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_SIGNER_FAILED: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_KEYS_SCHEDULE: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_TOKEN_TTL: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_LOCK_TIMEOUT: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_API_KEY_UNKNOWN: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_API_KEY_PROJECT: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_API_KEY_EXPIRY: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    WARN_APIKEY_EXPIRING: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    WARN_APIKEY_NO_EXPIRY: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    WARN_KEY_ROTATION_DUE: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_KEYS_GRACE_SHORT: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    WARN_KEY_ALGORITHM_PENDING: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_AUDIT_CORRUPT: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_AUDIT_TRUNCATED: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_AUDIT_READ: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_AUDIT_WRITE: {
        status: 503;
        topic: "keys";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_AUDIT_SECRET: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_AUDIT_VALUE: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_PATH_INSECURE: {
        topic: "keys";
        summary: string;
        fix: string;
        messages: {
            text: string[];
            note: string;
        }[];
    };
    ERR_AUDIT_CLOSED: {
        topic: "keys";
        summary: string;
        fix: string;
    };
    ERR_STORE_UNAVAILABLE: {
        topic: "redis";
        status: 503;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string[];
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_STORE_REFUSED: {
        topic: "redis";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_STORE_UNREACHABLE: {
        topic: "redis";
        summary: string;
        fix: string;
        messages: ({
            text: string[];
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_STORE_PASSWORD_MISSING: {
        topic: "redis";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_STORE_URL_INVALID: {
        topic: "redis";
        summary: string;
        fix: string;
    };
    WARN_STORE_PERSISTENCE: {
        topic: "redis";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_STORE_DATA_LOST: {
        topic: "redis";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_KEY_SET_DISAGREES: {
        topic: "redis";
        status: 503;
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    WARN_STORE_SETTINGS_UNREAD: {
        topic: "redis";
        summary: string;
        fix: string;
    };
    ERR_RATE_LIMIT_INVALID: {
        topic: "redis";
        summary: string;
        fix: string;
    };
    ERR_SIGNING_CONFIG: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string;
            note?: undefined;
        } | {
            text: string[];
            note: string;
        })[];
    };
    ERR_SIGNING_CONFIG_MISSING: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_SIGNING_PROFILE_UNKNOWN: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_SIGNING_REQUEST: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_REQUEST_URL_INVALID: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_STINT_TOKEN_MISSING: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_STINT_TOKEN_MALFORMED: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_HTTP_FAILED: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: ({
            text: string[];
            note: string;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_REQUEST_FAILED: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_HTTP_STATUS: {
        topic: "signing";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_SIGNATURE_COMPONENT_MISSING: {
        topic: "signing";
        summary: string;
        fix: string;
    };
    ERR_SIGNATURE_MISSING: {
        topic: "verify";
        summary: string;
        fix: string;
    };
    ERR_SIGNATURE_INVALID: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string[];
            note: string;
        })[];
    };
    ERR_SIGNATURE_REPLAYED: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_SIGNATURE_EXPIRED: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_SIGNATURE_MALFORMED: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_SIGNATURE_KEY_UNKNOWN: {
        topic: "verify";
        summary: string;
        fix: string;
    };
    ERR_DIGEST_MISMATCH: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_INVALID: {
        topic: "verify";
        status: 401;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note?: undefined;
        } | {
            text: string;
            note: string;
        })[];
    };
    ERR_AUTHORIZATION_MALFORMED: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_PROJECT: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_REQUEST_NOT_JSON: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_SCOPE: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_TOKEN_INACTIVE: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_INTROSPECTION_UNAVAILABLE: {
        topic: "verify";
        summary: string;
        fix: string;
    };
    ERR_INTROSPECTION_RATE_LIMITED: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_INTROSPECTION_REFUSED: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_JWKS_UNAVAILABLE: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_CERTIFICATE_MISSING: {
        topic: "verify";
        summary: string;
        fix: string;
    };
    ERR_CERTIFICATE_INVALID: {
        topic: "verify";
        summary: string;
        fix: string;
    };
    ERR_CERTIFICATE_PROJECT: {
        topic: "verify";
        summary: string;
        fix: string;
    };
    ERR_VERIFY_CONFIG: {
        topic: "verify";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string[];
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_CSR_INVALID: {
        topic: "mtls";
        status: 400;
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string[];
            note?: undefined;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_MTLS_CERT_REFUSED: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_MTLS_CERT_INVALID: {
        topic: "mtls";
        summary: string;
        fix: string;
    };
    ERR_MTLS_NO_BROKER: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_MTLS_CHAIN_MISSING: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_MTLS_NOT_SET_UP: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_MTLS_CERT_EXPIRED: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: ({
            text: string;
            note: string;
        } | {
            text: string;
            note?: undefined;
        })[];
    };
    ERR_MTLS_CERT_NOT_YET_VALID: {
        topic: "mtls";
        summary: string;
        fix: string;
    };
    ERR_MTLS_KEY_MISMATCH: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_MTLS_P12_INVALID: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_MTLS_MATERIAL_INVALID: {
        topic: "mtls";
        summary: string;
        fix: string;
    };
    ERR_CA_INVALID: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_MTLS_CA_DIR: {
        topic: "mtls";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_OAUTH2_TOKEN_REFUSED: {
        topic: "oauth2";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_OAUTH2_RESPONSE_INVALID: {
        topic: "oauth2";
        summary: string;
        fix: string;
        messages: {
            text: string[];
        }[];
    };
    ERR_OAUTH2_UNREACHABLE: {
        topic: "oauth2";
        summary: string;
        fix: string;
        messages: {
            text: string;
        }[];
    };
    ERR_USAGE: {
        topic: "cli";
        summary: string;
        fix: string;
        messages: {
            text: string;
            note: string;
        }[];
    };
    ERR_TOKEN_MISSING: {
        topic: "cli";
        summary: string;
        fix: string;
    };
    ERR_DEMO_NOT_BUILT: {
        topic: "cli";
        summary: string;
        fix: string;
    };
    ERR_DEMO_CONFIG: {
        topic: "cli";
        summary: string;
        fix: string;
    };
};
