import { createMetrics } from './emf-metrics';
import { createTracing, noTracing } from './tracing';

/** The EMF lines written while `run` runs (Powertools writes them to stdout). */
function emfLines(run: () => void): Array<Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> } }> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return written.join('').split('\n').filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
}

describe('createMetrics (CloudWatch EMF through Powertools)', () => {
  it('writes one line per dimension set at flush, counters summed and timings kept as values', () => {
    const metrics = createMetrics({ serviceName: 'streamer-test', functionName: 'router', namespace: 'StreamerTest' });
    metrics.count('RequestProcessed', 1, { action: 'echo', status: 'result' });
    metrics.count('RequestProcessed', 1, { status: 'result', action: 'echo' });
    metrics.timing('ProcessingTime', 12.5, { action: 'echo' });
    metrics.timing('ProcessingTime', 30, { action: 'echo' });
    const lines = emfLines(() => metrics.flush());
    expect(lines).toHaveLength(2);
    const [counted, timed] = lines;
    expect(counted).toMatchObject({ RequestProcessed: 2, action: 'echo', status: 'result', service: 'streamer-test', function: 'router' });
    expect(counted?._aws.CloudWatchMetrics[0]?.Namespace).toBe('StreamerTest');
    expect(timed).toMatchObject({ ProcessingTime: [12.5, 30], action: 'echo' });
    expect(timed?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'ProcessingTime', Unit: 'Milliseconds' }]);
    expect(timed?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'function', 'action']));
  });

  it('writes nothing when nothing was recorded, and nothing twice', () => {
    const metrics = createMetrics({ serviceName: 's', functionName: 'f', namespace: 'N' });
    metrics.gauge('BatchSize', 3);
    expect(emfLines(() => metrics.flush())).toHaveLength(1);
    expect(emfLines(() => metrics.flush())).toHaveLength(0);
  });

  it('splits a metric with over 100 values over several lines (the EMF limit)', () => {
    const metrics = createMetrics({ serviceName: 's', functionName: 'f', namespace: 'N' });
    for (let i = 0; i < 150; i += 1) metrics.timing('SendLatency', i);
    const lines = emfLines(() => metrics.flush());
    expect(lines.map((line) => (line['SendLatency'] as number[]).length)).toEqual([99, 51]);
  });
});

describe('createTracing', () => {
  it('is the no-op outside Lambda and when POWERTOOLS_TRACE_ENABLED is false', () => {
    expect(createTracing('s', {})).toBe(noTracing);
    expect(createTracing('s', { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(noTracing);
    expect(createTracing('s', { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_SAM_LOCAL: 'true' })).toBe(noTracing);
  });
});
