import fs from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';

interface NxJson {
  neverConnectToCloud?: boolean;
  useDaemonProcess?: boolean;
  analytics?: boolean;
  namedInputs: Record<string, string[]>;
  targetDefaults: Record<string, { inputs?: string[]; cache?: boolean }>;
}

const nxJson = JSON.parse(fs.readFileSync(path.join(workspaceRoot(__dirname), 'nx.json'), 'utf8')) as NxJson;

describe('nx.json', () => {
  it('runs offline: no Nx Cloud, no daemon, no analytics prompt', () => {
    expect(nxJson).toMatchObject({ neverConnectToCloud: true, useDaemonProcess: false, analytics: false });
  });

  // `nx affected` lists a changed project and its dependents; the dependents' tests read only the
  // production files of what they depend on, so a change to protocol's specs replays them from cache.
  it('keeps specs, test configs and docs out of the production inputs dependents are hashed with', () => {
    const production = nxJson.namedInputs['production'] ?? [];
    expect(production).toEqual(
      expect.arrayContaining(['!{projectRoot}/**/?(*.)+(spec|test).ts', '!{projectRoot}/jest.config.cjs', '!{projectRoot}/README.md']),
    );
    for (const target of ['test', 'lint', 'typecheck']) {
      expect(nxJson.targetDefaults[target]).toMatchObject({ cache: true, inputs: expect.arrayContaining(['default', '^production']) });
    }
  });
});
