// A minimal, deliberately misbehaving OpenID Connect provider for tests/e2e/oidc/run.sh. It
// serves discovery and a JWKS (one RSA and one P-256 key) and answers the token request with
// an ID token broken in the way the authorisation code names, so the test can check that
// helsekrav accepts only correctly signed tokens meant for it. Loopback only; no login.
// Codes: good-rs256, good-es256, alg-none, hs256, wrong-aud, wrong-iss, expired, wrong-nonce,
// bad-signature, unknown-kid.
// Usage: node rogue_provider.mjs PORT CLIENT_ID
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';

const [port, clientId] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = {
  keys: [
    { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rogue-rs', use: 'sig', alg: 'RS256' },
    { ...ec.publicKey.export({ format: 'jwk' }), kid: 'rogue-es', use: 'sig', alg: 'ES256' },
  ],
};
const nonces = new Map();  // code id → nonce sent to /auth
let counter = 0;

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function idToken(kind, nonce) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: kind === 'wrong-iss' ? 'http://127.0.0.1:1' : issuer,
    sub: `rogue-${kind}`,
    aud: kind === 'wrong-aud' ? 'someone-else' : clientId,
    exp: kind === 'expired' ? now - 3600 : now + 300,
    iat: kind === 'expired' ? now - 7200 : now,
    nonce: kind === 'wrong-nonce' ? 'not-the-nonce' : nonce,
    email: `${kind}@rogue.test`,
    email_verified: true,
    name: `Rogue ${kind}`,
  };
  let header = { alg: 'RS256', kid: 'rogue-rs', typ: 'JWT' };
  if (kind === 'good-es256') header = { alg: 'ES256', kid: 'rogue-es', typ: 'JWT' };
  if (kind === 'alg-none') header = { alg: 'none', typ: 'JWT' };
  if (kind === 'hs256') header = { alg: 'HS256', kid: 'rogue-rs', typ: 'JWT' };
  if (kind === 'unknown-kid') header.kid = 'rotated-away';
  const input = `${b64(header)}.${b64(claims)}`;
  let signature;
  if (header.alg === 'none') {
    signature = Buffer.alloc(0);
  } else if (header.alg === 'HS256') {
    // The classic confusion attack: HMAC keyed with the public key's text.
    signature = createHmac('sha256', JSON.stringify(jwks.keys[0])).update(input).digest();
  } else if (header.alg === 'ES256') {
    signature = sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
  } else {
    const key = kind === 'unknown-kid' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : rsa.privateKey;
    signature = sign('sha256', Buffer.from(input), key);
  }
  if (kind === 'bad-signature') {
    // Same signature, different claims.
    return `${b64(header)}.${b64({ ...claims, sub: 'someone-else' })}.${signature.toString('base64url')}`;
  }
  return `${input}.${signature.toString('base64url')}`;
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/.well-known/openid-configuration') {
    return json(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    });
  }
  if (url.pathname === '/jwks') return json(res, 200, jwks);
  if (url.pathname === '/auth') {
    // Straight back with a code; the test appends ":<kind>" to it to pick the ID token.
    const id = String(++counter);
    nonces.set(id, url.searchParams.get('nonce'));
    const back = new URL(url.searchParams.get('redirect_uri'));
    back.searchParams.set('code', id);
    back.searchParams.set('state', url.searchParams.get('state'));
    res.writeHead(303, { location: back.toString() });
    return res.end();
  }
  if (url.pathname === '/token' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      // code = "<id>:<kind>"; the test appends the kind to the code it received.
      const [id, kind] = (form.get('code') || '').split(':');
      if (!nonces.has(id) || !kind) return json(res, 400, { error: 'invalid_grant' });
      const nonce = nonces.get(id);
      nonces.delete(id);
      return json(res, 200, { access_token: 'rogue', token_type: 'Bearer', expires_in: 60, id_token: idToken(kind, nonce) });
    });
    return undefined;
  }
  res.writeHead(404);
  return res.end();
}).listen(Number(port), '127.0.0.1', () => console.log(`rogue provider ready at ${issuer}`));
