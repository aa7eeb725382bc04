import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ConfirmButton } from '../../shell/confirm';
import { Field, FormError, Loading, Notice, SelectField, SubmitButton, TextArea } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useRevealErrors } from '../../shell/useRevealErrors';
import { useSubmit } from '../../shell/useSubmit';
import { usePagesApi } from './api';
import { BlockEditor } from './BlockEditor';
import { BLOCK_KINDS, BLOCK_SPECS, emptyBlock } from './blockSpecs';
import { PageView } from './PageView';
import { Submissions } from './Submissions';
import type { BlockKind, LandingPage, PageBlock, PageSeo, PageStatus } from './types';

interface Draft {
  title: string;
  slug: string;
  status: PageStatus;
  seo: PageSeo;
  blocks: PageBlock[];
}

const STATUS_OPTIONS = [
  { value: 'draft', label: 'Draft: only editors see it' },
  { value: 'published', label: 'Published: anyone with the link' },
];

function draftOf(page: LandingPage): Draft {
  return { title: page.title, slug: page.slug, status: page.status, seo: { ...page.seo }, blocks: page.blocks };
}

/** Every field name a save may report, so each message lands beside its field. */
function fieldNames(draft: Draft): string[] {
  const names = ['title', 'slug', 'status', 'seo.title', 'seo.description', 'seo.image_url', 'blocks'];
  draft.blocks.forEach((block, i) => {
    const spec = BLOCK_SPECS[block.type];
    names.push(`blocks[${i}]`, `blocks[${i}].type`, `blocks[${i}].items`);
    for (const f of spec.fields) names.push(`blocks[${i}].${f.key}`);
    const items = (block as { items?: unknown[] }).items ?? [];
    items.forEach((_, j) => spec.items?.fields.forEach((f) => names.push(`blocks[${i}].items[${j}].${f.key}`)));
  });
  return names;
}

/** The page editor: the page's fields and blocks beside a live preview. */
export function PageEditor() {
  const { id = '' } = useParams();
  const api = usePagesApi();
  const navigate = useNavigate();
  const loaded = useLoad(() => api.page(id), [api, id]);
  const [page, setPage] = useState<LandingPage | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const [adding, setAdding] = useState<BlockKind>('hero');
  const submit = useSubmit(draft ? fieldNames(draft) : []);
  const ref = useRevealErrors(submit.error, submit.fieldErrors);
  usePageTitle(draft ? `Edit ${draft.title || 'page'}` : 'Page');

  useEffect(() => {
    if (loaded.data) {
      setPage(loaded.data);
      setDraft(draftOf(loaded.data));
    }
  }, [loaded.data]);

  if (!draft || !page) return loaded.error ? <FormError message={loaded.error} /> : <Loading />;

  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const setBlocks = (blocks: PageBlock[]) => change({ blocks });
  const moveBlock = (i: number, offset: -1 | 1) => {
    const blocks = [...draft.blocks];
    [blocks[i], blocks[i + offset]] = [blocks[i + offset], blocks[i]];
    setBlocks(blocks);
  };

  async function onSave(event: FormEvent) {
    event.preventDefault();
    if (!draft || !page) return;
    const ok = await submit.run(async () => {
      const updated = await api.updatePage(page.id, { ...draft, updated_at: page.updated_at });
      setPage(updated);
      setDraft(draftOf(updated));
    });
    setSaved(ok);
  }

  const errors = submit.fieldErrors;
  const publicPath = `/p/${page.slug}`;
  return (
    <section>
      <p className="crumbs">
        <Link to="/changemaker/pages">Landing pages</Link>
      </p>
      <div className="page-head">
        <h1>{page.title}</h1>
        {page.status === 'published' && <a href={publicPath}>View the public page</a>}
      </div>
      <div className="editor">
        <form ref={ref} onSubmit={onSave} noValidate aria-label="Page">
          <FormError message={submit.error} />
          {saved && <Notice>Saved.</Notice>}
          <Field label="Title" name="title" value={draft.title} onChange={(e) => change({ title: e.target.value })} error={errors.title} />
          <Field label="Address" name="slug" value={draft.slug} onChange={(e) => change({ slug: e.target.value })} error={errors.slug} hint={`The page is at /p/${draft.slug}`} />
          <SelectField label="Status" name="status" options={STATUS_OPTIONS} value={draft.status} onChange={(e) => change({ status: e.target.value as PageStatus })} error={errors.status} />
          <details>
            <summary>Search engines and link previews</summary>
            <Field label="Search title" name="seo.title" value={draft.seo.title ?? ''} onChange={(e) => change({ seo: { ...draft.seo, title: e.target.value } })} error={errors['seo.title']} hint="Empty: the page’s title" />
            <TextArea label="Description" name="seo.description" value={draft.seo.description ?? ''} onChange={(e) => change({ seo: { ...draft.seo, description: e.target.value } })} error={errors['seo.description']} />
            <Field label="Preview image link" name="seo.image_url" value={draft.seo.image_url ?? ''} onChange={(e) => change({ seo: { ...draft.seo, image_url: e.target.value } })} error={errors['seo.image_url']} />
          </details>
          <h2>Blocks</h2>
          {errors.blocks && <p className="field-error">{errors.blocks}</p>}
          {draft.blocks.map((block, i) => (
            <BlockEditor
              key={i}
              index={i}
              count={draft.blocks.length}
              block={block}
              errors={errors}
              onChange={(next) => setBlocks(draft.blocks.map((b, j) => (j === i ? next : b)))}
              onMove={(offset) => moveBlock(i, offset)}
              onRemove={() => setBlocks(draft.blocks.filter((_, j) => j !== i))}
            />
          ))}
          <div className="inline-form">
            <SelectField
              label="New block"
              name="new-block"
              options={BLOCK_KINDS.map((kind) => ({ value: kind, label: BLOCK_SPECS[kind].label }))}
              value={adding}
              onChange={(e) => setAdding(e.target.value as BlockKind)}
            />
            <button type="button" onClick={() => setBlocks([...draft.blocks, emptyBlock(adding)])}>
              Add block
            </button>
          </div>
          <p className="actions">
            <SubmitButton pending={submit.pending} pendingLabel="Saving…">
              Save
            </SubmitButton>
            <ConfirmButton
              label="Delete page"
              confirmLabel={`Yes, delete ${page.title}`}
              question="Delete this page? Messages it received are kept."
              onConfirm={async () => {
                await api.deletePage(page.id);
                navigate('/changemaker/pages');
              }}
            />
          </p>
        </form>
        <aside className="editor-preview" aria-label="Preview">
          <PageView blocks={draft.blocks} preview />
        </aside>
      </div>
      <Submissions pageId={page.id} />
    </section>
  );
}
