export const id = 294;
export const ids = [294];
export const modules = {

/***/ 294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(916);

const run = async () => {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .StintError */ .Fp('ERR_NOT_IMPLEMENTED', "'stint audit' is not built yet");
};


/***/ })

};
