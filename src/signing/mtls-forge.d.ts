// node-forge's own modules, imported one by one so `stint cert` and the CA do not load all of
// forge (see loadForgeAsn1 in mtls-asn1.ts). @types/node-forge only describes the whole package.
declare module 'node-forge/lib/asn1.js' {
  const asn1: typeof import('node-forge').asn1;
  export default asn1;
}
declare module 'node-forge/lib/forge.js' {
  const forge: Pick<typeof import('node-forge'), 'asn1' | 'util'>;
  export default forge;
}
