import { describe, expect, it } from 'vitest';
import { describeSentinel, parseSentinelUrl } from '../../src/store/sentinel.js';

// --redis redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/name

describe('parseSentinelUrl', () => {
  it('takes the sentinels (port 26379 unless given) and the primary name', () => {
    expect(parseSentinelUrl('redis+sentinel://s1,s2:26380,[::1]:26381/mymaster')).toEqual({
      name: 'mymaster',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
    });
  });

  it('takes credentials for the primary: a password alone, or user and password', () => {
    expect(parseSentinelUrl('redis+sentinel://:s%40cret@s1/m')).toMatchObject({ password: 's@cret', sentinels: [{ host: 's1', port: 26379 }] });
    expect(parseSentinelUrl('redis+sentinel://kv:pw@s1:1/m')).toMatchObject({ username: 'kv', password: 'pw' });
    expect(parseSentinelUrl('redis+sentinel://pw@s1/m')).toMatchObject({ password: 'pw' });
  });

  it('refuses what it cannot use, saying what is wrong', () => {
    expect(() => parseSentinelUrl('redis+sentinel://s1:26379')).toThrow("the primary's name goes after the sentinels");
    expect(() => parseSentinelUrl('redis+sentinel://s1/')).toThrow("the primary's name goes after the sentinels");
    expect(() => parseSentinelUrl('redis+sentinel://s1:99999/m')).toThrow('"s1:99999" is not a sentinel address');
    expect(() => parseSentinelUrl('redis+sentinel://s1,,s2/m')).toThrow('"" is not a sentinel address');
  });

  it('describes the target for logs without credentials', () => {
    expect(describeSentinel(parseSentinelUrl('redis+sentinel://u:pw@s1,s2:5/m'))).toBe('redis+sentinel://s1:26379,s2:5/m');
  });
});
