// A real OpenID Connect provider for the tests: the npm package `oidc-provider`
// (installed into .local/oidc-provider by local/scripts/services.sh), on loopback,
// with the few controls a test needs beside the protocol itself.
//
//   node local/scripts/oidc-provider.mjs [--port N] [--auth-methods client_secret_post,...]
//
// It prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, once it
// listens, and stops when its standard input closes (so a test process that
// dies takes it along). OIDC_PROVIDER_MODULES names the node_modules directory
// holding the package (default: .local/oidc-provider/node_modules).
//
// The protocol: discovery, JWKS (RS256 keys made at start), authorization code
// flow with PKCE required (S256), client_secret_basic and client_secret_post,
// userinfo, and open dynamic client registration (POST /reg) so each test
// registers its own client with its own redirect URI. Sign-in is a small form at
// /interaction/{uid} that takes the subject of an account the test created;
// consent is given by default.
//
// Test controls (not part of OIDC):
//   POST /test/accounts        {sub, email, email_verified, name, preferred_username}
//   POST /test/tamper          {client_id, mode: signature|payload|none|hs256|off}:
//                              how this client's next ID tokens are spoiled
//   GET  /test/authorizations?client_id=   the authorization requests received
//   POST /test/rotate-keys     a new signing key (a new `kid`) from now on

import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const modules = process.env.OIDC_PROVIDER_MODULES ?? join(root, '.local/oidc-provider/node_modules');
const { default: Provider } = await import(pathToFileURL(join(modules, 'oidc-provider/lib/index.js')).href);

function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
const port = Number(option('--port') ?? 0);
// The client authentication methods the provider offers (its discovery lists them).
const authMethods = (option('--auth-methods') ?? 'client_secret_basic,client_secret_post,none').split(',');

const accounts = new Map();
const tamper = new Map();
// Clients registered so far: a provider made after a key rotation knows them too.
const registered = new Map();
const authorizations = [];

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

const b64url = (value) => Buffer.from(value).toString('base64url');
const fromB64url = (value) => Buffer.from(value, 'base64url');

/** The ID token spoiled the way a test asked. */
function spoil(token, mode, key) {
  const [header, payload, signature] = token.split('.');
  switch (mode) {
    case 'signature': {
      const bytes = fromB64url(signature);
      bytes[0] ^= 1;
      return `${header}.${payload}.${b64url(bytes)}`;
    }
    case 'payload': {
      const claims = JSON.parse(fromB64url(payload));
      claims.sub = `${claims.sub}-someone-else`;
      return `${header}.${b64url(JSON.stringify(claims))}.${signature}`;
    }
    case 'none':
      return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    case 'hs256': {
      // The classic confusion: an HMAC keyed with the provider's public key.
      const secret = JSON.stringify({ kty: key.kty, n: key.n, e: key.e });
      const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }));
      const mac = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
      return `${head}.${payload}.${b64url(mac)}`;
    }
    default:
      return token;
  }
}

let keys = [signingKey()];
let provider;
let handle;
let issuer;

function makeProvider() {
  const made = new Provider(issuer, {
    jwks: { keys },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
    clients: [...registered.values()],
    clientAuthMethods: authMethods,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: async () => ({ ...account, sub }) };
    },
    // Consent is given: every scope the client asks for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  made.proxy = false;
  made.on('server_error', (_ctx, error) => console.error('provider error', error));
  made.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/auth') {
      authorizations.push({ ...ctx.query });
    }
    await next();
    if (ctx.method === 'POST' && ctx.path === '/reg' && ctx.status === 201) {
      const { client_id, client_secret, redirect_uris, token_endpoint_auth_method } = ctx.body;
      registered.set(client_id, { client_id, client_secret, redirect_uris, token_endpoint_auth_method });
    }
    const clientId = ctx.oidc?.client?.clientId;
    const mode = clientId && tamper.get(clientId);
    if (ctx.path === '/token' && mode && ctx.body?.id_token) {
      ctx.body = { ...ctx.body, id_token: spoil(ctx.body.id_token, mode, keys[0]) };
    }
  });
  return made;
}

function readBody(req) {
  return new Promise((done, fail) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function loginPage(uid, client, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1><p>Sign in to continue to ${escape(client)}.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Username</label> <input id="login" name="login" autocomplete="username" autofocus>
<button type="submit">Sign in</button></form></main></body></html>`;
}

/** The sign-in form and its answer; consent needs no page (see loadExistingGrant). */
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, { error: 'interaction mismatch' });
  const client = details.params.client_id;
  if (req.method === 'GET' && !action) {
    return send(res, 200, loginPage(uid, client), 'text/html; charset=utf-8');
  }
  if (req.method === 'POST' && action === 'login') {
    const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
    if (!accounts.has(login)) {
      return send(res, 200, loginPage(uid, client, 'No such user'), 'text/html; charset=utf-8');
    }
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  return send(res, 404, { error: 'not found' });
}

async function controls(req, res, url) {
  if (req.method === 'POST' && url.pathname === '/test/accounts') {
    const account = JSON.parse(await readBody(req));
    const { sub, ...claims } = account;
    accounts.set(sub, claims);
    return send(res, 201, { sub });
  }
  if (req.method === 'POST' && url.pathname === '/test/tamper') {
    const { client_id: clientId, mode } = JSON.parse(await readBody(req));
    if (mode === 'off') tamper.delete(clientId);
    else tamper.set(clientId, mode);
    return send(res, 200, { client_id: clientId, mode });
  }
  if (req.method === 'GET' && url.pathname === '/test/authorizations') {
    const clientId = url.searchParams.get('client_id');
    return send(res, 200, authorizations.filter((a) => !clientId || a.client_id === clientId));
  }
  if (req.method === 'POST' && url.pathname === '/test/rotate-keys') {
    keys = [signingKey()];
    provider = makeProvider();
    handle = provider.callback();
    return send(res, 200, { kid: keys[0].kid });
  }
  return send(res, 404, { error: 'not found' });
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith('/test/')) return await controls(req, res, url);
    const step = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (step) return await interaction(req, res, step[1], step[2]);
    return handle(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: String(error?.message ?? error) });
  }
});

server.listen(port, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = makeProvider();
  handle = provider.callback();
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// The test that started this provider is gone when its end of stdin closes.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
