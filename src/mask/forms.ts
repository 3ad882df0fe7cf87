/**
 * Every form of a secret that a later step could print, so each can be registered for masking
 * (`::add-mask::`) before anything can print it.
 *
 * The runner masks exact substrings, line by line. A multi-line secret (a PEM key, a JSON
 * credential) printed by `cat` arrives one line at a time, so each line is registered on its own;
 * a step that base64-encodes, URL-encodes or JSON-embeds the value prints a different string, so
 * those forms are registered too, in the spellings common tools print (docs/action.md lists them
 * and what stays out of reach). We register every form ourselves rather than lean on the
 * runner's own encoders: they differ from these (its JSON escape leaves non-ASCII as is, its URL
 * escape is .NET's), and a runner without them would then print the secret. What is not secret on
 * its own is left out (`{`, `}`, PEM armour lines, anything under 4 characters, whitespace):
 * registering it would turn every brace and every `-----BEGIN CERTIFICATE-----` in the log into
 * `***` and hide what happened.
 */

/** Shorter than this, a form is too common to be worth masking (and would blank the log). */
export const MIN_FORM_LENGTH = 4;
/**
 * Columns at which tools wrap base64: 64 (`openssl base64`, PEM bodies) and 76 (GNU `base64`,
 * MIME). The runner masks line by line, so each wrapped line is a form of its own.
 */
const BASE64_WRAPS = [64, 76];
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * Every printable form of `value` worth registering for masking: the value (and trimmed, with
 * CRLF as LF, and with its line breaks removed), each line (and its trimmed, JSON-escaped and
 * URL-encoded forms), its base64 / base64url forms (also as they appear at each byte offset
 * inside a longer encoded text, e.g. `user:token` in a Basic header, and each line of the
 * encoding wrapped at 64 and 76 columns, of the value alone and with the line feed `echo` adds),
 * URL-encoded forms (JavaScript's `encodeURIComponent`, HTML forms, Python's `quote` and
 * `quote_plus`) and JSON-escaped forms (JavaScript's, and Python's `json.dumps`, which writes
 * non-ASCII as `\uXXXX`, also with `\/` as PHP writes it). Unique, longest first.
 *
 * @example
 * for (const form of maskForms(privateKeyPem)) core.setSecret(form);
 */
export function maskForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (isWorthMasking(form)) forms.add(form);
  };

  const wholes = new Set([value, value.trim(), value.replace(/\r\n/g, '\n'), value.replace(/\r\n/g, '\n').trim()]);
  const lines = value.split(/\r?\n|\r/);
  if (lines.length > 1) wholes.add(lines.map((line) => line.trim()).join(''));

  for (const whole of wholes) {
    if (!isWorthMasking(whole)) continue;
    add(whole);
    for (const escaped of jsonEscapedForms(whole)) add(escaped);
    for (const encoded of urlEncodedForms(whole)) add(encoded);
    for (const encoded of base64Forms(whole)) add(encoded);
  }

  if (lines.length > 1) {
    for (const line of lines) {
      for (const form of new Set([line, line.trim()])) {
        if (!isWorthMasking(form)) continue;
        add(form);
        add(jsonEscaped(form));
        add(encodeURIComponent(form));
      }
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Whether a string is secret enough on its own to register: not blank, not armour, not tiny. */
export function isWorthMasking(form: string): boolean {
  const trimmed = form.trim();
  if (trimmed.length < MIN_FORM_LENGTH) return false;
  if (PEM_ARMOUR.test(trimmed)) return false;
  return true;
}

/**
 * Why `secret` cannot be masked, or undefined when it can. The runner masks line by line, so a
 * secret is only masked through forms of at least `MIN_FORM_LENGTH` characters: a value shorter
 * than that, or a multi-line value none of whose lines is that long (`ab\ncd\nef`: `cat` prints
 * it line by line, and no line can be registered), would show in the log wherever it appears.
 *
 * @example
 * unmaskableReason('k9!') // 'a secret of 3 character(s) cannot be masked in the log (…)'
 */
export function unmaskableReason(secret: string): string | undefined {
  const length = secret.trim().length;
  if (length < MIN_FORM_LENGTH)
    return `a secret of ${length} character(s) cannot be masked in the log (the runner needs at least ${MIN_FORM_LENGTH})`;
  const lines = secret.split(/\r?\n|\r/);
  if (lines.length > 1 && !lines.some(isWorthMasking))
    return `a secret of ${lines.length} lines, none of them ${MIN_FORM_LENGTH} characters or more (PEM armour aside), cannot be masked in the log (the runner masks line by line, and needs at least ${MIN_FORM_LENGTH} characters)`;
  return undefined;
}

/** The value as it appears inside a JSON string written by JavaScript (without the quotes). */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Inside a JSON string, as JavaScript writes it, as Python's `json.dumps` writes it by default
 * (`ensure_ascii`: DEL and every non-ASCII UTF-16 unit as lowercase `\uXXXX`), and as PHP's
 * `json_encode` writes it (that, with `/` as `\/`).
 */
function jsonEscapedForms(value: string): string[] {
  const js = jsonEscaped(value);
  const ascii = js.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [js, ascii, ascii.replace(/\//g, '\\/')];
}

/**
 * Percent-encoded: `encodeURIComponent`; the HTML form encoding (`URLSearchParams`, space as
 * `+`); Python's `urllib.parse.quote` (keeps `/`), `quote(s, safe='')` (= .NET's
 * `Uri.EscapeDataString`) and `quote_plus` (space as `+`). They differ in which of
 * `! ' ( ) * ~ /` and space stay as they are.
 */
function urlEncodedForms(value: string): string[] {
  const strict = percentEncode(value, /[^A-Za-z0-9_.~-]/gu);
  return [
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    percentEncode(value, /[^A-Za-z0-9_.~/-]/gu),
    strict,
    strict.replace(/%20/g, '+'),
  ];
}

/**
 * Every UTF-8 byte of each character `encode` matches (a global, unicode regex of the characters
 * that are not kept) as `%XX`. A token is all kept characters, so this is one scan that matches nothing.
 */
function percentEncode(value: string, encode: RegExp): string {
  return value.replace(encode, (char) => {
    let out = '';
    for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return out;
  });
}

/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * each line of the encoding wrapped at 64 and 76 columns, of the value and of the value with a
 * trailing line feed (`echo "$SECRET" | base64`), whose last lines differ, except a line that
 * encodes nothing secret on its own.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const shifted = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    if (shift === 0) forms.push(shifted, shifted.replace(/=+$/, ''));
    // Inside a longer text the characters that also encode the bytes around the value differ;
    // keep only those made from the value's bits alone (each character carries 6 bits).
    forms.push(shifted.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6)));
  }
  const withUrl = forms.flatMap((form) => [form, toBase64Url(form)]);
  for (const encoded of [bytes.toString('base64'), Buffer.concat([bytes, Buffer.from('\n')]).toString('base64')]) {
    for (const width of BASE64_WRAPS) {
      // Each wrapped line is whole base64 quads, so it decodes on its own. One that encodes what
      // is not secret alone is left out, as such a line of the value is: only a line feed (`Cg==`,
      // the value's own or echo's), or only the value's last one to three characters.
      for (let i = 0; i < encoded.length; i += width) {
        const line = encoded.slice(i, i + width);
        if (isWorthMasking(Buffer.from(line, 'base64').toString('utf8'))) withUrl.push(line);
      }
    }
  }
  return withUrl;
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
