export { processorVersion } from './version';
