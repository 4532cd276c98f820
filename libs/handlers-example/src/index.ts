export { handlersExampleVersion } from './version';
