import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/go/base64.js';

// base64.StdEncoding.DecodeString: Consul's JSON []byte fields (txn values) and
// `kv put -base64`, which writes what decoded before a bad byte.

describe('decodeBase64', () => {
  it('decodes padded input, skipping \\r and \\n anywhere', () => {
    expect(decodeBase64('aGk=')).toEqual({ bytes: Buffer.from('hi') });
    expect(decodeBase64('aG\nk=\r\n')).toEqual({ bytes: Buffer.from('hi') });
    expect(decodeBase64('aGVsbG8gd29ybGQ=')).toEqual({ bytes: Buffer.from('hello world') });
    expect(decodeBase64('aGVs\r\nbG8h')).toEqual({ bytes: Buffer.from('hello!') });
    expect(decodeBase64('aG\n=\n=')).toEqual({ bytes: Buffer.from('h') });
    expect(decodeBase64('')).toEqual({ bytes: Buffer.alloc(0) });
    expect(decodeBase64('\n')).toEqual({ bytes: Buffer.alloc(0) });
  });

  it('decodes every byte value, from a string or a Buffer', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(decodeBase64(all.toString('base64')).bytes).toEqual(all);
    expect(decodeBase64(Buffer.from(all.toString('base64'))).bytes).toEqual(all);
  });

  it('requires padding: a short last quantum fails where it starts', () => {
    expect(decodeBase64('aGk')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 0' });
    expect(decodeBase64('YQ')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 0' });
    expect(decodeBase64('aGVsbG8')).toEqual({ bytes: Buffer.from('hel'), error: 'illegal base64 data at input byte 4' });
  });

  it('names the first bad byte and keeps what decoded before it', () => {
    expect(decodeBase64('aGVs*')).toEqual({ bytes: Buffer.from('hel'), error: 'illegal base64 data at input byte 4' });
    expect(decodeBase64('a$==')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 1' });
    expect(decodeBase64('aGVs-_==')).toEqual({ bytes: Buffer.from('hel'), error: 'illegal base64 data at input byte 4' });
  });

  it('accepts = only in the last two places of the last quantum', () => {
    expect(decodeBase64('a===')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 1' });
    expect(decodeBase64('aG=x')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 2' });
    expect(decodeBase64('aG=')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 3' });
  });

  it('decodes the padded quantum but reports anything after the padding', () => {
    expect(decodeBase64('aGVsbG8=x')).toEqual({ bytes: Buffer.from('hello'), error: 'illegal base64 data at input byte 8' });
    expect(decodeBase64('aGk=aGk=')).toEqual({ bytes: Buffer.from('hi'), error: 'illegal base64 data at input byte 4' });
  });

  it('counts positions in UTF-8 bytes', () => {
    expect(decodeBase64('aGk=\n\u00e9')).toEqual({ bytes: Buffer.from('hi'), error: 'illegal base64 data at input byte 5' });
    expect(decodeBase64('\u00e9')).toEqual({ bytes: Buffer.alloc(0), error: 'illegal base64 data at input byte 0' });
  });
});
