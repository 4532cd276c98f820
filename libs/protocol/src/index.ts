export { protocolVersion } from './version';
