/**
 * One file's multipart upload from the browser: its parts go straight to the
 * presigned URLs, several at once, each with XHR so its progress is known.
 * Pausing aborts the parts in flight; resuming asks for fresh URLs for the
 * parts not yet sent (the sent ones keep their ETags), so a long pause never
 * meets an expired URL.
 */
import type { CompletedPart, MediaApi, PartUrl, UploadStarted, Video } from './api';

/** Parts in flight at once. */
export const PARALLEL_PARTS = 4;

export interface Progress {
  sent: number;
  total: number;
}

/** PUTs `body` to `url`; answers the ETag. */
export function putPart(
  url: string,
  body: Blob,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new Error(`Storage answered ${xhr.status} for a part`));
    };
    xhr.onerror = () => reject(new Error('The connection to storage failed'));
    xhr.onabort = () => reject(new DOMException('Paused', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** The state of one file's upload, kept across pauses. */
export class FileUpload {
  started: UploadStarted | null = null;
  readonly done = new Map<number, string>();
  private inFlight = new Map<number, number>();
  private controller: AbortController | null = null;

  constructor(
    private readonly api: MediaApi,
    readonly file: File,
    private readonly onProgress: (progress: Progress) => void,
    private readonly put = putPart,
  ) {}

  private report() {
    const partSize = this.started?.upload.part_size ?? 0;
    let sent = 0;
    for (const n of this.done.keys()) sent += Math.min(partSize, this.file.size - (n - 1) * partSize);
    for (const loaded of this.inFlight.values()) sent += loaded;
    this.onProgress({ sent: Math.min(sent, this.file.size), total: this.file.size });
  }

  pause() {
    this.controller?.abort();
  }

  /** Sends what is left and completes; rejects with an AbortError when paused. */
  async run(): Promise<Video> {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    let urls: PartUrl[];
    if (!this.started) {
      this.started = await this.api.startUpload(this.file.name, this.file.size, this.file.type);
      urls = this.started.upload.parts;
    } else {
      const missing = this.started.upload.parts.map((p) => p.part_number).filter((n) => !this.done.has(n));
      urls = missing.length ? await this.api.freshParts(this.started.video.id, missing) : [];
    }
    const partSize = this.started.upload.part_size;
    const queue = urls.filter((p) => !this.done.has(p.part_number));
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const n = part.part_number;
        const blob = this.file.slice((n - 1) * partSize, n * partSize);
        const etag = await this.put(part.url, blob, (loaded) => {
          this.inFlight.set(n, loaded);
          this.report();
        }, signal);
        this.inFlight.delete(n);
        this.done.set(n, etag);
        this.report();
      }
    };
    try {
      await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
    } finally {
      this.inFlight.clear();
    }
    const parts: CompletedPart[] = [...this.done.entries()]
      .sort(([a], [b]) => a - b)
      .map(([part_number, etag]) => ({ part_number, etag }));
    return this.api.completeUpload(this.started.video.id, parts);
  }
}
