import { AclRulesError, posError, posString } from './errors.js';
import { objectList, type ListType, type Node, type ObjectItem, type ObjectList, type ObjectType } from './ast.js';
import { HclScanner } from './hcl-scanner.js';
import { tokenString, type Token } from './token.js';
import { tokenValue } from './unquote.js';

/** How deep objects and lists may nest; policies use 2 or 3 levels. */
export const MAX_DEPTH = 32;

class EofToken extends Error {}
const EOF_FOUND = new EofToken('EOF token found');

/** An error no enclosing object may swallow (HCL drops some errors followed by `}`). */
class FatalError extends AclRulesError {}

/**
 * The HCL v1 parser (hcl/hcl/parser/parser.go v1.0.0) with the duplicate-argument check that
 * Consul's HCL fork added in 2024 (`The argument "acl" at 2:1 was already set. …`). Errors
 * keep HCL's texts and positions; nesting is bounded by MAX_DEPTH.
 */
class HclParser {
  private readonly sc: HclScanner;
  private tok: Token = { type: 'ILLEGAL', pos: { line: 0, column: 0 }, text: '' };
  private buffered = false;
  private depth = 0;

  constructor(src: string) {
    this.sc = new HclScanner(src);
  }

  parse(): ObjectList {
    const [list, err] = this.objectList(false);
    if (this.sc.error !== null) throw this.sc.error;
    if (err !== null) throw err;
    return list;
  }

  /** The items up to `}` (or the end); like Go, an error comes back with the partial list. */
  private objectList(inObject: boolean): [ObjectList, unknown] {
    const node = objectList();
    const seen = new Set<string>();
    for (;;) {
      if (inObject) {
        const tok = this.scan();
        this.unscan();
        if (tok.type === 'RBRACE') break;
      }
      let item: ObjectItem;
      try {
        item = this.objectItem();
        if (item.assign !== null && item.keys.length === 1) this.checkDuplicate(seen, item.keys[0] as Token);
      } catch (err) {
        if (err === EOF_FOUND) break;
        if (!(err instanceof AclRulesError)) throw err;
        return [node, err];
      }
      node.items.push(item);
      if (this.scan().type !== 'COMMA') this.unscan();
    }
    return [node, null];
  }

  /** One object may set an argument (`name = value`) once; repeated blocks stay legal. */
  private checkDuplicate(seen: Set<string>, key: Token): void {
    const name = tokenValue(key).toString('latin1');
    if (seen.has(name)) {
      throw new FatalError(
        `The argument ${JSON.stringify(tokenValue(key).toString('utf8'))} at ${posString(key.pos)} was already set. Each argument can only be defined once`,
      );
    }
    seen.add(name);
  }

  private objectItem(): ObjectItem {
    let keys: Token[] = [];
    try {
      keys = this.objectKey(keys);
    } catch (err) {
      const eofAfterKeys = err === EOF_FOUND && keys.length > 0;
      const keysThenBrace = keys.length > 0 && err instanceof AclRulesError && this.tok.type === 'RBRACE';
      if (keysThenBrace) this.tok = { ...this.tok, type: 'EOF' };
      if (!eofAfterKeys && !keysThenBrace) throw err;
    }
    let val: Node;
    let assign = null;
    if (this.tok.type === 'ASSIGN') {
      assign = this.tok.pos;
      val = this.object();
    } else if (this.tok.type === 'LBRACE') {
      val = this.objectType();
    } else {
      const names = keys.map((k) => k.text).join(' ');
      throw posError(this.tok.pos, `key '${names}' expected start of object ('{') or assignment ('=')`);
    }
    return { keys, assign, val };
  }

