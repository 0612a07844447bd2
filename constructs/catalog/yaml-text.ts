/**
 * One catalog file's text → its YAML value, or problems: syntax errors with line and
 * column, and what the YAML reader would otherwise accept silently or fail on with a
 * stack trace: tags it drops or turns into other types, aliases without an anchor or
 * inside their own anchor, alias bombs ("billion laughs"), nesting too deep for the
 * later checks, merge keys (`<<`) of something other than a mapping, more than one
 * document. Pure: text in, value or problems out.
 */
import { Document, LineCounter, Node, Pair, YAMLError, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { CatalogProblem, DOCUMENT } from './problems';

/** Levels of mappings and lists one file may nest, aliases expanded (no catalog setting is deeper than 7). */
export const MAX_NESTING = 32;

/** Values (scalars, mappings, lists) the aliases of one file may copy in all: far above any real use, far below an alias bomb. */
export const MAX_ALIAS_COPIES = 10_000;

/** Tags that only state a value's plain type; every other tag is refused. */
const PLAIN_TAGS = ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'];
const CORE = 'tag:yaml.org,2002:';

const TAG_ALLOWED = `allowed: a value without a tag, or one of ${PLAIN_TAGS.map((t) => `!!${t}`).join(', ')} on a value of that type`;
const NESTING_ALLOWED = `allowed: at most ${MAX_NESTING} levels of nested mappings and lists`;

/** `!!binary` for the core schema's tags, the tag as written otherwise. */
function showTag(tag: string): string {
  return tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** Size and depth of a node with its aliases expanded. */
interface Extent {
  readonly size: number;
  readonly depth: number;
}

/**
 * Checks a parsed document before it becomes a JavaScript value: tags, aliases, merge
 * keys, nesting. Walks the nodes once, in document order, so an alias refers to the
 * last anchor of its name before it (as the YAML reader resolves it), and the size and
 * depth an alias copies are known when it is reached.
 */
function checkNodes(doc: Document.Parsed, at: (offset: number) => string, report: (path: string, message: string) => void): void {
  const anchors = new Map<string, Node>();
  const extents = new Map<Node, Extent>();
  const open = new Set<Node>();
  let copies = 0;
  let tooMany = false;
  let tooDeep = false;
  const position = (node: Node | Pair) => at((isPair(node) ? (node.key as Node | null)?.range?.[0] : node.range?.[0]) ?? 0);
  const deep = (node: Node, level: number, alias?: string) => {
    if (tooDeep) return;
    tooDeep = true;
    report(position(node), `mappings and lists nested more than ${MAX_NESTING} levels deep${alias ? ` (through the alias *${alias}, at level ${level})` : ''}; ${NESTING_ALLOWED}`);
  };

  const mergeSource = (node: unknown): boolean => {
    if (isAlias(node)) return isMap(anchors.get(node.source));
    return isMap(node);
  };

  /** Walks a node at `level` (1: the document's root collection); returns its extent. */
  const walk = (node: unknown, level: number): Extent => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) {
        report(position(node), `the alias *${node.source} has no anchor &${node.source} before it; allowed: an alias of an anchor set earlier in the file`);
        return { size: 1, depth: 0 };
      }
      if (open.has(target)) {
        report(position(node), `the alias *${node.source} is inside its own anchor &${node.source}, so the value would contain itself; allowed: an alias of a value that ends before the alias`);
        return { size: 1, depth: 0 };
      }
      const extent = extents.get(target) ?? { size: 1, depth: 0 };
      copies = Math.min(copies + extent.size, MAX_ALIAS_COPIES + 1);
      if (copies > MAX_ALIAS_COPIES && !tooMany) {
        tooMany = true;
        report(
          position(node),
          `with this alias *${node.source}, the aliases of the file copy more than ${MAX_ALIAS_COPIES} values; allowed: aliases that copy at most ${MAX_ALIAS_COPIES} values (scalars, mappings, lists) in one file, a guard against alias bombs ("billion laughs")`,
        );
      }
      if (extent.depth > 0 && level + extent.depth - 1 > MAX_NESTING) deep(node, level + extent.depth - 1, node.source);
      return extent;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return { size: 0, depth: 0 };
    if (node.tag !== undefined && !PLAIN_TAGS.some((t) => node.tag === `${CORE}${t}`)) report(position(node), `the YAML tag ${showTag(node.tag)} is not allowed; ${TAG_ALLOWED}`);
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
    if (isScalar(node)) {
      extents.set(node, { size: 1, depth: 0 });
      return { size: 1, depth: 0 };
    }
    if (level > MAX_NESTING) {
      deep(node, level);
      const extent = { size: 1, depth: 1 };
      extents.set(node, extent);
      return extent;
    }
    open.add(node);
    let size = 1;
    let depth = 0;
    for (const item of node.items) {
      const parts: unknown[] = isPair(item) ? [item.key, item.value] : [item];
      if (isPair(item) && isMergeKey(item.key)) {
        const sources = isSeq(item.value) ? item.value.items : [item.value];
        if (!sources.every(mergeSource)) {
          report(position(item), 'the merge key << takes something other than a mapping; allowed: << with a mapping, an alias of a mapping, or a list of them');
        }
      }
      for (const part of parts) {
        const extent = walk(part, level + 1);
        size = Math.min(size + extent.size, MAX_ALIAS_COPIES + 1);
        depth = Math.max(depth, extent.depth);
      }
    }
    open.delete(node);
    const extent = { size, depth: depth + 1 };
    extents.set(node, extent);
    return extent;
  };
  walk(doc.contents, 1);
}

