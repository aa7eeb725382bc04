import { FormError } from '../shell/forms';

/** A page that could not load: the reason and a way to try again. */
export function LoadError({ title, message, retry }: { title: string; message: string | null; retry(): void }) {
  return (
    <section>
      <h1>{title}</h1>
      <FormError message={message ?? 'Something went wrong'} />
      <button type="button" onClick={retry}>
        Try again
      </button>
    </section>
  );
}

/** An error inside a page section; nothing when there is none. */
export const ErrorText = FormError;

/** A section that could not load: the reason and a way to try again; nothing when there is no error. */
export function RetryError({ message, retry }: { message: string | null; retry(): void }) {
  if (!message) return null;
  return (
    <div className="retry">
      <FormError message={message} />
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
