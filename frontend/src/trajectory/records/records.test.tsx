import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, makeUser } from '../../test/fakeServer';
import { descriptionOf, renderApp } from '../../test/renderApp';
import { CHILD_ID, childServer, data, imperialUser, makeIllness, makeMeasurement, makeVisit, page } from '../../test/trajectory';
import { today } from '../dates';

describe('record forms', () => {
  it('a wellness visit with its measurement: the visit first, then the measurement linked to it, in SI', async () => {
    const visit = makeVisit({ visit_date: '2025-01-15' });
    const server = childServer()
      .on('POST', `/api/children/${CHILD_ID}/visits`, data(visit, 201))
      .on('POST', `/api/children/${CHILD_ID}/measurements`, data(makeMeasurement(), 201));
    const { user, location } = renderApp(`/trajectory/children/${CHILD_ID}/new/visits`, { server, signedInAs: imperialUser });

    const date = await screen.findByLabelText('Date');
    await user.clear(date);
    await user.type(date, '2025-01-15');
    await user.type(screen.getByLabelText('Title'), 'One-year check-up');
    await user.type(screen.getByLabelText('Vaccines given'), 'MMR, Varicella');
    await user.type(screen.getByLabelText('Weight (lb)'), '21.27');
    await user.type(screen.getByLabelText('Length or height (in)'), '29.8');
    await user.click(screen.getByRole('button', { name: 'Add visit' }));

    await waitFor(() => expect(location()).toBe(`/trajectory/children/${CHILD_ID}`));
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/visits`)[0].body).toMatchObject({
      type: 'wellness',
      visit_date: '2025-01-15',
      title: 'One-year check-up',
      vaccines: ['MMR', 'Varicella'],
    });
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/measurements`)[0].body).toEqual({
      measured_on: '2025-01-15',
      weight_kg: 9.648,
      height_cm: 75.69,
      head_circumference_cm: null,
      visit_id: visit.id,
      notes: '',
    });
  });

  it('a sick visit that happened names an illness; the type’s own fields appear with the type', async () => {
    const server = childServer();
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/new/visits`, { server, signedInAs: makeUser() });

    expect(screen.queryByText('Illness types')).toBeNull();
    await user.selectOptions(await screen.findByLabelText('Type of visit'), 'sick');
    await user.click(screen.getByRole('button', { name: 'Add visit' }));

    expect(await screen.findByText('A sick visit needs at least one illness type')).toBeTruthy();
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/visits`)).toHaveLength(0);

    await user.selectOptions(screen.getByLabelText('Type of visit'), 'injury');
    expect(screen.queryByText('Illness types')).toBeNull();
    expect(screen.getByLabelText('Injury')).toBeTruthy();
  });

  it('a measurement needs at least one value and shows the API’s field messages', async () => {
    const server = childServer().on(
      'POST',
      `/api/children/${CHILD_ID}/measurements`,
      errorReply(422, 'Validation failed', 'VALIDATION', { head_circumference_cm: 'Head circumference is out of range for this age' }),
    );
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/new/measurements`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('button', { name: 'Add measurement' }));
    expect(descriptionOf(screen.getByLabelText('Weight (kg)'))).toBe('Give at least one of weight, height or head circumference');
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/measurements`)).toHaveLength(0);

    await user.type(screen.getByLabelText('Head circumference (cm)'), '60');
    await user.click(screen.getByRole('button', { name: 'Add measurement' }));
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Head circumference (cm)'))).toBe('Head circumference is out of range for this age'),
    );
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/measurements`)[0].body).toMatchObject({
      measured_on: today(),
      head_circumference_cm: 60,
      weight_kg: null,
    });
  });

  it('an illness checks type, dates, temperature (in °F for imperial users) and severity', async () => {
    const server = childServer();
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/new/illnesses`, { server, signedInAs: imperialUser });

    const start = await screen.findByLabelText('Start date');
    await user.clear(start);
    await user.type(start, '2025-02-05');
    await user.type(screen.getByLabelText('End date'), '2025-02-01');
    await user.type(screen.getByLabelText('Highest temperature (°F)'), '120');
    await user.click(screen.getByRole('button', { name: 'Add illness' }));

    expect(await screen.findByText('Choose at least one illness type')).toBeTruthy();
    expect(descriptionOf(screen.getByLabelText('End date'))).toContain('Cannot be before the start date');
    expect(descriptionOf(screen.getByLabelText('Highest temperature (°F)'))).toBe('Must be between 95 and 113 °F');
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/illnesses`)).toHaveLength(0);
  });

  it('editing sends the record’s updated_at; a STALE answer offers to reload', async () => {
    const illness = makeIllness();
    const server = childServer({ illnesses: [illness] })
      .on('GET', `/api/illnesses/${illness.id}`, data(illness))
      .on('GET', `/api/illnesses/${illness.id}/attachments`, page([]))
      .on('PATCH', `/api/illnesses/${illness.id}`, errorReply(409, 'Someone else changed this record since you opened it; reload and try again', 'STALE'));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/illnesses/${illness.id}/edit`, { server, signedInAs: makeUser() });

    expect(((await screen.findByLabelText('Highest temperature (°C)')) as HTMLInputElement).value).toBe('39.2');
    await user.selectOptions(screen.getByLabelText('Severity'), '8');
    await user.click(screen.getByRole('button', { name: 'Save illness' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/Someone else changed this record/);
    expect(screen.getByRole('button', { name: 'Reload the latest version' })).toBeTruthy();
    expect(server.callsTo('PATCH', `/api/illnesses/${illness.id}`)[0].body).toMatchObject({
      severity: 8,
      illness_types: ['flu'],
      updated_at: illness.updated_at,
    });
  });

  it('an edited visit shows its own files, and the vision fields it was saved with', async () => {
    const visit = makeVisit({
      type: 'vision',
      vision: { right_eye: { sphere: -1.25, cylinder: null, axis: null }, left_eye: { sphere: -1, cylinder: null, axis: null }, glasses_ordered: true, contacts_ordered: false },
    });
    const server = childServer({ visits: [visit] })
      .on('GET', `/api/visits/${visit.id}`, data(visit))
      .on('GET', `/api/visits/${visit.id}/attachments`, page([]))
      .on('PATCH', `/api/visits/${visit.id}`, errorReply(422, 'Validation failed', 'VALIDATION', { 'vision.left_eye.axis': 'Must be between 0 and 180 degrees' }));
    const { user } = renderApp(`/trajectory/children/${CHILD_ID}/visits/${visit.id}/edit`, { server, signedInAs: makeUser() });

    expect(((await screen.findByLabelText('Right eye: sphere')) as HTMLInputElement).value).toBe('-1.25');
    expect((screen.getByLabelText('Glasses ordered') as HTMLInputElement).checked).toBe(true);
    expect(await screen.findByRole('heading', { name: 'Files of this visit' })).toBeTruthy();
    expect(server.callsTo('GET', `/api/visits/${visit.id}/attachments`)).toHaveLength(1);

    await user.type(screen.getByLabelText('Left eye: axis'), '90');
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Left eye: axis'))).toBe('Must be between 0 and 180 degrees'));
    expect(server.callsTo('PATCH', `/api/visits/${visit.id}`)[0].body).toMatchObject({
      type: 'vision',
      vision: { left_eye: { sphere: -1, cylinder: null, axis: 90 }, glasses_ordered: true },
      updated_at: visit.updated_at,
    });
  });
});

