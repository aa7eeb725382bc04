import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeUser } from '../test/fakeServer';
import { FakeXhr } from '../test/fakeXhr';
import { renderApp } from '../test/renderApp';
import { CHILD_ID, childServer, data, makeChild, page } from '../test/trajectory';

const ticket = { upload_url: 'http://storage.test/bucket/avatars/x?sig=1', key: 'avatars/x', expires_at: '2025-01-10T10:10:00Z' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('uploads', () => {
  it('an avatar goes straight to storage with a progress bar, then the server confirms it', async () => {
    FakeXhr.install();
    const server = childServer()
      .on('POST', `/api/children/${CHILD_ID}/avatar/upload`, data(ticket))
      .on('PUT', `/api/children/${CHILD_ID}/avatar`, data(makeChild({ has_avatar: true, updated_at: '2025-01-11T10:00:00Z' })))
      .on('GET', `/api/children/${CHILD_ID}/avatar`, { status: 200, body: 'png' });
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server, signedInAs: makeUser() });

    const photo = new File([new Uint8Array(2048)], 'byron.png', { type: 'image/png' });
    await user.upload(await screen.findByLabelText('Add a photo'), photo);

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    const xhr = FakeXhr.instances[0];
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/avatar/upload`)[0].body).toEqual({ content_type: 'image/png', size: 2048 });
    expect([xhr.method, xhr.url, xhr.headers['Content-Type'], xhr.body]).toEqual(['PUT', ticket.upload_url, 'image/png', photo]);

    xhr.progress(1024, 2048);
    const bar = await screen.findByRole('progressbar', { name: 'Upload of byron.png' });
    await waitFor(() => expect(bar.getAttribute('value')).toBe('50'));
    expect(screen.getByText(/Uploading byron.png: 50%/)).toBeTruthy();

    xhr.respond(200);
    expect(await screen.findByText('The photo has been saved.')).toBeTruthy();
    expect(server.callsTo('PUT', `/api/children/${CHILD_ID}/avatar`)[0].body).toEqual({ key: 'avatars/x' });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((await screen.findAllByRole('img', { name: 'Photo of Byron' })).length).toBeGreaterThan(0);
  });

  it('refuses an avatar the API would refuse, before uploading anything', async () => {
    FakeXhr.install();
    const server = childServer();
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server, signedInAs: makeUser() });

    const input = await screen.findByLabelText('Add a photo');
    await user.upload(input, new File([new Uint8Array(6 * 1024 * 1024)], 'huge.jpg', { type: 'image/jpeg' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The file is larger than 5 MB');
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/avatar/upload`)).toHaveLength(0);
    expect(FakeXhr.instances).toHaveLength(0);
  });

  it('a PDF is uploaded with progress, confirmed with its name and listed', async () => {
    FakeXhr.install();
    const attachment = {
      id: 'a1', owner_type: 'child', owner_id: CHILD_ID, filename: 'blood-test.pdf', content_type: 'application/pdf',
      size_bytes: 4000, document_type: 'Lab result', created_at: '2025-01-10T10:00:00Z', updated_at: '2025-01-10T10:00:00Z',
    };
    const server = childServer()
      .on('POST', '/api/attachments/upload', data(ticket))
      .on('POST', '/api/attachments', data(attachment, 201));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/files`, { server, signedInAs: makeUser() });

    await user.upload(await screen.findByLabelText('File'), new File([new Uint8Array(4000)], 'blood-test.pdf', { type: 'application/pdf' }));
    await user.selectOptions(screen.getByLabelText('Document type'), 'Lab result');
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0].progress(1000, 4000);
    const bar = await screen.findByRole('progressbar', { name: 'Upload of blood-test.pdf' });
    await waitFor(() => expect(bar.getAttribute('value')).toBe('25'));
    FakeXhr.instances[0].respond(200);

    expect(await screen.findByText('blood-test.pdf')).toBeTruthy();
    expect(server.callsTo('POST', '/api/attachments/upload')[0].body).toEqual({
      owner_type: 'child', owner_id: CHILD_ID, filename: 'blood-test.pdf', content_type: 'application/pdf', size: 4000,
    });
    expect(server.callsTo('POST', '/api/attachments')[0].body).toEqual({
      key: 'avatars/x', owner_type: 'child', owner_id: CHILD_ID, filename: 'blood-test.pdf', document_type: 'Lab result',
    });
    expect(screen.getByRole('button', { name: 'Preview' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download' })).toBeTruthy();
  });

  it('refuses a type the API would refuse, and says when storage refuses the bytes', async () => {
    FakeXhr.install();
    const server = childServer().on('POST', '/api/attachments/upload', data(ticket));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/files`, { server, signedInAs: makeUser() });

    // The picker only offers accepted types; a drop or another browser may still hand over anything.
    await userEvent.setup({ applyAccept: false }).upload(await screen.findByLabelText('File'), new File(['x'], 'notes.txt', { type: 'text/plain' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Only PDF, JPEG, PNG, WebP and HEIC files are accepted');
    expect(server.callsTo('POST', '/api/attachments/upload')).toHaveLength(0);

    await user.upload(screen.getByLabelText('File'), new File(['%PDF'], 'scan.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0].respond(403);
    expect((await screen.findByRole('alert')).textContent).toBe('The upload failed (status 403)');
    expect(server.callsTo('POST', '/api/attachments')).toHaveLength(0);
  });

  it('a file is deleted only after asking', async () => {
    const attachment = {
      id: 'a1', child_id: CHILD_ID, owner_type: 'child', owner_id: CHILD_ID, filename: 'blood-test.pdf', content_type: 'application/pdf',
      size_bytes: 4000, document_type: 'Lab result', created_at: '2025-01-10T10:00:00Z', updated_at: '2025-01-10T10:00:00Z',
    };
    const server = childServer()
      .on('GET', `/api/children/${CHILD_ID}/attachments`, page([attachment]))
      .on('DELETE', '/api/attachments/a1', { status: 204 });
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/files`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('group', { name: 'Delete blood-test.pdf?' })).toBeTruthy();
    expect(server.callsTo('DELETE', '/api/attachments/a1')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Yes, delete blood-test.pdf' }));

    await waitFor(() => expect(screen.queryByText('blood-test.pdf')).toBeNull());
    expect(server.callsTo('DELETE', '/api/attachments/a1')).toHaveLength(1);
  });
});

describe('messages', () => {
  it('a new action clears the last one’s message instead of piling them up', async () => {
    FakeXhr.install();
    const server = childServer()
      .on('POST', `/api/children/${CHILD_ID}/avatar/upload`, data(ticket))
      .on('PUT', `/api/children/${CHILD_ID}/avatar`, data(makeChild({ has_avatar: true, updated_at: '2025-01-11T10:00:00Z' })))
      .on('GET', `/api/children/${CHILD_ID}/avatar`, { status: 200, body: 'png' })
      .on('PATCH', `/api/children/${CHILD_ID}`, data(makeChild({ has_avatar: true, name: 'Lord Byron', updated_at: '2025-01-12T10:00:00Z' })));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/details`, { server, signedInAs: makeUser() });

    await user.upload(await screen.findByLabelText('Add a photo'), new File([new Uint8Array(20)], 'b.png', { type: 'image/png' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0].respond(200);
    expect(await screen.findByText('The photo has been saved.')).toBeTruthy();

    const name = screen.getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Lord Byron');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The details have been saved.')).toBeTruthy();
    expect(screen.queryByText('The photo has been saved.')).toBeNull();
  });
});

describe('the file area', () => {
  it('takes a file dropped on it', async () => {
    const server = childServer();
    renderApp(`/trajectory/children/${CHILD_ID}/files`, { server, signedInAs: makeUser() });
    const area = (await screen.findByText('or drop it here')).closest('label')!;
    const file = new File(['%PDF-1.4'], 'dropped.pdf', { type: 'application/pdf' });
    fireEvent.dragOver(area, { dataTransfer: { files: [file] } });
    expect(area.className).toContain('dragging');
    fireEvent.drop(area, { dataTransfer: { files: [file] } });
    expect(area.textContent).toContain('dropped.pdf');
    expect(area.className).not.toContain('dragging');
  });
});
