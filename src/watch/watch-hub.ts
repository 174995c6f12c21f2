import { ByteTrie } from './byte-trie.js';

/** Something waiting for changes: called (possibly more than once) when one may matter. */
export type Listener = () => void;

/** What a listener watches: one key, every key under a prefix, the sessions table, or the ACL tables. */
export type Topic = { key: Buffer } | { prefix: Buffer } | { sessions: true } | { acl: true };

/**
 * Routes change events to the listeners they concern: exact keys in a map, prefixes in a
 * byte trie, sessions in a set. A change to key K costs work proportional to K's length
 * and to the listeners it wakes — a write to foo/bar wakes watchers of foo/bar and of
 * prefixes of it, never of foo/baz or of a missing qux.
 */
export class WatchHub {
  readonly #keys = new Map<string, Set<Listener>>();
  readonly #prefixes = new ByteTrie<Listener>();
  readonly #sessions = new Set<Listener>();
  readonly #acl = new Set<Listener>();

  /** Registers listener for topic; returns the function that unregisters it. */
  subscribe(topic: Topic, listener: Listener): () => void {
    if ('key' in topic) {
      const id = topic.key.toString('latin1');
      let set = this.#keys.get(id);
      if (!set) this.#keys.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && this.#keys.get(id) === set) this.#keys.delete(id);
      };
    }
    if ('prefix' in topic) {
      this.#prefixes.add(topic.prefix, listener);
      return () => this.#prefixes.delete(topic.prefix, listener);
    }
    const set = 'sessions' in topic ? this.#sessions : this.#acl;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Keys changed: wakes each concerned listener once. */
  publishKeys(keys: readonly Buffer[]): void {
    const woken = new Set<Listener>();
    for (const key of keys) {
      this.#keys.get(key.toString('latin1'))?.forEach((l) => woken.add(l));
      this.#prefixes.matches(key, (l) => woken.add(l));
    }
    woken.forEach(call);
  }

  /** A session was created or destroyed. */
  publishSessions(): void {
    [...this.#sessions].forEach(call);
  }

  /** A token, policy or role was written. */
  publishAcl(): void {
    [...this.#acl].forEach(call);
  }

  /** Changes may have been missed (a gap in the feed): wakes every listener. */
  publishAll(): void {
    const woken = new Set<Listener>([...this.#sessions, ...this.#acl]);
    for (const set of this.#keys.values()) set.forEach((l) => woken.add(l));
    this.#prefixes.forEach((l) => woken.add(l));
    woken.forEach(call);
  }
}

const call = (listener: Listener) => listener();
