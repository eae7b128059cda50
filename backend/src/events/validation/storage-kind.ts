import { StorageKind } from '../entities/usage-event.entity';

/** Content types of knowledge-base articles beyond text/*. */
const ARTICLE_TYPES = new Set(['application/xhtml+xml', 'application/markdown', 'application/x-markdown']);

/**
 * Derives the storage kind from a MIME type. Text/*, markdown and HTML articles are text, and
 * image/*, audio/* and video/* are media. Anything else, or no type, is other.
 */
export function storageKindOf(contentType: string | undefined): StorageKind {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType.startsWith('text/') || ARTICLE_TYPES.has(mediaType)) return 'text';
  if (/^(image|audio|video)\//.test(mediaType)) return 'media';
  return 'other';
}
