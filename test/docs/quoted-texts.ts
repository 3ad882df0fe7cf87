/**
 * Checks that the error texts the docs quote are texts the code can print.
 *
 * The quotes are the `messages` of the error catalogue (src/lib/error-catalogue.ts), from which
 * docs/troubleshooting.md is generated. `…` in a quote stands for text that varies (a project
 * name, a path, a request id) or was left out.
 *
 * The code's side: every string literal, template literal and `+` chain of them in `src/`,
 * where a `${…}` placeholder (or any non-literal operand) may stand for any text. A quote
 * matches a template when the quote is a piece of some text the template can produce, with
 * the quote's `…` free to stand for any part of the template. To stop a bare wrapper such as
 * `stint: ${message}` from matching everything, most of the quote's characters must come from
 * the template's literal text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One template from the source: text with `WILD` where a placeholder goes. */
export interface SourceTemplate {
  file: string;
  line: number;
  text: string;
}

/** Marks a placeholder inside SourceTemplate.text (never occurs in source literals). */
export const WILD = '\u0000';
/** Marks "text left out" in a quote. */
const ELLIPSIS = '…';

/**
 * Every `*.ts` file under dir, recursively, but the demo (its own checks are not texts users
 * meet) and the catalogue (whose quotes would match themselves).
 */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'demo' ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') && entry.name !== 'error-catalogue.ts' ? [path] : [];
  });
}

/** The text parts of an expression: literals as text, anything else as one placeholder. */
function parts(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node)) return parts(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    const out = [node.head.text];
    for (const span of node.templateSpans) out.push(WILD, span.literal.text);
    return out;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [...parts(node.left), ...parts(node.right)];
  }
  return [WILD];
}

/** True for a `+` whose operands include a string: the top of a concatenation chain. */
function isStringConcatenation(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
  return parts(node).some((part) => part !== WILD);
}

/**
 * Every string template in the TypeScript files under srcDir: each literal and template on its
 * own, each `+` chain as a whole, and each array of literals joined with `.join(sep)` by that
 * separator.
 */
