import { describe, expect, it } from 'vitest';
import { failureMessage, summaryWarning } from '../../src/action/failure.js';
import { StintError } from '../../src/lib/errors.js';

describe('the texts of a failed step and of a summary that could not be written', () => {
  it('an unexpected error whose message ends with a full stop gets no second one', () => {
    expect(failureMessage(new Error('Missing file at path: /x.'))).toBe(
      'stint: unexpected error: Missing file at path: /x. Please report it with the step log.',
    );
    expect(failureMessage(new StintError('ERR_INPUT_INVALID', 'input ttl must be seconds'))).toBe(
      'stint: input ttl must be seconds [ERR_INPUT_INVALID]',
    );
  });

  it('a summary that could not be written names the input that turns it off', () => {
    expect(summaryWarning(new Error('EACCES: permission denied, open /s.'))).toBe(
      'stint: could not write the job summary (EACCES: permission denied, open /s); set the input summary: false where the runner has no job summaries',
    );
  });
});
