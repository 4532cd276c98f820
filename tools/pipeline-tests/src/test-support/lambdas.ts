// The deployment's Lambda functions (deployment facts), loaded the way the Lambda runtime loads them:
// the export their handler setting names (`index.handler`, `index.sweepHandler`) of
// dist/apps/<bundle>/index.js; and Lambda-shaped events and contexts to invoke them with.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { handlerParts, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, type LambdaFunctionName } from '@streamer/config/deployment';
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';

export type LambdaApp = LambdaFunctionName;

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
export type Lambdas = Record<LambdaApp, LambdaHandler>;

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Requires every bundle. Each reads `process.env` on its first invocation, so set the environment
 * before invoking any of them. A missing bundle names the command that builds it.
 */
export async function loadLambdas(): Promise<Lambdas> {
  const entries = await Promise.all(
    LAMBDA_FUNCTION_NAMES.map(async (name) => {
      const { bundle, handler } = LAMBDA_FUNCTIONS[name];
      const { file, exportName } = handlerParts(handler);
      const bundlePath = path.join(WORKSPACE_ROOT, 'dist', 'apps', bundle, file);
      if (!existsSync(bundlePath)) throw new Error(`${path.relative(WORKSPACE_ROOT, bundlePath)} is missing: run \`node tools/scripts/bundle.cjs ${bundle}\``);
      const loaded = (await import(bundlePath)) as Record<string, unknown>;
      if (typeof loaded[exportName] !== 'function') throw new Error(`${bundle} bundle exports no ${exportName}`);
      return [name, loaded[exportName] as LambdaHandler] as const;
    }),
  );
  return Object.fromEntries(entries) as Lambdas;
}

/** A Lambda context whose remaining time runs down from `remainingMs` on the wall clock. */
export function lambdaContext(app: LambdaApp, remainingMs = 60_000): Context {
  const end = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `streamer-test-${app}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:streamer-test-${app}`,
    memoryLimitInMB: '256',
    awsRequestId: `req-${Math.random().toString(36).slice(2)}`,
    logGroupName: `/aws/lambda/streamer-test-${app}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type RouteKey = '$connect' | '$disconnect' | '$default';
const EVENT_TYPES = { $connect: 'CONNECT', $disconnect: 'DISCONNECT', $default: 'MESSAGE' } as const;

/** A WebSocket event as API Gateway sends it to `$connect`, `$disconnect` or `$default`. */
export function websocketEvent(
  routeKey: RouteKey,
  connectionId: string,
  extra: Partial<APIGatewayProxyWebsocketEventV2> & Record<string, unknown> = {},
): APIGatewayProxyWebsocketEventV2 {
  const now = Date.now();
  return {
    requestContext: {
      routeKey,
      messageId: `msg-${now}`,
      eventType: EVENT_TYPES[routeKey],
      extendedRequestId: `ext-${now}`,
      requestTime: new Date(now).toUTCString(),
      messageDirection: 'IN',
      stage: 'test',
      connectedAt: now,
      requestTimeEpoch: now,
      requestId: `req-${now}`,
      domainName: 'pipeline.execute-api.us-east-1.amazonaws.com',
      connectionId,
      apiId: 'pipeline',
    },
    isBase64Encoded: false,
    ...extra,
  };
}
