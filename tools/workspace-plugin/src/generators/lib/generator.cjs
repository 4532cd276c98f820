// @ts-check
// `nx g @streamer/workspace-plugin:lib <name> --scope=server --type=feature [--browser] [--testing]`
// Creates libs/<name> with the house layout and registers the @streamer/<name> path alias.
const path = require('node:path');
const { generateFiles, names, updateJson } = require('@nx/devkit');

/**
 * @param {import('@nx/devkit').Tree} tree
 * @param {{name: string, scope?: string, type?: string, description?: string, browser?: boolean, testing?: boolean}} options
 */
async function libGenerator(tree, options) {
  const o = normalize(options);
  if (tree.exists(o.root)) throw new Error(`${o.root} already exists`);
  generateFiles(tree, path.join(__dirname, 'files'), o.root, { ...o, tmpl: '' });
  if (!o.testing) tree.delete(path.join(o.root, 'src', 'testing.ts'));
  updateJson(tree, 'tsconfig.base.json', (json) => addPaths(json, o));
}

/** @param {{name: string, scope?: string, type?: string, description?: string, browser?: boolean, testing?: boolean}} options */
function normalize(options) {
  const n = names(options.name);
  return {
    name: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    root: `libs/${n.fileName}`,
    scope: options.scope ?? 'server',
    type: options.type ?? 'feature',
    description: options.description || `@streamer/${n.fileName}`,
    browser: options.browser ?? false,
    testing: options.testing ?? false,
  };
}

/** @param {any} json @param {ReturnType<typeof normalize>} o */
function addPaths(json, o) {
  const paths = { ...(json.compilerOptions.paths ?? {}) };
  paths[`@streamer/${o.name}`] = [`${o.root}/src/index.ts`];
  if (o.testing) paths[`@streamer/${o.name}/testing`] = [`${o.root}/src/testing.ts`];
  json.compilerOptions.paths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return json;
}

module.exports = libGenerator;
module.exports.default = libGenerator;
