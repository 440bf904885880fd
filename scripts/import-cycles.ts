/**
 * `npm run lint` runs this after ESLint: it fails when the modules of the tree import each other in
 * a cycle. ESLint's `import-x/no-cycle` reports a cycle at the import that closes it, but it skips
 * type-only imports by design, and a cycle made of a type import one way and a value import the
 * other still ties two modules together (the domain's `case` and `board` were such a pair). This
 * check follows every static import and re-export, types included, and prints each cycle found.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The files a module imports statically (types included), among the project's own files. */
function importsOf(file: string, options: ts.CompilerOptions, own: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    const specifier =
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const resolved = ts.resolveModuleName(specifier.text, file, options, ts.sys).resolvedModule;
    if (resolved && own.has(resolved.resolvedFileName)) found.push(resolved.resolvedFileName);
  }
  return found;
}

/** The groups of modules that import each other (strongly connected components of two or more), paths relative to the tsconfig's folder. */
export function importCycles(tsconfigPath: string): string[][] {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${tsconfigPath}`);
  const own = new Set(parsed.fileNames);
  const graph = new Map(parsed.fileNames.map((f) => [f, importsOf(f, parsed.options, own)]));

  // Tarjan's algorithm, iterative so that a deep import chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, index.size);
    low.set(root, index.get(root)!);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node)!;
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, index.size);
          low.set(to, index.get(to)!);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== frame.node);
      if (group.length > 1) groups.push(group);
    }
  }
  const base = path.dirname(path.resolve(tsconfigPath));
  return groups.map((g) => g.map((f) => path.relative(base, f)).sort());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tsconfig = process.argv[2] ?? 'tsconfig.json';
  const cycles = importCycles(tsconfig);
  for (const group of cycles) console.error(`import cycle: ${group.join(' ↔ ')}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s): move what both sides need into a module that imports neither.`);
    process.exit(1);
  }
}