export function sourceTemplates(srcDir: string): SourceTemplate[] {
  const templates: SourceTemplate[] = [];
  for (const file of tsFiles(srcDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (node: ts.Node, text: string): void => {
      if (text.replaceAll(WILD, '').trim().length === 0) return;
      templates.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        add(node, parts(node).join(''));
      } else if (isStringConcatenation(node) && !isStringConcatenation(node.parent)) {
        add(node, parts(node).join(''));
      } else if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer !== undefined &&
        parts(node.initializer).some((p) => p !== WILD)
      ) {
        // `let text = 'HTTP …'; if (x) text += ` ${x}`;`: the text with every piece appended.
        const name = node.name.text;
        const pieces = parts(node.initializer);
        const scope = node.parent.parent.parent; // declaration list → statement → block
        const appends = (child: ts.Node): void => {
          if (
            ts.isBinaryExpression(child) &&
            child.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken &&
            ts.isIdentifier(child.left) &&
            child.left.text === name
          ) {
            pieces.push(...parts(child.right));
          }
          ts.forEachChild(child, appends);
        };
        if (scope !== undefined) ts.forEachChild(scope, appends);
        if (pieces.length > parts(node.initializer).length) add(node, pieces.join(''));
      } else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'join' &&
        ts.isArrayLiteralExpression(node.expression.expression)
      ) {
        const [separator] = node.arguments;
        const glue = separator !== undefined && ts.isStringLiteral(separator) ? separator.text : ',';
        add(
          node,
          node.expression.expression.elements
            .map((element) => (ts.isSpreadElement(element) ? WILD : parts(element).join('')))
            .join(glue),
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return templates;
}

/**
 * The texts the recipes print (shell, Groovy and YAML under recipes/): each line, with shell
 * and Groovy expansions (`$VAR`, `${VAR}`, `${config.x}`) as placeholders.
 */
export function recipeTemplates(recipesDir: string): SourceTemplate[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return (
    walk(recipesDir)
      .filter((file) => !file.endsWith('.md'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((text, index) => ({
            file,
            line: index + 1,
            text: text.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/gu, WILD),
          })),
      )
      .filter((template) => template.text.replaceAll(WILD, '').trim().length > 0)
      // Each recipe carries the same CLI function (and the packed orb its scripts again): one
      // template per text, so copies do not crowd other templates out of the candidates.
      .filter((template, index, all) => all.findIndex((other) => other.text === template.text) === index)
  );
}

/** What a template's match of a quote leaves to its placeholders. */
export interface Alignment {
  /** Quote characters matched by the template's literal text. */
  coverage: number;
  /** The pieces of the quote that placeholders stand for, in order. */
  filled: string[];
}

/**
 * Matches a quote against a template, the quote being a piece of some text the template
 * prints (`…` in the quote and placeholders in the template both stand for any text). Returns
 * the alignment that takes the most quote characters from the template's literal text, or
 * undefined when the quote cannot come from this template.
 */
export function align(quote: string, template: string): Alignment | undefined {
  const q = [...quote];
  const t = [...template];
  const n = q.length;
  const m = t.length;
  const width = m + 1;
  const score = new Int32Array((n + 1) * width).fill(-1);
  // How each state was reached: 1 literal match, 2 "…" ends, 3 "…" swallows a template item,
  // 4 a placeholder swallows a quote character, 5 a placeholder ends.
  const via = new Uint8Array((n + 1) * width);
  for (let j = 0; j <= m; j += 1) score[j] = 0; // the quote may start anywhere in the template
  const offer = (i: number, j: number, value: number, how: number): void => {
    const at = i * width + j;
    if (value > score[at]!) {
      score[at] = value;
      via[at] = how;
    }
  };
  for (let i = 0; i <= n; i += 1) {
    for (let j = 0; j <= m; j += 1) {
      const here = score[i * width + j]!;
      if (here < 0 || i === n) continue;
      const qc = q[i]!;
      if (qc === ELLIPSIS) {
        offer(i + 1, j, here, 2);
        if (j < m) offer(i, j + 1, here, 3);
        continue;
      }
      if (j === m) continue;
      if (t[j] === WILD) {
        offer(i + 1, j, here, 4);
        offer(i, j + 1, here, 5);
      } else if (t[j] === qc) {
        offer(i + 1, j + 1, here + 1, 1);
      }
    }
  }
  let end = -1;
  for (let j = 0; j <= m; j += 1)
    if (score[n * width + j]! >= 0 && (end < 0 || score[n * width + j]! > score[n * width + end]!)) end = j;
  if (end < 0) return undefined;
  const filled: string[] = [];
  let piece: string[] = [];
  let pieceAt = -1;
  let i = n;
  let j = end;
  while (i > 0) {
    const how = via[i * width + j]!;
    if (piece.length > 0 && (how !== 4 || j !== pieceAt)) {
      filled.unshift(piece.join(''));
      piece = [];
    }
    if (how === 4) {
      piece.unshift(q[i - 1]!);
      pieceAt = j;
    }
    if (how === 1) {
      i -= 1;
      j -= 1;
    } else if (how === 2 || how === 4) i -= 1;
    else if (how === 3 || how === 5) j -= 1;
    else break; // a start state
  }
  if (piece.length > 0) filled.unshift(piece.join(''));
  return { coverage: score[n * width + end]!, filled };
}

/** How many of the quote's characters the template's literal text covers; -1 when it cannot print it. */
export function literalCoverage(quote: string, template: string): number {
  return align(quote, template)?.coverage ?? -1;
}

/** Wrappers the CLI and the action put around every error message, taken off before matching. */
export function unwrap(quote: string): { message: string; code?: string } {
  let message = quote.trim();
  let code: string | undefined;
  const suffix = /\s\[(ERR_[A-Z0-9_]+)\]$/u.exec(message);
  if (suffix) {
    code = suffix[1];
    message = message.slice(0, suffix.index);
  }
  message = message.replace(/^stint: /u, '');
  return code === undefined ? { message } : { message, code };
}

/** The 6-grams of a quote's literal pieces, to pick the few templates worth the full match. */
function grams(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(new RegExp(`[${ELLIPSIS}${WILD}]`, 'u'))) {
    for (let i = 0; i + 6 <= piece.length; i += 1) out.push(piece.slice(i, i + 6));
  }
  return out;
}

export interface QuoteMatch {
  quote: string;
  ok: boolean;
  /** The template that explains the quote (or came closest). */
  best?: SourceTemplate;
  /** Why it failed: the part no template explains. */
  unexplained?: string;
}

/** Plain words in a piece of text (names, paths, numbers and quoted values do not count). */
function plainWords(text: string): number {
  return text.split(/\s+/u).filter((word) => /^[A-Za-z][a-z']*[,;.]?$/u.test(word)).length;
}

/**
 * Texts that other programs print and stint passes on (Redis replies, Node's and OpenSSL's
 * errors): values as far as stint's code is concerned.
 */
const FOREIGN = [
  'WRONGPASS invalid username-password pair or user is disabled.',
  'NOAUTH HELLO must be called with the client already authenticated',
  'Command timed out',
  'Connection is closed.',
  "OOM command not allowed when used memory > 'maxmemory'.",
  "Socket timeout. Expecting data, but didn't receive any in",
  'self-signed certificate',
  'unable to verify the first certificate',
  'permission denied',
  'Alias cannot be an empty string',
];

/**
 * True when a placeholder may stand for this text without further proof: a value such as a
 * project name, a path, a URL, a number or a short list ("read write").
 */
function isValue(text: string, maxWords = 2): boolean {
  if (/^[\w.:/@*-]+(?:, [\w.:/@*-]+)+$/u.test(text.trim())) return true; // a list: "provider, subject, claims"
  return plainWords(FOREIGN.reduce((rest, foreign) => rest.replaceAll(foreign, ''), text)) <= maxWords;
}

/**
 * Explains a quote from the source: some template prints it, and what that template's
 * placeholders stand for is either a value or, in turn, explained by another template (a
 * message inside a message, as `stint: ${error.message}` prints the message of an error). The
 * candidates are the templates covering the most of the quote with literal text.
 */
export function matchQuote(quote: string, templates: SourceTemplate[], depth = 0): QuoteMatch {
  let cache = explained.get(templates);
  if (cache === undefined) {
    cache = new Map();
    explained.set(templates, cache);
  }
  const key = `${depth}\u0001${quote}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const result = explain(quote, templates, depth);
  cache.set(key, result);
  return result;
}

interface GramIndex {
  byGram: Map<string, Set<SourceTemplate>>;
  /** Templates made almost only of placeholders (`${target}: ${code}`): no 6-gram to share. */
  tiny: SourceTemplate[];
}
const indexes = new WeakMap<SourceTemplate[], GramIndex>();

/**
 * The templates worth a full match: the 100 that share the most 6-grams with the text (once
 * messages were added, 60 no longer held the short template that explains the audit log's ENOSPC quote), and, if
 * asked, the tiny ones; the index is built once per template list.
 */
function worthTrying(text: string, templates: SourceTemplate[], withTiny: boolean): SourceTemplate[] {
  let index = indexes.get(templates);
  if (index === undefined) {
    index = { byGram: new Map(), tiny: [] };
    for (const template of templates) {
      const own = grams(template.text);
      if (own.length === 0 && template.text.split(WILD).length > 2) index.tiny.push(template);
      for (const gram of own) {
        let set = index.byGram.get(gram);
        if (set === undefined) {
          set = new Set();
          index.byGram.set(gram, set);
        }
        set.add(template);
      }
    }
    indexes.set(templates, index);
  }
  const shared = new Map<SourceTemplate, number>();
  for (const gram of new Set(grams(text)))
    for (const template of index.byGram.get(gram) ?? []) shared.set(template, (shared.get(template) ?? 0) + 1);
  const best = [...shared]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 100)
    .map(([template]) => template);
  return withTiny ? [...best, ...index.tiny] : best;
}

/** Results of matchQuote, per template list: pieces of quotes recur across candidates. */
const explained = new WeakMap<SourceTemplate[], Map<string, QuoteMatch>>();

function explain(quote: string, templates: SourceTemplate[], depth: number): QuoteMatch {
  const { message } = depth === 0 ? unwrap(quote) : { message: quote };
  if (depth > 0 && isValue(message)) return { quote, ok: true };
  const candidates: { template: SourceTemplate; alignment: Alignment }[] = [];
  // A template of placeholders alone explains a whole quote (`${target}: ${code}`), never a
  // piece of one: it could cut any text into values.
  for (const template of worthTrying(message, templates, depth === 0)) {
    const alignment = align(message, template.text);
    if (alignment !== undefined && alignment.coverage > 0) candidates.push({ template, alignment });
  }
  candidates.sort((a, b) => b.alignment.coverage - a.alignment.coverage);
  let closest: QuoteMatch = { quote, ok: false, unexplained: message };
  for (const { template, alignment } of candidates.slice(0, 8)) {
    // Inside a piece, a value is at most one plain word: two-word values on both sides of a
    // short literal could pass off a drifted sentence ("no signing config: give --config …").
    const open = alignment.filled.find(
      (piece) => !isValue(piece, depth > 0 ? 1 : 2) && (depth >= 3 || !matchQuote(piece, templates, depth + 1).ok),
    );
    if (open === undefined) return { quote, ok: true, best: template };
    if (closest.best === undefined) closest = { quote, ok: false, best: template, unexplained: open };
  }
  return closest;
}