/** The YAML reader's first error, in the catalog's words. */
function describeError(doc: Document.Parsed, error: YAMLError, at: (offset: number) => string): string {
  const more = doc.errors.length > 1 ? ` (${doc.errors.length - 1} more error${doc.errors.length > 2 ? 's' : ''} may follow from it)` : '';
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return `a second YAML document starts here; allowed: one YAML document per catalog file (each site has a file of its own)${more}`;
    case 'RESOURCE_EXHAUSTION':
      return `mappings and lists nested too deep for the YAML reader (it ran out of stack here); ${NESTING_ALLOWED}${more}`;
    case 'DUPLICATE_KEY': {
      let found: { key: string; first?: number } | undefined;
      const visit = (node: unknown) => {
        if (found || !(isMap(node) || isSeq(node))) return;
        const pairs: Pair[] = [];
        for (const item of node.items as unknown[]) if (isPair(item)) pairs.push(item);
        const keyOf = (pair: Pair) => (isScalar(pair.key) ? pair.key : undefined);
        const index = pairs.findIndex((p) => keyOf(p)?.range?.[0] === error.pos[0]);
        const key = index >= 0 ? keyOf(pairs[index]) : undefined;
        if (key) {
          const first = pairs.slice(0, index).map(keyOf).find((k) => k?.value === key.value);
          found = { key: String(key.value), first: first?.range?.[0] };
          return;
        }
        for (const item of node.items as unknown[]) {
          if (isPair(item)) {
            visit(item.key);
            visit(item.value);
          } else visit(item);
        }
      };
      visit(doc.contents);
      if (!found) return `malformed YAML: a key appears twice in a mapping; allowed: each key once per mapping${more}`;
      const first = found.first !== undefined ? ` (first at ${at(found.first)})` : '';
      return `malformed YAML: the key '${found.key}' appears twice in this mapping${first}; allowed: each key once per mapping${more}`;
    }
    default: {
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return `malformed YAML: ${message}${more}`;
    }
  }
}

/** What a non-mapping document is, for messages. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return 'a value';
}

/**
 * Parses one catalog file as a single YAML document whose root is a mapping. Problems
 * go to `problems` (file `file`); the value is returned only when there are none.
 */
export function readYaml(file: string, text: string, problems: CatalogProblem[]): object | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return `line ${pos.line}, column ${pos.col}`;
  };
  if (doc.errors.length > 0) {
    // The first error is the one to fix: the reader's later errors usually follow from it.
    const [error] = doc.errors;
    problems.push({ file, path: at(error.pos[0]), message: describeError(doc, error, at) });
    return undefined;
  }
  const before = problems.length;
  const report = (path: string, message: string) => problems.push({ file, path, message });
  // A tag the reader cannot apply is only a warning to it: the value silently loses it.
  for (const warning of doc.warnings) {
    const tag = /^Unresolved tag: (.*)$/.exec(warning.message)?.[1];
    if (warning.code === 'TAG_RESOLVE_FAILED' && tag !== undefined && PLAIN_TAGS.some((t) => tag === `${CORE}${t}`)) {
      report(at(warning.pos[0]), `the YAML tag ${showTag(tag)} does not fit this value; ${TAG_ALLOWED}`);
    }
  }
  checkNodes(doc, at, report);
  if (problems.length > before) return undefined;
  let value: unknown;
  try {
    // The checks above bound what aliases copy, so the reader's own alias limit is not needed.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    report(DOCUMENT, `the YAML cannot be read as data: ${error instanceof Error ? error.message : String(error)}; allowed: plain YAML mappings, lists and values`);
    return undefined;
  }
  if (doc.contents === null) {
    report(DOCUMENT, 'the file is empty; allowed: a YAML mapping');
    return undefined;
  }
  if (value === null || value === undefined) {
    report(DOCUMENT, 'the file holds only null; allowed: a YAML mapping');
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    report(DOCUMENT, `the file holds ${kindOf(value)}, not a YAML mapping; allowed: a mapping of keys to values`);
    return undefined;
  }
  return value;
}
