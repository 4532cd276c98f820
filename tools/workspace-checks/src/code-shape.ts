// Measures the grain of the libraries and the size of their public surfaces, from the sources:
// - production file sizes per lib (median, share of files of 30 lines or fewer);
// - every name a lib's entry points export (`@streamer/<lib>` and its subpaths, from
//   tsconfig.base.json), and which of them are imported anywhere outside that lib.
// code-shape.spec.ts prints the figures on every run and holds them to the targets.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface EntryPoint {
  /** Import specifier, e.g. `@streamer/store/testing`. */
  specifier: string;
  lib: string;
  file: string;
}

export interface LibShape {
  lib: string;
  files: number;
  medianLines: number;
  smallFiles: number;
}

export interface UnusedExport {
  specifier: string;
  name: string;
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.nx', '.git', 'test-output', 'coverage']);

export function isProductionSource(file: string): boolean {
  const base = path.basename(file);
  return file.endsWith('.ts') && !/\.(spec|test)\.ts$/.test(base) && !file.split(path.sep).some((part) => /^(test-support|testing)$/.test(part)) && base !== 'testing.ts';
}

export function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const lineCount = (file: string): number => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Production files of every lib: non-blank lines, median and the share of small files. */
export function libShapes(root: string): { libs: LibShape[]; all: LibShape } {
  const libsDir = path.join(root, 'libs');
  const perLib = fs.readdirSync(libsDir).filter((lib) => fs.existsSync(path.join(libsDir, lib, 'src')));
  const shape = (lib: string, files: string[]): LibShape => {
    const sizes = files.map(lineCount);
    return { lib, files: files.length, medianLines: median(sizes), smallFiles: sizes.filter((n) => n <= 30).length };
  };
  const filesOf = (lib: string) => listSources(path.join(libsDir, lib, 'src')).filter(isProductionSource);
  const libs = perLib.map((lib) => shape(lib, filesOf(lib)));
  return { libs, all: shape('(all libs)', perLib.flatMap(filesOf)) };
}

/** Entry points of the libs, from the path aliases in tsconfig.base.json. */
export function entryPoints(root: string): EntryPoint[] {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile).config as { compilerOptions: { paths: Record<string, string[]> } };
  return Object.entries(config.compilerOptions.paths).map(([specifier, [target]]) => ({
    specifier,
    lib: (target as string).split('/').slice(0, 2).join('/'),
    file: path.join(root, target as string),
  }));
}

/** Names an entry file exports (values and types, re-exports included; `export *` is refused). */
export function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause) throw new Error(`${file}: \`export *\` hides the surface; export by name`);
      if (ts.isNamedExports(statement.exportClause)) names.push(...statement.exportClause.elements.map((e) => e.name.text));
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name)) names.push(decl.name.text);
    } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
      names.push((statement.name as ts.Identifier).text);
    }
  }
  return names;
}

/** Names imported from each specifier by files outside the specifier's lib. */
export function importsOutside(root: string, entries: readonly EntryPoint[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>(entries.map((e) => [e.specifier, new Set<string>()]));
  const libOf = new Map(entries.map((e) => [e.specifier, e.lib]));
  const files = ['apps', 'libs', 'tools'].flatMap((dir) => listSources(path.join(root, dir)));
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
    const visit = (node: ts.Node): void => {
      const specifier = moduleSpecifierOf(node);
      const lib = specifier ? libOf.get(specifier) : undefined;
      if (specifier && lib && !relative.startsWith(`${lib}/`)) {
        for (const name of importedNames(node)) used.get(specifier)?.add(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return used;
}

function moduleSpecifierOf(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
  return undefined;
}

function importedNames(node: ts.Node): string[] {
  if (ts.isImportDeclaration(node)) {
    const bindings = node.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return ['*'];
    if (bindings && ts.isNamedImports(bindings)) return bindings.elements.map((e) => (e.propertyName ?? e.name).text);
    return [];
  }
  if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
    return node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text);
  }
  if (ts.isImportTypeNode(node) && node.qualifier) return [ts.isIdentifier(node.qualifier) ? node.qualifier.text : node.qualifier.left.getText()];
  return [];
}

/** Exported names that no file outside their lib imports (a namespace import uses them all). */
export function unusedExports(root: string): { total: number; unused: UnusedExport[]; exported: UnusedExport[] } {
  const entries = entryPoints(root).filter((e) => fs.existsSync(e.file));
  const used = importsOutside(root, entries);
  let total = 0;
  const unused: UnusedExport[] = [];
  const exported: UnusedExport[] = [];
  for (const entry of entries) {
    const names = exportedNames(entry.file);
    total += names.length;
    exported.push(...names.map((name) => ({ specifier: entry.specifier, name })));
    const imported = used.get(entry.specifier) ?? new Set<string>();
    if (imported.has('*')) continue;
    for (const name of names) if (!imported.has(name)) unused.push({ specifier: entry.specifier, name });
  }
  return { total, unused, exported };
}

/** The figures as a table, for the test log. */
export function formatShape(root: string): string {
  const { libs, all } = libShapes(root);
  const row = (s: LibShape) => `${s.lib.padEnd(20)} ${String(s.files).padStart(5)} ${String(s.medianLines).padStart(7)} ${`${Math.round((100 * s.smallFiles) / Math.max(1, s.files))} %`.padStart(9)}`;
  const { total, unused } = unusedExports(root);
  const share = Math.round((100 * unused.length) / Math.max(1, total));
  return [`${'lib'.padEnd(20)} files  median  ≤30 lines`, ...[...libs, all].map(row), `exported names: ${total}; imported nowhere outside their lib: ${unused.length} (${share} %)`].join('\n');
}
