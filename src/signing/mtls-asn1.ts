/**
 * The X.509 and PKCS#10 structures stint builds and reads, in DER, with node-forge's ASN.1 codec
 * and node:crypto's keys and signatures.
 *
 * Why not node-forge's `pki.createCertificate()` / `createCertificationRequest()`: they only know
 * RSA keys. An EC P-256 public key in a CSR makes `certificationRequestFromPem` throw, and forge
 * cannot sign with ECDSA at all. ECDSA P-256 is what we want for the CA and the default job key
 * (small, fast, what every TLS stack accepts). So forge does what it is good at — DER encoding and
 * decoding — and node:crypto does keys, signing and verification (RSA and EC alike, in OpenSSL).
 * node:crypto can read certificates (`X509Certificate`) but cannot make them or read CSRs, which is
 * why forge is still needed. Forge is heavy, so it is loaded only when a certificate or CSR is made.
 */
import { createHash, createPublicKey, type KeyObject, sign } from 'node:crypto';

type Forge = typeof import('node-forge');
type Asn1 = import('node-forge').asn1.Asn1;
/** The part of node-forge that certificates and CSRs need: its DER codec and UTF-8 helper. */
export type ForgeAsn1 = Pick<Forge, 'asn1' | 'util'>;

let forgeModule: Promise<Forge> | undefined;
let asn1Module: Promise<ForgeAsn1> | undefined;

function defaultExport<T>(module: unknown): T {
  return ((module as { default?: T }).default ?? module) as T;
}

/** All of node-forge (PKCS#12 needs it), loaded on first use: ~140 ms of CommonJS to parse. */
export function loadForge(): Promise<Forge> {
  forgeModule ??= import('node-forge').then((module) => defaultExport<Forge>(module));
  return forgeModule;
}

/**
 * Only forge's ASN.1 codec (and the util and OID modules it pulls in), about a tenth of the load
 * time of the whole library: what `stint cert`, the action and the CA need on every run.
 */
export function loadForgeAsn1(): Promise<ForgeAsn1> {
  // Each forge module registers itself on the shared object that lib/forge.js exports.
  asn1Module ??= import('node-forge/lib/asn1.js')
    .then(() => import('node-forge/lib/forge.js'))
    .then((module) => defaultExport<ForgeAsn1>(module));
  return asn1Module;
}

export const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
} as const;

/** Signature algorithms we sign and accept, by OID, with the hash node:crypto needs. */
export const SIGNATURE_ALGORITHMS: Record<string, { hash: string; keyType: 'ec' | 'rsa' }> = {
  [OID.ecdsaWithSha256]: { hash: 'sha256', keyType: 'ec' },
  [OID.ecdsaWithSha384]: { hash: 'sha384', keyType: 'ec' },
  [OID.ecdsaWithSha512]: { hash: 'sha512', keyType: 'ec' },
  [OID.sha256WithRsa]: { hash: 'sha256', keyType: 'rsa' },
  [OID.sha384WithRsa]: { hash: 'sha384', keyType: 'rsa' },
  [OID.sha512WithRsa]: { hash: 'sha512', keyType: 'rsa' },
};

/** A small DER builder over forge's codec; Buffers in, Buffers out. */
export class Der {
  constructor(private readonly forge: ForgeAsn1) {}

  private get a() {
    return this.forge.asn1;
  }

