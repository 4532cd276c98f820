// Where GET /dev/token gets its tokens: the running stack, which signs with its dev key (or
// JWT_SECRET). The routes are handed to startLocalStack before the stack exists, so the stack is
// attached once it has started; until then, and when the stack only verifies an external issuer's
// tokens, there is nothing to mint with.
import type { LocalStack } from '@streamer/local-stack';
import type { DevIdentity } from '../common/dev-identity';

export type TokenSigner = Pick<LocalStack, 'token' | 'signing'>;

export type MintOutcome = { kind: 'token'; token: string } | { kind: 'starting' } | { kind: 'external' };

export class DevTokens {
  private signer: TokenSigner | undefined;

  attach(signer: TokenSigner): void {
    this.signer = signer;
  }

  async mint({ sub, tenant }: DevIdentity): Promise<MintOutcome> {
    if (!this.signer) return { kind: 'starting' };
    if (this.signer.signing === 'external') return { kind: 'external' };
    return { kind: 'token', token: await this.signer.token(sub, tenant) };
  }
}
