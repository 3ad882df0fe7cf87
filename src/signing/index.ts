export type * from './types.js';
export { HMAC_FORMATS, HTTP_SIGNATURE_ALGS, JWT_ALGS, PROFILE_TYPES } from './types.js';
export { getProfile, parseSigningMap, secretValues, writableConfig, type ParseOptions, type SigningProfiles } from './config.js';
export { parseSigningProfiles } from './parse.js';
export { loadSigningProfiles } from './load.js';
export { signRequest, defaultSignDeps } from './sign.js';
