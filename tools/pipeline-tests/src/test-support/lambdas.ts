// The five Lambda bundles, loaded the way the Lambda runtime loads them (`index.handler` of
// dist/apps/<app>/index.js), and Lambda-shaped events and contexts to invoke them with.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';

export const LAMBDA_APPS = ['connect', 'disconnect', 'router', 'processor', 'admin-connection-manager'] as const;
export type LambdaApp = (typeof LAMBDA_APPS)[number];

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
export type Lambdas = Record<LambdaApp, LambdaHandler>;

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

export function bundlePath(app: LambdaApp): string {
  return path.join(WORKSPACE_ROOT, 'dist', 'apps', app, 'index.js');
}

/**
 * Requires every bundle. Each reads `process.env` on its first invocation, so set the environment
 * before invoking any of them. A missing bundle names the command that builds it.
 */
export async function loadLambdas(): Promise<Lambdas> {
  const entries = await Promise.all(
    LAMBDA_APPS.map(async (app) => {
      const file = bundlePath(app);
      if (!existsSync(file)) throw new Error(`${path.relative(WORKSPACE_ROOT, file)} is missing: run \`node tools/scripts/bundle.cjs ${app}\``);
      const loaded = (await import(file)) as { handler?: unknown };
      if (typeof loaded.handler !== 'function') throw new Error(`${app} bundle exports no handler`);
      return [app, loaded.handler as LambdaHandler] as const;
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
