/**
 * Line diffs of texts of several lines (YAML values documents, alert rules, Fluent Bit
 * configuration): the changed lines with a little context, as unified-diff hunks. A
 * text that differs in one line reads as that line removed and added, not as one
 * value cut around its first difference (which, in a list of per-site blocks, shows one
 * site's name before and another's after). Pure.
 */

/** Unchanged lines shown around each change. */
export const CONTEXT_LINES = 2;

/**
 * Most cells of the table that aligns the lines between the common start and end of
 * both texts (a few megabytes); beyond it those lines are shown all removed, then all added.
 */
const MAX_CELLS = 4_000_000;

/** One line of the aligned texts: kept (` `), removed (`-`) or added (`+`). */
interface Op {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** True when a value is a text of more than one line. */
export function isMultiline(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}

/** The lines of the middle parts, aligned on a longest common subsequence (removed lines before added ones). */
function alignMiddle(a: readonly string[], b: readonly string[]): Op[] {
  const [n, m] = [a.length, b.length];
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  }
  // lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    }
  }
  const ops: Op[] = [];
  let [i, j] = [0, 0];
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1])) {
      ops.push({ op: '-', text: a[i++] });
    } else {
      ops.push({ op: '+', text: b[j++] });
    }
  }
  return ops;
}

/** Indentation of a line, for choosing where a run of removed or added lines starts (blank lines count as deep). */
function indentation(text: string): number {
  return text.trim() === '' ? Number.MAX_SAFE_INTEGER : text.length - text.trimStart().length;
}

/**
 * Slides every run of only removed (or only added) lines, between kept lines, to where it
 * starts with the least indented line: the same lines removed, but as the whole YAML
 * block (`- alert: ...` and its lines) rather than from its second line to the first line
 * of the next block. A run can slide by one line when the kept line before it equals
 * its last line (up), or the kept line after it equals its first line (down).
 */
function slideRuns(ops: Op[]): Op[] {
  const out = [...ops];
  let i = 0;
  while (i < out.length) {
    const op = out[i].op;
    if (op === ' ') {
      i++;
      continue;
    }
    let end = i;
    while (end < out.length && out[end].op !== ' ') end++;
    if (out.slice(i, end).some((o) => o.op !== op)) {
      i = end;
      continue;
    }
    // The lines of the run and its kept neighbours that it may slide over, as one text window.
    let [from, to] = [i, end];
    while (from > 0 && out[from - 1].op === ' ' && out[from - 1].text === out[to - 1 - (i - from)].text) from--;
    while (to < out.length && out[to].op === ' ' && out[to].text === out[from + (to - end) + (i - from)]?.text) to++;
    const length = end - i;
    let best = i;
    for (let start = from; start + length <= to; start++) {
      if (indentation(out[start].text) < indentation(out[best].text)) best = start;
    }
    const window = out.slice(from, to).map((o) => o.text);
    for (let k = from; k < to; k++) out[k] = { op: k >= best && k < best + length ? op : ' ', text: window[k - from] };
    i = Math.max(end, best + length);
  }
  return out;
}

/** Every line of both texts, aligned: the common start and end kept, the middle aligned line by line. */
function align(before: string, after: string): Op[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const kept = (lines: readonly string[]) => lines.map((text) => ({ op: ' ' as const, text }));
  return slideRuns([...kept(a.slice(0, start)), ...alignMiddle(a.slice(start, a.length - end), b.slice(start, b.length - end)), ...kept(a.slice(a.length - end))]);
}

/** `@@ -<line>,<count> +<line>,<count> @@` of the ops from..to (unified diff: line numbers from 1; with count 0, the line before). */
function hunkHeader(ops: readonly Op[], from: number, to: number, aLine: number, bLine: number): string {
  const slice = ops.slice(from, to);
  const aCount = slice.filter((o) => o.op !== '+').length;
  const bCount = slice.filter((o) => o.op !== '-').length;
  const range = (line: number, count: number) => `${count === 0 ? line - 1 : line},${count}`;
  return `@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`;
}

/**
 * The line diff of two texts as unified-diff lines: per hunk a header
 * `@@ -<line>,<count> +<line>,<count> @@`, then its lines, each starting with ` `
 * (context), `-` (removed) or `+` (added). Changes closer than twice the context share a
 * hunk. Empty when the texts are equal.
 */
export function lineDiff(before: string, after: string, context = CONTEXT_LINES): string[] {
  const ops = align(before, after);
  const changed = ops.map((o, i) => (o.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  // Hunks: [from, to) ranges of ops, each change with `context` lines around, merged when they touch.
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const [from, to] = [Math.max(0, i - context), Math.min(ops.length, i + context + 1)];
    const last = hunks[hunks.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  const out: string[] = [];
  let [aLine, bLine, at] = [1, 1, 0];
  for (const [from, to] of hunks) {
    for (; at < from; at++) {
      if (ops[at].op !== '+') aLine++;
      if (ops[at].op !== '-') bLine++;
    }
    out.push(hunkHeader(ops, from, to, aLine, bLine));
    for (; at < to; at++) {
      out.push(`${ops[at].op}${ops[at].text}`);
      if (ops[at].op !== '+') aLine++;
      if (ops[at].op !== '-') bLine++;
    }
  }
  return out;
}
