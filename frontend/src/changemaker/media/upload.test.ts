import { describe, expect, it } from 'vitest';
import type { MediaApi } from './api';
import { FileUpload, type Progress } from './upload';

const PART = 4;

/** An API that plans parts of PART bytes and records what it is asked. */
function fakeApi(size: number) {
  const count = Math.ceil(size / PART);
  const calls: string[] = [];
  const urls = (numbers: number[]) => numbers.map((n) => ({ part_number: n, url: `https://s3/part/${n}?fresh=${calls.length}` }));
  const api = {
    startUpload: async () => {
      calls.push('start');
      return {
        video: { id: 'v1' },
        upload: { key: 'k', part_size: PART, parts: urls(Array.from({ length: count }, (_, i) => i + 1)), expires_at: '' },
      };
    },
    freshParts: async (_: string, numbers: number[]) => {
      calls.push(`fresh ${numbers.join(',')}`);
      return urls(numbers);
    },
    completeUpload: async (_: string, parts: { part_number: number; etag: string }[]) => {
      calls.push(`complete ${parts.map((p) => `${p.part_number}:${p.etag}`).join(',')}`);
      return { id: 'v1', status: 'processing' };
    },
  };
  return { api: api as unknown as MediaApi, calls };
}

describe('a file upload', () => {
  it('sends every part, reports progress and completes with the parts in order', async () => {
    const file = new File(['0123456789'], 'clip.mp4', { type: 'video/mp4' });
    const { api, calls } = fakeApi(file.size);
    const seen: Progress[] = [];
    const upload = new FileUpload(api, file, (p) => seen.push(p), async (url, body, onProgress) => {
      onProgress(body.size);
      return `"etag-${url.split('/part/')[1].split('?')[0]}"`;
    });
    await upload.run();
    expect(calls).toEqual(['start', 'complete 1:"etag-1",2:"etag-2",3:"etag-3"']);
    expect(seen.at(-1)).toEqual({ sent: 10, total: 10 });
  });

  it('pauses, then resumes with fresh URLs for the parts not yet sent', async () => {
    const file = new File(['0123456789'], 'clip.mp4');
    const { api, calls } = fakeApi(file.size);
    let upload: FileUpload | null = null;
    let paused = false;
    const put = async (url: string, _body: Blob, _progress: (n: number) => void, signal: AbortSignal) => {
      const n = Number(url.split('/part/')[1].split('?')[0]);
      if (n === 1) return '"one"';
      if (!paused) {
        paused = true;
        upload?.pause();
      }
      if (signal.aborted) throw new DOMException('Paused', 'AbortError');
      return `"again-${n}"`;
    };
    upload = new FileUpload(api, file, () => undefined, put);
    await expect(upload.run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(upload.done.get(1)).toBe('"one"');
    await upload.run();
    expect(calls[1]).toBe('fresh 2,3');
    expect(calls.at(-1)).toBe('complete 1:"one",2:"again-2",3:"again-3"');
  });
});