  seq(items: Asn1[]): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SEQUENCE, true, items);
  }

  set(items: Asn1[]): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.SET, true, items);
  }

  oid(oid: string): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OID, false, this.a.oidToDer(oid).getBytes());
  }

  bool(value: boolean): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.BOOLEAN, false, value ? '\xff' : '\x00');
  }

  /** A non-negative INTEGER from its big-endian magnitude (minimal DER encoding). */
  unsigned(bytes: Buffer): Asn1 {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    let body = bytes.subarray(start);
    if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
    if (body.length === 0) body = Buffer.from([0]);
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, body.toString('binary'));
  }

  int(value: number): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.INTEGER, false, this.a.integerToDer(value).getBytes());
  }

  utf8(text: string): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTF8, false, this.forge.util.encodeUtf8(text));
  }

  octets(bytes: Buffer): Asn1 {
    return this.a.create(this.a.Class.UNIVERSAL, this.a.Type.OCTETSTRING, false, bytes.toString('binary'));
  }

  /** BIT STRING with `unusedBits` padding bits in the last byte. */
  bits(bytes: Buffer, unusedBits = 0): Asn1 {
    return this.a.create(
      this.a.Class.UNIVERSAL,
      this.a.Type.BITSTRING,
      false,
      String.fromCharCode(unusedBits) + bytes.toString('binary'),
    );
  }

  /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after; whole seconds. */
  time(ms: number): Asn1 {
    const date = new Date(Math.floor(ms / 1000) * 1000);
    return date.getUTCFullYear() < 2050
      ? this.a.create(this.a.Class.UNIVERSAL, this.a.Type.UTCTIME, false, this.a.dateToUtcTime(date))
      : this.a.create(this.a.Class.UNIVERSAL, this.a.Type.GENERALIZEDTIME, false, this.a.dateToGeneralizedTime(date));
  }

  /** `[n]` EXPLICIT around `inner`. */
  explicit(tag: number, inner: Asn1): Asn1 {
    return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
  }

  /** `[n]` IMPLICIT primitive with raw content (e.g. a SAN URI, a key identifier). */
  implicit(tag: number, content: Buffer): Asn1 {
    return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, false, content.toString('binary'));
  }

  /** `[n]` IMPLICIT constructed (e.g. the empty attributes of a CSR). */
  implicitSet(tag: number, items: Asn1[]): Asn1 {
    return this.a.create(this.a.Class.CONTEXT_SPECIFIC, tag, true, items);
  }

  /** A Name of the given attributes, one RDN each, values as UTF8String. */
  name(attributes: Array<[oid: string, value: string]>): Asn1 {
    return this.seq(attributes.map(([oid, value]) => this.set([this.seq([this.oid(oid), this.utf8(value)])])));
  }

  /** Raw DER (e.g. an SPKI from node:crypto) as a node to embed. */
  raw(der: Buffer): Asn1 {
    return this.a.fromDer(der.toString('binary'), true);
  }

  encode(node: Asn1): Buffer {
    return Buffer.from(this.a.toDer(node).getBytes(), 'binary');
  }

  /** AlgorithmIdentifier for signing with `key` (ECDSA: no parameters; RSA: NULL, RFC 4055). */
  signatureAlgorithm(key: KeyObject): Asn1 {
    if (key.asymmetricKeyType === 'ec') return this.seq([this.oid(OID.ecdsaWithSha256)]);
    return this.seq([this.oid(OID.sha256WithRsa), this.a.create(this.a.Class.UNIVERSAL, this.a.Type.NULL, false, '')]);
  }

  /** `SEQUENCE { toBeSigned, algorithm, BIT STRING signature }`, as certificates and CSRs are. */
  signed(toBeSigned: Asn1, algorithm: Asn1, key: KeyObject): Buffer {
    const signature = sign('sha256', this.encode(toBeSigned), key);
    return this.encode(this.seq([toBeSigned, algorithm, this.bits(signature)]));
  }
}

/** PEM armour around DER, 64 characters a line. */
export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with `label`, or undefined. */
export function fromPem(label: string, pem: string): Buffer | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (match?.[1] === undefined) return undefined;
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** Every PEM block with `label`, in order, re-armoured (LF line ends, 64 columns). */
export function allPem(label: string, pem: string): string[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(pattern)].map((match) =>
    toPem(label, Buffer.from((match[1] ?? '').replace(/\\s+/g, ''), 'base64')),
  );
}

/** SHA-1 of the subjectPublicKey bits: the key identifier of RFC 5280 §4.2.1.2 method (1). */
export function keyIdentifier(forge: ForgeAsn1, publicKey: KeyObject): Buffer {
  const spki = forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'), {
    strict: true,
    decodeBitStrings: false,
  } as unknown as boolean);
  const bitString = (spki.value as Asn1[])[1];
  const bits = Buffer.from((bitString?.value as string | undefined) ?? '', 'binary').subarray(1);
  return createHash('sha1').update(bits).digest();
}

/** `sha256:<hex>` of a certificate's DER, the form stint uses for every fingerprint. */
export function certificateFingerprint(der: Buffer): string {
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** `sha256:<hex>` of a key's SubjectPublicKeyInfo DER (a private key: of its public half). */
export function publicKeyFingerprint(key: KeyObject): string {
  return `sha256:${createHash('sha256').update(spkiOf(key)).digest('hex')}`;
}

/** The public key of a certificate or key PEM, for "does this key match" checks. */
export function spkiOf(key: KeyObject): Buffer {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
}
