// `npm run asyncapi`: regenerates docs/asyncapi.json from the protocol's definitions.
import { writeFileSync } from 'node:fs';
import { ASYNCAPI_PATH, asyncApiText } from './asyncapi-file';

writeFileSync(ASYNCAPI_PATH, asyncApiText());
process.stdout.write(`wrote ${ASYNCAPI_PATH}\n`);
