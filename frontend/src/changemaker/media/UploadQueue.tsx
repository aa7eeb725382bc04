import { useRef, useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { MediaApi, Video } from './api';
import { FileUpload, type Progress } from './upload';

type Status = 'uploading' | 'paused' | 'done' | 'failed';

interface Item {
  key: string;
  name: string;
  progress: Progress;
  status: Status;
  error?: string;
}

/** Several files at once, each with its progress, pause/resume and its own error. */
export function UploadQueue({ api, onUploaded }: { api: MediaApi; onUploaded(video: Video): void }) {
  const [items, setItems] = useState<Item[]>([]);
  const uploads = useRef(new Map<string, FileUpload>());

  const patch = (key: string, change: Partial<Item>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const run = (key: string) => {
    const upload = uploads.current.get(key);
    if (!upload) return;
    patch(key, { status: 'uploading', error: undefined });
    upload.run().then(
      (video) => {
        patch(key, { status: 'done' });
        onUploaded(video);
      },
      (caught: unknown) => {
        if (caught instanceof DOMException && caught.name === 'AbortError') patch(key, { status: 'paused' });
        else patch(key, { status: 'failed', error: errorMessage(caught) });
      },
    );
  };

  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const upload = new FileUpload(api, file, (progress) => patch(key, { progress }));
      uploads.current.set(key, upload);
      setItems((all) => [...all, { key, name: file.name, progress: { sent: 0, total: file.size }, status: 'uploading' }]);
      run(key);
    }
  };

  return (
    <section aria-labelledby="upload-heading" className="card">
      <h2 id="upload-heading">Upload videos</h2>
      <label>
        Choose video files (MP4, MOV, M4V, AVI, MKV, WebM, FLV)
        <input type="file" multiple accept="video/*,.mkv,.flv" onChange={(e) => add(e.target.files)} />
      </label>
      <ul className="upload-queue">
        {items.map((item) => {
          const percent = item.progress.total ? Math.floor((item.progress.sent / item.progress.total) * 100) : 0;
          return (
            <li key={item.key} data-status={item.status}>
              <span>{item.name}</span>{' '}
              <progress max={100} value={percent} aria-label={`${item.name} uploaded`}>
                {percent}%
              </progress>{' '}
              <span>{item.status === 'done' ? 'Uploaded, processing' : `${percent}%`}</span>{' '}
              {item.status === 'uploading' && (
                <button type="button" onClick={() => uploads.current.get(item.key)?.pause()}>
                  Pause
                </button>
              )}
              {(item.status === 'paused' || item.status === 'failed') && (
                <button type="button" onClick={() => run(item.key)}>
                  Resume
                </button>
              )}
              {item.error && <span role="alert"> {item.error}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
