import { NO_POS, type Pos } from './errors.js';
import type { Token } from './token.js';

/**
 * The syntax tree of hcl/hcl/ast, which both the HCL and the JSON parser produce: an object
 * is a list of items, each item has one or more keys (`key_prefix "app/" { … }` has two) and
 * a value.
 */
export type Node = ObjectList | ObjectType | ListType | LiteralType;

export interface ObjectItem {
  keys: Token[];
  /** Position of `=` (or `:` in JSON); `null` for a block (`name "label" { … }`). */
  assign: Pos | null;
  val: Node;
}

export interface ObjectList {
  readonly kind: 'ObjectList';
  items: ObjectItem[];
}

export interface ObjectType {
  readonly kind: 'ObjectType';
  list: ObjectList;
  lbrace: Pos;
}

export interface ListType {
  readonly kind: 'ListType';
  list: Node[];
  lbrack: Pos;
}

export interface LiteralType {
  readonly kind: 'LiteralType';
  token: Token;
}

export function objectList(items: ObjectItem[] = []): ObjectList {
  return { kind: 'ObjectList', items };
}

/** ast.go `Pos()`; an empty list, where Go would panic, has no position. */
export function nodePos(node: Node | ObjectItem): Pos {
  if ('keys' in node) return node.keys.length > 0 ? (node.keys[0] as Token).pos : NO_POS;
  switch (node.kind) {
    case 'ObjectList': return node.items.length > 0 ? nodePos(node.items[0] as ObjectItem) : NO_POS;
    case 'ObjectType': return node.lbrace;
    case 'ListType': return node.lbrack;
    case 'LiteralType': return node.token.pos;
  }
}

/** The Go type name decoder errors print (`%T`). */
export function nodeTypeName(node: Node | ObjectItem): string {
  return 'keys' in node ? '*ast.ObjectItem' : `*ast.${node.kind}`;
}
