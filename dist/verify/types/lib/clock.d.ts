/** A moment given as epoch milliseconds or as a clock function; defaults to the system clock. */
export type NowInput = number | (() => number) | undefined;
export declare function nowMs(now: NowInput): number;
