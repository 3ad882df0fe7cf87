// The same with openid-client (built on oauth4webapi): tokenIntrospection sends no
// `Authorization: Bearer stint_sk_…` by itself, so a customFetch on the configuration adds it.
//
//   STINT_ISSUER=https://stint.example.com STINT_API_KEY=stint_sk_… node openid-client.mjs <token>
import * as client from 'openid-client';

const issuer = new URL(process.env.STINT_ISSUER);
const apiKey = process.env.STINT_API_KEY;
// Plain http only for a broker on this machine (a test); a real broker is https.
const insecure = issuer.protocol === 'http:' && issuer.hostname === '127.0.0.1';

const config = await client.discovery(issuer, 'warehouse-api', undefined, client.None(), {
  algorithm: 'oauth2',
  ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
});
config[client.customFetch] = (url, options) => {
  const headers = new Headers(options.headers);
  headers.set('authorization', `Bearer ${apiKey}`);
  return fetch(url, { ...options, headers });
};
const answer = await client.tokenIntrospection(config, process.argv[2]);
console.log(answer.active ? `active: ${answer.sub} (${answer.scope})` : 'not active');
