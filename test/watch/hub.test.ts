import { describe, expect, it } from 'vitest';
import { ByteTrie } from '../../src/watch/byte-trie.js';
import { WatchHub, type Listener } from '../../src/watch/watch-hub.js';
import { b } from '../support/store.js';

// The watch hub routes change events to the listeners they concern, and only to them.

/** A listener that counts its calls. */
function counter(): Listener & { calls: number } {
  const listener = Object.assign(() => void listener.calls++, { calls: 0 });
  return listener;
}

describe('ByteTrie', () => {
  it('visits the values stored at every prefix of a key, and no others', () => {
    const trie = new ByteTrie<string>();
    for (const prefix of ['', 'f', 'fo', 'foo/', 'foo/bar', 'foo/bar/deeper', 'foo/baz', 'qux']) trie.add(b(prefix), prefix);
    const seen: string[] = [];
    trie.matches(b('foo/bar'), (v) => seen.push(v));
    expect(seen.sort()).toEqual(['', 'f', 'fo', 'foo/', 'foo/bar']);
  });

  it('matches plain bytes, including bytes that are not UTF-8', () => {
    const trie = new ByteTrie<string>();
    trie.add(Buffer.from([0xff, 0x00]), 'binary');
    const seen: string[] = [];
    trie.matches(Buffer.from([0xff, 0x00, 0x41]), (v) => seen.push(v));
    trie.matches(Buffer.from([0xff, 0x01]), (v) => seen.push(`wrong:${v}`));
    expect(seen).toEqual(['binary']);
  });

  it('delete removes one value and prunes the nodes it leaves empty', () => {
    const trie = new ByteTrie<string>();
    trie.add(b('ab'), 'x');
    expect(trie.nodeCount).toBe(2);
    trie.add(b('abcd'), 'y');
    trie.add(b('abcd'), 'z');
    expect(trie.nodeCount).toBe(4);
    trie.delete(b('abcd'), 'y');
    expect(trie.nodeCount).toBe(4); // 'z' still lives at abcd
    trie.delete(b('abcd'), 'z');
    expect(trie.nodeCount).toBe(2); // c and d pruned, ab kept for 'x'
    const seen: string[] = [];
    trie.matches(b('abcd'), (v) => seen.push(v));
    expect(seen).toEqual(['x']);
    trie.delete(b('ab'), 'x');
    expect(trie.nodeCount).toBe(0);
  });

  it('deleting something never added changes nothing', () => {
    const trie = new ByteTrie<string>();
    trie.add(b('ab'), 'x');
    trie.delete(b('abc'), 'x');
    trie.delete(b('ab'), 'other');
    trie.delete(b('zz'), 'x');
    expect(trie.nodeCount).toBe(2);
    const seen: string[] = [];
    trie.forEach((v) => seen.push(v));
    expect(seen).toEqual(['x']);
  });
});

