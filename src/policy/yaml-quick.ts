import {
  Document,
  isScalar,
  LineCounter,
  type Node,
  Pair,
  type Range,
  Scalar,
  type ScalarTag,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/**
 * The YAML that broker configs are written in, read in one pass into the same nodes the `yaml`
 * package builds, with the same values, the same scalar resolution (its core schema's own tags)
 * and the same offsets; or undefined for anything else, which `parseDocument` then reads.
 *
 * Why: `parseDocument` builds a concrete syntax tree and a Document for every token, which for
 * 100,000 trust rules takes over a minute and more than a gigabyte; this reads the same file in
 * a second. It covers block mappings and sequences, flow mappings and sequences on one line,
 * plain and quoted scalars on one line, and comments. It gives up (undefined) on everything
 * else: anchors, aliases, tags, block scalars, multi-line scalars or flow collections,
 * backslash escapes, empty values, duplicate keys, tabs, carriage returns, directives and
 * document markers. Giving up is always safe: the caller falls back to `parseDocument`, which
 * also reports every YAML error with its position. test/policy/yaml-quick.test.ts holds the
 * nodes this builds to `parseDocument`'s on every fixture and on mutated configs.
 *
 * @example
 * const quick = readQuickYaml(text);
 * const { doc, lines } = quick ?? slowPath(text);
 */
export function readQuickYaml(text: string): { doc: Document; lines: LineCounter } | undefined {
  // Characters whose handling differs between YAML contexts, or that YAML refuses; a byte-order mark.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return undefined;
  const doc = new Document(undefined, { uniqueKeys: false });
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  try {
    doc.contents = new QuickReader(text, doc).document();
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
  return { doc, lines };
}

/** Thrown inside the reader when the text leaves the subset it reads. */
const OUTSIDE = Symbol('outside the quick subset');

function outside(): never {
  throw OUTSIDE;
}

/**
 * Nodes are made from one instance of each of yaml's node classes, whose prototype chain (and so
 * `isScalar`, `isMap`, …) they share, and they keep their offsets as two numbers that `range`
 * reads: yaml's constructors define a property on every node, and a `range` array per node is a
 * third of the objects, which together took half the time of reading 100,000 rules.
 */
const SCALAR: Scalar = new Scalar(null);
const MAP = new YAMLMap();
const SEQ = new YAMLSeq();
const PAIR = new Pair(null);
for (const template of [SCALAR, MAP, SEQ]) {
  Object.defineProperty(template, 'range', {
    get(this: Placed): Range {
      return [this.start, this.end, this.end];
    },
  });
}

/** A node of ours: where it starts and where it ends (after its last character). */
interface Placed {
  start: number;
  end: number;
}

function newNode<T extends Scalar | YAMLMap | YAMLSeq>(template: T): T {
  const node = Object.create(template) as T;
  if ('items' in node) node.items = [];
  return node;
}

function place(node: Node, start: number, end: number): void {
  (node as unknown as Placed).start = start;
  (node as unknown as Placed).end = end;
}

function endOf(node: Node): number {
  return (node as unknown as Placed).end;
}

function pair(key: Scalar, value: Node): Pair<Scalar, Node> {
  const made = Object.create(PAIR) as Pair<Scalar, Node>;
  made.key = key;
  made.value = value;
  return made;
}

/** Characters a plain scalar cannot start with (YAML's c-indicator), and the flow indicators. */
const INDICATOR = new Set('-?:,[]{}#&*!|>\'"%@`');
const FLOW = new Set(',[]{}');
/** The first characters of every non-string plain scalar in the core schema (null, bool, int, float); others are strings. */
const MAYBE_TAGGED = /^[-+.0-9~nNtTfF]/;
/** YAML's limit on an implicit key's length. */
const MAX_KEY = 1024;

class QuickReader {
  private readonly tags: ScalarTag[];
  private readonly string: ScalarTag;
  private readonly options: Document['options'];

  constructor(
    private readonly text: string,
    doc: Document,
  ) {
    this.tags = doc.schema.tags.filter((tag): tag is ScalarTag => !('collection' in tag && tag.collection));
    const string = this.tags.find((tag) => tag.tag === 'tag:yaml.org,2002:str');
    if (string === undefined) outside();
    this.string = string;
    this.options = doc.options;
  }

  document(): Node {
    const first = this.nextContent(0);
    if (first === undefined || this.column(first) !== 0) outside();
    const { node, next } = this.block(first, 0);
    if (next !== undefined) outside();
    return node;
  }

  /** A block mapping or sequence whose first line starts at `at`, in column `indent`. */
  private block(at: number, indent: number): { node: Node; next: number | undefined } {
    if (this.isDash(at)) return this.sequence(at, indent);
    if (this.key(at) !== undefined) return this.mapping(at, indent);
    return outside();
  }

  private mapping(at: number, indent: number): { node: YAMLMap; next: number | undefined } {
    const map = newNode(MAP);
    const seen = new Set<unknown>();
    let next: number | undefined = at;
    let end = at;
    while (next !== undefined && this.column(next) === indent) {
      const key = this.key(next) ?? outside();
      if (seen.has(key.scalar.value)) outside();
      seen.add(key.scalar.value);
      const inline = this.skipSpaces(key.after);
      let value: Node;
      if (this.atLineEnd(inline)) {
        // The value is on the lines below: more indented, or a sequence in the key's own column.
        const below = this.nextContent(this.lineEnd(inline) + 1);
        if (below === undefined) outside();
        const column = this.column(below);
        if (!(column > indent || (column === indent && this.isDash(below)))) outside();
        const nested = this.block(below, column);
        value = nested.node;
        next = nested.next;
        end = endOf(value);
      } else {
        value = this.inlineValue(inline);
        end = endOf(value);
        next = this.nextContent(this.afterValue(end));
        if (next !== undefined && this.column(next) > indent) outside();
      }
      map.items.push(pair(key.scalar, value));
    }
    if (next !== undefined && this.column(next) > indent) outside();
    place(map, at, end);
    return { node: map, next };
  }

  private sequence(at: number, indent: number): { node: YAMLSeq; next: number | undefined } {
    const seq = newNode(SEQ);
    let next: number | undefined = at;
    let end = at;
    while (next !== undefined && this.column(next) === indent && this.isDash(next)) {
      const item = this.skipSpaces(next + 1);
      if (this.atLineEnd(item) || this.isDash(item)) outside();
      if (this.key(item) !== undefined) {
        const nested = this.mapping(item, this.column(item));
        seq.items.push(nested.node);
        next = nested.next;
        end = endOf(nested.node);
      } else {
        const value = this.inlineValue(item);
        seq.items.push(value);
        end = endOf(value);
        next = this.nextContent(this.afterValue(end));
      }
      if (next !== undefined && this.column(next) > indent) outside();
    }
    place(seq, at, end);
    return { node: seq, next };
  }

  /** The value after `key: ` or `- ` on the same line: a flow collection or a scalar. */
  private inlineValue(at: number): Node {
    const c = this.text[at]!;
    if (c === '{' || c === '[') return this.flow(at);
    if (c === '"' || c === "'") return this.quoted(at);
    if (!this.plainStart(at)) outside();
    let end = at;
    const lineEnd = this.lineEnd(at);
    for (let i = at; i < lineEnd; i++) {
      const ch = this.text[i]!;
      if (ch === '#' && this.text[i - 1] === ' ') break;
      // `key: a: b` is a nested mapping YAML refuses; brackets are left to the full parser.
      if (ch === ':' && (i + 1 === lineEnd || this.text[i + 1] === ' ')) outside();
      if (ch === '[' || ch === ']' || ch === '{' || ch === '}') outside();
      if (ch !== ' ') end = i + 1;
    }
    return this.plain(at, end, false);
  }

  /** `key:` at `at`: the key's scalar and the offset just past its colon; undefined when the line is not a key. */
  private key(at: number): { scalar: Scalar; after: number } | undefined {
    const c = this.text[at];
    if (c === '"' || c === "'") {
      const scalar = this.quoted(at);
      const colon = endOf(scalar);
      if (this.text[colon] !== ':' || !this.spaceOrEnd(colon + 1)) return undefined;
      if (colon - at > MAX_KEY) outside();
      return { scalar, after: colon + 1 };
    }
    if (!this.plainStart(at)) return undefined;
    const lineEnd = this.lineEnd(at);
    for (let i = at; i < lineEnd; i++) {
      const ch = this.text[i]!;
      if (ch === '#' && this.text[i - 1] === ' ') return undefined;
      if (ch === ':' && this.spaceOrEnd(i + 1)) {
        if (this.text[i - 1] === ' ' || i - at > MAX_KEY) outside();
        return { scalar: this.plain(at, i, true), after: i + 1 };
      }
      if (FLOW.has(ch)) return undefined;
    }
    return undefined;
  }

  /** A flow mapping or sequence, all on one line. */
  private flow(at: number): YAMLMap | YAMLSeq {
    const isMap = this.text[at] === '{';
    const close = isMap ? '}' : ']';
    const node = isMap ? newNode(MAP) : newNode(SEQ);
    node.flow = true;
    const seen = new Set<unknown>();
    let i = this.skipSpaces(at + 1);
    if (this.text[i] === close) i += 1;
    else {
      for (;;) {
        if (isMap) {
          const key = this.flowScalar(i, true);
          if (seen.has(key.value)) outside();
          seen.add(key.value);
          const colon = endOf(key);
          if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ') outside();
          const value = this.flowValue(this.skipSpaces(colon + 1));
          (node as YAMLMap).items.push(pair(key, value));
          i = this.skipSpaces(endOf(value));
        } else {
          const value = this.flowValue(i);
          (node as YAMLSeq).items.push(value);
          i = this.skipSpaces(endOf(value));
          if (this.text[i] === ':') outside();
        }
        if (this.text[i] === close) {
          i += 1;
          break;
        }
        if (this.text[i] !== ',') outside();
        i = this.skipSpaces(i + 1);
        if (this.text[i] === close || this.text[i] === ',') outside();
      }
    }
    place(node, at, i);
    return node;
  }

  private flowValue(at: number): Node {
    const c = this.text[at];
    return c === '{' || c === '[' ? this.flow(at) : this.flowScalar(at, false);
  }

  /** A quoted or plain scalar inside a flow collection: a plain one ends at `,[]{}`, `: ` or ` #`. */
  private flowScalar(at: number, atKey: boolean): Scalar {
    const c = this.text[at];
    if (c === '"' || c === "'") return this.quoted(at);
    if (!this.plainStart(at)) outside();
    let end = at;
    let i = at;
    for (; i < this.text.length; i++) {
      const ch = this.text[i]!;
      if (ch === '\n' || FLOW.has(ch)) break;
      if (ch === '#' && this.text[i - 1] === ' ') outside();
      if (ch === ':') {
        const after = this.text[i + 1];
        if (after === undefined || after === ' ' || after === '\n' || FLOW.has(after)) break;
      }
      if (ch !== ' ') end = i + 1;
    }
    if (end === at || (atKey && end - at > MAX_KEY)) outside();
    return this.plain(at, end, atKey);
  }

  /** A single- or double-quoted scalar on one line, without backslash escapes. */
  private quoted(at: number): Scalar {
    const quote = this.text[at]!;
    let value = '';
    let from = at + 1;
    for (let i = from; ; i++) {
      const ch = this.text[i];
      if (ch === undefined || ch === '\n' || (quote === '"' && ch === '\\')) outside();
      if (ch !== quote) continue;
      if (quote === "'" && this.text[i + 1] === "'") {
        value += this.text.slice(from, i + 1);
        from = i + 2;
        i += 1;
        continue;
      }
      value += this.text.slice(from, i);
      const scalar = newNode(SCALAR);
      scalar.value = this.string.resolve(value, outside, this.options);
      place(scalar, at, i + 1);
      scalar.source = value;
      scalar.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
      return scalar;
    }
  }

  /** A plain scalar's text resolved as the core schema resolves it (the tags `parseDocument` uses). */
  private plain(start: number, end: number, atKey: boolean): Scalar {
    const source = this.text.slice(start, end);
    const tag = MAYBE_TAGGED.test(source)
      ? (this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source)) ??
        this.string)
      : this.string;
    const resolved = tag.resolve(source, outside, this.options);
    // A float keeps yaml's own Scalar, with its minFractionDigits: copied onto a node of ours.
    const scalar = isScalar(resolved) ? Object.assign(newNode(SCALAR), resolved) : newNode(SCALAR);
    if (!isScalar(resolved)) scalar.value = resolved;
    place(scalar, start, end);
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** A plain scalar may start here: not an indicator, except `-` before a non-space (`-1`). */
  private plainStart(at: number): boolean {
    const c = this.text[at];
    if (c === undefined || c === ' ' || c === '\n') return false;
    if (c === '-') {
      const after = this.text[at + 1];
      return after !== undefined && after !== ' ' && after !== '\n' && !FLOW.has(after);
    }
    return !INDICATOR.has(c);
  }

  /** After a value on its line only spaces and a comment may follow; the start of the next line. */
  private afterValue(end: number): number {
    const i = this.skipSpaces(end);
    if (!this.atLineEnd(i)) outside();
    return this.lineEnd(i) + 1;
  }

  /** The first character of the first line with content (not blank, not only a comment) from the line starting at `lineStart`. */
  private nextContent(lineStart: number): number | undefined {
    let start = lineStart;
    while (start < this.text.length) {
      const i = this.skipSpaces(start);
      if (i === start && this.documentMarker(i)) outside();
      if (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '#') return i;
      start = this.lineEnd(i) + 1;
    }
    return undefined;
  }

  /** `---`, `...` or a `%` directive at a line's start. */
  private documentMarker(at: number): boolean {
    const three = this.text.slice(at, at + 3);
    return three === '---' || three === '...' || this.text[at] === '%';
  }

  private isDash(at: number): boolean {
    return this.text[at] === '-' && this.spaceOrEnd(at + 1);
  }

  private spaceOrEnd(at: number): boolean {
    const c = this.text[at];
    return c === undefined || c === ' ' || c === '\n';
  }

  /** True at the end of the line or at a comment (which needs a space before it). */
  private atLineEnd(at: number): boolean {
    const c = this.text[at];
    return c === undefined || c === '\n' || (c === '#' && (at === 0 || this.text[at - 1] === ' '));
  }

  private skipSpaces(at: number): number {
    let i = at;
    while (this.text[i] === ' ') i++;
    return i;
  }

  private lineEnd(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end === -1 ? this.text.length : end;
  }

  private column(at: number): number {
    return at - (this.text.lastIndexOf('\n', at - 1) + 1);
  }
}
