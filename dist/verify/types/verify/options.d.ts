/**
 * A number-of-seconds option, checked before it is used. A tolerance read from an unset
 * environment variable is `Number(undefined)`, NaN, and every comparison with NaN is false: an
 * age check `age > NaN` never refuses, which would turn replay protection off without a word.
 * So anything that is not a finite number within the range is ERR_VERIFY_CONFIG, never a default.
 */
export declare function secondsOption(value: number | undefined, fallback: number, name: string, [min, max]: readonly [number, number]): number;
/** The widest tolerance or age a verifier accepts: beyond a day, a replay check means little. */
export declare const ONE_DAY = 86400;
