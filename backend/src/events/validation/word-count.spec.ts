import { countWords } from './word-count';

describe('countWords', () => {
  it.each([
    ['你好世界', 2],
    ["l'été dernier", 2],
    ['Hello, world! 42 times', 4],
    ['', 0],
  ])('counts %j as %i', (text, words) => {
    expect(countWords(text)).toBe(words);
  });

  it('counts a long text the same as its parts', () => {
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    const text = sentence.repeat(2000);

    expect(countWords(text)).toBe(9 * 2000);
  });

  it('keeps words whole at the cuts of long CJK text with punctuation', () => {
    const sentence = '今天天气很好。';

    expect(countWords(sentence.repeat(1000))).toBe(countWords(sentence) * 1000);
  });
});
