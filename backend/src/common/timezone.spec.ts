import { canonicalTimezone } from './timezone';

describe('canonicalTimezone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['asia/ho_chi_minh', 'Asia/Ho_Chi_Minh'],
    ['US/Eastern', 'US/Eastern'],
  ])('stores %s as %s', (input, expected) => {
    expect(canonicalTimezone(input)).toBe(expected);
  });

  it.each(['Mars/Olympus', 'Europe/Berlinn', ''])('rejects %p', (input) => {
    expect(canonicalTimezone(input)).toBeUndefined();
  });
});
