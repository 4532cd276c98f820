// The synthesized template against the deployment facts (@streamer/config/deployment), which the
// local stack reads too: a function, size, timeout, handler, variable, schedule, batch size or
// redrive count changed on one side only fails here.
import { EVENT_SOURCES, JWT_VARIABLES, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, PUBLISH_RULE, QUEUES, SCHEDULES } from '@streamer/config/deployment';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RUNTIME_VARIABLES } from './functions';
import { StreamerStack } from './stack';

const stack = new StreamerStack(new App(), 'Streamer', {
  jwt: { publicKey: '-----BEGIN PUBLIC KEY-----\nMFk=\n-----END PUBLIC KEY-----', issuer: 'https://issuer.example' },
  code: () => lambda.Code.fromInline('exports.handler = async () => 1;'),
  removalPolicy: RemovalPolicy.DESTROY,
});
const template = Template.fromStack(stack);

interface FunctionProperties {
  FunctionName: string;
  Handler: string;
  MemorySize: number;
  Timeout: number;
  Environment: { Variables: Record<string, unknown> };
}

const functions = Object.values(template.findResources('AWS::Lambda::Function')).map((r) => (r as { Properties: FunctionProperties }).Properties);
const logicalId = (name: (typeof LAMBDA_FUNCTION_NAMES)[number]): string => stack.getLogicalId(stack.functions[name].node.defaultChild as never);

describe('the synthesized stack agrees with the deployment facts', () => {
  it('has exactly the functions of the table', () => {
    expect(functions.map((f) => f.FunctionName).sort()).toEqual(LAMBDA_FUNCTION_NAMES.map((name) => `Streamer-${name}`).sort());
  });

  it.each(LAMBDA_FUNCTION_NAMES)('gives %s the handler, memory, timeout and variable names of the table', (name) => {
    const facts = LAMBDA_FUNCTIONS[name];
    const fn = functions.find((f) => f.FunctionName === `Streamer-${name}`);
    expect(fn).toMatchObject({ Handler: facts.handler, MemorySize: facts.memoryMb, Timeout: facts.timeoutSeconds });
    const given: readonly string[] = 'optionalEnvironment' in facts ? facts.optionalEnvironment.filter((v) => ['JWT_PUBLIC_KEY', 'JWT_ISSUER'].includes(v)) : [];
    const expected = [...RUNTIME_VARIABLES, ...facts.environment, ...given];
    expect(Object.keys(fn?.Environment.Variables ?? {}).sort()).toEqual([...new Set(expected)].sort());
  });

  it('sets the JWT variables only on the functions that list them', () => {
    const withJwt = functions.filter((f) => JWT_VARIABLES.some((v) => v in f.Environment.Variables)).map((f) => f.FunctionName);
    expect(withJwt).toEqual(LAMBDA_FUNCTION_NAMES.filter((name) => 'optionalEnvironment' in LAMBDA_FUNCTIONS[name]).map((name) => `Streamer-${name}`));
  });

  it.each(SCHEDULES.map((s) => [s.name, s] as const))('runs the %s schedule on its function at its rate', (_name, schedule) => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'))
      .map((r) => (r as { Properties: { ScheduleExpression?: string; Targets: { Arn: unknown }[] } }).Properties)
      .filter((r) => r.ScheduleExpression !== undefined);
    const rule = rules.find((r) => JSON.stringify(r.Targets).includes(`"${logicalId(schedule.function)}"`));
    const minutes = schedule.rateMinutes;
    expect(rule?.ScheduleExpression).toBe(minutes % 60 === 0 ? `rate(${minutes / 60} hour${minutes === 60 ? '' : 's'})` : `rate(${minutes} minutes)`);
    expect(rules).toHaveLength(SCHEDULES.length);
  });

  it('routes the publish rule’s detail-type to its function', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => (r as { Properties: { EventPattern?: unknown; Targets: unknown } }).Properties);
    const publish = rules.filter((r) => r.EventPattern !== undefined);
    expect(publish.map((r) => r.EventPattern)).toEqual([{ 'detail-type': [PUBLISH_RULE.detailType] }]);
    expect(JSON.stringify(publish[0]?.Targets)).toContain(`"${logicalId(PUBLISH_RULE.function)}"`);
  });

  it('feeds the event-source function with the batch sizes and retries of the table', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map(
      (r) => (r as { Properties: { FunctionName: unknown; BatchSize: number; StartingPosition?: string; ParallelizationFactor?: number; MaximumRetryAttempts?: number } }).Properties,
    );
    expect(mappings).toHaveLength(5);
    for (const mapping of mappings) expect(JSON.stringify(mapping.FunctionName)).toContain(logicalId(EVENT_SOURCES.function));
    const [stream, ...queues] = [...mappings].sort((a) => (a.StartingPosition ? -1 : 1));
    expect(stream).toMatchObject({
      BatchSize: EVENT_SOURCES.stream.batchSize,
      ParallelizationFactor: EVENT_SOURCES.stream.parallelizationFactor,
      MaximumRetryAttempts: EVENT_SOURCES.stream.retryAttempts,
    });
    for (const queue of queues) expect(queue.BatchSize).toBe(EVENT_SOURCES.queues.batchSize);
  });

  it('redrives the queues after the receive counts of the table', () => {
    const redrives = Object.values(template.findResources('AWS::SQS::Queue')).flatMap(
      (r) => (r as { Properties: { RedrivePolicy?: { maxReceiveCount: number } } }).Properties.RedrivePolicy?.maxReceiveCount ?? [],
    );
    expect(redrives.sort()).toEqual([QUEUES.retryMaxReceiveCount, QUEUES.watchdogMaxReceiveCount, QUEUES.parkedAfterReceives, QUEUES.parkedAfterReceives].sort());
  });
});
