import { useEffect, useState } from 'react';
import { Field } from '../shell/forms';
import { AVATAR_TYPES, avatarProblem } from './AvatarUpload';

interface Props {
  file: File | null;
  onChange(file: File | null): void;
}

/**
 * The photo field of the add-a-child form: checks the file as the API would as
 * soon as it is chosen and shows it; the form uploads it once the child exists.
 */
export function PhotoPicker({ file, onChange }: Props) {
  const [problem, setProblem] = useState<string | undefined>();
  const [preview, setPreview] = useState<string | null>(null);
  // Remounting the input is the only way to empty a file input.
  const [inputKey, setInputKey] = useState(0);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  return (
    <div className="photo-picker">
      {preview && <img className="avatar avatar-large" src={preview} alt="The chosen photo" />}
      <Field
        key={inputKey}
        label="Photo (optional)"
        name="photo"
        type="file"
        accept={AVATAR_TYPES.join(',')}
        hint="JPEG, PNG or WebP, at most 5 MB."
        error={problem}
        onChange={(event) => {
          const chosen = event.target.files?.[0] ?? null;
          const wrong = chosen ? avatarProblem(chosen) : null;
          setProblem(wrong ?? undefined);
          onChange(wrong ? null : chosen);
          if (wrong) event.target.value = '';
        }}
      />
      {file && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onChange(null);
            setInputKey((k) => k + 1);
          }}
        >
          Remove the photo
        </button>
      )}
    </div>
  );
}
