/**
 * Why a server hung up on a client certificate. A TLS server that cannot build a path from the
 * presented certificate to a CA it trusts often says nothing useful: Node's (and many proxies')
 * answer is to close the socket, which the client sees as a bare ECONNRESET. The commonest cause
 * is a certificate issued by an intermediate CA and presented without that intermediate. Only
 * the client can see that, so it is said here, with what to add.
 */
import { X509Certificate } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { allPem } from './mtls-asn1.js';

/** Failures a server's refusal of the client certificate shows up as (a closed socket, or an alert). */
const REFUSAL = /^(ECONNRESET|EPIPE)$|ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE)$/;

/**
 * For a request that failed with `reason` after presenting `certPem` (leaf, then chain): an
 * ERR_MTLS_CHAIN_MISSING error when the leaf's issuer was not sent and the leaf is not self-signed
 * (so the server may lack an intermediate), or a hint to append when a chain was sent. Undefined when the
 * failure does not look like a refused certificate.
 *
 * @example
 * const why = explainRefusedCertificate(tls.cert, 'ECONNRESET', 'GET https://api.internal/');
 * if (why instanceof StintError) throw why;
 */
export function explainRefusedCertificate(
  certPem: string,
  reason: string,
  target: string,
): StintError | string | undefined {
  if (!REFUSAL.test(reason)) return undefined;
  let presented: X509Certificate[];
  try {
    presented = allPem('CERTIFICATE', certPem).map((pem) => new X509Certificate(pem));
  } catch {
    return undefined;
  }
  const leaf = presented[0];
  if (leaf === undefined) return undefined;
  // Follow the presented certificates from the leaf up, as the server would.
  let top = leaf;
  const seen = new Set([top]);
  for (;;) {
    const issuer = presented.find((c) => !seen.has(c) && top.checkIssued(c));
    if (issuer === undefined) break;
    seen.add(issuer);
    top = issuer;
  }
  const name = (n: string): string => n.replace(/\n/g, ', ');
  // A certificate from the broker CA hangs directly off that (self-signed) CA: nothing is missing.
  const fromBroker = (leaf.subjectAltName ?? '').includes('URI:urn:stint:project:');
  // A chain that reaches past the leaf is taken as whole (the root is never sent); only a leaf
  // whose issuer was not sent, while not self-signed, can be short of an intermediate.
  if (top !== leaf || leaf.checkIssued(leaf) || fromBroker) {
    return ` (the server refused the client certificate ${name(leaf.subject)}, issued by ${name(leaf.issuer)}: check that the server trusts ${fromBroker ? 'the broker CA (GET /mtls/ca.pem)' : `the CA at the top of its chain, ${name(top.issuer)}`})`;
  }
  const sent =
    presented.length === 1
      ? `without its chain: it is issued by ${name(leaf.issuer)}, and no certificate of ${name(leaf.issuer)} was sent`
      : `with chain certificates that do not include its issuer, ${name(leaf.issuer)}`;
  return new StintError(
    'ERR_MTLS_CHAIN_MISSING',
    `${target}: the server refused the TLS handshake (${reason}) after the client certificate ${name(leaf.subject)} was presented ${sent}. ` +
      `If ${name(leaf.issuer)} is an intermediate CA, add its certificate (and any between it and the root the server trusts) to the profile as chain_file (or chain, or inside the PKCS#12 bundle); ` +
      `if it is the root, the server does not trust it: give the server that CA`,
  );
}
