import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * What a PromQL expression asks of the series it reads: each metric name with the label names
 * its matchers use, and the label names it groups or joins by. Enough of PromQL to read our own
 * rules and dashboard; anything it does not know (an unknown function, a stray word) throws, so
 * a typo cannot slip through as "not a metric".
 *
 * @example
 * namesIn('sum by (reason) (rate(stint_exchanges_total{outcome="error"}[5m]))')
 * // → { metrics: Map { 'stint_exchanges_total' => Set { 'outcome' } }, grouping: Set { 'reason' } }
 */
export interface PromqlNames {
  metrics: Map<string, Set<string>>;
  grouping: Set<string>;
}

const FUNCTIONS = new Set([
  'abs',
  'absent',
  'absent_over_time',
  'avg',
  'avg_over_time',
  'bottomk',
  'ceil',
  'changes',
  'clamp',
  'clamp_max',
  'clamp_min',
  'count',
  'count_over_time',
  'count_values',
  'day_of_month',
  'day_of_week',
  'delta',
  'deriv',
  'exp',
  'floor',
  'group',
  'histogram_quantile',
  'holt_winters',
  'hour',
  'idelta',
  'increase',
  'irate',
  'label_join',
  'label_replace',
  'last_over_time',
  'ln',
  'log10',
  'log2',
  'max',
  'max_over_time',
  'min',
  'min_over_time',
  'minute',
  'month',
  'predict_linear',
  'present_over_time',
  'quantile',
  'quantile_over_time',
  'rate',
  'resets',
  'round',
  'scalar',
  'sgn',
  'sort',
  'sort_desc',
  'sqrt',
  'stddev',
  'stddev_over_time',
  'stdvar',
  'stdvar_over_time',
  'sum',
  'sum_over_time',
  'time',
  'timestamp',
  'topk',
  'vector',
  'year',
]);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
/** What carries no name: whitespace, strings, ranges ([5m], [1h:5m]), numbers and durations, operators. */
const SKIPPED = [
  /^\s+/,
  /^"(?:[^"\\]|\\.)*"|^'(?:[^'\\]|\\.)*'/,
  /^\[[^\]]*\]/,
  /^(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|0x[0-9a-f]+)(?:ms|[smhdwy])?/i,
  /^(?:==|!=|>=|<=|=~|!~|[-+*/%^<>(),=])/,
];

export function namesIn(expr: string): PromqlNames {
  const metrics = new Map<string, Set<string>>();
  const grouping = new Set<string>();
  // Grafana's variables: $__rate_interval, ${job}, $instance.
  let rest = expr.replace(/\$\{\w+\}|\$\w+/g, 'VAR');
  const fail = (why: string): never => {
    throw new Error(`${why} in PromQL: ${expr}`);
  };
  while (rest.length > 0) {
    const skip = SKIPPED.map((pattern) => pattern.exec(rest)).find((found) => found !== null);
    if (skip) {
      rest = rest.slice(skip[0].length);
      continue;
    }
    const match = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    if (!match) fail(`cannot read "${rest.slice(0, 20)}"`);
    const word = match![0];
    const after = rest.slice(word.length).trimStart();
    const lower = word.toLowerCase();
    rest = rest.slice(word.length);
    if (GROUPING.has(lower)) {
      const list = /^\(([^)]*)\)/.exec(after);
      if (list) {
        for (const label of list[1]!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean))
          grouping.add(label);
        rest = after.slice(list[0].length);
      } else if (lower !== 'group_left' && lower !== 'group_right') {
        fail(`"${word}" without a label list`);
      }
    } else if (KEYWORDS.has(lower)) {
      // and / or / unless / bool / offset
    } else if (after.startsWith('(') || (FUNCTIONS.has(word) && /^(by|without)\b/i.test(after))) {
      // A function call, or an aggregation with its grouping first: sum by (job) (…).
      if (!FUNCTIONS.has(word)) fail(`unknown function ${word}()`);
    } else {
      // A metric name, maybe with matchers.
      const labels = metrics.get(word) ?? new Set<string>();
      metrics.set(word, labels);
      if (after.startsWith('{')) {
        const end = after.indexOf('}');
        if (end < 0) fail('unclosed {');
        for (const matcher of after.slice(1, end).split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
          const label = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/.exec(matcher);
          if (label) labels.add(label[1]!);
          else if (matcher.trim() !== '') fail(`bad matcher ${matcher}`);
        }
        rest = after.slice(end + 1);
      }
    }
  }
  return { metrics, grouping };
}

/** The `expr` of every rule in a Prometheus rules file, named by its alert or record. */
export function ruleExpressions(file: string): Array<{ name: string; expr: string }> {
  const doc = parse(readFileSync(file, 'utf8')) as {
    groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }>;
  };
  return doc.groups.flatMap((group) =>
    group.rules.map((rule) => ({ name: rule.alert ?? rule.record ?? '?', expr: String(rule.expr) })),
  );
}

interface DashboardPanel {
  title: string;
  targets?: Array<{ expr: string }>;
  panels?: DashboardPanel[];
}

/**
 * Every PromQL query of a Grafana dashboard: each panel target, and each query variable's
 * `label_values(SELECTOR, LABEL)` as its selector plus the label it lists.
 */
export function dashboardQueries(file: string): Array<{ name: string; expr: string; listsLabel?: string }> {
  const dashboard = JSON.parse(readFileSync(file, 'utf8')) as {
    panels: DashboardPanel[];
    templating: { list: Array<{ name: string; type: string; query?: unknown }> };
  };
  const queries: Array<{ name: string; expr: string; listsLabel?: string }> = [];
  const walk = (panels: DashboardPanel[]): void => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) queries.push({ name: `panel "${panel.title}"`, expr: target.expr });
      walk(panel.panels ?? []);
    }
  };
  walk(dashboard.panels);
  for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
    const text = typeof variable.query === 'string' ? variable.query : (variable.query as { query: string }).query;
    const match = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(text);
    if (!match)
      throw new Error(`variable ${variable.name}: only label_values(SELECTOR, LABEL) is understood, not ${text}`);
    queries.push({ name: `variable $${variable.name}`, expr: match[1]!, listsLabel: match[2]! });
  }
  return queries;
}
