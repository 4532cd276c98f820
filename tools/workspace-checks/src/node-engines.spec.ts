// The supported Node (the root package.json's `engines.node`) runs every installed package: no
// package in the lockfile asks for a newer Node than our minimum, so `npm ci` prints no EBADENGINE.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { workspaceRoot } from '@streamer/kernel/node';

interface LockedPackage {
  version?: string;
  engines?: Record<string, string> | string[];
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(workspaceRoot(__dirname), file), 'utf8')) as T;
const rootPackage = readJson<{ engines?: { node?: string } }>('package.json');
const lock = readJson<{ packages: Record<string, LockedPackage> }>('package-lock.json');

/** [package path, version, its engines.node range] for every locked package that declares one. */
function nodeRanges(): Array<[string, string, string]> {
  return Object.entries(lock.packages).flatMap(([name, locked]): Array<[string, string, string]> => {
    const range = Array.isArray(locked.engines) ? undefined : locked.engines?.['node'];
    return name !== '' && typeof range === 'string' ? [[name, locked.version ?? '?', range]] : [];
  });
}

describe('Node engines', () => {
  const minimum = semver.minVersion(rootPackage.engines?.node ?? '');

  it('the workspace declares the Node it supports', () => {
    expect(minimum?.version).toMatch(/^20\./);
  });

  it('every package in package-lock.json runs on that Node (its engines.node range admits our minimum)', () => {
    const ranges = nodeRanges();
    expect(ranges.length).toBeGreaterThan(50);
    const refusing = ranges.filter(([, , range]) => !semver.satisfies(minimum?.version ?? '', range)).map(([name, version, range]) => `${name}@${version} wants node ${range}`);
    expect(refusing).toEqual([]);
  });
});
