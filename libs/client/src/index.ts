export { clientVersion } from './version';
