#!/usr/bin/env node
// Type-checks every project in ONE process: for each project, exactly the tsconfig files its Nx
// `typecheck` target passes to `tsc --noEmit -p …` (nx.json targetDefaults, or the project's own
// command), each as its own program with its own options and the same diagnostics tsc reports. What
// the separate tsc runs repeated — reading and parsing the same lib sources, @types and AWS SDK
// declarations two dozen times — is done once: parsed files are shared between programs whose options
// parse them alike (as tsserver shares them between projects), and each file is type-checked in its
// own project's program only. `npm test` runs this instead of the
// per-project targets; `npx nx typecheck <project>` still checks one project.
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

function check(configFile) {
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) return [{ messageText: `cannot read ${configFile}`, category: ts.DiagnosticCategory.Error, code: 0, file: undefined, start: undefined, length: undefined }];
  const options = { ...parsed.options, noEmit: true };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host: sharedHost(options), projectReferences: parsed.projectReferences });
  const own = new Set(parsed.fileNames.map((f) => path.resolve(f)));
  const ownFiles = program.getSourceFiles().filter((f) => own.has(path.resolve(f.fileName)));
  // What ts.getPreEmitDiagnostics reports, with the semantic check limited to the project's own files:
  // a lib's sources reached through a path alias are checked once, in the lib's own program, instead of
  // again in every program that imports them (every TypeScript file of the workspace is some project's
  // own; tools/workspace-checks/src/typecheck-coverage.spec.ts asserts it).
  return [
    ...parsed.errors,
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ownFiles.flatMap((file) => program.getSemanticDiagnostics(file)),
    ...(options.declaration ? ownFiles.flatMap((file) => program.getDeclarationDiagnostics(file)) : []),
  ];
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
  let failed = 0;
  for (const project of projects().filter((p) => !only.length || only.includes(p.name))) {
    const started = Date.now();
    const diagnostics = project.configs.flatMap((config) => check(path.join(project.dir, config)));
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (errors.length) {
      failed += 1;
      process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, format));
      process.stdout.write(`typecheck ${project.name}: ${errors.length} error(s) (${project.configs.join(', ')}, ${seconds} s)\n`);
    } else {
      process.stdout.write(`typecheck ${project.name}: ok (${project.configs.join(', ')}, ${seconds} s)\n`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

module.exports = { ownedFiles };
