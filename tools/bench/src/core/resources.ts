// Expensive things several scenarios share (embedded DynamoDB, Lambda bundles, local stacks), started
// on first use and stopped, newest first, when the run ends.
import { LAMBDA_APPS, type LambdaApp } from '@streamer/config/deployment';
import { buildLambdaBundle, type LambdaBundle } from '../lambda/bundles';
import { type EmbeddedDynamo, startEmbeddedDynamo } from './embedded-dynamo';
import type { Printer } from './printer';

interface Stoppable {
  stop(): Promise<void>;
}

export class Resources {
  private readonly stops: Array<() => Promise<void>> = [];
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly root: string,
    readonly scratch: string,
    private readonly printer: Printer,
    /** The DynamoDB the run was given (`--dynamodb-endpoint`); DynamoDB Local is started when absent. */
    readonly dynamodbEndpoint?: string,
  ) {}

  /** DynamoDB Local (or the given DynamoDB) with the tables, one per run. */
  dynamo(): Promise<EmbeddedDynamo> {
    return this.shared('dynamo', () => {
      this.printer.progress(this.dynamodbEndpoint ? `creating tables at ${this.dynamodbEndpoint}` : 'starting DynamoDB Local');
      return startEmbeddedDynamo('bench', this.dynamodbEndpoint);
    });
  }

  /** The app's Lambda bundle, built once per run. */
  bundle(app: LambdaApp): Promise<LambdaBundle> {
    return this.once(`bundle:${app}`, () => buildLambdaBundle(this.root, app, this.bundleDir));
  }

  /** Builds every Lambda bundle and returns their directory (`<dir>/<app>/index.js`). */
  async allBundles(): Promise<string> {
    for (const app of LAMBDA_APPS) await this.bundle(app);
    return this.bundleDir;
  }

  /** One shared instance per key, started on first use and stopped at the end of the run. */
  shared<T extends Stoppable>(key: string, start: () => Promise<T>): Promise<T> {
    return this.once(key, async () => this.track(await start()));
  }

  /** Registers something to stop at the end of the run and returns it. */
  track<T extends Stoppable>(resource: T): T {
    this.stops.push(() => resource.stop());
    return resource;
  }

  async stopAll(): Promise<void> {
    while (this.stops.length > 0) {
      const stop = this.stops.pop() as () => Promise<void>;
      await stop().catch((error: unknown) => this.printer.progress(`stopping failed: ${String(error)}`));
    }
    this.memo.clear();
  }

  private get bundleDir(): string {
    return `${this.scratch}/bundles`;
  }

  private once<T>(key: string, start: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = start();
      this.memo.set(key, pending);
      pending.catch(() => this.memo.delete(key));
    }
    return pending;
  }
}
