/** Names of the values main saves for post (post reads them as `STATE_<name>`). */
export const STATE = {
  /** The action's directory under RUNNER_TEMP; post deletes it. */
  dir: 'dir',
  /** JSON list of the files main wrote (all inside `dir`), for the clean-up report. */
  files: 'files',
  /** The stint token, masked before it was saved; post revokes it. */
  token: 'token',
  brokerUrl: 'broker-url',
  expiresAt: 'expires-at',
} as const;
