// Messages between the soak and its client fleet (a child process holding the client sockets, so
// that their descriptors, frame parsing and timers stay out of the process whose memory is measured).

export interface OpenCommand {
  type: 'open';
  wsUrl: string;
  /** One token per user; socket i uses tokens[i % tokens.length]. */
  tokens: string[];
  sockets: number;
  concurrency: number;
  /** Every socket subscribes to this topic once open. */
  topic: string;
}

export interface TrafficCommand {
  type: 'traffic';
  periodMs: number;
  asyncShare: number;
}

export type FleetCommand = OpenCommand | TrafficCommand | { type: 'report' } | { type: 'stop'; drainMs: number };

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FleetStats {
  open: number;
  opened: number;
  openFailures: number;
  openErrors: string[];
  subscribed: number;
  /** Closes the fleet did not ask for, by close code. */
  unexpectedCloses: Record<string, number>;
  sent: { ping: number; echo: number; report: number };
  /** Replies and terminal messages that were wrong: error frames by code, mismatched data, unparseable frames. */
  errors: Record<string, number>;
  pongs: number;
  echoes: number;
  acks: number;
  results: number;
  /** Frames still waiting for their reply (sync) or their result (queued reports). */
  pending: number;
  events: { received: number; duplicates: number; bySeq: Record<string, number> };
  latency: { sync: LatencySummary; queued: LatencySummary };
  rssMb: number;
}

export type FleetMessage = { type: 'opened'; stats: FleetStats } | { type: 'report'; stats: FleetStats } | { type: 'stopped'; stats: FleetStats };
