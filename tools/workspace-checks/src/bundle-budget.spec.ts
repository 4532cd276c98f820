import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';

interface BundleScript {
  bundle(app: string, budgetKib?: number, outRoot?: string): Promise<{ app: string; bytes: number; outdir: string }>;
  BUDGET_KIB: number;
}
const { bundle, BUDGET_KIB } = require(path.join(workspaceRoot(__dirname), 'tools/scripts/bundle.cjs')) as BundleScript;

describe('Lambda bundle budget', () => {
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'streamer-bundle-'));
  afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

  it('builds a CommonJS bundle with a source map that exports the handler, within 500 KiB', async () => {
    const { bytes, outdir } = await bundle('disconnect', BUDGET_KIB, outRoot);
    expect(BUDGET_KIB).toBe(500);
    expect(bytes).toBeLessThan(BUDGET_KIB * 1024);
    expect(fs.existsSync(path.join(outdir, 'index.js.map'))).toBe(true);
    const source = fs.readFileSync(path.join(outdir, 'index.js'), 'utf8');
    expect(source).toMatch(/handler/);
    // The Lambda runtime provides the AWS SDK: it stays an external require, not bundled code.
    expect(source).toMatch(/require\("@aws-sdk\/lib-dynamodb"\)/);
  });

  it('fails when a bundle is over its budget', async () => {
    await expect(bundle('disconnect', 1, outRoot)).rejects.toThrow(/disconnect bundle is [\d.]+ KiB, over its 1 KiB budget/);
  });
});
