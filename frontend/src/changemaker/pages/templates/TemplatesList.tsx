import { Link } from 'react-router-dom';
import { FormError, Loading } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { usePagesApi } from '../api';
import type { TemplateCategory } from '../types';
import { formatMoment } from '../../../trajectory/dates';

export const CATEGORY_LABELS: Record<TemplateCategory, string> = {
  influence: 'Influence (campaigns)',
  map: 'Map and shifts',
  system: 'The platform’s own emails',
  payment: 'Payments',
};

/** The email templates by category. */
export function TemplatesList() {
  usePageTitle('Email templates');
  const api = usePagesApi();
  const list = useLoad(() => api.templates(), [api]);
  const categories = Object.keys(CATEGORY_LABELS) as TemplateCategory[];
  return (
    <section>
      <div className="page-head">
        <h1>Email templates</h1>
        <Link to="/changemaker/pages">Landing pages</Link>
      </div>
      {list.loading && <Loading />}
      <FormError message={list.error} />
      {list.data &&
        categories.map((category) => {
          const templates = list.data?.data.filter((t) => t.category === category) ?? [];
          if (templates.length === 0) return null;
          return (
            <section key={category}>
              <h2>{CATEGORY_LABELS[category]}</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Template</th>
                      <th>Version</th>
                      <th>Changed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {templates.map((t) => (
                      <tr key={t.id}>
                        <td>
                          <Link to={`/changemaker/templates/${t.id}`}>{t.name}</Link>
                          <p className="hint">{t.description}</p>
                        </td>
                        <td>{t.version}</td>
                        <td>
                          {formatMoment(t.updated_at)}
                          {t.updated_by && <> by {t.updated_by}</>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })}
    </section>
  );
}
