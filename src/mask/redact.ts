import { maskForms } from './forms.js';

/**
 * Replaces every printable form of every secret in `text` with `***`, for stint's own log lines
 * and error messages (the runner's masking covers what reaches the log; this covers what we
 * write anywhere else, and runs before the runner ever sees it).
 *
 * @example
 * core.info(redact(`broker said: ${body}`, [idToken, accessToken]));
 */
export function redact(text: string, secrets: Iterable<string>): string {
  return redactor(secrets)(text);
}

/**
 * A common run this long or longer of a secret (or of its hex or base64) is always found; one of
 * RUN_GRAM to twice that less one may be. Shorter is left as it is: 16 characters of a secret are
 * 96 bits of a random one, and a shorter run is as likely to be ordinary text that happens to match.
 */
const RUN_GRAM = 16;
/** Anything in `text` that redacting left: the runs a secret shares with it. */
const REDACTED = '***';

/**
 * `redact` with the work done once for many lines: each secret's forms (`maskForms`, plus hex in
 * lower and upper case, which a server echoing bytes prints) replaced wherever they occur, then
 * every run of 31 characters or more that a secret, its hex or its base64 at any alignment shares
 * with the text (a prefix, a JWT's payload or signature alone, a PEM key's body cut anywhere),
 * and the rest of that run, however short. Two passes over the text: the forms by `includes`, the
 * runs by one look-up per character in a table of the secrets' 16-character pieces taken every 16
 * characters (a common run of 31 holds one whole piece, wherever it starts).
 *
 * @example
 * const clean = redactor([idToken]);
 * for (const line of lines) print(clean(line));
 */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  const pieces = new Map<string, { base: string; at: number }>();
  for (const secret of secrets) {
    for (const form of maskForms(secret)) forms.add(form);
    for (const base of runBases(secret)) {
      for (const form of [base.hex, base.hex.toUpperCase()]) if (form.length >= 4) forms.add(form);
      for (const text of [base.text, base.hex, base.hex.toUpperCase(), ...base.base64])
        for (let at = 0; at + RUN_GRAM <= text.length; at += RUN_GRAM)
          if (!pieces.has(text.slice(at, at + RUN_GRAM))) pieces.set(text.slice(at, at + RUN_GRAM), { base: text, at });
    }
  }
  // Longest first, so a long form is not half-replaced by a shorter one it contains.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const form of ordered) if (result.includes(form)) result = result.split(form).join(REDACTED);
    return pieces.size === 0 || result.length < RUN_GRAM ? result : withoutRuns(result, pieces);
  };
}

/**
 * What a secret's runs are looked for in: its text (each line of a multi-line secret, trimmed,
 * PEM armour aside: armour is not secret), and that text's hex and base64 and base64url at each of
 * the three byte alignments (only the characters made from the text's bits alone), so a piece of
 * the secret encoded on its own is found too.
 */
function runBases(secret: string): Array<{ text: string; hex: string; base64: string[] }> {
  const lines = secret.split(/\r?\n|\r/).map((line) => line.trim());
  const texts = new Set([secret.trim(), ...(lines.length > 1 ? lines : [])]);
  return [...texts]
    .filter((text) => text.length >= 4 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(text))
    .map((text) => {
      const bytes = Buffer.from(text, 'utf8');
      const base64: string[] = [];
      for (let shift = 0; shift < 3; shift++) {
        const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
        const stable = encoded.slice(Math.ceil((shift * 8) / 6), Math.floor(((shift + bytes.length) * 8) / 6));
        base64.push(stable, stable.replaceAll('+', '-').replaceAll('/', '_'));
      }
      return { text, hex: bytes.toString('hex'), base64 };
    });
}

/** `text` with each run it shares with a secret's base (found by a piece of it) replaced by `***`. */
function withoutRuns(text: string, pieces: ReadonlyMap<string, { base: string; at: number }>): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i + RUN_GRAM <= text.length; i++) {
    const found = pieces.get(text.slice(i, i + RUN_GRAM));
    if (found === undefined) continue;
    const { base, at } = found;
    let start = i;
    while (start > copied && at - (i - start) > 0 && text[start - 1] === base[at - (i - start) - 1]) start--;
    let end = i + RUN_GRAM;
    while (end < text.length && at + (end - i) < base.length && text[end] === base[at + (end - i)]) end++;
    out += text.slice(copied, start) + (out.endsWith(REDACTED) && start === copied ? '' : REDACTED);
    copied = end;
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
