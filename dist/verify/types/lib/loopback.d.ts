/**
 * Whether a host is this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `::1`
 * (bracketed as URL hostnames write it, or bare as `--host` takes it). Only a real IPv4
 * address counts for 127/8, so a name such as `127.example.com` is another machine.
 *
 * @example
 * isLoopbackHost(new URL('http://[::1]:8080').hostname) // true
 */
export declare function isLoopbackHost(host: string): boolean;
/** Where plain http is allowed, for messages that refuse it elsewhere. */
export declare const PLAIN_HTTP_ONLY_HERE = "http:// is only for localhost, 127.0.0.0/8 and ::1";
/**
 * Whether a request to `url` would cross the network in clear: plain http to a host that is not
 * this machine. Every client that sends a credential (an ID token, a stint token, a client
 * secret, a bearer token or JWT) refuses such a URL before sending anything.
 *
 * @example
 * sendsInClear(new URL('http://api.example.com/')) // true
 * sendsInClear(new URL('http://127.0.0.1:8080/')) // false
 */
export declare function sendsInClear(url: URL): boolean;
