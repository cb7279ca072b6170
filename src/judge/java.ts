/**
 * What Java needs beyond "compile, then run": a source file name javac accepts whatever the code
 * declares, the entry point taken from what javac produced (never guessed from the text), and a
 * heap that leaves the JVM room for its own memory inside the memory limit.
 */

/** A `public` modifier in the source: where it is. */
interface Token {
  text: string;
  start: number;
}

/**
 * The identifiers and keywords of a Java source at brace depth 0 — outside every class body —
 * skipping comments, string and character literals and text blocks. At depth 0 a Java file holds
 * only its package, imports and top-level type declarations.
 */
function topLevelWords(source: string): Token[] {
  const words: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === '"' && source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      i = end === -1 ? source.length : end + 3;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i;
      while (i < source.length && /[\w$]/.test(source[i])) i++;
      if (depth === 0) words.push({ text: source.slice(start, i), start });
    } else {
      i++;
    }
  }
  return words;
}

/**
 * The source with the `public` modifier of every top-level type replaced by spaces (so every line
 * and column stays where it was). javac requires a public top-level type to live in a file of its
 * name; without the modifier any file name will do, so a submission compiles whatever its types
 * are called, and a function problem's stubs and the user's part may each declare a public class.
 * Within one compilation unit nothing else changes: members keep their access.
 */
export function withPackagePrivateTopLevelTypes(source: string): string {
  let result = source;
  for (const word of topLevelWords(source)) {
    if (word.text === 'public') result = `${result.slice(0, word.start)}      ${result.slice(word.start + 6)}`;
  }
  return result;
}

/** Names of the top-level types a source declares (`class A`, `record B`, `enum C`, `interface D`). */
export function topLevelTypeNames(source: string): string[] {
  const words = topLevelWords(source);
  const names: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (['class', 'interface', 'enum', 'record'].includes(words[i].text)) names.push(words[i + 1].text);
  }
  return names;
}

/** The package a source declares, or '' for the default package. */
export function packageOf(source: string): string {
  const words = topLevelWords(source);
  const index = words.findIndex((word) => word.text === 'package');
  if (index === -1) return '';
  const match = source.slice(words[index].start).match(/^package\s+([\w$.\s]+?)\s*;/);
  return match ? match[1].replace(/\s+/g, '') : '';
}

// ---------------------------------------------------------------------------------------------
// Class files (JVM specification, chapter 4)

const ACC_PUBLIC = 0x0001;
const ACC_STATIC = 0x0008;
const MAIN_DESCRIPTOR = '([Ljava/lang/String;)V';

/**
 * The binary name (`pkg.Outer$Inner`) of the class a class file defines, and whether it declares
 * `public static void main(String[])`.
 * @throws Error when the bytes are not a class file
 */
export function readClassFile(bytes: Buffer): { className: string; hasMain: boolean } {
  let offset = 0;
  const u1 = () => bytes.readUInt8(offset++);
  const u2 = () => {
    const value = bytes.readUInt16BE(offset);
    offset += 2;
    return value;
  };
  const u4 = () => {
    const value = bytes.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  if (bytes.length < 10 || u4() !== 0xcafebabe) throw new Error('not a class file');
  offset += 4; // minor and major version
  const count = u2();
  const utf8: (string | undefined)[] = [];
  const classNameIndex: (number | undefined)[] = [];
  for (let index = 1; index < count; index++) {
    const tag = u1();
    switch (tag) {
      case 1: {
        const length = u2();
        // Modified UTF-8 differs from UTF-8 only for NUL and supplementary characters, absent from names.
        utf8[index] = bytes.toString('utf8', offset, offset + length);
        offset += length;
        break;
      }
      case 7:
        classNameIndex[index] = u2();
        break;
      case 8: case 16: case 19: case 20:
        offset += 2;
        break;
      case 15:
        offset += 3;
        break;
      case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
        offset += 4;
        break;
      case 5: case 6:
        offset += 8;
        index++; // longs and doubles take two entries
        break;
      default:
        throw new Error(`unknown constant pool tag ${tag}`);
    }
  }
  offset += 2; // access flags of the class
  const thisClass = u2();
  offset += 2; // super class
  const interfaces = u2();
  offset += 2 * interfaces;
  const skipMembers = (): { name: string; descriptor: string; flags: number }[] => {
    const members = [];
    for (let n = u2(); n > 0; n--) {
      const flags = u2();
      const name = utf8[u2()] ?? '';
      const descriptor = utf8[u2()] ?? '';
      for (let attributes = u2(); attributes > 0; attributes--) {
        offset += 2;
        const length = u4();
        offset += length;
      }
      members.push({ name, descriptor, flags });
    }
    return members;
  };
  skipMembers(); // fields
  const methods = skipMembers();
  const internalName = utf8[classNameIndex[thisClass] ?? -1];
  if (internalName === undefined) throw new Error('class file without a class name');
  const hasMain = methods.some(
    (method) => method.name === 'main' && method.descriptor === MAIN_DESCRIPTOR && (method.flags & (ACC_PUBLIC | ACC_STATIC)) === (ACC_PUBLIC | ACC_STATIC),
  );
  return { className: internalName.replaceAll('/', '.'), hasMain };
}

/** The entry point of a compiled Java program, or why there is none (a compilation error). */
export type EntryPoint = { className: string } | { error: string };

/**
 * Chooses the class to run among the compiled classes that declare `public static void main(String[])`:
 * the only one; else the only top-level one (not `Outer$Inner`); else the only one declared in
 * `preferred` (a function problem's stubs, which hold its main). Anything else is ambiguous.
 */
export function chooseEntryPoint(classes: readonly { className: string; hasMain: boolean }[], preferred: readonly string[] = []): EntryPoint {
  const mains = classes.filter((entry) => entry.hasMain).map((entry) => entry.className).sort();
  if (mains.length === 0) return { error: 'no class declares `public static void main(String[] args)`: the program has no entry point' };
  if (mains.length === 1) return { className: mains[0] };
  const topLevel = mains.filter((name) => !name.includes('$'));
  if (topLevel.length === 1) return { className: topLevel[0] };
  const simple = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  const stubs = topLevel.filter((name) => preferred.includes(simple(name)));
  if (stubs.length === 1) return { className: stubs[0] };
  return { error: `several classes declare \`public static void main(String[] args)\`: ${mains.join(', ')}; keep main in one of them` };
}

/**
 * The heap a JVM gets under a memory limit, in MiB: the limit less room for the JVM's own memory
 * (its code, metaspace, JIT, thread stacks) of a quarter of the limit, at least 40 MiB and at
 * most 128 MiB. Like DOMjudge's Java scripts, which take a fixed reserve off the limit, but
 * scaled, so that a 64 MiB limit still starts the JVM; unlike `-Xmx` at the whole limit, with
 * which the JVM puts off collecting until heap and non-heap together pass the limit.
 */
export function javaHeapMb(memoryLimitMb: number): number {
  const reserveMb = Math.min(128, Math.max(40, Math.round(memoryLimitMb / 4)));
  return Math.max(8, memoryLimitMb - reserveMb);
}
