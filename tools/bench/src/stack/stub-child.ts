// The loopback stub management API in a process of its own, so the sender's CPU is not shared with
// the receiver's (as with API Gateway, whose side never runs on the Lambda's CPU).
import { serveRpc } from '../core/rpc';
import { startStubManagementApi, type StubManagementApi } from '../drivers/stub-management-api';

let stub: StubManagementApi | undefined;

serveRpc({
  start: async () => {
    stub ??= await startStubManagementApi('bench');
    return stub.endpoint;
  },
  posted: () => Promise.resolve(Object.fromEntries(stub?.posted ?? [])),
  stop: async () => {
    await stub?.stop();
    stub = undefined;
  },
});
