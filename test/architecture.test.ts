import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The source tree's import graph: the layers only point down, and nothing imports itself
// back, not even for a type.

/**
 * Which part of src/ may not import which. A path ending in "/" is a folder (everything
 * under it), any other path is one file.
 */
const FORBIDDEN_IMPORTS: ReadonlyArray<{ from: string; mayNotImport: readonly string[] }> = [
  { from: 'src/structs/', mayNotImport: ['src/store/', 'src/kv/', 'src/rest/', 'src/graphql/', 'src/watch/', 'src/cli/', 'src/server.ts', 'src/errors.ts'] },
  { from: 'src/acl/', mayNotImport: ['src/kv/', 'src/rest/', 'src/graphql/', 'src/watch/', 'src/cli/', 'src/server.ts'] },
  { from: 'src/store/', mayNotImport: ['src/kv/', 'src/rest/', 'src/graphql/', 'src/watch/', 'src/cli/', 'src/server.ts'] },
  { from: 'src/watch/', mayNotImport: ['src/kv/', 'src/rest/', 'src/graphql/', 'src/cli/', 'src/server.ts'] },
  { from: 'src/kv/', mayNotImport: ['src/rest/', 'src/graphql/', 'src/cli/', 'src/server.ts'] },
  { from: 'src/rest/', mayNotImport: ['src/graphql/', 'src/cli/', 'src/server.ts'] },
  { from: 'src/graphql/', mayNotImport: ['src/rest/', 'src/cli/', 'src/server.ts'] },
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every src/**\/*.ts file, as a path relative to the repository ("src/kv/types.ts"). */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The files a source file imports from src/: static imports (`import type` too),
 * re-exports and `import('…')`, with `./x.js` resolved to `x.ts`. Packages are left out.
 */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles
    .map((ref) => ref.fileName)
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
    .map((specifier) => posix.normalize(posix.join(posix.dirname(file), specifier.replace(/\.js$/, '.ts'))));
}

type ImportGraph = ReadonlyMap<string, readonly string[]>;

const files = sourceFiles().sort();
const graph: ImportGraph = new Map(files.map((file) => [file, [...new Set(relativeImports(file))].sort()]));

/** Tarjan's strongly connected components: every cycle lies inside one of them. */
function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    components.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return components;
}

/** The shortest way from `start` back to itself, staying inside `component`. */
function shortestCycle(graph: ImportGraph, start: string, component: ReadonlySet<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const next of graph.get(file) ?? []) {
      if (!component.has(next) || cameFrom.has(next)) continue;
      cameFrom.set(next, file);
      if (next === start) {
        const path: string[] = [];
        for (let at = file; at !== start; at = cameFrom.get(at) as string) path.unshift(at);
        return [start, ...path, start];
      }
      queue.push(next);
    }
  }
  return [];
}

/** Each distinct shortest cycle, written file by file. */
function importCycles(graph: ImportGraph): string[] {
  const cycles = new Set<string>();
  for (const component of stronglyConnected(graph)) {
    const members = new Set(component);
    const selfImport = component.length === 1 && graph.get(component[0] as string)?.includes(component[0] as string);
    if (component.length === 1 && !selfImport) continue;
    for (const start of component) {
      const cycle = shortestCycle(graph, start, members);
      // The same cycle seen from another of its files: written from its first file in order.
      const ring = cycle.slice(0, -1);
      const first = ring.indexOf([...ring].sort()[0] as string);
      const rotated = [...ring.slice(first), ...ring.slice(0, first)];
      cycles.add([...rotated, rotated[0]].join(' → '));
    }
  }
  return [...cycles].sort();
}

const covers = (pattern: string, file: string) => (pattern.endsWith('/') ? file.startsWith(pattern) : file === pattern);

describe('the source import graph', () => {
  it('scans the source files and finds their imports', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get('src/server.ts')).toContain('src/config.ts');
    expect(graph.get('src/cli/main.ts')).toContain('src/cli/serve.ts'); // import('./serve.js')
    for (const [file, imports] of graph) {
      for (const imported of imports) expect(graph.has(imported), `${file} imports ${imported}, which does not exist`).toBe(true);
    }
  });

  it('finds every cycle, written file by file', () => {
    const made = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['a.ts']],
    ]);
    expect(importCycles(made)).toEqual(['a.ts → b.ts → c.ts → a.ts', 'd.ts → d.ts']);
  });

  it('has no import cycle, counting type-only imports', () => {
    expect(importCycles(graph), 'import cycles').toEqual([]);
  });

  it('has no import against the layers', () => {
    const violations: string[] = [];
    for (const [file, imports] of graph) {
      for (const rule of FORBIDDEN_IMPORTS.filter((r) => covers(r.from, file))) {
        for (const imported of imports) {
          const broken = rule.mayNotImport.find((pattern) => covers(pattern, imported));
          if (broken) violations.push(`${file} imports ${imported} (${rule.from} may not import ${broken})`);
        }
      }
    }
    expect(violations, 'imports against the layers').toEqual([]);
  });
});
