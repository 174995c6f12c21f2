/**
 * Source characters of all the documents (and parse errors) one cache keeps. A parsed
 * document takes up to ~170 times its source on the heap (tokens and locations), so this
 * is ~40 MB at worst; usual operations are a few hundred characters.
 */
export const DOCUMENT_CACHE_CHARS = 256 * 1024;

/** Longer documents are parsed each time they come and never kept. */
export const MAX_CACHED_DOCUMENT_CHARS = 16 * 1024;

/**
 * yoga's parse cache (documents and parse errors, keyed by the document text), bounded by
 * the size of what it keeps rather than by a count: least recently used entries go first.
 * yoga's own keeps 1 024 documents of any size, and distinct 0.9 MB documents made it grow
 * by ~85 MB each.
 */
export class DocumentCache<T> {
  readonly #entries = new Map<string, T>();
  #chars = 0;

  get(text: string): T | undefined {
    const value = this.#entries.get(text);
    if (value !== undefined) {
      this.#entries.delete(text);
      this.#entries.set(text, value);
    }
    return value;
  }

  set(text: string, value: T): void {
    if (text.length > MAX_CACHED_DOCUMENT_CHARS) return;
    if (this.#entries.delete(text)) this.#chars -= text.length;
    this.#entries.set(text, value);
    this.#chars += text.length;
    for (const oldest of this.#entries.keys()) {
      if (this.#chars <= DOCUMENT_CACHE_CHARS) break;
      this.#entries.delete(oldest);
      this.#chars -= oldest.length;
    }
  }
}
