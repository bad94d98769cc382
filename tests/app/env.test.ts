import { describe, expect, it } from 'vitest';
import { parseEnv } from '~/env.server';

describe('server environment', () => {
  it('defaults the data directory to data/demo and NODE_ENV to development', () => {
    expect(parseEnv({})).toEqual({ PEER_OUTCOMES_DATA: 'data/demo', NODE_ENV: 'development' });
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PEER_OUTCOMES_DATA: '', NODE_ENV: '' })).toEqual({
      PEER_OUTCOMES_DATA: 'data/demo',
      NODE_ENV: 'development',
    });
  });

  it('reads the configured values', () => {
    expect(parseEnv({ PEER_OUTCOMES_DATA: '/srv/release', NODE_ENV: 'production' })).toEqual({
      PEER_OUTCOMES_DATA: '/srv/release',
      NODE_ENV: 'production',
    });
  });

  it('rejects an unknown NODE_ENV with a readable message', () => {
    expect(() => parseEnv({ NODE_ENV: 'staging' })).toThrow(/Invalid server environment: NODE_ENV/);
  });
});
