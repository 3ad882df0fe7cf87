import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { createRunnerCore } from '../../src/action/runner.js';

function read(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const all: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries({ 'export-env': 'true', summary: 'true', revoke: 'true', ...inputs }))
    all[`INPUT_${name.toUpperCase()}`] = value;
  return readInputs(createRunnerCore({ env: all, write: () => undefined, setExitCode: () => undefined }), all);
}

describe('readInputs', () => {
  it('reads a full set with the action.yml defaults', () => {
    expect(
      read({ 'broker-url': 'https://stint.example.com', project: 'warehouse', scope: '  read \n write ', ttl: '15m' }),
    ).toEqual({
      brokerUrl: 'https://stint.example.com',
      project: 'warehouse',
      audience: undefined,
      scope: 'read write',
      ttl: '15m',
      signing: undefined,
      exportEnv: true,
      summary: true,
      revoke: true,
      budgetMs: 60_000,
    });
    expect(
      read({ signing: 'a: {}', 'export-env': 'FALSE', summary: 'False', revoke: 'false' }, { STINT_RETRY_BUDGET: '5' }),
    ).toMatchObject({
      exportEnv: false,
      summary: false,
      revoke: false,
      budgetMs: 5000,
    });
  });

  it.each([
    [{}, {}, 'nothing to do'],
    [{ 'broker-url': 'https://b' }, {}, 'input project is required with broker-url'],
    [
      { 'broker-url': 'stint.example.com', project: 'p' },
      {},
      'input broker-url must be an https:// URL (or http:// to this machine: localhost, 127.0.0.0/8, ::1), not "stint.example.com"',
    ],
    [{ signing: 'a: {}', project: 'p' }, {}, 'input project needs broker-url'],
    [
      { 'broker-url': 'https://b', project: 'p', ttl: '15 minutes' },
      {},
      'input ttl must be seconds or a duration like 90s, 15m, 1h or 1h30m',
    ],
    [{ 'broker-url': 'https://b', project: 'p', 'export-env': 'yes' }, {}, 'input export-env must be true or false'],
    [
      { 'broker-url': 'https://b', project: 'p' },
      { STINT_RETRY_BUDGET: '0' },
      'STINT_RETRY_BUDGET must be a number of seconds between 1 and 600',
    ],
  ])('refuses %j %j with ERR_INPUT_INVALID', (inputs, env, message) => {
    expect(() => read(inputs as Record<string, string>, env as Record<string, string>)).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_INVALID', message: expect.stringContaining(message) }),
    );
  });
});
