import { request } from 'node:http';
import { http, type RawResponse } from '../support/http.js';
import { sleep } from '../support/wait.js';

// Blocking GETs as the watch tests send them: timed, parked, or abandoned by their client.

/** How long a test gives a blocking GET to reach the gateway and park before it writes. */
export const PARK_MS = 250;

/** A wait no woken request reaches: answered sooner means woken. */
export const LONG = '10s';
export const LONG_MS = 10_000;

export interface Timed {
  res: RawResponse;
  /** ms from sending the request to the whole answer. */
  ms: number;
}

/** A GET that may block; resolves with the answer and how long it took. */
export function timedGet(port: number, path: string): Promise<Timed> {
  const started = performance.now();
  return http(port, 'GET', path).then((res) => ({ res, ms: performance.now() - started }));
}

/** A blocking GET on its way; `answer` settles when the gateway answers. */
export interface Parked {
  answer: Promise<Timed>;
}

/** Sends a blocking GET and gives it PARK_MS to park. */
export async function park(port: number, path: string): Promise<Parked> {
  const answer = timedGet(port, path);
  answer.catch(() => {}); // awaited by the caller; avoid an unhandled rejection meanwhile
  await sleep(PARK_MS);
  return { answer };
}

/** Whether a parked request has been answered yet (without waiting for it). */
export async function settled(p: Parked): Promise<boolean> {
  return Promise.race([p.answer.then(() => true), sleep(0).then(() => false)]);
}

/**
 * A GET whose client goes away after PARK_MS: resolves once the socket is closed.
 * (The server never answers it: its answer, if any, is lost.)
 */
export function abandonedGet(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path, agent: false });
    req.on('error', () => {});
    req.on('close', () => resolve());
    req.end();
    setTimeout(() => req.destroy(), PARK_MS);
  });
}
