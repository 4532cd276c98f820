// One processor execution environment in its own process, as Lambda runs one: the real bundle is
// loaded once (a cold start), then invocations arrive over IPC and their outcomes go back. Killing
// this process is a crash: whatever the invocation was doing stops where it is.
const bundle = require(process.argv[2]);

process.on('message', (message) => {
  const deadline = Date.now() + message.remainingMs;
  const context = {
    awsRequestId: message.id,
    functionName: 'streamer-local-processor',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:streamer-local-processor',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/streamer-local-processor',
    logStreamName: `sandbox/${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  Promise.resolve()
    .then(() => bundle.handler(message.event, context))
    .then(
      (result) => process.send({ id: message.id, result }),
      (error) => process.send({ id: message.id, error: { name: (error && error.name) || 'Error', message: String((error && error.message) || error) } }),
    );
});

process.on('disconnect', () => process.exit(0));
