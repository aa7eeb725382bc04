import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeUser } from '../../test/fakeServer';
import { descriptionOf, renderApp } from '../../test/renderApp';
import type { LandingPage, PageBlock } from './types';

const editor = makeUser({ id: 'u-ed', username: 'ed', role: 'PAGES_ADMIN' });

const blocks: PageBlock[] = [
  { type: 'hero', title: '<script>alert(1)</script> Save the park', subtitle: 'Vote in June' },
  { type: 'text', heading: 'Why', html: '<p>It is <strong>ours</strong>.</p><img src=x onerror="alert(1)">' },
  { type: 'contact_form', heading: 'Write to us', recipient_email: '' },
];

const publicPage = {
  slug: 'park',
  title: 'Save the park',
  seo: { title: 'Park', description: 'Help', image_url: '' },
  blocks,
  published_at: '2026-05-01T10:00:00Z',
  updated_at: '2026-05-01T10:00:00Z',
};

describe('the public landing page', () => {
  it('shows every block, text as text and rich text cleaned, and sends the contact form', async () => {
    const server = new FakeServer()
      .on('GET', '/api/public/pages/park', { status: 200, body: { data: publicPage } })
      .on('POST', '/api/public/pages/park/contact', { status: 202, body: { data: { received: true } } });
    const { user } = renderApp('/p/park', { server });

    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.textContent).toBe('<script>alert(1)</script> Save the park');
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText('ours').tagName).toBe('STRONG');
    expect(document.title).toBe('Park');

    await user.type(screen.getByLabelText('Your name'), 'Sam');
    await user.type(screen.getByLabelText('Your email'), 'sam@example.org');
    await user.type(screen.getByLabelText('Message'), 'Count me in');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Thank you: your message was sent.');
    expect(server.callsTo('POST', '/api/public/pages/park/contact')[0].body).toEqual({
      name: 'Sam',
      email: 'sam@example.org',
      message: 'Count me in',
      website: '',
    });
  });

  it('shows the server’s message beside the contact field it is about', async () => {
    const server = new FakeServer()
      .on('GET', '/api/public/pages/park', { status: 200, body: { data: publicPage } })
      .on('POST', '/api/public/pages/park/contact', errorReply(422, 'Invalid', 'VALIDATION_FAILED', { email: 'Not an email address' }));
    const { user } = renderApp('/p/park', { server });
    await user.click(await screen.findByRole('button', { name: 'Send' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Your email'))).toContain('Not an email address'));
  });

  it('shows an embedded campaign with its count and the way in, and keeps the link when it cannot load', async () => {
    const page = { ...publicPage, blocks: [{ type: 'campaign_embed', campaign_slug: 'keep-the-park' }, { type: 'campaign_embed', campaign_slug: 'gone' }] };
    const server = new FakeServer()
      .on('GET', '/api/public/pages/park', { status: 200, body: { data: page } })
      .on('GET', '/api/public/campaigns/keep-the-park', {
        status: 200,
        body: { data: { slug: 'keep-the-park', title: 'Keep the park', description: 'Our park, our say.', call_to_action: 'Email your councillor', email_count: 1234, cover_url: null } },
      })
      .on('GET', '/api/public/campaigns/gone', errorReply(404, 'No such campaign', 'NOT_FOUND'));
    renderApp('/p/park', { server });
    expect(await screen.findByRole('heading', { name: 'Keep the park' })).toBeTruthy();
    expect(screen.getByText('Our park, our say.')).toBeTruthy();
    expect(screen.getByText(/1,234 emails written so far/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Email your councillor' }).getAttribute('href')).toBe('/campaigns/keep-the-park');
    await waitFor(() => expect(screen.getByRole('link', { name: 'Take part in the campaign' }).getAttribute('href')).toBe('/campaigns/gone'));
  });

  it('says so when there is no published page at the address', async () => {
    renderApp('/p/nothing', { server: new FakeServer() });
    await screen.findByText('There is no page at this address.');
  });
});

function editorServer(page: LandingPage) {
  return new FakeServer()
    .on('GET', `/api/pages/${page.id}`, { status: 200, body: { data: page } })
    .on('GET', `/api/pages/${page.id}/submissions`, { status: 200, body: { data: [], meta: { page: 1, limit: 200, total: 0 } } });
}

const page: LandingPage = {
  id: 'p-1',
  slug: 'park',
  title: 'Save the park',
  status: 'draft',
  seo: { title: '', description: '', image_url: '' },
  blocks: [{ type: 'hero', title: 'Save the park' }],
  published_at: null,
  created_at: '2026-05-01T10:00:00Z',
  updated_at: '2026-05-01T10:00:00Z',
};

describe('the page editor', () => {
  it('previews blocks as they are typed and puts each problem beside its block’s field', async () => {
    const server = editorServer(page).on(
      'PATCH',
      '/api/pages/p-1',
      errorReply(422, 'Some fields are invalid', 'VALIDATION_FAILED', { 'blocks[1].button_url': 'Must be a link starting with https://' }),
    );
    const { user } = renderApp('/changemaker/pages/p-1', { server, signedInAs: editor });

    await screen.findByRole('form', { name: 'Page' });
    await user.selectOptions(screen.getByLabelText('New block'), 'call_to_action');
    await user.click(screen.getByRole('button', { name: 'Add block' }));
    const block = screen.getByRole('group', { name: 'Block 2: Call to action' });
    await user.type(within(block).getByLabelText('Heading'), 'Write now');
    await user.type(within(block).getByLabelText('Button link'), 'javascript:x');
    const preview = screen.getByRole('complementary', { name: 'Preview' });
    expect(within(preview).getByRole('heading', { name: 'Write now' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(descriptionOf(within(block).getByLabelText('Button link'))).toContain('Must be a link starting with https://'),
    );
    const sent = server.callsTo('PATCH', '/api/pages/p-1')[0].body as { blocks: PageBlock[]; updated_at: string };
    expect(sent.updated_at).toBe(page.updated_at);
    expect(sent.blocks.map((b) => b.type)).toEqual(['hero', 'call_to_action']);
  });

  it('is only for page editors, and the Changemaker page links to it only for them', async () => {
    renderApp('/changemaker/pages', { server: new FakeServer(), signedInAs: makeUser({ role: 'INFLUENCE_ADMIN' }) });
    await screen.findByText('Landing pages and email templates are for their editors.');
  });

  it('links the editors to the module from the Changemaker page', async () => {
    renderApp('/changemaker', { server: new FakeServer(), signedInAs: editor });
    expect(await screen.findByRole('link', { name: 'Landing pages' })).toBeTruthy();
  });
});
