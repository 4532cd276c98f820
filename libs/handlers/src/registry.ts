// This is your file: register your handlers here. The router and processor apps both build their
// registry by calling createRegistry(), so the same actions are answered synchronously by one and run
// in the background by the other. The example handlers are registered today; replace them with yours.
import { HandlerRegistry } from '@streamer/handler-api';
import { echo, flaky, generateReport } from '@streamer/handlers-example';

export interface RegistryOptions {
  /** Duration of each of generate_report's ten background steps. Default 500 ms (a 5 s report). */
  reportStepMs?: number;
}

/** The composition point: the one place that decides which actions exist. */
export function createRegistry(options: RegistryOptions = {}): HandlerRegistry {
  return new HandlerRegistry()
    .register('echo', echo)
    .register('generate_report', generateReport(options.reportStepMs ?? 500))
    .register('flaky', flaky);
}
