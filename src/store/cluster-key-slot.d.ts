// cluster-key-slot (the hash slot ioredis routes a Cluster command by) ships no types; its
// module.exports is the function.
declare module 'cluster-key-slot' {
  /** The Redis Cluster hash slot of a key: CRC16/XMODEM of the key, or of its hash tag, modulo 16384. */
  function keySlot(key: string | Buffer): number;
  export default keySlot;
}
