import { type ESLint } from 'eslint';
import { failingRules, lintAs } from './lint-as';

// The architecture is enforced by lint. Each case lints a one-line file as if it lived in a real
// project of the workspace, so the rule sees the real project graph, tags and path aliases.
const BOUNDARY = '@nx/enforce-module-boundaries';

function boundaryMessages(result: ESLint.LintResult): string[] {
  return result.messages.filter((m) => m.ruleId === BOUNDARY).map((m) => m.message);
}

describe('module boundaries', () => {
  it('rejects a scope:client project importing a scope:server library', async () => {
    const result = await lintAs('libs/client/src/probe.ts', "export { createDynamoStores } from '@streamer/store';\n");
    expect(boundaryMessages(result)).toEqual([expect.stringContaining('tagged with "scope:client" can only depend on')]);
  });

  it('rejects a scope:shared library importing a server library (protocol → store)', async () => {
    const result = await lintAs('libs/protocol/src/probe.ts', "export { TERMINAL_STATUSES } from '@streamer/store';\n");
    expect(boundaryMessages(result)).toEqual([expect.stringContaining('tagged with "scope:shared" can only depend on')]);
  });

  it('rejects a type:data-access library importing a type:feature library (auth → connection-manager)', async () => {
    const result = await lintAs('libs/auth/src/probe.ts', "export * as cm from '@streamer/connection-manager';\n");
    expect(boundaryMessages(result)).toEqual([expect.stringContaining('tagged with "type:data-access" can only depend on')]);
  });

  it('rejects a library importing an app (apps have no alias, and relative project imports are refused)', async () => {
    const result = await lintAs('libs/router/src/probe.ts', "export { handler } from '../../../apps/router/src/main';\n");
    expect(boundaryMessages(result)).toEqual([
      expect.stringMatching(/cannot be imported by a relative or absolute path|Imports of apps are forbidden/),
    ]);
  });

  it('accepts the allowed direction (client → protocol, connection-manager → store)', async () => {
    const client = await lintAs('libs/client/src/probe.ts', "export { MAX_MESSAGE_BYTES } from '@streamer/protocol';\n");
    const feature = await lintAs('libs/connection-manager/src/probe.ts', "export { TERMINAL_STATUSES } from '@streamer/store';\n");
    expect(failingRules(client)).toEqual([]);
    expect(failingRules(feature)).toEqual([]);
  });

  it('rejects production code importing a ./testing entry point, and allows it in specs', async () => {
    const code = "export { InMemoryConnectionStore } from '@streamer/store/testing';\n";
    const prod = await lintAs('libs/connection-manager/src/probe.ts', code);
    const spec = await lintAs('libs/connection-manager/src/probe.spec.ts', code);
    expect(failingRules(prod)).toContain('no-restricted-imports');
    expect(failingRules(spec)).not.toContain('no-restricted-imports');
  });

  it('rejects Node built-ins in browser-safe projects only', async () => {
    const code = "export { readFileSync } from 'node:fs';\n";
    expect(failingRules(await lintAs('libs/protocol/src/probe.ts', code))).toContain('no-restricted-imports');
    expect(failingRules(await lintAs('libs/client/src/probe.ts', code))).toContain('no-restricted-imports');
    expect(failingRules(await lintAs('libs/store/src/probe.ts', code))).toEqual([]);
  });

  it('lets every layer use the kernel, and the kernel use no project', async () => {
    const code = "export { silentLogger } from '@streamer/kernel';\n";
    expect(failingRules(await lintAs('libs/protocol/src/probe.ts', code))).toEqual([]);
    expect(failingRules(await lintAs('libs/store/src/probe.ts', code))).toEqual([]);
    expect(failingRules(await lintAs('libs/client/src/probe.ts', code))).toEqual([]);
    const upward = await lintAs('libs/kernel/src/probe.ts', "export { MAX_MESSAGE_BYTES } from '@streamer/protocol';\n");
    expect(boundaryMessages(upward)).toEqual([expect.stringContaining('tagged with "type:kernel" cannot depend on any libs')]);
  });

  it("keeps the kernel's Node entry out of browser-safe code", async () => {
    const code = "export { createLogger } from '@streamer/kernel/node';\n";
    expect(failingRules(await lintAs('libs/client/src/probe.ts', code))).toContain('no-restricted-imports');
    expect(failingRules(await lintAs('libs/kernel/src/probe.ts', "export { readFileSync } from 'node:fs';\n"))).toContain('no-restricted-imports');
    expect(failingRules(await lintAs('libs/store/src/probe.ts', code))).toEqual([]);
  });

  it('gives the apps their handlers from libs/handlers, the one composition point, never from the example lib', async () => {
    const example = await lintAs('apps/router/src/probe.ts', "export { echo } from '@streamer/handlers-example';\n");
    expect(boundaryMessages(example)).toEqual([expect.stringContaining('tagged with "type:app" can only depend on')]);
    expect(failingRules(await lintAs('apps/router/src/probe.ts', "export { createRegistry } from '@streamer/handlers';\n"))).toEqual([]);
    expect(failingRules(await lintAs('libs/handlers/src/probe.ts', "export { echo } from '@streamer/handlers-example';\n"))).toEqual([]);
  });
});
