import { ApiError } from '../api/errors';

/** Bytes sent so far and in total. */
export type ProgressListener = (loaded: number, total: number) => void;

/**
 * PUTs a file to a presigned storage URL with the Content-Type it was announced
 * with. XMLHttpRequest rather than fetch, because only it reports upload progress.
 */
export function putFile(
  url: string,
  file: Blob,
  contentType: string,
  onProgress: ProgressListener,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (event) => {
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else {
        reject(new ApiError(xhr.status, { error: `The upload failed (status ${xhr.status})`, code: 'UPLOAD_FAILED' }));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { error: 'The upload could not reach the storage server', code: 'NETWORK' }));
    xhr.onabort = () => reject(new ApiError(0, { error: 'The upload was cancelled', code: 'ABORTED' }));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** "1.4 MB", "820 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A progress bar with its percentage in words. */
export function percentOf(loaded: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
}
