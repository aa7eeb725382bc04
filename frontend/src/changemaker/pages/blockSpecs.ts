/**
 * What the editor shows for each kind of block: its name, its fields (with the
 * kind of control each needs) and, for list blocks, its items' fields. The
 * server checks each kind by its own schema; these only lay out the form.
 */
import type { BlockKind, PageBlock } from './types';

export type Control = 'line' | 'text' | 'html' | 'url' | 'email';

export interface FieldSpec {
  key: string;
  label: string;
  control: Control;
  hint?: string;
}

export interface BlockSpec {
  label: string;
  fields: FieldSpec[];
  /** List blocks: what one item has. */
  items?: { label: string; fields: FieldSpec[] };
}

const heading: FieldSpec = { key: 'heading', label: 'Heading (optional)', control: 'line' };

export const BLOCK_SPECS: Record<BlockKind, BlockSpec> = {
  hero: {
    label: 'Hero',
    fields: [
      { key: 'title', label: 'Title', control: 'line' },
      { key: 'subtitle', label: 'Subtitle', control: 'text' },
      { key: 'image_url', label: 'Image link', control: 'url', hint: 'https://… or a path on this site' },
      { key: 'button_label', label: 'Button label', control: 'line' },
      { key: 'button_url', label: 'Button link', control: 'url' },
    ],
  },
  text: {
    label: 'Text',
    fields: [
      heading,
      {
        key: 'html',
        label: 'Text',
        control: 'html',
        hint: 'Paragraphs, headings, bold, italics, lists, quotes and links (<p>, <h2>, <strong>, <a href="…">); anything else is removed.',
      },
    ],
  },
  features: {
    label: 'Features',
    fields: [heading],
    items: {
      label: 'Feature',
      fields: [
        { key: 'title', label: 'Title', control: 'line' },
        { key: 'body', label: 'Description', control: 'text' },
      ],
    },
  },
  call_to_action: {
    label: 'Call to action',
    fields: [
      { key: 'heading', label: 'Heading', control: 'line' },
      { key: 'body', label: 'Text', control: 'text' },
      { key: 'button_label', label: 'Button label', control: 'line' },
      { key: 'button_url', label: 'Button link', control: 'url' },
    ],
  },
  testimonials: {
    label: 'Testimonials',
    fields: [heading],
    items: {
      label: 'Testimonial',
      fields: [
        { key: 'quote', label: 'Quote', control: 'text' },
        { key: 'author', label: 'Author', control: 'line' },
        { key: 'role', label: 'Who they are', control: 'line' },
      ],
    },
  },
  contact_form: {
    label: 'Contact form',
    fields: [
      heading,
      { key: 'intro', label: 'Introduction', control: 'text' },
      { key: 'recipient_email', label: 'Send messages to', control: 'email', hint: 'Empty: the page’s author. Never shown to visitors.' },
      { key: 'button_label', label: 'Button label', control: 'line', hint: 'Empty: “Send”' },
    ],
  },
  video: {
    label: 'Video',
    fields: [
      { key: 'title', label: 'Title (optional)', control: 'line' },
      { key: 'url', label: 'Video link', control: 'url', hint: 'A YouTube or Vimeo link, or an https:// link to a video file' },
      { key: 'caption', label: 'Caption', control: 'text' },
    ],
  },
  campaign_embed: {
    label: 'Campaign',
    fields: [{ key: 'campaign_slug', label: 'Campaign address', control: 'line', hint: 'The campaign’s slug, e.g. save-riverside-park' }],
  },
};

export const BLOCK_KINDS = Object.keys(BLOCK_SPECS) as BlockKind[];

/** A new, empty block of `kind`. */
export function emptyBlock(kind: BlockKind): PageBlock {
  const spec = BLOCK_SPECS[kind];
  const fields = Object.fromEntries(spec.fields.map((f) => [f.key, '']));
  const items = spec.items ? { items: [Object.fromEntries(spec.items.fields.map((f) => [f.key, '']))] } : {};
  return { type: kind, ...fields, ...items } as PageBlock;
}
