// How a command gets its API client (flags.HTTPFlags.APIClient) and how any API failure
// becomes the text Consul prints after its own prefix ("Error querying Consul agent: …").

import type { CommandContext } from '../command.js';
import { ApiClient, ClientSetupError, DecodeError, StatusError, TransportError } from './client.js';
import { httpSettings } from './http-flags.js';
import { KeyError } from './kv.js';

/** The client, or undefined after printing `Error connecting to Consul agent: <why>`. */
export function connect(context: CommandContext, prefix = 'Error connecting to Consul agent: '): ApiClient | undefined {
  const settings = httpSettings(context.flags, context.env);
  for (const warning of settings.warnings) context.ui.error(warning);
  try {
    return ApiClient.create(settings);
  } catch (err) {
    if (!(err instanceof ClientSetupError)) throw err;
    context.ui.error(`${prefix}${err.message}`);
    return undefined;
  }
}

/** The message of an expected API failure; anything else is a bug and is rethrown. */
export function apiErrorText(err: unknown): string {
  if (err instanceof StatusError || err instanceof TransportError || err instanceof KeyError || err instanceof DecodeError) return err.message;
  throw err;
}
