// docs/asyncapi.json: the committed AsyncAPI document, generated from @streamer/protocol's definitions.
import path from 'node:path';
import { asyncApiDocument } from '@streamer/protocol';
import { workspaceRoot } from '@streamer/kernel/node';

/** Where the document is committed. */
export const ASYNCAPI_PATH = path.join(workspaceRoot(__dirname), 'docs', 'asyncapi.json');

/** The document's text as `npm run asyncapi` writes it. */
export function asyncApiText(): string {
  return `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;
}
