export {
  getProfile,
  type ParseOptions,
  parseSigningMap,
  type SecretSource,
  type SigningProfiles,
  secretSources,
  secretValues,
  writableConfig,
} from './config.js';
export { loadSigningProfiles } from './load.js';
export { parseSigningProfiles } from './parse.js';
export { defaultSignDeps, signRequest } from './sign.js';
export type * from './types.js';
export { HMAC_FORMATS, HTTP_SIGNATURE_ALGS, JWT_ALGS, PROFILE_TYPES } from './types.js';
