import { addMaskCommands } from '../mask/github.js';
import { type CliIo, writeData } from './io.js';

/**
 * In a GitHub Actions step (`GITHUB_ACTIONS=true`), registers every form of each secret with the
 * runner (`addMaskCommands`: each line of a multi-line value, its base64, URL and JSON forms) as
 * `::add-mask::` lines on stderr; elsewhere does nothing. Call it before the value can reach the
 * log: the runner masks only the lines it reads after the command. On stderr, so that
 * `X=$(stint …)` captures only the command's output (the runner reads both streams). A secret too
 * short to mask throws ERR_SECRET_TOO_SHORT before anything is written.
 *
 * @example
 * maskInGitHubStep(io, [signed.credential]);   // then print, or send, it
 */
export function maskInGitHubStep(io: CliIo, secrets: Iterable<string>): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  const commands = addMaskCommands(secrets);
  if (commands !== '') writeData(io.stderr, Buffer.from(commands));
}
