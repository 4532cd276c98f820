// 7. Scale: 10 000 real sockets open on the local stack at once — connect rate (every socket runs the
// $connect Lambda: JWT verify + DynamoDB put) and resident memory per 1 000 sockets, stack side and
// client side. Reuses the broadcast scenario's largest fleet when it is already open.
import { figure } from '../core/results';
import { openFilesLimit } from '../core/machine';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { cleanStack, connectConcurrency } from '../stack/shared-stacks';

const SIZES = { smoke: { sockets: 50 }, quick: { sockets: 100 }, full: { sockets: 10_000 } };
const MIB = 2 ** 20;

export const scale: Scenario = {
  id: 'scale',
  title: 'Scale: sockets open at once on the local stack, connect rate, memory per 1 000 sockets',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const { sockets } = sized(ctx, SIZES);
    const limit = openFilesLimit();
    const session = await cleanStack(ctx);
    const group = await session.openFleet(`bench-${sockets}`, sockets, connectConcurrency(ctx));
    const { open, stackBefore, stackAfter } = group;
    const held = (await session.stats()).connections;
    const perThousand = (bytes: number): number => (open.opened > 0 ? (bytes / open.opened) * 1000 : 0) / MIB;
    const notes = [
      `Sockets were opened ${connectConcurrency(ctx)} at a time from a separate client process; the stack (gateway emulator + the five Lambdas in-process + DynamoDB Local as a child JVM) runs in its own process. Each process may hold ${limit ?? 'an unknown number of'} open files (soft limit raised to the hard limit at start).`,
      `The stack held ${held} sockets in total when measured (other scenarios' fleets included). RSS deltas are of whole processes, garbage collection included, so they are estimates.`,
    ];
    if (open.failed > 0) notes.push(`${open.failed} of ${sockets} sockets failed to open: ${open.errors.join('; ')}`);
    return {
      params: { target: sockets, connectConcurrency: connectConcurrency(ctx), openFilesLimit: limit ?? 'unknown' },
      figures: [
        figure('scale.sockets', 'sockets open at once on the local stack (this fleet)', open.opened, 'sockets'),
        figure('scale.connect-rate', 'connect rate ($connect Lambda per socket)', (open.opened / open.ms) * 1000, 'conn/s'),
        figure('scale.stack-rss-per-1000', 'stack process RSS per 1 000 sockets', perThousand(stackAfter.rss - stackBefore.rss), 'MiB'),
        figure('scale.stack-heap-per-1000', 'stack process heap per 1 000 sockets', perThousand(stackAfter.heapUsed - stackBefore.heapUsed), 'MiB'),
        figure('scale.client-rss-per-1000', 'client process RSS per 1 000 sockets', perThousand(open.rssAfter - open.rssBefore), 'MiB'),
      ],
      notes,
    };
  },
};
