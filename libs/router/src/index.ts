export { routerVersion } from './version';