describe('WatchHub', () => {
  it('wakes an exact-key listener only for its own key', () => {
    const hub = new WatchHub();
    const bar = counter();
    hub.subscribe({ key: b('foo/bar') }, bar);
    hub.publishKeys([b('foo/baz')]);
    hub.publishKeys([b('foo/ba')]);
    hub.publishKeys([b('foo/bar2')]);
    hub.publishKeys([b('foo/bar/x')]);
    hub.publishKeys([b('qux')]);
    expect(bar.calls).toBe(0);
    hub.publishKeys([b('foo/bar')]);
    expect(bar.calls).toBe(1);
  });

  it('a write to foo/bar wakes neither a watcher of foo/baz nor of a missing qux', () => {
    const hub = new WatchHub();
    const baz = counter();
    const qux = counter();
    const bar = counter();
    hub.subscribe({ key: b('foo/baz') }, baz);
    hub.subscribe({ key: b('qux') }, qux);
    hub.subscribe({ key: b('foo/bar') }, bar);
    hub.publishKeys([b('foo/bar')]);
    expect([bar.calls, baz.calls, qux.calls]).toEqual([1, 0, 0]);
  });

  it('wakes a prefix listener for keys under the prefix (a plain byte prefix), not beside it', () => {
    const hub = new WatchHub();
    const foo = counter();
    hub.subscribe({ prefix: b('foo/') }, foo);
    hub.publishKeys([b('foo')]);
    hub.publishKeys([b('foo0')]);
    hub.publishKeys([b('fo')]);
    hub.publishKeys([b('bar/foo/')]);
    expect(foo.calls).toBe(0);
    hub.publishKeys([b('foo/')]);
    hub.publishKeys([b('foo/a')]);
    hub.publishKeys([b('foo/a/b/c')]);
    expect(foo.calls).toBe(3);

    // Not a path prefix: "fo" covers "foo/x" and "fox" alike.
    const fo = counter();
    hub.subscribe({ prefix: b('fo') }, fo);
    hub.publishKeys([b('fox')]);
    hub.publishKeys([b('foo/x')]);
    hub.publishKeys([b('f')]);
    expect(fo.calls).toBe(2);
  });

  it("the prefix '' covers every key", () => {
    const hub = new WatchHub();
    const all = counter();
    hub.subscribe({ prefix: b('') }, all);
    for (const key of ['a', 'foo/bar', 'zzz', '\u00ff']) hub.publishKeys([b(key)]);
    expect(all.calls).toBe(4);
  });

  it('calls a listener once per publish however many of its topics match', () => {
    const hub = new WatchHub();
    const listener = counter();
    hub.subscribe({ key: b('foo/bar') }, listener);
    hub.subscribe({ prefix: b('foo/') }, listener);
    hub.subscribe({ prefix: b('') }, listener);
    hub.publishKeys([b('foo/bar')]);
    expect(listener.calls).toBe(1);
    // Several keys of one write that match the same listener: still one call.
    hub.publishKeys([b('foo/a'), b('foo/b'), b('foo/bar'), b('other')]);
    expect(listener.calls).toBe(2);
    hub.publishAll();
    expect(listener.calls).toBe(3);
  });

  it('calls every concerned listener of a multi-key write', () => {
    const hub = new WatchHub();
    const a = counter();
    const c = counter();
    const untouched = counter();
    hub.subscribe({ key: b('a') }, a);
    hub.subscribe({ prefix: b('c/') }, c);
    hub.subscribe({ key: b('b') }, untouched);
    hub.publishKeys([b('a'), b('c/1'), b('c/2')]);
    expect([a.calls, c.calls, untouched.calls]).toEqual([1, 1, 0]);
  });

  it('unsubscribe removes the listener from keys, prefixes and sessions', () => {
    const hub = new WatchHub();
    const listener = counter();
    const other = counter();
    const offKey = hub.subscribe({ key: b('k') }, listener);
    const offPrefix = hub.subscribe({ prefix: b('p/') }, listener);
    const offSessions = hub.subscribe({ sessions: true }, listener);
    hub.subscribe({ key: b('k') }, other);
    offKey();
    offPrefix();
    offSessions();
    hub.publishKeys([b('k'), b('p/1')]);
    hub.publishSessions();
    hub.publishAll();
    expect(listener.calls).toBe(0);
    expect(other.calls).toBe(2); // the other listener of k stays subscribed
  });

  it('unsubscribing twice, or after the key was subscribed again, leaves the new subscription alone', () => {
    const hub = new WatchHub();
    const first = counter();
    const second = counter();
    const off = hub.subscribe({ key: b('k') }, first);
    off();
    hub.subscribe({ key: b('k') }, second);
    off();
    hub.publishKeys([b('k')]);
    expect([first.calls, second.calls]).toEqual([0, 1]);
  });

  it('wakes session listeners only on publishSessions and publishAll', () => {
    const hub = new WatchHub();
    const sessions = counter();
    hub.subscribe({ sessions: true }, sessions);
    hub.publishKeys([b('anything'), b('')]);
    expect(sessions.calls).toBe(0);
    hub.publishSessions();
    expect(sessions.calls).toBe(1);
    hub.publishAll();
    expect(sessions.calls).toBe(2);

    // …and session events wake no key or prefix listener.
    const key = counter();
    const all = counter();
    hub.subscribe({ key: b('k') }, key);
    hub.subscribe({ prefix: b('') }, all);
    hub.publishSessions();
    expect([key.calls, all.calls]).toEqual([0, 0]);
  });

  it('publishAll wakes every listener once: keys, prefixes and sessions', () => {
    const hub = new WatchHub();
    const listeners = Array.from({ length: 6 }, counter);
    const [k1, k2, p1, p2, s, both] = listeners as Array<ReturnType<typeof counter>>;
    hub.subscribe({ key: b('a') }, k1!);
    hub.subscribe({ key: b('missing') }, k2!);
    hub.subscribe({ prefix: b('x/') }, p1!);
    hub.subscribe({ prefix: b('') }, p2!);
    hub.subscribe({ sessions: true }, s!);
    hub.subscribe({ key: b('a') }, both!);
    hub.subscribe({ sessions: true }, both!);
    hub.publishAll();
    expect(listeners.map((l) => l.calls)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('a listener that unsubscribes while being called is not called again', () => {
    const hub = new WatchHub();
    let off = () => {};
    const once = Object.assign(() => {
      once.calls++;
      off();
    }, { calls: 0 });
    off = hub.subscribe({ prefix: b('') }, once);
    hub.publishKeys([b('a')]);
    hub.publishKeys([b('b')]);
    expect(once.calls).toBe(1);
  });

  it('publishing one key calls only its own listener, with 10 000 listeners on other keys and prefixes', () => {
    const hub = new WatchHub();
    const others = counter();
    for (let i = 0; i < 5_000; i++) {
      hub.subscribe({ key: b(`svc/${i}/config`) }, () => others());
      hub.subscribe({ prefix: b(`svc/${i}/`) }, () => others());
    }
    // Near misses: a longer key, a sibling, prefixes that extend the key.
    hub.subscribe({ key: b('svc/target/config2') }, () => others());
    hub.subscribe({ key: b('svc/target/confi') }, () => others());
    hub.subscribe({ prefix: b('svc/target/configx') }, () => others());
    hub.subscribe({ prefix: b('svc/target/config/') }, () => others());
    const own = counter();
    hub.subscribe({ key: b('svc/target/config') }, own);
    hub.publishKeys([b('svc/target/config')]);
    expect(own.calls).toBe(1);
    expect(others.calls).toBe(0);

    // A prefix that does cover the key is the only other one called.
    const dir = counter();
    hub.subscribe({ prefix: b('svc/t') }, dir);
    hub.publishKeys([b('svc/target/config')]);
    expect([own.calls, dir.calls, others.calls]).toEqual([2, 1, 0]);
  });
});
