/**
 * The documentation holds together: every relative link in README.md and docs/*.md
 * leads to a file that exists and, for a `#anchor`, to a heading of the target with
 * that GitHub slug; and every docs/*.md page is linked from the README.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** The lines of a Markdown text outside fenced code blocks (``` or ~~~, closed by a fence at least as long). */
function proseLines(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const mark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (mark) fence = mark;
      else out.push(line);
    } else if (mark && mark[0] === fence[0] && mark.length >= fence.length && line.trim() === mark) {
      fence = undefined;
    }
  }
  return out;
}

/** GitHub's anchor of a heading: lower case, punctuation removed except hyphens, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings; a repeated slug gets -1, -2, ... as on GitHub. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The targets of the inline links and images of a Markdown text, outside code. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/(`+)[^`][\s\S]*?\1/g, '');
    for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]);
  }
  return targets;
}

/**
 * The broken relative links of the given Markdown files (path relative to the project
 * → text): each as `<file>: <target>: <why>`. A target outside `files` is looked up
 * through `readFile` (undefined: it does not exist).
 */
function brokenLinks(files: Record<string, string>, readFile: (file: string) => string | undefined): string[] {
  const problems: string[] = [];
  const text = (file: string) => (file in files ? files[file] : readFile(file));
  for (const [file, markdown] of Object.entries(files)) {
    for (const target of linkTargets(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue; // https:, mailto:, ...: not relative
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
      const content = text(resolved);
      if (content === undefined) {
        problems.push(`${file}: ${target}: ${resolved} does not exist`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!resolved.endsWith('.md')) problems.push(`${file}: ${target}: an anchor into ${resolved}, which is not Markdown`);
      else if (!headingAnchors(content).has(anchor)) problems.push(`${file}: ${target}: ${resolved} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

/** Files of the project whose links resolve to `file` (relative paths, normalized). */
function linkedFiles(file: string, markdown: string): Set<string> {
  const linked = new Set<string>();
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue;
    const pathPart = target.split('#')[0];
    if (pathPart) linked.add(path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart))));
  }
  return linked;
}

function readProjectFile(file: string): string | undefined {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full)) return undefined;
  return fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : '';
}

const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`);
const FILES: Record<string, string> = Object.fromEntries(['README.md', ...DOCS].map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf8')]));

describe('documentation links', () => {
  test.each(Object.keys(FILES))('every relative link in %s resolves', (file) => {
    expect(brokenLinks({ [file]: FILES[file] }, (other) => FILES[other] ?? readProjectFile(other))).toEqual([]);
  });

  test('every docs page is linked from the README', () => {
    const linked = linkedFiles('README.md', FILES['README.md']);
    expect(DOCS.filter((page) => !linked.has(page))).toEqual([]);
  });

  test('the README keeps the set-up commands CI and reviewers rely on', () => {
    const setup = FILES['README.md'].split('\n## Set-up\n')[1].split('\n## ')[0];
    expect(setup).toContain('npm ci && npx cdktf synth');
    expect(setup).toContain('npm test ');
  });
});

describe('the link checker', () => {
  const page = [
    '# Secrets',
    '',
    '## The workspaces stack (`fleet`)',
    '## Site Harbor (site stack)',
    '## GitHub Actions: `.github/workflows/fleet-review.yml`',
    '## Notes',
    '## Notes',
    '```markdown',
    '## Fenced heading',
    '[fenced link](missing.md)',
    '```',
    'See `[code](missing.md)`.',
  ].join('\n');

  test('slugs as GitHub makes them', () => {
    expect([...headingAnchors(page)]).toEqual(['secrets', 'the-workspaces-stack-fleet', 'site-harbor-site-stack', 'github-actions-githubworkflowsfleet-reviewyml', 'notes', 'notes-1']);
  });

  test('accepts links that resolve, ignores code and absolute URLs', () => {
    const readme = '[a](docs/page.md) [b](docs/page.md#site-harbor-site-stack) [c](#top) [d](https://example.com/x#y)\n\n# Top\n';
    expect(brokenLinks({ 'README.md': readme, 'docs/page.md': `${page}\n[back](../README.md#top)\n` }, () => undefined)).toEqual([]);
  });

  test('reports a missing file, a missing anchor and a fenced heading used as an anchor', () => {
    const readme = [
      '# Top',
      '[gone](docs/missing.md)',
      '[bad anchor](docs/page.md#secret)',
      '[fenced](docs/page.md#fenced-heading)',
      '[here](#nowhere)',
    ].join('\n');
    expect(brokenLinks({ 'README.md': readme, 'docs/page.md': page }, () => undefined)).toEqual([
      'README.md: docs/missing.md: docs/missing.md does not exist',
      'README.md: docs/page.md#secret: docs/page.md has no heading with the anchor #secret',
      'README.md: docs/page.md#fenced-heading: docs/page.md has no heading with the anchor #fenced-heading',
      'README.md: #nowhere: README.md has no heading with the anchor #nowhere',
    ]);
  });
});
