import { formatBytes, percentOf } from './upload';

/** A labelled progress bar for one file on its way to storage. */
export function UploadProgress({ name, loaded, total }: { name: string; loaded: number; total: number }) {
  const percent = percentOf(loaded, total);
  return (
    <div className="progress-line">
      <label>
        Uploading {name}: {percent}% ({formatBytes(loaded)} of {formatBytes(total)})
        <progress max={100} value={percent} aria-label={`Upload of ${name}`} />
      </label>
    </div>
  );
}
