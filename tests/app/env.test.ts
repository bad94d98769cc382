import { describe, expect, it } from 'vitest';
import { parseEnv } from '~/env.server';

const SECRET = 'a-session-secret-of-at-least-32-characters';

describe('server environment', () => {
  it('defaults the data directory, NODE_ENV, timeouts, and a development-only session secret', () => {
    expect(parseEnv({})).toMatchObject({
      PEER_OUTCOMES_DATA: 'data/demo',
      NODE_ENV: 'development',
      PEER_OUTCOMES_DEMO: false,
      PEER_OUTCOMES_SESSION_IDLE_MINUTES: 30,
      PEER_OUTCOMES_SESSION_MAX_MINUTES: 720,
    });
    expect(parseEnv({}).SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ PEER_OUTCOMES_DATA: '', NODE_ENV: '', PEER_OUTCOMES_APP_STORE: '' })).toMatchObject({
      PEER_OUTCOMES_DATA: 'data/demo',
      NODE_ENV: 'development',
      PEER_OUTCOMES_APP_STORE: undefined,
    });
  });

  it('reads the configured values', () => {
    expect(
      parseEnv({ PEER_OUTCOMES_DATA: '/srv/release', NODE_ENV: 'production', SESSION_SECRET: SECRET, PEER_OUTCOMES_SESSION_IDLE_MINUTES: '15' }),
    ).toMatchObject({ PEER_OUTCOMES_DATA: '/srv/release', NODE_ENV: 'production', SESSION_SECRET: SECRET, PEER_OUTCOMES_SESSION_IDLE_MINUTES: 15 });
  });

  it('refuses to run in production without a session secret, except in demo mode', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    expect(parseEnv({ NODE_ENV: 'production', PEER_OUTCOMES_DEMO: '1' }).PEER_OUTCOMES_DEMO).toBe(true);
  });

  it('rejects an unknown NODE_ENV with a readable message', () => {
    expect(() => parseEnv({ NODE_ENV: 'staging' })).toThrow(/Invalid server environment: NODE_ENV/);
  });
});
