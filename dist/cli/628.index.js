export const id = 628;
export const ids = [628];
export const modules = {

/***/ 9628:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   decodeYaml: () => (/* binding */ decodeYaml)
/* harmony export */ });
/* unused harmony export parseSigningProfiles */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
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
    const map = decodeYaml(input, (at, code) => `signing (line ${at.line}, column ${at.col}): not valid YAML (${code})`);
    return parseSigningMap(map ?? {}, options);
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
    return document.toJS();
}


/***/ })

};
