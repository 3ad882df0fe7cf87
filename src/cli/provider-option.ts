import { UsageError } from '../lib/errors.js';
import { PROVIDER_CHOICES, type ProviderChoice } from '../providers/token-source.js';

/** The value of `--provider` (stint exchange, stint status), or a UsageError listing the choices. */
export function providerOption(value: string): ProviderChoice {
  if (!(PROVIDER_CHOICES as readonly string[]).includes(value))
    throw new UsageError(`--provider must be one of ${PROVIDER_CHOICES.join(', ')}, got '${value}'`);
  return value as ProviderChoice;
}
