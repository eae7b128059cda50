import { tokenLifetimeSeconds } from './token-lifetime';

describe('tokenLifetimeSeconds', () => {
  it.each([
    ['3600', 3600],
    ['45s', 45],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604800],
  ])('converts %s', (value, seconds) => {
    expect(tokenLifetimeSeconds(value)).toBe(seconds);
  });

  it('rejects an unknown unit', () => {
    expect(() => tokenLifetimeSeconds('2w')).toThrow('JWT_EXPIRES_IN must be');
  });
});
