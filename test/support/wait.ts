export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every 20 ms until it answers true; resolves with Date.now() at that moment.
 * Rejects naming `what` when it has not held within `ms` (generous by default: the machine is
 * shared). A check that throws counts as not yet (a server coming back refuses connections for
 * a while); its last error is reported.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<number> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return Date.now();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${ms} ms waiting for ${what}${cause}`);
    }
    await sleep(20);
  }
}
