/** A page that could not load: the reason and a way to try again. */
export function LoadError({ title, message, retry }: { title: string; message: string | null; retry(): void }) {
  return (
    <section>
      <h1>{title}</h1>
      <p role="alert" className="alert alert-error">
        {message ?? 'Something went wrong'}
      </p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </section>
  );
}

/** An error inside a page section. */
export function ErrorText({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="alert alert-error">
      {message}
    </p>
  );
}
