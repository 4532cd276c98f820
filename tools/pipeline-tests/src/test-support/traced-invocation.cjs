// One invocation of a Lambda bundle in its own process, as an execution environment with active
// tracing runs it (the parent sets the Lambda variables and a UDP X-Ray daemon address). It answers
// with the handler's result and then exits on its own, once its pending datagrams are sent.
// Usage: node traced-invocation.cjs <bundle index.js> <event JSON>
const [bundle, event] = process.argv.slice(2);
const context = {
  awsRequestId: 'req-traced-1',
  functionName: 'streamer-test-traced',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:streamer-test-traced',
  memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 30_000,
};
require(bundle)
  .handler(JSON.parse(event), context)
  .then(
    (result) => process.send?.({ result }, () => process.disconnect()),
    (error) => process.send?.({ error: String(error) }, () => process.disconnect()),
  );
