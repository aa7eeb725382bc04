import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Field, FormError, Loading, SubmitButton } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useSubmit } from '../../shell/useSubmit';
import { usePagesApi } from './api';
import { formatMoment } from '../../trajectory/dates';

/** The landing pages, and a new one by its title. */
export function PagesList() {
  usePageTitle('Landing pages');
  const api = usePagesApi();
  const navigate = useNavigate();
  const list = useLoad(() => api.pages(), [api]);
  const [title, setTitle] = useState('');
  const submit = useSubmit(['title']);

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () => {
      const page = await api.createPage({ title, blocks: [{ type: 'hero', title }] });
      navigate(`/changemaker/pages/${page.id}`);
    });
  }

  return (
    <section>
      <div className="page-head">
        <h1>Landing pages</h1>
        <Link to="/changemaker/templates">Email templates</Link>
      </div>
      <form className="inline-form card" onSubmit={onCreate} noValidate>
        <FormError message={submit.error} />
        <Field label="New page title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} error={submit.fieldErrors.title} />
        <SubmitButton pending={submit.pending} pendingLabel="Creating…">
          Create page
        </SubmitButton>
      </form>
      <h2>Pages</h2>
      {list.loading && <Loading />}
      <FormError message={list.error} />
      {list.data && list.data.data.length === 0 && <p className="muted">No page yet.</p>}
      {list.data && list.data.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Title</th>
                <th>Address</th>
                <th>Status</th>
                <th>Messages</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((page) => (
                <tr key={page.id}>
                  <td>
                    <Link to={`/changemaker/pages/${page.id}`}>{page.title}</Link>
                  </td>
                  <td>
                    {page.status === 'published' ? <a href={`/p/${page.slug}`}>/p/{page.slug}</a> : `/p/${page.slug}`}
                  </td>
                  <td>{page.status === 'published' ? 'Published' : 'Draft'}</td>
                  <td>{page.submission_count}</td>
                  <td>{formatMoment(page.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
