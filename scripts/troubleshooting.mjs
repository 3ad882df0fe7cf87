// Writes docs/troubleshooting.md from the error catalogue (src/lib/error-catalogue.ts), so the page
// and the codes cannot drift apart: `npm run docs:errors` writes it, `--check` fails when the page
// differs, and test/docs/troubleshooting.test.ts runs the same comparison with the suite.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CATALOGUE_FILE = 'src/lib/error-catalogue.ts';
export const PAGE_FILE = 'docs/troubleshooting.md';

/** A code span holding `text` exactly, whatever backticks it contains (CommonMark §6.1). */
function codeSpan(text) {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One list item: the texts as code spans joined by " / ", then what they tell the reader. */
function messageItem({ text, note }) {
  const texts = (Array.isArray(text) ? text : [text]).map(codeSpan).join(' / ');
  return note === undefined ? `- ${texts}` : `- ${texts} — ${note}`;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading) {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The whole page, from the catalogue module's TOPICS and CATALOGUE. */
export function renderTroubleshooting({ TOPICS, CATALOGUE }) {
  const out = [
    '# Troubleshooting',
    '',
    `<!-- Generated from ${CATALOGUE_FILE} by \`npm run docs:errors\`: edit the catalogue, not this page. -->`,
    '',
    'Every error stint raises on purpose carries a stable code (`ERR_…`; a warning, `WARN_…`). The CLI',
    'prints an error as one `stint: …` line on stderr (exit 1, or 2 for a usage error); the action as',
    'one annotation ending with the code in brackets (`[ERR_…]`); the broker answers',
    '`{"error", "error_description", "request_id"}` with the status shown here, and the `request_id`',
    'finds the audit event that holds the full reason. Search this page for the text you see: each',
    'code quotes the messages users meet, `…` standing for the parts that vary (names, paths, request',
    'ids) or were cut.',
    '',
    Object.values(TOPICS)
      .map((topic) => `[${topic.title.replace(/`/g, '')}](#${anchorOf(topic.title)})`)
      .join(' ·\n'),
  ];
  for (const [name, topic] of Object.entries(TOPICS)) {
    out.push('', `## ${topic.title}`, '', topic.intro);
    if (topic.messages?.length) out.push('', ...topic.messages.map(messageItem));
    if (topic.notes !== undefined) out.push('', topic.notes);
    for (const [code, entry] of Object.entries(CATALOGUE)) {
      if (entry.topic !== name) continue;
      const lead = code.startsWith('WARN_')
        ? '**Warning.** '
        : entry.status !== undefined
          ? `**HTTP ${entry.status}.** `
          : '';
      out.push('', `### ${code}`, '', `${lead}${entry.summary}`, '', `**What to do:** ${entry.fix}`);
      if (entry.messages?.length) out.push('', ...entry.messages.map(messageItem));
    }
  }
  return `${out.join('\n')}\n`;
}

/** Loads the catalogue from its TypeScript source (it imports nothing, so transpiling it is enough). */
export async function loadCatalogue(root = process.cwd()) {
  const { default: ts } = await import('typescript');
  const source = readFileSync(new URL(CATALOGUE_FILE, pathToFileURL(`${root}/`)), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = renderTroubleshooting(await loadCatalogue());
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(PAGE_FILE, 'utf8');
    } catch {
      // A missing page differs like any other.
    }
    if (current !== page) {
      process.stderr.write(
        `${PAGE_FILE} is out of date with ${CATALOGUE_FILE}; run npm run docs:errors and commit the page\n`,
      );
      process.exit(1);
    }
  } else {
    writeFileSync(PAGE_FILE, page);
  }
}
