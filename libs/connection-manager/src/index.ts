export { connectionManagerVersion } from './version';
