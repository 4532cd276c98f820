export { echo, flaky } from './examples';
export { generateReport } from './generate-report';
