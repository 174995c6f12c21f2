import { NO_POS, posError } from './errors.js';
import { nodePos, nodeTypeName, objectList, type Node, type ObjectItem, type ObjectList } from './ast.js';
import { emptyRuleSet, FIELDS, type Rule, type RuleSet, type ServiceRule } from './rule-set.js';
import type { Token } from './token.js';
import { literalString, tokenValue } from './unquote.js';

/**
 * hcl's reflection decoder (hcl/decoder.go) specialised to Consul's `Policy` struct: names
 * match case-insensitively (Go's EqualFold), unknown names are ignored, a string field takes
 * the last value given, a block field collects every block, and a type mismatch is reported
 * as `At <pos>: root.<field>…: <problem>`.
 */
export function decodePolicy(root: ObjectList): RuleSet {
  const rules = emptyRuleSet();
  for (const spec of FIELDS) {
    const { prefixed, exact } = filter(root, spec.hcl);
    if (prefixed.items.length === 0 && exact.length === 0) continue;
    const name = `root.${spec.hcl}`;
    if (spec.kind === 'string') {
      if (prefixed.items.length > 0) rules[spec.field] = decodeString(name, prefixed);
      for (const item of exact) rules[spec.field] = decodeString(name, asList(item.val));
    } else {
      const out = rules[spec.field] as Rule[];
      const decodeRule = (ruleName: string, node: Node | ObjectItem): void => {
        out.push(decodeStruct(ruleName, node, spec.label, spec.field === 'service' || spec.field === 'servicePrefix'));
      };
      if (prefixed.items.length > 0) decodeSlice(name, prefixed, decodeRule);
      for (const item of exact) decodeSlice(name, asList(item.val), decodeRule);
    }
  }
  return rules;
}

/** ast.go `Filter(name)`: items whose first key is `name`, with that key removed. */
function filter(list: ObjectList, name: string): { prefixed: ObjectList; exact: ObjectItem[] } {
  const prefixed = objectList();
  const exact: ObjectItem[] = [];
  for (const item of list.items) {
    const first = item.keys[0];
    if (first === undefined || !equalFold(tokenValue(first).toString('utf8'), name)) continue;
    const rest = { ...item, keys: item.keys.slice(1) };
    if (rest.keys.length > 0) prefixed.items.push(rest);
    else exact.push(rest);
  }
  return { prefixed, exact };
}

/** strings.EqualFold against an ASCII field name (K and ſ fold to k and s in Unicode). */
function equalFold(text: string, name: string): boolean {
  if (text === name) return true;
  const folded = text.replaceAll('\u212a', 'k').replaceAll('\u017f', 's');
  return folded.length === name.length && folded.toLowerCase() === name.toLowerCase() && /^[\x00-\x7f]*$/.test(folded);
}

function asList(val: Node): Node {
  return val.kind === 'ObjectType' ? objectList(val.list.items) : val;
}

function decodeString(name: string, node: Node): string {
  if (node.kind === 'LiteralType' && ['NUMBER', 'FLOAT', 'BOOL', 'STRING', 'HEREDOC'].includes(node.token.type)) {
    return literalString(node.token);
  }
  throw posError(nodePos(node), `${name}: unknown type for string ${nodeTypeName(node)}`);
}

function decodeSlice(name: string, node: Node, decodeItem: (name: string, item: Node | ObjectItem) => void): void {
  let items: (Node | ObjectItem)[];
  if (node.kind === 'ObjectList') items = node.items;
  else if (node.kind === 'ObjectType') items = [node];
  else if (node.kind === 'ListType') items = node.list;
  else throw posError(nodePos(node), `unknown slice type: ${nodeTypeName(node)}`);
  items.forEach((item, i) => decodeItem(`${name}[${i}]`, expandObject(item)));
}

/** decoder.go `expandObject`: an item left with two keys by JSON flattening becomes a block. */
function expandObject(node: Node | ObjectItem): Node | ObjectItem {
  if (!('keys' in node) || node.keys.length !== 2) return node;
  const [label, inner] = node.keys as [Token, Token];
  return { keys: [label], assign: null, val: { kind: 'ObjectType', list: objectList([{ ...node, keys: [inner] }]), lbrace: NO_POS } };
}

function decodeStruct(name: string, input: Node | ObjectItem, label: string, service: boolean): Rule | ServiceRule {
  const item = 'keys' in input ? input : null;
  let node: Node = item !== null ? item.val : (input as Node);
  if (node.kind === 'ObjectType') node = node.list;
  if (node.kind === 'LiteralType' && item !== null) node = objectList([item]);
  if (node.kind !== 'ObjectList') {
    throw posError(nodePos(node), `${name}: not an object type for struct (${nodeTypeName(node)})`);
  }
  if (item === null) throw posError(nodePos(node), `${name}: ${label} asked for 'key', impossible`);
  const segment = item.keys.length > 0 ? tokenValue(item.keys[0] as Token) : Buffer.alloc(0);
  const policy = decodeField(name, node, 'Policy');
  if (!service) return { segment, policy };
  return { segment, policy, intentions: decodeField(name, node, 'Intentions') };
}

function decodeField(name: string, list: ObjectList, field: string): string {
  const { prefixed, exact } = filter(list, field);
  let value = '';
  if (prefixed.items.length > 0) value = decodeString(`${name}.${field}`, prefixed);
  for (const item of exact) value = decodeString(`${name}.${field}`, asList(item.val));
  return value;
}
