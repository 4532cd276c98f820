export { createRegistry } from './registry';
