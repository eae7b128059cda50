const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Counts the words of a text as a reader would, with Unicode word segmentation (ICU, through
 * Intl.Segmenter): "你好世界" is 2 words, "l'été dernier" is 2. Punctuation and spaces do not count.
 */
export function countWords(text: string): number {
  let words = 0;
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike) {
      words++;
    }
  }
  return words;
}
