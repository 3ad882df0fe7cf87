import { maskForms } from '../../src/mask/index.js';

/**
 * Checks that output carries no form of a secret: not raw, and not in any encoding a later step
 * or a careless log line could turn it into.
 *
 * The forms come from two places, on purpose. The product's own list (`maskForms`, what the
 * action registers for masking) covers every spelling stint promises to mask, so the two cannot
 * drift. A second list is worked out here, independently, so a bug that empties or narrows the
 * product's list cannot make this check vacuous (test/helpers/secrets.test.ts proves each form
 * is caught, with and without the product's list).
 *
 * A failure names the encoding and where it matched, never the secret: the message and its
 * context have every form of the secret replaced by `‹secret as ENCODING›`.
 */

/** One spelling of a secret to look for, and what encoding it is (said in a failure instead of the value). */
export interface SecretForm {
  encoding: string;
  form: string;
}

/**
 * Derived forms shorter than this are left out: a few characters of base64 can occur by chance
 * in other encoded output (a certificate, another token) and would make a test flaky. The value
 * itself is always looked for, however short.
 */
const MIN_DERIVED_LENGTH = 8;
/** A secret shorter than this cannot be told apart from ordinary output; the helper refuses it. */
const MIN_SECRET_LENGTH = 4;
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.([\w-]{16,})$/;

/**
 * The forms worked out here without src/mask: the value (and trimmed), base64 (padded and not),
 * base64url, hex (both cases), every byte percent-encoded, `encodeURIComponent`, JSON-escaped
 * (once and twice, and every character as `\uXXXX`), each line of a multi-line value and its
 * lines joined, and a JWT's signature (the part that makes it a credential).
 */
