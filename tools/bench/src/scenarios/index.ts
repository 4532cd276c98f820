// Every scenario, in the order a run takes them: the sensitive micro-benchmark first, on a quiet machine;
// then handler-level timings on their own DynamoDB; then everything on the local stacks.
import type { Scenario } from '../core/scenario';
import { broadcast } from './broadcast';
import { coldStart } from './cold-start';
import { echo } from './echo';
import { connectDisconnect } from './connect-disconnect';
import { faults } from './faults';
import { rawCeiling } from './raw-ceiling';
import { router } from './router';
import { scale } from './scale';
import { sendOverhead } from './send-overhead';
import { topicPublish } from './topic-publish';

export const SCENARIOS: readonly Scenario[] = [sendOverhead, connectDisconnect, coldStart, rawCeiling, broadcast, topicPublish, scale, router, echo, faults];
