export { maskForms, isWorthMasking, MIN_FORM_LENGTH } from './forms.js';
export { redact } from './redact.js';
