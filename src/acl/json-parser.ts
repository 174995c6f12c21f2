import { AclRulesError } from './errors.js';
import { objectList, type ListType, type Node, type ObjectItem, type ObjectList, type ObjectType } from './ast.js';
import { JsonScanner } from './json-scanner.js';
import { flattenObjects } from './json-flatten.js';
import { MAX_DEPTH } from './hcl-parser.js';
import { tokenString, type Token } from './token.js';

const NO_POS = { line: 0, column: 0 };

class EofToken extends Error {}
const EOF_FOUND = new EofToken('EOF token found');
class NestingError extends AclRulesError {}

/**
 * The parser of HCL's JSON form (hcl/json/parser/parser.go v1.0.0), as lenient as Go's:
 * a missing `}` or `:` is often accepted. Tokens lose their positions on the way into the
 * tree (Go's `HCLToken`), so decoding errors on JSON input print the position `-`.
 */
class JsonParser {
  private readonly sc: JsonScanner;
  private tok: Token = { type: 'ILLEGAL', pos: NO_POS, text: '' };
  private buffered = false;
  private depth = 0;

  constructor(src: string) {
    this.sc = new JsonScanner(src);
  }

  parse(): ObjectList {
    let root: ObjectType | null = null;
    let failure: unknown = null;
    try {
      root = this.object();
    } catch (err) {
      if (err instanceof NestingError) throw err;
      failure = err;
    }
    if (this.sc.error !== null) throw this.sc.error;
    if (failure === EOF_FOUND) throw new AclRulesError('EOF token found');
    if (failure !== null) throw failure;
    const list = (root as ObjectType).list;
    flattenObjects(list);
    return list;
  }

  private objectList(): [ObjectList, unknown] {
    const node = objectList();
    for (;;) {
      let item: ObjectItem;
      try {
        item = this.objectItem();
      } catch (err) {
        if (err === EOF_FOUND) break;
        if (err instanceof NestingError || !(err instanceof AclRulesError)) throw err;
        return [node, err];
      }
      node.items.push(item);
      if (this.scan().type !== 'COMMA') break;
    }
    return [node, null];
  }

  private objectItem(): ObjectItem {
    const keys = this.objectKey();
    if (this.tok.type !== 'COLON') return { keys, assign: null, val: objectList() };
    const assign = this.tok.pos;
    return { keys: keys.map(hclToken), assign, val: this.objectValue() };
  }

  private objectKey(): Token[] {
    const keys: Token[] = [];
    for (;;) {
      const tok = this.scan();
      switch (tok.type) {
        case 'EOF':
          throw EOF_FOUND;
        case 'STRING':
          keys.push(tok);
          break;
        case 'COLON':
          if (keys.length === 0) throw new AclRulesError(`expected: STRING got: ${tok.type}`);
          return keys;
        case 'ILLEGAL':
          throw new AclRulesError('illegal');
        default:
          throw new AclRulesError(`expected: STRING got: ${tok.type}`);
      }
    }
  }

  private objectValue(): Node {
    const tok = this.scan();
    switch (tok.type) {
      case 'NUMBER': case 'FLOAT': case 'BOOL': case 'NULL': case 'STRING':
        return { kind: 'LiteralType', token: hclToken(tok) };
      case 'LBRACE':
        return this.objectType();
      case 'LBRACK':
        return this.listType();
      case 'EOF':
        throw EOF_FOUND;
      default:
        throw new AclRulesError(`Expected object value, got unknown token: ${tokenString(tok)}`);
    }
  }

  private object(): ObjectType {
    const tok = this.scan();
    if (tok.type === 'LBRACE') return this.objectType();
    if (tok.type === 'EOF') throw EOF_FOUND;
    throw new AclRulesError(`Expected object, got unknown token: ${tokenString(tok)}`);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw new NestingError(`${this.tok.pos.line}:${this.tok.pos.column}: objects and lists nest deeper than ${MAX_DEPTH} levels`);
    }
  }

  private objectType(): ObjectType {
    this.enter();
    const [list, err] = this.objectList();
    if (err !== null && this.tok.type !== 'RBRACE') throw err;
    this.depth--;
    return { kind: 'ObjectType', list, lbrace: NO_POS };
  }

  private listType(): ListType {
    this.enter();
    const node: ListType = { kind: 'ListType', list: [], lbrack: NO_POS };
    for (;;) {
      const tok = this.scan();
      switch (tok.type) {
        case 'NUMBER': case 'FLOAT': case 'STRING':
          node.list.push({ kind: 'LiteralType', token: hclToken(tok) });
          break;
        case 'LBRACE':
          node.list.push(this.objectType());
          break;
        case 'COMMA': case 'BOOL': case 'LBRACK':
          break;
        case 'RBRACK':
          this.depth--;
          return node;
        default:
          throw new AclRulesError(`unexpected token while parsing list: ${tok.type}`);
      }
    }
  }

  private scan(): Token {
    if (this.buffered) {
      this.buffered = false;
      return this.tok;
    }
    this.tok = this.sc.scan();
    return this.tok;
  }
}

/** json/token `HCLToken`: the position is dropped and `null` becomes an empty string. */
function hclToken(tok: Token): Token {
  if (tok.type === 'NULL') return { type: 'STRING', pos: NO_POS, text: '' };
  return { type: tok.type, pos: NO_POS, text: tok.text, json: tok.type === 'STRING' };
}

export function parseJson(src: string): ObjectList {
  return new JsonParser(src).parse();
}
