/**
 * A provider or project name in the broker's policy: a letter or digit, then letters, digits,
 * '.', '_' or '-'. Here, below both, so the broker's config reader and the action's `project`
 * input check the same grammar (a name the broker could never hold is refused before a token is
 * asked for, rather than denied by the broker as one it does not have).
 */
export const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
