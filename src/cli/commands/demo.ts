import { StintError } from '../../errors.js';
import type { Command } from '../io.js';

export const run: Command = async () => {
  throw new StintError('ERR_NOT_IMPLEMENTED', "'stint demo' is not built yet");
};
