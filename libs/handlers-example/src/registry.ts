import { HandlerRegistry } from '@streamer/handler-api';
import { echo } from './echo';
import { flaky } from './flaky';
import { generateReport } from './generate-report';

export interface ExampleRegistryOptions {
  /** Duration of each of generate_report's ten background steps. Default 500 ms (a 5 s report). */
  reportStepMs?: number;
}

/**
 * The composition point: the one place that decides which actions exist. The router and the processor
 * apps both call it, so replacing this function with one that registers your own handlers is all it
 * takes to run them.
 */
export function createRegistry(options: ExampleRegistryOptions = {}): HandlerRegistry {
  return new HandlerRegistry()
    .register('echo', echo)
    .register('generate_report', generateReport(options.reportStepMs ?? 500))
    .register('flaky', flaky);
}
