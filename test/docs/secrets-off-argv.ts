import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Finds commands of an HTTP client (curl, wget, xh, HTTPie) in shipped text whose arguments
 * hold a secret: a variable named like one (`$STINT_TOKEN`, `${ID_TOKEN}`, Buildkite's
 * `$$STINT_TOKEN`, Groovy's `${env.X}`), or a GitHub expression that is one
 * (`${{ secrets.X }}`, `${{ steps.stint.outputs.token }}`). A command line is readable by every
 * local user (`/proc/PID/cmdline`); the environment only by the job's user, so a secret reaches
 * curl on stdin (`printf … "$STINT_TOKEN" | curl -H @-`) — printf there is a shell builtin.
 */

export const ROOT = resolve(import.meta.dirname, '../..');

/** The files users copy from or run: the README, SECURITY.md, docs/, recipes/, examples/, deploy/, action.yml. */
export function shippedFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules') return [];
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : [path];
    });
  const files = [
    'README.md',
    'SECURITY.md',
    'action.yml',
    ...['docs', 'recipes', 'examples', 'deploy'].flatMap((dir) => walk(join(ROOT, dir))),
  ].map((file) => resolve(ROOT, file));
  return files
    .filter((file) => statSync(file).size < 1_000_000)
    .filter((file) => !readFileSync(file).subarray(0, 8000).includes(0))
    .map((file) => relative(ROOT, file));
}

/** An HTTP client as the command word. HTTPie's `http`/`https` only before a method, an option or a URL. */
const CLIENT =
  /(?<![\w./@:-])(?:curl|wget|xh|https?(?=\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|-{1,2}[a-z]|:\d|[\w.-]+(?::\d+)?\/|https?:\/\/|\$)))(?=\s)/gu;
/** Where the client's own command ends: a pipe, a list operator, a command substitution's end. */
const END = /\|\||&&|[|;`]|\n/u;
const VARIABLE = /\$\$?\{?(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)/gu;
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/gu;

/** A variable name that holds a secret: …TOKEN, …SECRET, …KEY, …PASSWORD, …CREDENTIALS (and a `_V2` after it), STINT_SECRET_*. */
export function isSecretName(name: string): boolean {
  return (
    /(?:^|_)(?:TOKEN|SECRET|KEY|PASSWORD|PASSWD|PASS|CREDENTIALS?|AUTH)(?:_V\d+)?$/iu.test(name) ||
    /^STINT_SECRET_/iu.test(name)
  );
}

function isSecretExpression(expression: string): boolean {
  if (/^secrets\./u.test(expression)) return true;
  if (/^steps\.[\w-]+\.outputs\.(?:token|key-path-contents)$/u.test(expression)) return true;
  const env = /^env\.(\w+)$/u.exec(expression);
  return env !== null && isSecretName(env[1]!);
}

export interface Finding {
  line: number;
  command: string;
  secret: string;
}

/** The client commands of `text` that carry a secret in their arguments. `count` is how many client commands there were. */
export function scan(text: string): { findings: Finding[]; count: number } {
  // A line continued with a backslash is one command (\uE000 keeps the count of lines).
  const joined = text.replace(/\\\r?\n/gu, '\uE000');
  const findings: Finding[] = [];
  let count = 0;
  for (const match of joined.matchAll(CLIENT)) {
    count += 1;
    const rest = joined.slice(match.index);
    const end = END.exec(rest.slice(match[0].length));
    const command = rest.slice(0, end ? match[0].length + end.index : undefined);
    const secrets = [
      ...[...command.matchAll(VARIABLE)].filter((m) => isSecretName(m[1]!)).map((m) => m[0]),
      ...[...command.matchAll(EXPRESSION)].filter((m) => isSecretExpression(m[1]!)).map((m) => m[0]),
    ];
    const line = joined.slice(0, match.index).split(/[\n\uE000]/u).length;
    for (const secret of secrets) findings.push({ line, command: command.replaceAll('\uE000', ' ').trim(), secret });
  }
  return { findings, count };
}

/** The documented way to send $STINT_TOKEN with curl: printf (a builtin) into `curl -H @-`. */
export const DOCUMENTED_FORM =
  /printf (['"])Authorization: Bearer %s(?:\\n)?\1 "\$\$?STINT_TOKEN" \| curl [^'\n]*?-H @- [^'\n]*/gu;
