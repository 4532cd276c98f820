// CDK app: `nx run infra:synth` / `nx deploy infra`. Inputs and the synth cache key: ./app.ts.
import { createStreamerApp, synthEnvironment } from './app';

createStreamerApp(synthEnvironment(process.env));
