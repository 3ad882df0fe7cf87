export { maskForms, isWorthMasking } from './forms.js';
export { redact } from './redact.js';
