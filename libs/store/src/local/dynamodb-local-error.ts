import { StoreError, type StoreErrorOptions } from '../errors';

/** The one message for a missing or too old Java runtime. */
export function javaRequiredMessage(detail: string): string {
  return (
    `DynamoDB Local needs a Java 17+ runtime (${detail}): install one (e.g. \`apt-get install openjdk-17-jre-headless\`) ` +
    'or set DYNAMODB_ENDPOINT to another DynamoDB endpoint.'
  );
}

/** DynamoDB Local could not be started (no Java, old Java, did not become ready). */
export class DynamoDbLocalError extends StoreError {
  override name = 'DynamoDbLocalError';

  static javaRequired(detail: string, options: StoreErrorOptions = {}): DynamoDbLocalError {
    return new DynamoDbLocalError(javaRequiredMessage(detail), options);
  }
}
