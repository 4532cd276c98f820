import { invocationLine } from './invocation-log';
import { LambdaInvocationError } from './lambda-function';

const line = (event: unknown, outcome: Parameters<typeof invocationLine>[0]['outcome']): string =>
  invocationLine({ functionName: 'streamer-local-router', event, durationMs: 12.4, outcome }).replace(/\s+/g, ' ');

describe('invocationLine', () => {
  it('names the route and the action of a WebSocket frame, the duration and the status', () => {
    const event = { requestContext: { routeKey: '$default' }, body: JSON.stringify({ id: 'c-1', action: 'generate_report' }) };
    expect(line(event, { result: { statusCode: 200 } })).toBe('λ streamer-local-router $default generate_report 12 ms status 200');
    expect(line({ requestContext: { routeKey: '$connect' } }, { result: { statusCode: 401 } })).toBe('λ streamer-local-router $connect 12 ms status 401');
    expect(line({ requestContext: { routeKey: '$default' }, body: '{nope' }, { result: undefined })).toContain('$default (unparsable frame)');
  });

  it('names event sources, admin actions and schedules', () => {
    expect(line({ Records: [{ eventSource: 'aws:dynamodb' }, {}] }, { result: { batchItemFailures: [{ itemIdentifier: '1' }] } })).toBe(
      'λ streamer-local-router stream ×2 12 ms ok, 1 item failure(s)',
    );
    expect(line({ Records: [{ eventSource: 'aws:sqs' }] }, { result: { batchItemFailures: [] } })).toContain('sqs ×1 12 ms ok');
    expect(line({ action: 'get_user_connections' }, { result: { statusCode: 200 } })).toContain('get_user_connections');
    expect(line({ 'detail-type': 'Scheduled Event' }, { result: undefined })).toContain('Scheduled Event 12 ms ok');
  });

  it('shows the error Lambda reports', () => {
    const error = new LambdaInvocationError('streamer-local-router', 'Sandbox.Timedout', 'Task timed out after 1.00 seconds');
    expect(line({}, { error })).toBe('λ streamer-local-router direct 12 ms ERROR Sandbox.Timedout: Task timed out after 1.00 seconds');
  });
});
