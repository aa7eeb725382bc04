import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/errors';
import { Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePagesApi } from './api';
import { PageView } from './PageView';

/** Sets the tab's title and the description search engines and link previews read. */
function useSeo(title: string | undefined, description: string | undefined) {
  useEffect(() => {
    if (title) document.title = title;
    if (description === undefined) return;
    let meta = document.querySelector<HTMLMetaElement>('meta[name="description"]');
    if (!meta) {
      meta = document.createElement('meta');
      meta.name = 'description';
      document.head.appendChild(meta);
    }
    meta.content = description;
  }, [title, description]);
}

/** A published landing page at `/p/:slug`, for anyone. */
export function PublicLandingPage() {
  const { slug = '' } = useParams();
  const api = usePagesApi();
  // No published page at the address is an answer, not an error.
  const page = useLoad(
    () =>
      api.publicPage(slug).catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 404) return null;
        throw caught;
      }),
    [api, slug],
  );
  useSeo(page.data ? page.data.seo.title || page.data.title : undefined, page.data?.seo.description);

  if (page.loading) return <Loading />;
  if (!page.data) {
    return (
      <main className="lp-page">
        <h1>Page not found</h1>
        <p>{page.error ?? 'There is no page at this address.'}</p>
      </main>
    );
  }
  return (
    <main className="lp-page">
      <PageView blocks={page.data.blocks} slug={page.data.slug} />
    </main>
  );
}
