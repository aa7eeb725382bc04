/** What the API accepts as an attachment: PDF and common images, at most 25 MB. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic'];
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export function attachmentProblem(file: File): string | null {
  const type = contentTypeOf(file);
  if (!ATTACHMENT_TYPES.includes(type)) return 'Only PDF, JPEG, PNG, WebP and HEIC files are accepted';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'The file is larger than 25 MB';
  if (file.size < 1) return 'The file is empty';
  return null;
}

/** Browsers often leave HEIC photos without a type; the name tells. */
export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  return /\.heic$/i.test(file.name) ? 'image/heic' : '';
}

/** Whether the browser can show the file inline. */
export function previewable(contentType: string): 'image' | 'pdf' | null {
  if (contentType === 'application/pdf') return 'pdf';
  if (['image/jpeg', 'image/png', 'image/webp'].includes(contentType)) return 'image';
  return null;
}

/** Suggested labels; the API stores the label itself (free text, at most 100 characters). */
export const DOCUMENT_TYPES = [
  { value: '', label: 'Not specified' },
  ...['Lab result', 'Report or letter', 'Prescription', 'Vaccination record', 'Imaging', 'Other'].map((label) => ({
    value: label,
    label,
  })),
];

/** The API's rule for a file name: 1–255 characters, no slashes, no control characters, not only dots. */
export function filenameProblem(raw: string): string | null {
  const name = raw.trim();
  if (!name || [...name].length > 255) return 'File name must be 1 to 255 characters';
  if (/[/\\]/.test(name)) return 'File name cannot contain / or \\';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'File name cannot contain control characters';
  if (/^\.+$/.test(name)) return 'File name cannot be only dots';
  return null;
}
