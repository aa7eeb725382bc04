import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PublicCampaign, Representative } from '../../api/influenceTypes';
import { errorReply, FakeServer, makeUser } from '../../test/fakeServer';
import { renderApp } from '../../test/renderApp';

const data = (body: unknown, status = 200) => ({ status, body: { data: body } });

const campaign: PublicCampaign = {
  id: 'c1',
  slug: 'keep-the-park',
  title: 'Keep the park',
  description: 'The park is to be sold.',
  email_subject: 'Keep {{REPRESENTATIVE_DISTRICT}} green',
  email_body: 'Dear {{REPRESENTATIVE_NAME}},\nKeep it.\n{{SUPPORTER_NAME}}',
  call_to_action: 'Write to your representatives',
  cover_url: null,
  target_levels: ['federal', 'municipal'],
  status: 'active',
  allow_server_send: true,
  allow_mailto: true,
  collect_supporter_info: true,
  allow_editing: false,
  show_response_wall: false,
  featured: false,
  email_count: 41,
};

function rep(id: string, name: string, email: string, level: Representative['level']): Representative {
  return { id, name, email, elected_office: 'MP', level, district: 'Riverside', party: '', photo_url: '', offices: [] };
}

const reps = [rep('r1', 'Avery Lee', 'avery@example.org', 'federal'), rep('r2', 'Jordan Park', '', 'municipal')];

function server(page: PublicCampaign = campaign) {
  return new FakeServer()
    .on('GET', '/api/public/campaigns/keep-the-park', data(page))
    .on('POST', '/api/public/representatives/lookup', data({ postal_code: 'K1A 0B1', representatives: reps }));
}

describe('a campaign page', () => {
  it('takes a stranger from a postal code to a sent email', async () => {
    const fake = server().on(
      'POST',
      '/api/public/campaigns/keep-the-park/send',
      data({ emails: [{ id: 'e1', representative_id: 'r1', recipient_name: 'Avery Lee' }], email_count: 42 }, 201),
    );
    const { user } = renderApp('/campaigns/keep-the-park', { server: fake, sessionHint: false });
    expect(await screen.findByRole('heading', { name: 'Keep the park' })).toBeTruthy();
    expect(screen.getByText('41 emails written')).toBeTruthy();

    await user.type(screen.getByLabelText('Your postal code'), ' k1a-0b1 ');
    await user.click(screen.getByRole('button', { name: 'Find my representatives' }));
    expect(fake.callsTo('POST', '/api/public/representatives/lookup')[0].body).toEqual({ campaign: 'keep-the-park', postal_code: 'K1A 0B1' });

    const avery = await screen.findByRole('checkbox', { name: /Avery Lee/ });
    expect((avery as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: /Jordan Park/ }) as HTMLInputElement).disabled).toBe(true);
    await user.type(screen.getByLabelText('Your name'), 'Sam');
    await user.type(screen.getByLabelText('Your email'), 'sam@example.org');
    const letter = screen.getByText(/The email Avery Lee gets/).closest('details') as HTMLElement;
    expect(within(letter).getByText('Keep Riverside green')).toBeTruthy();
    expect(within(letter).getByText(/Dear Avery Lee,/).textContent).toContain('Sam');

    await user.click(screen.getByRole('button', { name: 'Send now' }));
    expect(await screen.findByText(/Your email is on its way to Avery Lee/)).toBeTruthy();
    expect(fake.callsTo('POST', '/api/public/campaigns/keep-the-park/send')[0].body).toEqual({
      postal_code: 'K1A 0B1',
      supporter_name: 'Sam',
      supporter_email: 'sam@example.org',
      representative_ids: ['r1'],
    });
    expect(screen.getByText('42 emails written')).toBeTruthy();
  });

  it('catches a wrong postal code before asking, and says why a send is refused', async () => {
    const fake = server().on(
      'POST',
      '/api/public/campaigns/keep-the-park/send',
      errorReply(409, 'You already wrote to Avery Lee about this campaign today.', 'ALREADY_SENT'),
    );
    const { user } = renderApp('/campaigns/keep-the-park', { server: fake, sessionHint: false });
    await user.type(await screen.findByLabelText('Your postal code'), 'D1A 0B1');
    await user.click(screen.getByRole('button', { name: 'Find my representatives' }));
    expect(await screen.findByText('Enter a Canadian postal code, like K1A 0B1')).toBeTruthy();
    expect(fake.callsTo('POST', '/api/public/representatives/lookup')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Your postal code'));
    await user.type(screen.getByLabelText('Your postal code'), 'K1A0B1');
    await user.click(screen.getByRole('button', { name: 'Find my representatives' }));
    await user.click(await screen.findByRole('button', { name: 'Send now' }));
    expect(await screen.findByText('Your name is required')).toBeTruthy();
    await user.type(screen.getByLabelText('Your name'), 'Sam');
    await user.type(screen.getByLabelText('Your email'), 'sam@example.org');
    await user.click(screen.getByRole('button', { name: 'Send now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already wrote to Avery Lee');
  });

  it('lets the supporter edit the message only when the campaign allows it', async () => {
    const fake = server({ ...campaign, allow_editing: true, allow_server_send: false }).on(
      'POST',
      '/api/public/campaigns/keep-the-park/mailto',
      data({ mailto: 'mailto:avery@example.org?subject=x&body=y', subject: 'x', body: 'y', recipients: [reps[0]], mailto_count: 1 }, 201),
    );
    const { user } = renderApp('/campaigns/keep-the-park', { server: fake, sessionHint: false });
    await user.type(await screen.findByLabelText('Your postal code'), 'K1A 0B1');
    await user.click(screen.getByRole('button', { name: 'Find my representatives' }));
    const body = await screen.findByLabelText('Your message');
    await user.clear(body);
    await user.type(body, 'My own words');
    await user.type(screen.getByLabelText('Your name'), 'Sam');
    await user.type(screen.getByLabelText('Your email'), 'sam@example.org');
    expect(screen.queryByRole('button', { name: 'Send now' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Open in my email app' }));
    await waitFor(() => expect(fake.callsTo('POST', '/api/public/campaigns/keep-the-park/mailto')).toHaveLength(1));
    expect(fake.callsTo('POST', '/api/public/campaigns/keep-the-park/mailto')[0].body).toMatchObject({ body: 'My own words' });
    expect((await screen.findByRole('link', { name: 'Open the message in your email program' })).getAttribute('href')).toBe(
      'mailto:avery@example.org?subject=x&body=y',
    );
  });
});

describe('the Changemaker start page', () => {
  it('shows each role only the Influence links it may use', async () => {
    const { unmount } = renderApp('/changemaker', { signedInAs: makeUser({ role: 'USER' }) });
    expect(await screen.findByRole('link', { name: 'My campaigns' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Email queue' })).toBeNull();
    unmount();
    renderApp('/changemaker', { signedInAs: makeUser({ role: 'INFLUENCE_ADMIN' }) });
    expect(await screen.findByRole('link', { name: 'Email queue' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Representatives' })).toBeTruthy();
  });

  it('keeps a TEMP account to the public pages', async () => {
    renderApp('/changemaker', { signedInAs: makeUser({ role: 'TEMP' }) });
    expect(await screen.findByRole('link', { name: 'Public campaigns' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'My campaigns' })).toBeNull();
  });
});
