#!/usr/bin/env node
// Type-checks every project in ONE process: for each project, exactly the tsconfig files its Nx
// `typecheck` target passes to `tsc --noEmit -p …` (nx.json targetDefaults, or the project's own
// command), with their own options and the same diagnostics tsc reports for the files they own. What
// the separate tsc runs repeated — parsing and resolving the types of the same lib sources, @types and
// AWS SDK declarations two dozen times — is done once: tsconfigs with equal compiler options are checked
// as one program (23 of the 26 today; see checkGroup), parsed files are shared between programs whose
// options parse them alike, and each file is type-checked once, for the project that owns it. `npm test`
// runs this instead of the per-project targets; `npx nx typecheck <project>` still checks one project.
// Usage: node tools/scripts/typecheck-all.cjs [project …]   (all projects with a typecheck target by default)
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const nxJson = JSON.parse(fs.readFileSync(path.join(root, 'nx.json'), 'utf8'));

/** `-p <file>` arguments of a `tsc --noEmit -p a && tsc --noEmit -p b` command. */
function configsOf(command) {
  return [...command.matchAll(/(?:^|\s)-p\s+(\S+)/g)].map((m) => m[1]);
}

function projects() {
  const found = [];
  for (const dir of ['apps', 'libs', 'tools']) {
    for (const name of fs.readdirSync(path.join(root, dir)).sort()) {
      const file = path.join(root, dir, name, 'project.json');
      if (!fs.existsSync(file)) continue;
      const project = JSON.parse(fs.readFileSync(file, 'utf8'));
      const target = project.targets?.typecheck;
      if (!target) continue;
      const command = target.options?.command ?? nxJson.targetDefaults.typecheck.options.command;
      found.push({ name: project.name, dir: path.dirname(file), configs: configsOf(command) });
    }
  }
  return found;
}

// Parsed source files, shared between programs whose options parse and bind a file alike.
const buckets = new Map();
const PARSE_OPTIONS = ['target', 'module', 'moduleResolution', 'allowJs', 'checkJs', 'jsx', 'strict', 'alwaysStrict', 'esModuleInterop', 'isolatedModules', 'verbatimModuleSyntax', 'resolveJsonModule', 'experimentalDecorators', 'useDefineForClassFields'];

function sharedHost(options) {
  const key = JSON.stringify(PARSE_OPTIONS.map((name) => options[name]));
  if (!buckets.has(key)) buckets.set(key, new Map());
  const files = buckets.get(key);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const cacheKey = `${fileName}\0${JSON.stringify(languageVersion)}`;
    let file = files.get(cacheKey);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file) files.set(cacheKey, file);
    }
    return file;
  };
  return host;
}

/** A typecheck tsconfig, parsed: its options and the files it owns. */
function parse(project, config) {
  const configFile = path.join(project.dir, config);
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) {
    const error = { messageText: `cannot read ${configFile}`, category: ts.DiagnosticCategory.Error, code: 0, file: undefined, start: undefined, length: undefined };
    return { project, config, options: undefined, fileNames: [], errors: [error] };
  }
  // Where the tsconfig sits is the one option that differs between projects and changes no diagnostic.
  const options = { ...parsed.options, noEmit: true };
  delete options.configFilePath;
  return { project, config, options, fileNames: parsed.fileNames.map((f) => path.resolve(f)), errors: parsed.errors };
}

/**
 * Checks tsconfigs whose compiler options are the same (all but where the file sits) as ONE program: a
 * file then sees exactly what it would in its own project's program (same options, the same path
 * aliases, and no project declares globals or ambient modules), while the types of the libs and of the
 * AWS SDK declarations they share are resolved once instead of once per project. Each file's
 * diagnostics go to the project whose tsconfig owns it; every TypeScript file of the workspace is some
 * project's own (tools/workspace-checks/src/typecheck-coverage.spec.ts asserts it).
 */
function checkGroup(entries) {
  const { options } = entries[0];
  const rootNames = [...new Set(entries.flatMap((e) => e.fileNames))];
  const program = ts.createProgram({ rootNames, options, host: sharedHost(options) });
  const shared = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  const byName = new Map(program.getSourceFiles().map((f) => [path.resolve(f.fileName), f]));
  return entries.map((entry, index) => {
    const own = entry.fileNames.map((f) => byName.get(f)).filter((f) => f !== undefined);
    const diagnostics = [
      ...entry.errors,
      ...(index === 0 ? shared : []),
      ...own.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
      ...(options.declaration ? own.flatMap((file) => program.getDeclarationDiagnostics(file)) : []),
    ];
    return { entry, diagnostics };
  });
}

/** Every (project, tsconfig) checked, grouped by equal compiler options; unreadable configs alone. */
function checkAll(selected) {
  const groups = new Map();
  const results = [];
  for (const project of selected) {
    for (const config of project.configs) {
      const entry = parse(project, config);
      if (!entry.options) {
        results.push({ entry, diagnostics: entry.errors });
        continue;
      }
      const key = JSON.stringify(Object.entries(entry.options).sort(([a], [b]) => a.localeCompare(b)));
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(entry);
    }
  }
  for (const entries of groups.values()) results.push(...checkGroup(entries));
  return results;
}

const format = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};

/** Absolute paths of the files each typecheck tsconfig of each project owns (what its program checks). */
function ownedFiles() {
  return projects().flatMap((project) =>
    project.configs.flatMap((config) => {
      const parsed = ts.getParsedCommandLineOfConfigFile(path.join(project.dir, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
      return (parsed?.fileNames ?? []).map((f) => path.resolve(f));
    }),
  );
}

function main(only) {
  const started = Date.now();
  const selected = projects().filter((p) => !only.length || only.includes(p.name));
  const results = checkAll(selected);
  let failed = 0;
  for (const project of selected) {
    const diagnostics = results.filter((r) => r.entry.project === project).flatMap((r) => r.diagnostics);
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length) {
      failed += 1;
      process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, format));
      process.stdout.write(`typecheck ${project.name}: ${errors.length} error(s) (${project.configs.join(', ')})\n`);
    } else {
      process.stdout.write(`typecheck ${project.name}: ok (${project.configs.join(', ')})\n`);
    }
  }
  process.stdout.write(`typecheck: ${selected.length} projects in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return failed ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

module.exports = { ownedFiles };
