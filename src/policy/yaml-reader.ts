import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Scalar, visit } from 'yaml';
import { closestName } from '../lib/closest-name.js';
import type { ErrorCode, WarningCode } from '../lib/errors.js';
import type { Diagnostic, SourcePosition } from './types.js';

/** A YAML value with where it came from. */
export type YamlNode = Node | null | undefined;

/** One `key: value` of a mapping, the key kept for its position. */
export interface Entry {
  key: Scalar;
  value: YamlNode;
}

/**
 * Reads a parsed YAML document with positions, collecting every problem as a diagnostic instead
 * of stopping at the first, so `stint policy check` can list them all.
 */
export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** `file:line:column` of a node (1-based), or of the document start when there is none. */
  at(node: YamlNode | Scalar): SourcePosition {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The same as `file:line:column` text, for an error found after loading (an unset variable). */
  place(node: YamlNode | Scalar): string {
    const { file, line, column } = this.at(node);
    return `${file}:${line}:${column}`;
  }

  error(node: YamlNode | Scalar, code: ErrorCode, message: string): void {
    this.diagnostics.push({ severity: 'error', code, message, position: this.at(node) });
  }

  warn(node: YamlNode | Scalar, code: WarningCode, message: string): void {
    this.diagnostics.push({ severity: 'warning', code, message, position: this.at(node) });
  }

  /** Follows an alias (`*anchor`) to the node it names. */
  resolve(node: YamlNode): YamlNode {
    return isAlias(node) ? (node.resolve(this.doc) as YamlNode) : node;
  }

  /**
   * True (with an error) when `node` is an alias to no anchor: almost always an unquoted pattern
   * such as `*prod`, which YAML reads as an alias.
   */
  private danglingAlias(node: YamlNode, where: string): boolean {
    if (!isAlias(node) || node.resolve(this.doc) !== undefined) return false;
    this.error(
      node,
      'ERR_CONFIG_INVALID',
      `${where}: *${node.source} is read as a YAML alias, and no anchor has that name; quote patterns that start with '*', e.g. "*${node.source}"`,
    );
    return true;
  }

  /**
   * The entries of a mapping at `where`, reporting every key not in `allowed` as
   * ERR_POLICY_UNKNOWN_KEY at the key's own position. Undefined when the node is not a mapping.
   */
  map(node: YamlNode, where: string, allowed?: readonly string[]): Map<string, Entry> | undefined {
    if (this.danglingAlias(node, where)) return undefined;
    const target = this.resolve(node);
    if (!isMap(target)) {
      this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a mapping (key: value)`);
      return undefined;
    }
    const entries = new Map<string, Entry>();
    for (const pair of target.items) {
      const key = pair.key as YamlNode;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.error(key, 'ERR_CONFIG_INVALID', `${where} has a key that is not a plain string`);
        continue;
      }
      if (allowed !== undefined && !allowed.includes(key.value)) {
        const suggestion = closestName(key.value, allowed);
        this.error(
          key,
          'ERR_POLICY_UNKNOWN_KEY',
          `unknown key '${key.value}' in ${where}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; allowed: ${allowed.join(', ')}`,
        );
        continue;
      }
      entries.set(key.value, { key, value: pair.value as YamlNode });
    }
    return entries;
  }

  /** A sequence's items, or undefined (with an error) when the node is not a list. */
  list(node: YamlNode, where: string): YamlNode[] | undefined {
    if (this.danglingAlias(node, where)) return undefined;
    const target = this.resolve(node);
    if (!isSeq(target)) {
      this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a list`);
      return undefined;
    }
    return target.items as YamlNode[];
  }

  /** A scalar's value (string, number, boolean or null); undefined with an error for maps and lists. */
  scalar(node: YamlNode, where: string): unknown {
    if (this.danglingAlias(node, where)) return undefined;
    const target = this.resolve(node);
    if (!isScalar(target)) {
      this.error(
        node,
        'ERR_CONFIG_INVALID',
        `${where} must be a single value, not a ${isMap(target) ? 'mapping' : 'list'}`,
      );
      return undefined;
    }
    return target.value;
  }

  string(node: YamlNode, where: string): string | undefined {
    const value = this.scalar(node, where);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a non-empty string`);
      return undefined;
    }
    return value;
  }

  /** Strings, or a single string taken as a list of one. */
  strings(node: YamlNode, where: string): { value: string; node: YamlNode }[] | undefined {
    const target = this.resolve(node);
    const items = isSeq(target) ? (target.items as YamlNode[]) : [node];
    const out: { value: string; node: YamlNode }[] = [];
    for (const item of items) {
      const value = this.string(item, `each of ${where}`);
      if (value !== undefined) out.push({ value, node: item });
    }
    return out.length === items.length ? out : undefined;
  }

  boolean(node: YamlNode, where: string): boolean | undefined {
    const value = this.scalar(node, where);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.error(node, 'ERR_CONFIG_INVALID', `${where} must be true or false`);
      return undefined;
    }
    return value;
  }

  positiveNumber(node: YamlNode, where: string): number | undefined {
    const value = this.scalar(node, where);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      this.error(node, 'ERR_CONFIG_INVALID', `${where} must be a positive number`);
      return undefined;
    }
    return value;
  }
}

/**
 * Keys repeated within one map, at the repeated key, naming it and where it was first set (yaml's own
 * uniqueKeys check says neither, and compares each key with every key before it: quadratic).
 */
export function duplicateKeys(doc: Document, lines: LineCounter): Array<{ pos: [number, number]; message: string }> {
  const found: Array<{ pos: [number, number]; message: string }> = [];
  visit(doc, {
    Map(_key, map) {
      /** Each key's value, and where it was first set. */
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        // yaml compares scalar keys by value and other keys by identity, so only scalars can repeat.
        if (!isScalar(pair.key)) continue;
        const start = pair.key.range?.[0] ?? 0;
        const first = seen.get(pair.key.value);
        if (first === undefined) {
          seen.set(pair.key.value, start);
          continue;
        }
        const name = String(pair.key.value);
        const quoted = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
        found.push({
          pos: [start, start],
          message: `Map keys must be unique: ${quoted} is set again here (first at line ${lines.linePos(first).line}); keep one`,
        });
      }
    },
  });
  return found;
}