export function independentForms(secret: string): SecretForm[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: SecretForm[] = [
    { encoding: 'raw', form: secret },
    { encoding: 'raw, trimmed', form: secret.trim() },
    { encoding: 'base64', form: bytes.toString('base64') },
    { encoding: 'base64 without padding', form: bytes.toString('base64').replace(/=+$/, '') },
    { encoding: 'base64url', form: bytes.toString('base64url') },
    { encoding: 'hex', form: bytes.toString('hex') },
    { encoding: 'upper-case hex', form: bytes.toString('hex').toUpperCase() },
    {
      encoding: 'every byte percent-encoded',
      form: [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    },
    { encoding: 'URL-encoded (encodeURIComponent)', form: encodeURIComponent(secret) },
    { encoding: 'JSON-escaped', form: JSON.stringify(secret).slice(1, -1) },
    { encoding: 'JSON-escaped twice', form: JSON.stringify(JSON.stringify(secret)).slice(1, -1) },
    {
      encoding: 'JSON \\u-escaped',
      form: [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    },
  ];
  const lines = secret.split(/\r?\n|\r/);
  if (lines.length > 1) {
    forms.push({ encoding: 'its lines joined', form: lines.map((line) => line.trim()).join('') });
    lines.forEach((line, i) => {
      if (!PEM_ARMOUR.test(line.trim())) forms.push({ encoding: `line ${i + 1}`, form: line.trim() });
    });
  }
  const signature = JWT_SHAPE.exec(secret.trim())?.[1];
  if (signature !== undefined) forms.push({ encoding: 'JWT signature', form: signature });
  return forms;
}

/**
 * Every form to look for: the independent ones and the product's (`maskForms`, or `productForms`
 * when a test hands in another list), without duplicates, longest first, none shorter than
 * `MIN_DERIVED_LENGTH` except the value itself.
 *
 * @example
 * secretForms(token).map((f) => f.encoding) // ['JSON \\u-escaped', ..., 'raw', ...]
 */
export function secretForms(secret: string, productForms: (value: string) => string[] = maskForms): SecretForm[] {
  if (secret.trim().length < MIN_SECRET_LENGTH)
    throw new Error(`a secret of ${secret.trim().length} character(s) is too short to look for in output`);
  const byForm = new Map<string, string>();
  for (const { encoding, form } of independentForms(secret)) {
    const own = form === secret || form === secret.trim();
    if ((own || form.length >= MIN_DERIVED_LENGTH) && !byForm.has(form)) byForm.set(form, encoding);
  }
  productForms(secret).forEach((form, i) => {
    if (form.length >= MIN_DERIVED_LENGTH && !byForm.has(form)) byForm.set(form, productFormName(secret, form, i));
  });
  return [...byForm].map(([form, encoding]) => ({ encoding, form })).sort((a, b) => b.form.length - a.form.length);
}

/** A name for one of the product's forms in a failure, from what it looks like (it never shows the form). */
function productFormName(secret: string, form: string, index: number): string {
  const encoded = [secret, `${secret}\n`].map((text) => Buffer.from(text).toString('base64'));
  const what = encoded.some((text) => text.includes(form))
    ? 'a line of its wrapped base64'
    : encoded.some((text) => text.replace(/\+/g, '-').replace(/\//g, '_').includes(form))
      ? 'a line of its wrapped base64url'
      : /^[A-Za-z0-9+/_-]+$/.test(form)
        ? 'its base64 inside a longer encoding'
        : form.includes('%')
          ? 'a URL encoding'
          : form.includes('\\')
            ? 'a JSON escaping'
            : 'a spelling';
  return `${what} (masked form ${index + 1}, src/mask)`;
}

/** Where a form of the secret was found: the encoding, how often, and the first offset. */
export interface SecretMatch {
  encoding: string;
  count: number;
  offset: number;
  line: number;
}

/** Every form of `secret` found in `output` (empty when there is none). */
export function findSecret(
  output: string,
  secret: string,
  productForms: (value: string) => string[] = maskForms,
): SecretMatch[] {
  const matches: SecretMatch[] = [];
  for (const { encoding, form } of secretForms(secret, productForms)) {
    const offset = output.indexOf(form);
    if (offset === -1) continue;
    matches.push({
      encoding,
      count: output.split(form).length - 1,
      offset,
      line: output.slice(0, offset).split('\n').length,
    });
  }
  return matches;
}

/** `output` with every form of `secret` replaced by `‹secret as ENCODING›`, longest first. */
export function redactSecret(
  output: string,
  secret: string,
  productForms: (value: string) => string[] = maskForms,
): string {
  let text = output;
  for (const { encoding, form } of secretForms(secret, productForms))
    text = text.split(form).join(`‹secret as ${encoding}›`);
  return text;
}

/** Thrown by `expectNoSecret`; its message never holds the secret. */
export class SecretInOutputError extends Error {
  readonly matches: SecretMatch[];
  constructor(message: string, matches: SecretMatch[]) {
    super(message);
    this.name = 'SecretInOutputError';
    this.matches = matches;
  }
}

type Output = string | Buffer | ReadonlyArray<string | Buffer>;

function asText(output: Output): string {
  if (typeof output === 'string') return output;
  if (Buffer.isBuffer(output)) return output.toString('utf8');
  return (output as ReadonlyArray<string | Buffer>).map((part) => asText(part)).join('\n');
}

const CONTEXT = 60;
/** How many of the forms found a failure names (a leak in base64 matches a dozen of the product's). */
const MAX_LISTED = 6;

/**
 * Fails when `output` (a string, a Buffer, or several, e.g. `[stdout, stderr]`) carries `secret` in
 * any form. `label` says which secret in the failure ("the access token in stderr").
 *
 * @example
 * expectNoSecret([result.stdout, result.stderr], token, 'the project token');
 */
export function expectNoSecret(
  output: Output,
  secret: string,
  label = 'the secret',
  productForms: (value: string) => string[] = maskForms,
): void {
  const text = asText(output);
  const matches = findSecret(text, secret, productForms);
  if (matches.length === 0) return;
  // Context comes from the redacted text, so a second copy cut at the edge cannot show a piece.
  const redacted = redactSecret(text, secret, productForms);
  const first = matches.reduce((a, b) => (b.offset < a.offset ? b : a));
  const marker = redacted.indexOf('‹secret as ');
  const context = redacted.slice(Math.max(0, marker - CONTEXT), marker + CONTEXT * 2).replace(/\n/g, '\\n');
  const found = matches
    .slice(0, MAX_LISTED)
    .map((m) => `${m.encoding} (${m.count}×, first at offset ${m.offset}, line ${m.line})`);
  if (matches.length > MAX_LISTED) found.push(`and ${matches.length - MAX_LISTED} more`);
  throw new SecretInOutputError(
    `${label} is in the output (${text.length} chars) in ${matches.length} form(s): ${found.join('; ')}. ` +
      `First, at line ${first.line}, redacted: …${context}…`,
    matches,
  );
}

/** `expectNoSecret` for each of several labelled secrets. */
export function expectNoSecrets(output: Output, secrets: Record<string, string>): void {
  for (const [label, secret] of Object.entries(secrets)) expectNoSecret(output, secret, label);
}
