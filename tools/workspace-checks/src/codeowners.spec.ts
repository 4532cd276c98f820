// Ownership: every project carries exactly one owner:* tag (a third tag axis, not used by the module
// boundaries), and .github/CODEOWNERS gives that project's root to the same team — so a review request
// reaches the team the project's tags name, and a new project cannot land without an owner.
import fs from 'node:fs';
import path from 'node:path';
import { workspaceRoot as findWorkspaceRoot } from '@streamer/kernel/node';

interface Project {
  name: string;
  root: string;
  tags: string[];
}

const SEARCHED = ['apps', 'libs', 'tools'];

function projects(): Project[] {
  return SEARCHED.flatMap((dir) =>
    fs
      .readdirSync(path.join(workspaceRoot, dir))
      .map((name) => path.posix.join(dir, name))
      .filter((root) => fs.existsSync(path.join(workspaceRoot, root, 'project.json')))
      .map((root) => {
        const json = JSON.parse(fs.readFileSync(path.join(workspaceRoot, root, 'project.json'), 'utf8')) as { name: string; tags?: string[] };
        return { name: json.name, root, tags: json.tags ?? [] };
      }),
  );
}

/** CODEOWNERS rules in file order: a pattern and its owners (comments and blank lines dropped). */
function codeowners(): { pattern: string; owners: string[] }[] {
  const text = fs.readFileSync(path.join(workspaceRoot, '.github', 'CODEOWNERS'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [pattern = '', ...owners] = line.split(/\s+/);
      return { pattern, owners };
    });
}

/** The owners of a project root: the last rule whose pattern is `*` or a directory containing it. */
function ownersOf(root: string, rules: ReturnType<typeof codeowners>): string[] | undefined {
  const matches = rules.filter(({ pattern }) => pattern === '*' || `/${root}/`.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`));
  return matches.at(-1)?.owners;
}

const workspaceRoot = findWorkspaceRoot(__dirname);

describe('owners', () => {
  const all = projects();
  const rules = codeowners();

  it('finds the projects', () => {
    expect(all.map((p) => p.name)).toEqual(expect.arrayContaining(['store', 'infra', 'local-stack', 'protocol', 'workspace-checks']));
  });

  it.each(all.map((p) => [p.name, p] as const))('%s has exactly one owner:* tag, and CODEOWNERS gives its root to that team', (_name, project) => {
    const ownerTags = project.tags.filter((tag) => tag.startsWith('owner:'));
    expect(ownerTags).toHaveLength(1);
    const team = `@streamer/${ownerTags[0]?.slice('owner:'.length)}`;
    expect(ownersOf(project.root, rules)).toEqual([team]);
  });

  it('names only teams some project is tagged with, and patterns that exist', () => {
    const tagged = new Set(all.flatMap((p) => p.tags.filter((t) => t.startsWith('owner:')).map((t) => `@streamer/${t.slice('owner:'.length)}`)));
    for (const { pattern, owners } of rules) {
      for (const owner of owners) expect(tagged).toContain(owner);
      if (pattern !== '*') expect(fs.existsSync(path.join(workspaceRoot, pattern))).toBe(true);
    }
  });
});
