/** Reads the file name from a Content-Disposition header, preferring the RFC 8187 `filename*`. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;

  const extended = /filename\*=UTF-8''([^;]+)/i.exec(contentDisposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // A malformed encoding falls through to the plain name.
    }
  }

  const plain = /filename="([^"]+)"/i.exec(contentDisposition) ?? /filename=([^;]+)/i.exec(contentDisposition);
  return plain ? plain[1].trim() : fallback;
}

/** Saves a blob through a temporary link, as the browser's download of a file would. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked on the next task, once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url));
}