describe('where a saved record returns', () => {
  it('an illness started from the Illnesses tab returns there', async () => {
    const server = childServer()
      .on('GET', '/api/illnesses/heatmap', data([]))
      .on('POST', `/api/children/${CHILD_ID}/illnesses`, data(makeIllness(), 201));
    const { user, location } = renderApp(`/trajectory/children/${CHILD_ID}/illnesses`, { server, signedInAs: makeUser() });

    await user.click(await screen.findByRole('link', { name: 'Add illness' }));
    await user.click(await screen.findByLabelText('Flu'));
    await user.click(screen.getByRole('button', { name: 'Add illness' }));

    await waitFor(() => expect(location()).toBe(`/trajectory/children/${CHILD_ID}/illnesses`));
    expect(server.callsTo('POST', `/api/children/${CHILD_ID}/illnesses`)).toHaveLength(1);
  });

  it('a record started from the timeline returns to the timeline', async () => {
    const server = childServer().on('POST', `/api/children/${CHILD_ID}/illnesses`, data(makeIllness(), 201));
    const { user, location } = renderApp(`/trajectory/children/${CHILD_ID}`, { server, signedInAs: makeUser() });
    await user.click(await screen.findByRole('link', { name: 'Add illness' }));
    await user.click(await screen.findByLabelText('Flu'));
    await user.click(screen.getByRole('button', { name: 'Add illness' }));
    await waitFor(() => expect(location()).toBe(`/trajectory/children/${CHILD_ID}`));
  });
});
