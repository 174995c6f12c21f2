import { describe, expect, it } from 'vitest';
import { describeCluster, parseClusterUrl } from '../../src/store/cluster.js';
import { describeSentinel, parseSentinelUrl } from '../../src/store/sentinel.js';

// --redis URLs that name several servers:
//   redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/name
//   redis+cluster://[[user]:password@]host[:port][,host[:port]…]

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
    expect(parseSentinelUrl('redis+sentinel://kv:pw:with:colons@s1:1/m')).toMatchObject({ username: 'kv', password: 'pw:with:colons' });
    expect(parseSentinelUrl('redis+sentinel://pw@s1/m')).toMatchObject({ password: 'pw' });
  });

  it('refuses what it cannot use, saying what is wrong', () => {
    expect(() => parseSentinelUrl('redis+sentinel://s1:26379')).toThrow("the primary's name goes after the sentinels");
    expect(() => parseSentinelUrl('redis+sentinel://s1/')).toThrow("the primary's name goes after the sentinels");
    expect(() => parseSentinelUrl('redis+sentinel://s1:99999/m')).toThrow('"s1:99999" is not a sentinel address');
    expect(() => parseSentinelUrl('redis+sentinel://s1,,s2/m')).toThrow('"" is not a sentinel address');
  });

  it('describes the target for logs without credentials', () => {
    expect(describeSentinel(parseSentinelUrl('redis+sentinel://u:pw@s1,[::1]:5/m'))).toBe('redis+sentinel://s1:26379,[::1]:5/m');
  });
});

describe('parseClusterUrl', () => {
  it('takes the seed nodes (port 6379 unless given), credentials, and the key that picks the slot', () => {
    expect(parseClusterUrl('redis+cluster://:pw@n1,n2:7001', 'kvgate:{dc1}:idx')).toEqual({
      nodes: [
        { host: 'n1', port: 6379 },
        { host: 'n2', port: 7001 },
      ],
      password: 'pw',
      slotKey: 'kvgate:{dc1}:idx',
    });
  });

  it('refuses a database or name after the nodes, and bad addresses', () => {
    expect(() => parseClusterUrl('redis+cluster://n1:7000/0', 'k')).toThrow('a cluster has no database or name after the nodes');
    expect(() => parseClusterUrl('redis+cluster://n1:port', 'k')).toThrow('"n1:port" is not a cluster node address');
  });

  it('describes the target for logs without credentials', () => {
    expect(describeCluster(parseClusterUrl('redis+cluster://u:pw@n1:7000,n2', 'k'))).toBe('redis+cluster://n1:7000,n2:6379');
  });
});
