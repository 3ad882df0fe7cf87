/** Longest subject stint will look at; no CI issues longer ones, and a cap keeps matching cheap. */
export const MAX_SUBJECT_LENGTH = 255;

/**
 * Why a token subject (or a policy subject) is unusable, or undefined when it is fine. Control
 * characters, whitespace and invisible format characters are refused before any matching: no CI
 * puts them in a subject, and they are how look-alike subjects get past a human reviewer.
 */
export function subjectProblem(subject: string): string | undefined {
  if (subject === '') return 'subject is empty';
  if (subject.length > MAX_SUBJECT_LENGTH)
    return `subject is ${subject.length} characters long (at most ${MAX_SUBJECT_LENGTH})`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(subject)) return 'subject contains a control character';
  if (/\s/.test(subject)) return 'subject contains whitespace';
  // Every format character (bidi controls and isolates, zero-width joiners, soft hyphen, tag
  // characters) and every other default-ignorable one (variation selectors, Hangul fillers).
  if (/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(subject))
    return 'subject contains an invisible formatting character';
  return undefined;
}
