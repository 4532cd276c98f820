// `npm run token -- --sub u1 --tenant t1 [--ttl 1h]`: prints a token the local stack accepts, signed
// with the same dev key (created under .streamer/ if `npm start` has not run yet).
import { createMinter, parseTokenArgs, resolveSettings, resolveSigner, TOKEN_USAGE } from '@streamer/local-stack';

async function main(): Promise<void> {
  const parsed = parseTokenArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.message}\n${TOKEN_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const settings = resolveSettings({});
  const signer = await resolveSigner(settings.env, settings.stateDir);
  const token = await createMinter(signer, settings.env)(parsed.claims);
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
