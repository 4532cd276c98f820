// A local stack in its own process plus a socket farm in another, and fleets of sockets opened on it
// per tenant (memoised: a later scenario reuses a fleet an earlier one opened, and its open figures).
import { createDynamoStores, type DynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import type { Printer } from '../core/printer';
import { forkTs, type RpcChild } from '../core/rpc';
import { silentLogger } from '@streamer/kernel';
import type { OpenReport } from '../fleet/farm-child';
import { type Fleet, startFleet } from '../fleet/fleet';
import type { StackInfo, StackStartOptions, StackStats } from './stack-types';

/** Distinct users per fleet (several sockets per user, as with several tabs or devices). */
const USERS_PER_FLEET = 100;

export interface FleetGroup {
  tenant: string;
  size: number;
  /** Connection ids of the sockets, as the store lists them. */
  ids: string[];
  open: OpenReport;
  stackBefore: StackStats;
  stackAfter: StackStats;
}

export interface StackSession {
  info: StackInfo;
  /** The stack process (DynamoDB Local, when the stack started it, is its child). */
  pid: number | undefined;
  fleet: Fleet;
  /** Stores on the stack's DynamoDB. */
  stores: DynamoStores;
  stats(): Promise<StackStats>;
  /** Tokens the stack's $connect accepts, one per user. */
  tokens(subs: readonly string[], tenant: string): Promise<string[]>;
  /** Opens `size` sockets for `tenant` (once; later calls return the same group). */
  openFleet(tenant: string, size: number, concurrency: number): Promise<FleetGroup>;
  stop(): Promise<void>;
}

export async function startStackSession(root: string, options: StackStartOptions, printer: Printer): Promise<StackSession> {
  const child = forkTs(root, 'tools/bench/src/stack/stack-child.ts');
  let fleet: Fleet | undefined;
  try {
    printer.progress(`starting the local stack${options.faults ? ` with GATEWAY_FAULTS=${options.faults}` : ''}`);
    const info = await child.call<StackInfo>('start', options, 120_000);
    fleet = startFleet(root);
    return new Session(child, fleet, info, printer);
  } catch (error) {
    await Promise.all([child.call('stop').catch(() => undefined), fleet?.stop()]);
    await child.stop();
    throw error;
  }
}

class Session implements StackSession {
  readonly stores: DynamoStores;
  private readonly groups = new Map<string, Promise<FleetGroup>>();

  constructor(
    private readonly child: RpcChild,
    readonly fleet: Fleet,
    readonly info: StackInfo,
    private readonly printer: Printer,
  ) {
    this.stores = createDynamoStores({ clientConfig: localClientConfig(info.dynamodbEndpoint), tables: info.tables, logger: silentLogger });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  stats(): Promise<StackStats> {
    return this.child.call<StackStats>('stats');
  }

  tokens(subs: readonly string[], tenant: string): Promise<string[]> {
    return this.child.call<string[]>('tokens', { subs, tenant });
  }

  openFleet(tenant: string, size: number, concurrency: number): Promise<FleetGroup> {
    let group = this.groups.get(tenant);
    if (!group) {
      group = this.open(tenant, size, concurrency);
      this.groups.set(tenant, group);
    }
    return group;
  }

  async stop(): Promise<void> {
    // The stack first: it closes its sockets without running $disconnect for each of them.
    await this.child.call('stop', undefined, 60_000).catch(() => undefined);
    await Promise.all([this.child.stop(), this.fleet.stop()]);
    this.stores.client.destroy();
  }

  private async open(tenant: string, size: number, concurrency: number): Promise<FleetGroup> {
    const subs = Array.from({ length: Math.min(size, USERS_PER_FLEET) }, (_, i) => `${tenant}-user-${i}`);
    const tokens = await this.tokens(subs, tenant);
    const urls = Array.from({ length: size }, (_, i) => `${this.info.wsUrl}?Authorization=${encodeURIComponent(tokens[i % tokens.length] as string)}`);
    this.printer.progress(`opening ${size} sockets for ${tenant}`);
    const stackBefore = await this.stats();
    const open = await this.fleet.open(urls, concurrency);
    const stackAfter = await this.stats();
    const ids = await this.connectedIds(tenant);
    if (ids.length !== open.opened) throw new Error(`${open.opened} sockets open for ${tenant} but the store lists ${ids.length}`);
    return { tenant, size, ids, open, stackBefore, stackAfter };
  }

  private async connectedIds(tenant: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const record of this.stores.connections.byTenant(tenant)) ids.push(record.connectionId);
    return ids;
  }
}
