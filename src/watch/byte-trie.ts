/**
 * A trie over bytes holding values at prefix nodes: `matches(key)` visits every value whose
 * prefix is a prefix of key, in time proportional to the key's length plus the matches —
 * never to the number of prefixes stored.
 */
export class ByteTrie<V> {
  #root: TrieNode<V> = { children: new Map(), values: null };

  add(prefix: Buffer, value: V): void {
    let node = this.#root;
    for (const byte of prefix) {
      let next = node.children.get(byte);
      if (!next) {
        next = { children: new Map(), values: null };
        node.children.set(byte, next);
      }
      node = next;
    }
    (node.values ??= new Set()).add(value);
  }

  delete(prefix: Buffer, value: V): void {
    const path: Array<[TrieNode<V>, number]> = [];
    let node: TrieNode<V> | undefined = this.#root;
    for (const byte of prefix) {
      path.push([node, byte]);
      node = node.children.get(byte);
      if (!node) return;
    }
    node.values?.delete(value);
    if (node.values?.size === 0) node.values = null;
    // Prune nodes left with nothing, from the leaf up.
    for (let i = path.length - 1; i >= 0; i--) {
      const [parent, byte] = path[i] as [TrieNode<V>, number];
      const child = parent.children.get(byte) as TrieNode<V>;
      if (child.values !== null || child.children.size > 0) break;
      parent.children.delete(byte);
    }
  }

  /** Calls visit for every value stored at a prefix of key ('' included). */
  matches(key: Buffer, visit: (value: V) => void): void {
    let node: TrieNode<V> | undefined = this.#root;
    node.values?.forEach(visit);
    for (const byte of key) {
      node = node.children.get(byte);
      if (!node) return;
      node.values?.forEach(visit);
    }
  }

  /** Nodes below the root; a delete prunes the nodes it leaves empty, so this drops back. */
  get nodeCount(): number {
    let n = -1;
    const stack: Array<TrieNode<V>> = [this.#root];
    while (stack.length > 0) {
      const node = stack.pop() as TrieNode<V>;
      n++;
      for (const child of node.children.values()) stack.push(child);
    }
    return n;
  }

  forEach(visit: (value: V) => void): void {
    const stack: Array<TrieNode<V>> = [this.#root];
    while (stack.length > 0) {
      const node = stack.pop() as TrieNode<V>;
      node.values?.forEach(visit);
      for (const child of node.children.values()) stack.push(child);
    }
  }
}

interface TrieNode<V> {
  children: Map<number, TrieNode<V>>;
  values: Set<V> | null;
}
