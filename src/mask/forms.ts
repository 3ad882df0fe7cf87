/**
 * Every form of a secret that a later step could print, so each can be registered for masking
 * (`::add-mask::`) before anything can print it.
 *
 * The runner masks exact substrings, line by line. A multi-line secret (a PEM key, a JSON
 * credential) printed by `cat` arrives one line at a time, so each line is registered on its own;
 * a step that base64-encodes, URL-encodes or JSON-embeds the value prints a different string, so
 * those forms are registered too. What is not secret on its own is left out (`{`, `}`, PEM
 * armour lines, anything under 4 characters, whitespace): registering it would turn every
 * brace and every `-----BEGIN CERTIFICATE-----` in the log into `***` and hide what happened.
 */

/** Shorter than this, a form is too common to be worth masking (and would blank the log). */
export const MIN_FORM_LENGTH = 4;
/** GNU `base64` wraps its output at 76 columns; a wrapped form is printed in these pieces. */
const BASE64_WRAP = 76;
const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * Every printable form of `value` worth registering for masking: the value (and trimmed, with
 * CRLF as LF, and with its line breaks removed), each line (and its trimmed, JSON-escaped and
 * URL-encoded forms), its base64 / base64url forms (also as they appear at each byte offset
 * inside a longer encoded text, e.g. `user:token` in a Basic header, and in 76-column pieces),
 * URL-encoded (percent and form style) and JSON-escaped forms. Unique, longest first.
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
    add(jsonEscaped(whole));
    add(encodeURIComponent(whole));
    add(new URLSearchParams({ v: whole }).toString().slice(2));
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

/** The value as it appears inside a JSON string (without the quotes). */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * base64 and base64url of the value, plus the stable middle of its encoding when it sits at
 * byte offset 1 or 2 inside a longer encoded text (each shift changes every character), plus
 * the 76-column pieces of the wrapped encoding.
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
  const wrapped = Buffer.from(value, 'utf8').toString('base64');
  if (wrapped.length > BASE64_WRAP) {
    for (let i = 0; i < wrapped.length; i += BASE64_WRAP) withUrl.push(wrapped.slice(i, i + BASE64_WRAP));
  }
  return withUrl;
}

function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
