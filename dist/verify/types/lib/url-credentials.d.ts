/**
 * A URL (or a `user:password@host:port` without a scheme, as a sentinel or cluster node is written)
 * with its password replaced by `***`, so an error message or a log line never repeats it. With
 * `user: false` the user name goes too (`https://***@host`): where no user name belongs (an
 * issuer), one may be a token pasted in its place. The password runs to the last `@` of the
 * value, so one holding `@`, or a `/` a URL parser would take for the path (a base64 password
 * left unencoded: the URL that quotes it did not parse), is replaced whole; a path holding `@`
 * may lose its start too, which in a message costs nothing.
 *
 * @example
 * redactUrl('redis://alice:hunter2@redis.internal:6379/0') // 'redis://alice:***@redis.internal:6379/0'
 * redactUrl('alice:hunter2@10.1.2.3:26379')                 // 'alice:***@10.1.2.3:26379'
 * redactUrl('https://ghp_x@ci.example', { user: false })   // 'https://***@ci.example'
 */
export declare function redactUrl(text: string, options?: {
    user?: boolean;
}): string;
/**
 * A URL as a message shows it: without user info and without its query, either of which may be
 * a credential (`https://u:pw@host`, `?key=…`, `?private_token=…`); a query is shown as `?…`, so
 * the reader knows there was one. Text that is not a URL goes through `redactUrl` with no user.
 * Where the CLI prints a request's URL it keeps the same parts (origin and path).
 *
 * @example
 * urlForMessage('https://u:pw@broker.example/jwks?key=abc') // 'https://broker.example/jwks?…'
 */
export declare function urlForMessage(text: string): string;
