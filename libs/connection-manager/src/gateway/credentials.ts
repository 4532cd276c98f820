// The lean adapter's default credentials: the AWS SDK's Node chain, with its first link up front. The
// Lambda runtime puts the execution role's credentials in the function's environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN:
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
// which `fromEnv` reads, as the chain would first. Both are loaded on first use, not when the bundle is
// required: `fromEnv` on the first call (its package is one the DynamoDB client's own credential chain
// loads on its first call anyway; required up front it added about 9 ms to the router's and processor's
// require()), the rest of the chain (SSO, ini files, process, web identity, ECS/IMDS) on the first call
// that finds no credentials in the environment (about 40 ms, as much as the DynamoDB client).
import { lazy } from '@streamer/kernel';
import type { GatewayCredentialIdentity } from './endpoint';

type Provider = () => Promise<GatewayCredentialIdentity>;

export function defaultCredentials(loadChain: () => Promise<Provider> = loadNodeChain, loadEnvironment: () => Promise<Provider> = loadFromEnv): Provider {
  // Each loaded once; a failed load (e.g. a missing package) is tried again on the next call.
  const environment = lazy(loadEnvironment);
  const chain = lazy(loadChain);
  return async () => {
    try {
      return await (await environment())();
    } catch {
      // Not in the environment (fromEnv's CredentialsProviderError): the rest of the chain decides.
    }
    return (await chain())();
  };
}

async function loadFromEnv(): Promise<Provider> {
  const { fromEnv } = await import('@aws-sdk/credential-provider-env');
  return fromEnv();
}

async function loadNodeChain(): Promise<Provider> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider();
}
