// Headless Chromium for the browser tests, from npm only: @sparticuz/chromium ships the binary
// (unpacked to the OS temp dir on first use), playwright-core drives it. @sparticuz/chromium is an
// ES module that reads import.meta, which Jest's CommonJS runtime cannot load, so a short Node child
// asks it for the executable's path and launch arguments.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { workspaceRoot } from '@streamer/kernel/node';

const RESOLVE_SCRIPT = `
import chromium from '@sparticuz/chromium';
process.stdout.write(JSON.stringify({ executablePath: await chromium.executablePath(), args: chromium.args }));
`;

/** No sandbox (containers), no GPU, and nothing that reaches for the network. */
const EXTRA_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface ChromiumBinary {
  executablePath: string;
  args: string[];
}

async function resolveChromium(): Promise<ChromiumBinary> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', RESOLVE_SCRIPT], {
    cwd: workspaceRoot(__dirname),
    timeout: 60_000,
  });
  return JSON.parse(stdout) as ChromiumBinary;
}

export async function launchChromium(): Promise<Browser> {
  const binary = await resolveChromium();
  return chromium.launch({ executablePath: binary.executablePath, args: [...binary.args, ...EXTRA_ARGS], headless: true, timeout: 30_000 });
}
