// Asks the broker whether a stint token is still active (RFC 7662) with oauth4webapi.
// stint authenticates introspection with a project API key as `Authorization: Bearer stint_sk_…`
// (its metadata says introspection_endpoint_auth_methods_supported: ["bearer"]), which is none of
// the client authentication methods OAuth libraries send, and oauth4webapi refuses an
// Authorization header in `headers`: a customFetch adds it to the introspection request.
//
//   STINT_ISSUER=https://stint.example.com STINT_API_KEY=stint_sk_… node oauth4webapi.mjs <token>
import * as oauth from 'oauth4webapi';

const issuer = new URL(process.env.STINT_ISSUER);
const apiKey = process.env.STINT_API_KEY;
// Plain http only for a broker on this machine (a test); a real broker is https.
const insecure = issuer.protocol === 'http:' && issuer.hostname === '127.0.0.1';
const allow = insecure ? { [oauth.allowInsecureRequests]: true } : {};

const as = await oauth.processDiscoveryResponse(
  issuer,
  await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...allow }),
);
const client = { client_id: 'warehouse-api' }; // any name: the API key says who is asking
const response = await oauth.introspectionRequest(as, client, oauth.None(), process.argv[2], {
  ...allow,
  [oauth.customFetch]: (url, options) => {
    const headers = new Headers(options.headers);
    headers.set('authorization', `Bearer ${apiKey}`);
    return fetch(url, { ...options, headers });
  },
});
const answer = await oauth.processIntrospectionResponse(as, client, response);
console.log(answer.active ? `active: ${answer.sub} (${answer.scope})` : 'not active');
