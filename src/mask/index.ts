export { isWorthMasking, MIN_FORM_LENGTH, maskForms } from './forms.js';
export { redact } from './redact.js';
