import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ZipFile } from 'yazl';

/** Fixed timestamp so the same bundle always zips to the same bytes (and the same CodeSha256). */
const EPOCH = new Date('2020-01-01T00:00:00Z');

export interface FunctionZip {
  zip: Buffer;
  /** Base64 SHA-256 of the zip: the value Lambda reports as CodeSha256. */
  sha256: string;
  files: string[];
}

/** Zips a bundle directory (index.js and its source map) reproducibly. */
export async function zipBundle(dir: string): Promise<FunctionZip> {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f === 'index.js' || f === 'index.js.map').sort() : [];
  if (!files.includes('index.js')) throw new Error(`No bundle at ${dir}: run \`nx run <app>:bundle\` first`);
  const zipFile = new ZipFile();
  for (const file of files) zipFile.addFile(path.join(dir, file), file, { mtime: EPOCH, mode: 0o100644 });
  zipFile.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zipFile.outputStream) chunks.push(chunk as Buffer);
  const zip = Buffer.concat(chunks);
  return { zip, sha256: createHash('sha256').update(zip).digest('base64'), files };
}
