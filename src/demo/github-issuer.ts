import { type CiIssuer, type CiIssuerOptions, startCiIssuer } from './ci-issuer.js';

export type { MintOptions } from './ci-issuer.js';

/**
 * A local OIDC issuer shaped exactly like GitHub Actions': `startCiIssuer('github')` with the
 * runner's token request protocol always present (`GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…`
 * with `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{"value": "<jwt>"}`).
 *
 * @example
 * const issuer = await startGithubIssuer();
 * process.env.ACTIONS_ID_TOKEN_REQUEST_URL = issuer.requestUrl;
 * process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = issuer.requestToken;
 * const jwt = await issuer.mint({ aud: 'https://stint.example.com' });
 * await issuer.stop();
 */
export interface GithubIssuer extends CiIssuer {
  readonly requestUrl: string;
  readonly requestToken: string;
}

export type IssuerOptions = CiIssuerOptions;

export async function startGithubIssuer(options: IssuerOptions = {}): Promise<GithubIssuer> {
  const issuer = await startCiIssuer('github', options);
  if (issuer.requestUrl === undefined || issuer.requestToken === undefined)
    throw new Error('the GitHub issuer has no runner protocol');
  return issuer as GithubIssuer;
}
