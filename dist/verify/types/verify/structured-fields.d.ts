/**
 * The part of RFC 8941 (Structured Field Values) that `Signature-Input`, `Signature` and
 * `Content-Digest` use: dictionaries whose members are items or inner lists, with parameters.
 * Parsing follows §4.2 step by step; anything malformed is ERR_SIGNATURE_MALFORMED.
 */
export declare class Token {
    readonly value: string;
    constructor(value: string);
}
export type BareItem = number | string | boolean | Buffer | Token;
export type Params = Map<string, BareItem>;
export interface Item {
    value: BareItem;
    params: Params;
}
export interface InnerList {
    items: Item[];
    params: Params;
}
export type Member = Item | InnerList;
export declare function isInnerList(member: Member): member is InnerList;
/** Parses an RFC 8941 dictionary, e.g. a `Signature-Input` header. */
export declare function parseDictionary(text: string, header: string): Map<string, Member>;
/** RFC 8941 §4.1 serialisation of an inner list, as `@signature-params` needs it. */
export declare function serializeInnerList(list: InnerList): string;
