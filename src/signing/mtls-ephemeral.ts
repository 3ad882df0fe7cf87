/**
 * `source: ephemeral`: the key is made here and never leaves the job; the broker's CA signs a CSR
 * for it, authorised by the stint token, and the certificate lives no longer than that token.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { StintError } from '../lib/errors.js';
import { type HttpClient, HttpError, type HttpResponse, httpRequest } from '../lib/http.js';
import { brokerRequestId } from '../lib/retry.js';
import { createCsr } from './mtls-csr.js';

export interface BrokerCertificate {
  key: KeyObject;
  leaf: X509Certificate;
  certificatePem: string;
  caPem: string;
}

/** Longest wait for the broker's answer. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A certificate and its CA as PEM: a few KB. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/** A fresh key of the profile's type: EC P-256 (fast, small) or RSA 2048 for servers that need RSA. */
export function generateClientKey(keyType: 'ec' | 'rsa'): KeyObject {
  return keyType === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/**
 * POSTs a CSR for `key` to `${brokerUrl}/mtls/certificates` with the stint token, and checks the
 * answer: a certificate for exactly this key, issued by the CA the broker returned with it.
 * Throws ERR_BROKER_UNREACHABLE, ERR_MTLS_CERT_REFUSED (with the broker's error_description and
 * request_id) or ERR_MTLS_CERT_INVALID.
 */
export async function requestBrokerCertificate(options: {
  brokerUrl: string;
  token: string;
  key: KeyObject;
  http?: HttpClient;
}): Promise<BrokerCertificate> {
  const url = `${options.brokerUrl.replace(/\/+$/, '')}/mtls/certificates`;
  const csr = await createCsr(options.key, 'stint ephemeral client');
  let response: HttpResponse;
  try {
    // Redirects are refused (the layer's default): the stint token goes only to the broker.
    response = await (options.http ?? httpRequest)({
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
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new StintError(
      'ERR_BROKER_UNREACHABLE',
      `cannot reach the broker at ${url} for a client certificate (${error.reason})`,
      { cause: error },
    );
  }
  const body = parseJson(response.text());
  if (response.status < 200 || response.status > 299) {
    const error = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description = typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
    // Only in the broker's form: anything else may be an echo of the token sent.
    const id = brokerRequestId(body?.request_id);
    const requestId = id === undefined ? '' : ` (request_id ${id})`;
    throw new StintError(
      'ERR_MTLS_CERT_REFUSED',
      `the broker refused a client certificate: ${response.status} ${error}${description}${requestId}`,
    );
  }
  if (typeof body?.certificate !== 'string' || typeof body.ca !== 'string') {
    throw new StintError(
      'ERR_MTLS_CERT_INVALID',
      `the broker's answer from ${url} has no certificate and ca; is that a stint broker?`,
    );
  }
  let leaf: X509Certificate;
  let ca: X509Certificate;
  try {
    leaf = new X509Certificate(body.certificate);
    ca = new X509Certificate(body.ca);
  } catch (error) {
    throw new StintError('ERR_MTLS_CERT_INVALID', `the broker returned a certificate or CA that cannot be read`, {
      cause: error,
    });
  }
  const ours = createPublicKey(options.key).export({ type: 'spki', format: 'der' });
  if (!leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(ours)) {
    throw new StintError('ERR_MTLS_CERT_INVALID', 'the broker returned a certificate for a different key');
  }
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) {
    throw new StintError('ERR_MTLS_CERT_INVALID', 'the broker returned a certificate its CA did not sign');
  }
  return { key: options.key, leaf, certificatePem: body.certificate, caPem: body.ca };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
