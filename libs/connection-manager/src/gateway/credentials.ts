// The lean adapter's default credentials: the AWS SDK's Node chain, with its first link up front. The
// Lambda runtime puts the execution role's credentials in the function's environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN:
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
// which `fromEnv` reads, as the chain would first. The rest of the chain (SSO, ini files, process,
// web identity, ECS/IMDS) is loaded on the first call that finds no credentials in the environment, so a
// function's cold start does not pay for requiring it (about 40 ms, as much as the DynamoDB client).
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { lazy } from '@streamer/kernel';
import type { GatewayCredentialIdentity } from './endpoint';

type Provider = () => Promise<GatewayCredentialIdentity>;

export function defaultCredentials(loadChain: () => Promise<Provider> = loadNodeChain): Provider {
  const environment = fromEnv();
  // Loaded once; a failed load (e.g. a missing package) is tried again on the next call.
  const chain = lazy(loadChain);
  return async () => {
    try {
      return await environment();
    } catch {
      // Not in the environment (fromEnv's CredentialsProviderError): the rest of the chain decides.
    }
    return (await chain())();
  };
}

async function loadNodeChain(): Promise<Provider> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider();
}
