import { workspaceRoot as findWorkspaceRoot } from '@streamer/kernel/node';
import { ESLint, type Linter } from 'eslint';
import path from 'node:path';

const workspaceRoot = findWorkspaceRoot(__dirname);

const linters = new Map<string, ESLint>();

/** An ESLint instance configured exactly as `nx lint` runs it: the project's own config, from its root. */
function linterFor(projectRoot: string): ESLint {
  let eslint = linters.get(projectRoot);
  if (!eslint) {
    const cwd = path.join(workspaceRoot, projectRoot);
    // eslint loads config files through dynamic import(), which Jest's VM lacks: pass the array in.
    const config = require(path.join(cwd, 'eslint.config.cjs')) as Linter.Config[];
    eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config });
    linters.set(projectRoot, eslint);
  }
  return eslint;
}

/** Lints `code` with the workspace rules as if it were the file at `relativePath` (e.g. libs/x/src/y.ts). */
export async function lintAs(relativePath: string, code: string): Promise<ESLint.LintResult> {
  const projectRoot = relativePath.split('/').slice(0, 2).join('/');
  const [result] = await linterFor(projectRoot).lintText(code, { filePath: path.join(workspaceRoot, relativePath) });
  if (!result) throw new Error(`ESLint returned no result for ${relativePath}`);
  return result;
}

/** The rule ids that reported errors. */
export function failingRules(result: ESLint.LintResult): string[] {
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'fatal');
}
