import { StintError } from '../lib/errors.js';
import { sfString } from '../signing/http-signature-base.js';

/**
 * The part of RFC 8941 (Structured Field Values) that `Signature-Input`, `Signature` and
 * `Content-Digest` use: dictionaries whose members are items or inner lists, with parameters.
 * Parsing follows §4.2 step by step; anything malformed is ERR_SIGNATURE_MALFORMED.
 */

export class Token {
  constructor(readonly value: string) {}
}
export type BareItem = number | string | boolean | Buffer | Token;
export type Params = Map<string, BareItem>;
export interface Item {
  value: BareItem;
  params: Params;
}
export interface InnerList {
  items: Item[];
  params: Params;
}
export type Member = Item | InnerList;

export function isInnerList(member: Member): member is InnerList {
  return 'items' in member;
}

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  dictionary(): Map<string, Member> {
    const members = new Map<string, Member>();
    this.skip(' ');
    while (this.i < this.text.length) {
      const key = this.key();
      if (this.peek() === '=') {
        this.i++;
        members.set(key, this.peek() === '(' ? this.innerList() : this.item());
      } else {
        members.set(key, { value: true, params: this.params() });
      }
      this.skip(' \t');
      if (this.i >= this.text.length) return members;
      this.expect(',');
      this.skip(' \t');
      if (this.i >= this.text.length) this.fail('trailing comma');
    }
    return members;
  }

  private innerList(): InnerList {
    this.expect('(');
    const items: Item[] = [];
    for (;;) {
      this.skip(' ');
      if (this.i >= this.text.length) this.fail('unterminated inner list');
      if (this.peek() === ')') {
        this.i++;
        return { items, params: this.params() };
      }
      items.push(this.item());
      const next = this.peek();
      if (next === '') this.fail('unterminated inner list');
      if (next !== ' ' && next !== ')') this.fail('inner list items must be separated by spaces');
    }
  }

  private item(): Item {
    return { value: this.bareItem(), params: this.params() };
  }

  private params(): Params {
    const params: Params = new Map();
    while (this.peek() === ';') {
      this.i++;
      this.skip(' ');
      const key = this.key();
      let value: BareItem = true;
      if (this.peek() === '=') {
        this.i++;
        value = this.bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  private bareItem(): BareItem {
    const c = this.peek();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === '"') return this.string();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (/[A-Za-z*]/.test(c)) return this.token();
    return this.fail('expected an item');
  }

  private number(): number {
    const match = /^-?\d{1,15}(?:\.\d{1,3})?/.exec(this.text.slice(this.i));
    if (!match) this.fail('bad number');
    this.i += match[0].length;
    return Number(match[0]);
  }

  private string(): string {
    this.i++;
    let out = '';
    while (this.i < this.text.length) {
      const c = this.text[this.i++] as string;
      if (c === '\\') {
        const next = this.text[this.i++];
        if (next !== '"' && next !== '\\') this.fail('bad escape in string');
        out += next;
      } else if (c === '"') {
        return out;
      } else if (c < ' ' || c > '~') {
        this.fail('non-ASCII in string');
      } else {
        out += c;
      }
    }
    return this.fail('unterminated string');
  }

  private bytes(): Buffer {
    const end = this.text.indexOf(':', this.i + 1);
    if (end === -1) this.fail('unterminated byte sequence');
    const b64 = this.text.slice(this.i + 1, end);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) this.fail('bad base64 in byte sequence');
    this.i = end + 1;
    return Buffer.from(b64, 'base64');
  }

  private boolean(): boolean {
    const value = this.text.slice(this.i, this.i + 2);
    if (value !== '?0' && value !== '?1') this.fail('bad boolean');
    this.i += 2;
    return value === '?1';
  }

  private token(): Token {
    const match = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(this.text.slice(this.i)) as RegExpExecArray;
    this.i += match[0].length;
    return new Token(match[0]);
  }

  private key(): string {
    const match = /^[a-z*][a-z0-9_\-.*]*/.exec(this.text.slice(this.i));
    if (!match) this.fail('expected a key');
    this.i += match[0].length;
    return match[0];
  }

  private peek(): string {
    return this.text[this.i] ?? '';
  }

  private skip(chars: string): void {
    while (chars.includes(this.peek()) && this.i < this.text.length) this.i++;
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected "${c}"`);
    this.i++;
  }

  private fail(why: string): never {
    throw new StintError('ERR_SIGNATURE_MALFORMED', `not a valid structured field (${why} at character ${this.i + 1})`);
  }
}

/** Parses an RFC 8941 dictionary, e.g. a `Signature-Input` header. */
export function parseDictionary(text: string, header: string): Map<string, Member> {
  try {
    return new Parser(text.trim()).dictionary();
  } catch (error) {
    if (error instanceof StintError) throw new StintError(error.code, `${header}: ${error.message}`);
    throw error;
  }
}

function serializeBareItem(value: BareItem): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return sfString(value);
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  if (value instanceof Token) return value.value;
  return `:${value.toString('base64')}:`;
}

function serializeParams(params: Params): string {
  return [...params]
    .map(([key, value]) => (value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`))
    .join('');
}

/** RFC 8941 §4.1 serialisation of an inner list, as `@signature-params` needs it. */
export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map((item) => `${serializeBareItem(item.value)}${serializeParams(item.params)}`).join(' ')})${serializeParams(list.params)}`;
}