  /** Collects keys into `keys` (kept on error, as Go returns them with the error). */
  private objectKey(keys: Token[]): Token[] {
    for (;;) {
      const tok = this.scan();
      switch (tok.type) {
        case 'EOF':
          throw EOF_FOUND;
        case 'ASSIGN':
          if (keys.length > 1) throw posError(tok.pos, `nested object expected: LBRACE got: ${tok.type}`);
          if (keys.length === 0) throw posError(tok.pos, 'no object keys found!');
          return keys;
        case 'LBRACE':
          if (keys.length === 0) throw posError(tok.pos, `expected: IDENT | STRING got: ${tok.type}`);
          return keys;
        case 'IDENT':
        case 'STRING':
          keys.push(tok);
          break;
        case 'ILLEGAL':
          throw posError(tok.pos, 'illegal character');
        default:
          throw posError(tok.pos, `expected: IDENT | STRING | ASSIGN | LBRACE got: ${tok.type}`);
      }
    }
  }

  private object(): Node {
    const tok = this.scan();
    switch (tok.type) {
      case 'NUMBER': case 'FLOAT': case 'BOOL': case 'STRING': case 'HEREDOC':
        return { kind: 'LiteralType', token: tok };
      case 'LBRACE':
        return this.objectType();
      case 'LBRACK':
        return this.listType();
      case 'EOF':
        throw EOF_FOUND;
      default:
        throw posError(tok.pos, `Unknown token: ${tokenString(tok)}`);
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw new FatalError(posError(this.tok.pos, `objects and lists nest deeper than ${MAX_DEPTH} levels`).message);
    }
  }

  private objectType(): ObjectType {
    this.enter();
    const lbrace = this.tok.pos;
    const [list, err] = this.objectList(true);
    if (err instanceof FatalError || (err !== null && this.tok.type !== 'RBRACE')) throw err;
    const tok = this.scan();
    if (tok.type !== 'RBRACE') throw posError(tok.pos, `object expected closing RBRACE got: ${tok.type}`);
    this.depth--;
    return { kind: 'ObjectType', list, lbrace };
  }

  private listType(): ListType {
    this.enter();
    const node: ListType = { kind: 'ListType', list: [], lbrack: this.tok.pos };
    let needComma = false;
    for (;;) {
      const tok = this.scan();
      if (needComma && tok.type !== 'COMMA' && tok.type !== 'RBRACK') {
        throw posError(tok.pos, `error parsing list, expected comma or list end, got: ${tok.type}`);
      }
      switch (tok.type) {
        case 'BOOL': case 'NUMBER': case 'FLOAT': case 'STRING': case 'HEREDOC':
          node.list.push({ kind: 'LiteralType', token: tok });
          needComma = true;
          break;
        case 'COMMA':
          needComma = false;
          break;
        case 'LBRACE':
          node.list.push(this.nested(tok, 'object', () => this.objectType()));
          needComma = true;
          break;
        case 'LBRACK':
          node.list.push(this.nested(tok, 'list', () => this.listType()));
          break;
        case 'RBRACK':
          this.depth--;
          return node;
        default:
          throw posError(tok.pos, `unexpected token while parsing list: ${tok.type}`);
      }
    }
  }

  /** A value inside a list; its error is wrapped as HCL does. */
  private nested(open: Token, what: string, parse: () => Node): Node {
    try {
      return parse();
    } catch (err) {
      if (err === EOF_FOUND) throw posError(open.pos, `error while trying to parse ${what} within list: EOF token found`);
      if (err instanceof AclRulesError && !(err instanceof FatalError)) {
        throw posError(open.pos, `error while trying to parse ${what} within list: ${err.message}`);
      }
      throw err;
    }
  }

  private scan(): Token {
    if (this.buffered) {
      this.buffered = false;
      return this.tok;
    }
    do this.tok = this.sc.scan();
    while (this.tok.type === 'COMMENT');
    return this.tok;
  }

  private unscan(): void {
    this.buffered = true;
  }
}

export function parseHcl(src: string): ObjectList {
  return new HclParser(src.replaceAll('\r\n', '\n')).parse();
}
