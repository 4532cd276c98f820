// One name, one class: two libs exporting classes of the same name (two `DeadlineExceededError`s, two
// `InvalidMessageError`s) make a reader, a log search or an `instanceof` guess which one is meant.
// This check reads every production source of every lib and fails on a class name exported by two libs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import ts from 'typescript';
import { isProductionSource, listSources } from './code-shape';

/** Class names exported (`export class X`, `export abstract class X`) by production files, with the libs that export them. */
function exportedClasses(root: string): Map<string, Set<string>> {
  const libsDir = path.join(root, 'libs');
  const owners = new Map<string, Set<string>>();
  for (const lib of fs.readdirSync(libsDir).filter((name) => fs.existsSync(path.join(libsDir, name, 'src')))) {
    for (const file of listSources(path.join(libsDir, lib, 'src')).filter(isProductionSource)) {
      for (const name of classNames(file)) owners.set(name, (owners.get(name) ?? new Set()).add(lib));
    }
  }
  return owners;
}

function classNames(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  return source.statements
    .filter((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name !== undefined)
    .filter((s) => ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true)
    .map((s) => (s.name as ts.Identifier).text);
}

/** `Name: lib-a, lib-b` for every class name exported by more than one lib. */
function sharedClassNames(root: string): string[] {
  return [...exportedClasses(root)].filter(([, libs]) => libs.size > 1).map(([name, libs]) => `${name}: ${[...libs].sort().join(', ')}`);
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamer-error-names-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('exported class names', () => {
  it('are distinct across libs', () => {
    expect(sharedClassNames(workspaceRoot(__dirname))).toEqual([]);
  });

  it('names each class two libs export, and ignores specs, test doubles and unexported classes', () => {
    const dir = workspace({
      'libs/router/src/errors.ts': 'export class DeadlineExceededError extends Error {}\nclass Local {}\n',
      'libs/processor/src/errors.ts': 'export abstract class DeadlineExceededError extends Error {}\nexport class RunError {}\n',
      'libs/processor/src/local.ts': 'class Local {}\n',
      'libs/store/src/testing/fake.ts': 'export class RunError {}\n',
      'libs/store/src/run.spec.ts': 'export class RunError {}\n',
    });
    expect(sharedClassNames(dir)).toEqual(['DeadlineExceededError: processor, router']);
  });
});
