// A throwaway OpenID Connect provider for tests/e2e/oidc/run.sh (npm oidc-provider), on
// loopback only. One confidential client that must use PKCE, one account ("testbruker", any
// password) whose consent is given automatically, RS256 ID tokens with a key made at start.
// Usage: node provider.mjs PORT CLIENT_ID REDIRECT_URI   (client secret in HK_TEST_OIDC_SECRET)
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const [port, clientId, redirectUri] = process.argv.slice(2);
const clientSecret = process.env.HK_TEST_OIDC_SECRET;
if (!port || !clientId || !redirectUri || !clientSecret) {
  console.error('usage: HK_TEST_OIDC_SECRET=… node provider.mjs PORT CLIENT_ID REDIRECT_URI');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' };

const ACCOUNT_ID = 'testbruker';
const claims = {
  sub: ACCOUNT_ID,
  email: 'testbruker@idp.test',
  email_verified: true,
  name: 'Testbruker Idpsen',
};

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The relying party reads e-mail and name from the ID token.
  conformIdTokenClaims: false,
  cookies: { keys: ['only-for-tests'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    if (id !== ACCOUNT_ID) return undefined;
    return { accountId: id, async claims() { return claims; } };
  },
  // Consent is given automatically (the "skip consent" recipe of oidc-provider).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name']);
    await grant.save();
    return grant;
  },
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider ready at ${issuer}`);
});
