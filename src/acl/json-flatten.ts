import type { Node, ObjectItem, ObjectList } from './ast.js';

/**
 * hcl/json/parser/flatten.go: turns `{"key_prefix": {"app/": {"policy": "write"}}}` into the
 * item `key_prefix "app/" { policy = "write" }` the HCL form gives, and a list of objects into
 * repeated items. An object is folded into its parent's keys only when all its values are
 * objects. Applies to every object list in the tree.
 */
export function flattenObjects(root: ObjectList): void {
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    if (node.kind === 'ObjectList') {
      flattenList(node);
      for (const item of node.items) pending.push(item.val);
    } else if (node.kind === 'ObjectType') {
      pending.push(node.list);
    } else if (node.kind === 'ListType') {
      for (const elem of node.list) pending.push(elem);
    }
  }
}

function flattenList(list: ObjectList): void {
  const items: ObjectItem[] = [];
  const frontier = [...list.items];
  while (frontier.length > 0) {
    const item = frontier.pop() as ObjectItem;
    const val = item.val;
    if (val.kind === 'ObjectType') {
      const subs = val.list.items;
      if (subs.length === 0 || !subs.every((sub) => sub.val.kind === 'ObjectType')) {
        items.push(item);
        continue;
      }
      for (const sub of subs) frontier.push({ keys: [...item.keys, ...sub.keys], assign: item.assign, val: sub.val });
    } else if (val.kind === 'ListType') {
      if (val.list.length === 0 || !val.list.every((elem) => elem.kind === 'ObjectType')) {
        items.push(item);
        continue;
      }
      for (const elem of val.list) frontier.push({ keys: item.keys, assign: item.assign, val: elem });
    } else {
      items.push(item);
    }
  }
  list.items = items.reverse();
}
