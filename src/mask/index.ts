export { isWorthMasking, MIN_FORM_LENGTH, maskForms, unmaskableReason } from './forms.js';
export { addMaskCommands } from './github.js';
export { redact } from './redact.js';
