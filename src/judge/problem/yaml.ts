/**
 * The one YAML reader of problem files (native problem.yaml, a package's problem.yaml and
 * test_group.yaml): values for the loaders, and the line and column of any path in the file for
 * their messages (`file:line:col: path: message`).
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';

/** A path into a YAML document: keys of mappings and indices of lists, e.g. `['testCases', 3, 'output']`. */
export type YamlPath = readonly PropertyKey[];

/** 1-based line and column in a file; empty when the place is unknown. */
export interface Place {
  line?: number;
  column?: number;
}

/** A YAML syntax error, located. */
export interface YamlSyntaxError {
  /** The parser's message on one line. */
  message: string;
  line: number;
  column: number;
}

/**
 * How deep mappings and lists may nest in a problem file. The formats need a handful of levels;
 * a file nested thousands deep is refused with its place before anything recurses into it.
 */
export const MAX_NESTING = 64;

/** A YAML text parsed for its values, with the place of every key and value for messages. */
export class YamlFile {
  private constructor(
    /** The file as the user would name it, for messages. */
    readonly file: string,
    /** The document's value; null when the text has syntax errors or is empty. */
    readonly data: unknown,
    /** Syntax errors (duplicate keys included); `data` is null when there are any. */
    readonly syntaxErrors: readonly YamlSyntaxError[],
    /** Why the parsed document has no value (e.g. too many aliases), when the syntax was fine. */
    readonly valueError: string | undefined,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; never throws (what is wrong is in `syntaxErrors` and `valueError`). */
  static parse(text: string, file: string): YamlFile {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const placeOf = (offset: number) => {
      const { line, col } = lines.linePos(offset);
      return line > 0 ? { line, column: col } : { line: 1, column: offset + 1 };
    };
    if (doc.errors.length > 0) {
      // The parser recursing past the stack is a file nested too deep, said once.
      const tooDeep = doc.errors.find((error) => error instanceof RangeError || /call stack/i.test(error.message));
      const errors = tooDeep
        ? [{ message: `nested too deep: a problem file nests at most ${MAX_NESTING} levels of mappings and lists`, ...placeOf(tooDeep.pos[0]) }]
        : doc.errors.map((error) => ({ message: oneLine(error.message), ...placeOf(error.pos[0]) }));
      return new YamlFile(file, null, errors, undefined, doc, lines);
    }
    const deep = deepestNode(doc.contents as YamlNode | null);
    if (deep.depth > MAX_NESTING) {
      const message = `nested more than ${MAX_NESTING} levels deep: a problem file nests at most ${MAX_NESTING} levels of mappings and lists`;
      return new YamlFile(file, null, [{ message, ...placeOf(deep.offset) }], undefined, doc, lines);
    }
    try {
      return new YamlFile(file, doc.toJS(), [], undefined, doc, lines);
    } catch (error) {
      return new YamlFile(file, null, [], oneLine((error as Error).message), doc, lines);
    }
  }

  /** The document holds nothing (an empty file, or only comments). */
  get empty(): boolean {
    return this.doc.contents === null;
  }

  /** Whether the top-level mapping has `key` (read from the syntax tree, so also when `data` could not be built). */
  hasTopLevelKey(key: string): boolean {
    return isMap(this.doc.contents) && this.doc.contents.has(key);
  }

  /** Line and column of the value at `path`, or of the deepest part of it that exists. */
  place(path: YamlPath): Place {
    return this.placeOfOffset(this.deepest(path).node?.range?.[0]);
  }

  /**
   * Line and column of the key `key` of the mapping at `mapPath` (an unknown key is reported where
   * it is written, not where its value is); of the deepest part that exists when it does not.
   */
  keyPlace(mapPath: YamlPath, key: string): Place {
    const found = this.deepest([...mapPath, key]);
    if (found.depth === mapPath.length + 1) return this.placeOfOffset((found.keyNode ?? found.node)?.range?.[0]);
    return this.placeOfOffset(found.node?.range?.[0]);
  }

  private placeOfOffset(offset: number | undefined): Place {
    if (offset === undefined) return {};
    const { line, col } = this.lines.linePos(offset);
    return line > 0 ? { line, column: col } : { line: 1, column: offset + 1 };
  }

  /** The deepest node along `path` (the node itself when it exists), with the key that led to it. */
  private deepest(path: YamlPath): { node: YamlNode | null; depth: number; keyNode?: YamlNode } {
    let node = this.doc.contents as YamlNode | null;
    let depth = 0;
    let keyNode: YamlNode | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.doc) ?? node;
      let next: YamlNode | null | undefined;
      let nextKey: YamlNode | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair) {
          nextKey = pair.key as YamlNode;
          // `key:` with no value has no value node; point at the key instead.
          next = (pair.value as YamlNode | null) ?? nextKey;
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment] as YamlNode | undefined;
      }
      if (!next) break;
      node = next;
      keyNode = nextKey;
      depth++;
    }
    return { node, depth, keyNode };
  }
}

/** The deepest mapping or list under `root` (walked without recursion) and where it starts. */
function deepestNode(root: YamlNode | null): { depth: number; offset: number } {
  let deepest = { depth: 0, offset: 0 };
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    const level = depth + 1;
    if (level > deepest.depth) deepest = { depth: level, offset: node.range?.[0] ?? 0 };
    if (level > MAX_NESTING) break;
    for (const item of node.items as unknown[]) {
      if (isMap(node)) {
        const pair = item as { key: unknown; value: unknown };
        stack.push({ node: pair.key, depth: level }, { node: pair.value, depth: level });
      } else {
        stack.push({ node: item, depth: level });
      }
    }
  }
  return deepest;
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}
