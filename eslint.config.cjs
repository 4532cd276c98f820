// Workspace lint rules. Every project's eslint.config.cjs extends this array.
// Module boundaries are the architecture: see README "Tags and boundaries".
const nx = require('@nx/eslint-plugin');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Constraints from the architecture: two axes, no `*` catch-all. */
const depConstraints = [
  // scope axis: who may talk to whom
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:shared', 'scope:client'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
  { sourceTag: 'scope:dev', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:client', 'scope:dev'] },
  // type axis: layering
  // apps take their handlers from the one composition point (libs/handlers), never from the example lib
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:devkit', 'type:feature', 'type:data-access', 'type:util', 'type:handlers', 'type:kernel'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:devkit', 'type:feature', 'type:data-access', 'type:util', 'type:handlers', 'type:example', 'type:app', 'type:kernel'] },
  // development kits (the local stack): compose features for tools and the local app, never deployed
  { sourceTag: 'type:devkit', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:kernel'] },
  // your handlers (libs/handlers): the registry the router and processor apps run; it may register the examples
  { sourceTag: 'type:handlers', onlyDependOnLibsWithTags: ['type:example', 'type:feature', 'type:data-access', 'type:util', 'type:kernel'] },
  { sourceTag: 'type:example', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', 'type:kernel'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:kernel'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:util', 'type:kernel'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:kernel'] },
  // the shared kernel (Logger, Clock, pools, workspaceRoot): every layer may use it, it uses nothing
  { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: [] },
];

/** Browser-safe projects: no Node built-ins. Projects opt in by spreading this into their config. */
const browserSafe = {
  files: ['**/*.ts'],
  ignores: ['**/*.spec.ts', '**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: nodeBuiltins.map((name) => ({ name, message: 'This project must run in browsers: no Node built-ins.' })),
        patterns: [
          { group: ['@streamer/*/testing'], message: 'Test doubles are for tests only.' },
          { group: ['@streamer/*/node'], message: 'This project must run in browsers: no Node-only entry points.' },
        ],
      },
    ],
  },
};

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '**/tmp', '**/.nx'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.test.ts', '**/testing.ts', '**/testing/**', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@streamer/*/testing'], message: 'Test doubles are for tests only.' }] },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

module.exports.browserSafe = browserSafe;
module.exports.depConstraints = depConstraints;
