import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeServer, errorReply, makeUser } from '../../../test/fakeServer';
import { descriptionOf, renderApp } from '../../../test/renderApp';
import type { EmailTemplate, TemplateVersion } from '../types';

const editor = makeUser({ id: 'u-ed', username: 'ed', role: 'PAGES_ADMIN' });

const version: TemplateVersion = {
  id: 'v-2',
  version: 2,
  subject: 'Hello {{SUPPORTER_NAME}}',
  body_text: 'Dear {{REPRESENTATIVE_NAME}},\n{{MESSAGE}}',
  body_html: '',
  note: 'Friendlier',
  restored_from: null,
  author: 'ed',
  created_at: '2026-05-01T10:00:00Z',
  variables: ['SUPPORTER_NAME', 'REPRESENTATIVE_NAME', 'MESSAGE'],
};

function template(overrides: Partial<EmailTemplate> = {}): EmailTemplate {
  return {
    id: 't-1',
    key: 'campaign_email',
    category: 'influence',
    name: 'Campaign email',
    description: 'To a representative',
    built_in: true,
    editable: true,
    variables: [
      { name: 'SUPPORTER_NAME', description: 'The supporter', sample: 'Sam' },
      { name: 'REPRESENTATIVE_NAME', description: 'The representative', sample: 'Alex' },
      { name: 'MESSAGE', description: 'The message', sample: 'Hi' },
    ],
    current: version,
    ...overrides,
  };
}

const rendered = { variables: ['SUPPORTER_NAME'], rendered: { subject: 'Hello Sam', text: 'Dear Alex,\nHi', html: '<p>Dear Alex</p>' } };

function server(t: EmailTemplate) {
  return new FakeServer()
    .on('GET', '/api/email-templates/t-1', { status: 200, body: { data: t } })
    .on('GET', '/api/email-templates/t-1/versions', {
      status: 200,
      body: { data: [version, { ...version, id: 'v-1', version: 1, note: 'The default', author: null }], meta: { page: 1, limit: 200, total: 2 } },
    });
}

describe('the template editor', () => {
  it('previews with sample values, shows a problem with its position, and saves on top of the version it started from', async () => {
    let previews = 0;
    const fake = server(template())
      .on('POST', '/api/email-templates/t-1/preview', () => {
        previews += 1;
        return previews === 1
          ? { status: 200, body: { data: rendered } }
          : errorReply(422, 'Invalid', 'VALIDATION_FAILED', {
              body_text: '{{SECRET}} is not a variable of this template; use one of MESSAGE (line 2, column 1)',
            });
      })
      .on('POST', '/api/email-templates/t-1/versions', { status: 201, body: { data: { ...version, version: 3 } } });
    const { user } = renderApp('/changemaker/templates/t-1', { server: fake, signedInAs: editor });

    expect(await screen.findByText('Hello Sam')).toBeTruthy();
    const text = screen.getByLabelText('Text');
    await user.type(text, '{{{{SECRET}}');
    await waitFor(() => expect(descriptionOf(text)).toContain('(line 2, column 1)'), { timeout: 3000 });
    expect(screen.getByRole('button', { name: 'Go to line 2, column 1' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save as a new version' }));
    await screen.findByText('Saved as version 3.');
    const sent = fake.callsTo('POST', '/api/email-templates/t-1/versions')[0].body as { base_version: number };
    expect(sent.base_version).toBe(2);
  });

  it('compares two versions from the history', async () => {
    const fake = server(template())
      .on('POST', '/api/email-templates/t-1/preview', { status: 200, body: { data: rendered } })
      .on('GET', '/api/email-templates/t-1/diff', {
        status: 200,
        body: {
          data: {
            from: 1,
            to: 2,
            parts: [
              { field: 'subject', changed: true, lines: [
                { op: 'delete', text: 'Hi', old_line: 1, new_line: null },
                { op: 'insert', text: 'Hello {{SUPPORTER_NAME}}', old_line: null, new_line: 1 },
              ] },
              { field: 'body_text', changed: false, lines: [] },
              { field: 'body_html', changed: false, lines: [] },
            ],
          },
        },
      });
    const { user } = renderApp('/changemaker/templates/t-1', { server: fake, signedInAs: editor });
    await user.click(await screen.findByRole('button', { name: 'Compare' }));
    expect(await screen.findByText('removed:')).toBeTruthy();
    expect(screen.getByText('Hello {{SUPPORTER_NAME}}', { selector: 'li' })).toBeTruthy();
    expect(fake.callsTo('GET', '/api/email-templates/t-1/diff')[0].query.toString()).toBe('from=1&to=2');
  });

  it('lets an editor who may not change a system template preview it and test it only', async () => {
    const fake = server(template({ category: 'system', editable: false }))
      .on('POST', '/api/email-templates/t-1/preview', { status: 200, body: { data: rendered } })
      .on('POST', '/api/email-templates/t-1/test', { status: 202, body: { data: { to: 'ed@example.org', version: 2 } } });
    const { user } = renderApp('/changemaker/templates/t-1', { server: fake, signedInAs: editor });
    await screen.findByText(/Only a super admin changes/);
    expect(screen.queryByRole('button', { name: 'Save as a new version' })).toBeNull();
    expect(screen.getByLabelText('Text')).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Send me a test email' }));
    await screen.findByText('A test of version 2 is on its way to ed@example.org.');
  });
});
