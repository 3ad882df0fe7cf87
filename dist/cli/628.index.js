export const id = 628;
export const ids = [628];
export const modules = {

/***/ 8314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K0: () => (/* binding */ aliasesExpandTooFar),
/* harmony export */   ap: () => (/* binding */ MAX_YAML_ALIASES),
/* harmony export */   wL: () => (/* binding */ ALIASES_TOO_FAR)
/* harmony export */ });
/**
 * The most a YAML document stint reads (broker config and policy, signing profiles) may expand
 * through aliases: the `yaml` package's `maxAliasCount`, where each use of an anchored value
 * counts as many times as the aliases inside it. Nested aliases multiply (ten lists of ten
 * aliases of ten lists…), so a few kilobytes could otherwise stand for billions of values and
 * hang whatever walks them. Real configs use a handful.
 */
const MAX_YAML_ALIASES = 100;
/** The message stint refuses such a document with, after its file and position. */
const ALIASES_TOO_FAR = `YAML aliases expand too far (more than ${MAX_YAML_ALIASES} uses of anchored values, counting the aliases inside them); write the repeated parts out`;
/**
 * True when `doc` expands further than MAX_YAML_ALIASES. Other alias problems (one naming no
 * anchor) are not this check's: callers report them with their position.
 *
 * @example
 * const doc = parseDocument(text);
 * if (doc.errors.length === 0 && aliasesExpandTooFar(doc)) refuse(ALIASES_TOO_FAR);
 */
function aliasesExpandTooFar(doc) {
    try {
        doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
        return false;
    }
    catch (error) {
        return error instanceof ReferenceError && /excessive alias count/i.test(error.message);
    }
}


/***/ }),

/***/ 9628:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decodeYaml: () => (/* binding */ decodeYaml)
/* harmony export */ });
/* unused harmony export parseSigningProfiles */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _lib_yaml_aliases_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8314);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4438);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8422);





/**
 * Parses signing profiles from the action's `signing` input (a YAML string) or from an object
 * (a config file's `signing:` value). With `origin: 'action-input'` secrets may be inline
 * (`secret`, `secrets: [new, old]`, `key`, `token`); with `origin: 'file'` only `*_env` references.
 * Throws `StintError('ERR_SIGNING_CONFIG')` naming the profile, the field and what is allowed.
 *
 * @example
 * const profiles = parseSigningProfiles(core.getInput('signing'), { origin: 'action-input', env: process.env });
 */
function parseSigningProfiles(input, options) {
    if (typeof input !== 'string')
        return parseSigningMap(input, options);
    const map = decodeYaml(input, (at, code) => `signing (line ${at.line}, column ${at.col}): not valid YAML (${code})${pastedMultiLine(input, at.line) ? PASTED_HINT : ''}`);
    return parseSigningMap(map ?? {}, options);
}
/** What fixes a multi-line secret substituted into the input as it is (docs/action.md). */
const PASTED_HINT = 
// biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's own expression, as a user writes it
'; a multi-line secret (a PEM key) cannot be pasted in as it is or in quotes: write it as key: ${{ toJSON(secrets.KEY) }}';
/** A line the profiles' YAML starts at column 1: a name (`deploy:`, `"deploy":`), a comment, flow punctuation, a document marker. */
const TOP_LEVEL_LINE = /^(?:#|---|\.\.\.|[{}[\]]|(?:[^\s#:{}[\],'"]+|"[^"]*"|'[^']*')\s*:(?:\s|$))/;
/** PEM armour, alone on a line or ending one (`key: -----BEGIN PRIVATE KEY-----`). */
const PEM_ARMOUR_LINE = /^\s*-----(?:BEGIN|END) [A-Z0-9 ]+-----|-----BEGIN [A-Z0-9 ]+-----\s*$/;
/**
 * Whether the YAML error at `errorLine` is one a multi-line secret causes when the workflow
 * substitutes it into the input as it is (`key: ${{ secrets.KEY }}`, quoted or not): the runner
 * inserts its lines unindented, so a line at or just after the error is PEM armour or starts at
 * column 1 without being a profile name. Other errors (a tab, an unclosed bracket) get no hint.
 */
function pastedMultiLine(text, errorLine) {
    const lines = text.split(/\r?\n|\r/);
    for (let i = 0; i < Math.min(lines.length, errorLine + 1); i++) {
        const line = lines[i];
        if (PEM_ARMOUR_LINE.test(line))
            return true;
        if (i > 0 && /^\S/.test(line) && !TOP_LEVEL_LINE.test(line))
            return true;
    }
    return false;
}
/**
 * Decodes signing YAML (a repeated key is an error), for the action's input and for config
 * files. A syntax error throws ERR_SIGNING_CONFIG with `message(position, kind)`: never the
 * parser's own message, which quotes the line, and the line may hold a secret.
 */
function decodeYaml(text, message) {
    const document = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { prettyErrors: false, uniqueKeys: true });
    const first = document.errors[0];
    if (first !== undefined)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_CONFIG', message((0,_fields_js__WEBPACK_IMPORTED_MODULE_3__/* .lineAndColumn */ .q1)(text, first.pos[0]), first.code));
    if ((0,_lib_yaml_aliases_js__WEBPACK_IMPORTED_MODULE_4__/* .aliasesExpandTooFar */ .K0)(document))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_CONFIG', `${message({ line: 1, col: 1 }, 'ALIAS_COUNT')}: ${_lib_yaml_aliases_js__WEBPACK_IMPORTED_MODULE_4__/* .ALIASES_TOO_FAR */ .wL}`);
    try {
        return document.toJS({ maxAliasCount: _lib_yaml_aliases_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_YAML_ALIASES */ .ap });
    }
    catch (error) {
        // An alias that names no anchor; the parser's message would quote the text.
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .StintError */ .Fp('ERR_SIGNING_CONFIG', message({ line: 1, col: 1 }, 'BAD_ALIAS'), { cause: error });
    }
}


/***/ })

};
