import { createStreamLogger, isLogLevel } from './support';

function capture(level: Parameters<typeof createStreamLogger>[0]) {
  const lines: string[] = [];
  const logger = createStreamLogger(level, { write: (chunk: string) => lines.push(chunk) > 0 } as Pick<NodeJS.WriteStream, 'write'>);
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createStreamLogger', () => {
  it('writes one JSON line per entry at the level and above, with the fields merged in', () => {
    const { logger, entries } = capture('info');
    logger.debug('hidden');
    logger.info('Stack ready', { port: 3001 });
    logger.error('Poller failed', { queue: 'retry', error: new TypeError('boom') });

    expect(entries()).toEqual([
      expect.objectContaining({ level: 'INFO', service: 'streamer-local', message: 'Stack ready', port: 3001 }),
      expect.objectContaining({ level: 'ERROR', message: 'Poller failed', queue: 'retry', error: { name: 'TypeError', message: 'boom' } }),
    ]);
  });

  it('merges several extra objects and puts a bare Error under `error`, as Powertools does', () => {
    const { logger, entries } = capture('debug');
    logger.warn('Retrying', { attempt: 2 }, new Error('throttled'));
    expect(entries()[0]).toEqual(expect.objectContaining({ attempt: 2, error: { name: 'Error', message: 'throttled' } }));
  });

  it('writes nothing when silent, and knows its levels', () => {
    const { logger, entries } = capture('silent');
    logger.error('dropped');
    expect(entries()).toEqual([]);
    expect(isLogLevel('warn')).toBe(true);
    expect(isLogLevel('verbose')).toBe(false);
  });
});
