import { REDIS_MAX_DB } from './types.js';

/** The form a Redis URL takes, for messages; the password comes from `password_env`, never the URL. */
export const REDIS_URL_FORM = 'redis[s]://[user@]host[:port][/db]';

/** A Redis URL read into its parts. */
export interface RedisUrlParts {
  host: string;
  port: number;
  db: number;
  tls: boolean;
  /** Decoded; never holds an `@`. */
  username: string | undefined;
  password: string | undefined;
  /** For messages: the URL without its password (`redis://stint@redis.internal:6379/0`). */
  display: string;
}

/**
 * The one reading of a Redis URL, `redis[s]://[user[:password]@]host[:port][/db]`, shared by
 * `stint policy check` (src/policy/config-store.ts) and the store (src/store/redis-connect.ts), so
 * both accept the same URLs. Gives the parts, or a problem that names what is wrong and the form
 * expected, and quotes nothing of the URL: a mistyped one puts the password where a parser sees a
 * path (`redis:/stint:PASSWORD@host`, `redis:///…`) or a user name (`redis://stint@PASSWORD@host`,
 * an `@` typed for the `:`), so no part of a URL that fails is safe to repeat.
 *
 * @example
 * readRedisUrl('redis://stint@redis.internal:6379/0') // { host: 'redis.internal', port: 6379, db: 0, username: 'stint', … }
 * readRedisUrl('redis:/stint:pw@redis.internal')      // { problem: "must be written redis[s]://[user@]host[:port][/db]: '//' and the host right after 'redis:'" }
 */
export function readRedisUrl(raw: string): RedisUrlParts | { problem: string } {
  const scheme = /^(rediss?):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return { problem: `must start with redis:// or rediss:// (TLS): ${REDIS_URL_FORM}` };
  // WHATWG URL reads `redis:/u:pw@host` and `redis:///u:pw@host` as a path with no host, so the
  // shape is checked on the text first.
  if (!/^rediss?:\/\/[^/\\]/i.test(raw))
    return { problem: `must be written ${REDIS_URL_FORM}: '//' and the host right after '${scheme}:'` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      problem: `is not a valid URL; write ${REDIS_URL_FORM}, e.g. ${scheme}://redis.internal:6379/0 (a password never goes in it: see password_env)`,
    };
  }
  // An `@` in the user name (the parser keeps a second one there, encoded) is most often a
  // password typed after `@` where `:` was meant: the user name, which messages show, would hold
  // it. (One in the password is the password's own, `%40` or not: it is never shown.)
  if (url.username.includes('%40'))
    return {
      problem: `has more than one '@' before the host; write ${REDIS_URL_FORM} (an '@' typed for the ':' before a password? An ACL user whose name holds '@' goes in store.username)`,
    };
  const username = decoded(url.username);
  const password = decoded(url.password);
  if (username === null || password === null)
    return { problem: `has a '%' in its user name or password that is not a %XX escape; write ${REDIS_URL_FORM}` };
  if (url.hostname === '') return { problem: `has no host; write ${REDIS_URL_FORM}` };
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw))
    return { problem: `must not carry a query or a fragment; write ${REDIS_URL_FORM}` };
  const path = url.pathname.replace(/^\//, '');
  if (!/^\d{0,2}$/.test(path) || Number(path) > REDIS_MAX_DB)
    return {
      problem: `must end in a database number from 0 to ${REDIS_MAX_DB} (Redis's default databases setting), such as /0, or nothing: ${REDIS_URL_FORM}`,
    };
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    db: path === '' ? 0 : Number(path),
    tls: scheme === 'rediss',
    username: username === '' ? undefined : username,
    password: password === '' ? undefined : password,
    display: `${scheme}://${username === '' ? '' : `${username}@`}${url.host}${url.pathname}`,
  };
}

/** The text with its %XX escapes decoded, or null when one is malformed. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
