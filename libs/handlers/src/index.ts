export { createRegistry } from './registry';
export type { RegistryOptions } from './registry';
