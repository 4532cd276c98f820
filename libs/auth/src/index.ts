export { authVersion } from './version';
