import { describe, expect, it } from 'vitest';
import { normaliseGrowth, normaliseHeatmap } from '../api/trajectory';
import { ageShort, ageText, daysBetween } from './dates';
import { roundTicks, xWindow, yWindow } from './growth/growthScale';
import { level, yearCells } from './heatmap/calendar';
import { ordinal } from './labels';
import { measurementPayload, measurementProblems, AT_LEAST_ONE } from './records/measurementModel';
import { visitPayload, visitProblems, visitValues } from './records/visitModel';
import { formatQuantity, fromInput, toInput } from './units';
import { dateOfBirthProblem, emailProblem, nameProblem } from './validation';

describe('units', () => {
  it('shows SI values in the user’s units and reads them back as SI', () => {
    expect(formatQuantity('metric', 'weight', 3.5)).toBe('3.5 kg');
    expect(formatQuantity('imperial', 'weight', 3.5)).toBe('7.72 lb');
    expect(formatQuantity('imperial', 'length', 50.8)).toBe('20 in');
    expect(formatQuantity('imperial', 'temperature', 38.5)).toBe('101.3 °F');
    expect(fromInput('imperial', 'weight', '7.5')).toBe(3.402);
    expect(fromInput('imperial', 'length', '20')).toBe(50.8);
    expect(fromInput('imperial', 'temperature', '101.3')).toBe(38.5);
    expect(fromInput('metric', 'weight', '3,25')).toBe(3.25);
    expect(fromInput('metric', 'weight', '')).toBeNull();
    expect(fromInput('metric', 'weight', 'heavy')).toBeNaN();
  });

  it('round-trips a value through the form without drift', () => {
    const shown = toInput('imperial', 'weight', 9.65);
    expect(shown).toBe('21.27');
    expect(fromInput('imperial', 'weight', shown)).toBeCloseTo(9.65, 2);
  });
});

describe('dates and labels', () => {
  it('says a child’s age in days, weeks, months or years', () => {
    expect(ageText('2025-01-01', '2025-01-04')).toBe('3 days');
    expect(ageText('2025-01-01', '2025-02-05')).toBe('5 weeks');
    expect(ageText('2024-01-15', '2025-01-14')).toBe('11 months');
    expect(ageText('2022-01-15', '2025-04-20')).toBe('3 years 3 months');
    expect(ageText('2023-01-15', '2025-01-15')).toBe('2 years');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('writes percentiles as ordinals', () => {
    expect(ordinal(50)).toBe('50th');
    expect(ordinal(1.2)).toBe('1st');
    expect(ordinal(2.4)).toBe('2nd');
    expect(ordinal(23)).toBe('23rd');
    expect(ordinal(12)).toBe('12th');
    expect(ordinal(99.62)).toBe('99.6th');
  });
});

describe('growth chart axes', () => {
  it('states ages as parents say them, a first birthday as a year', () => {
    expect(ageShort('2023-01-15', '2024-01-15')).toBe('1 y');
    expect(ageShort('2024-01-15', '2024-07-15')).toBe('6 mo');
    expect(ageShort('2024-01-15', '2024-07-14')).toBe('5 mo');
    expect(ageShort('2024-01-15', '2024-01-27')).toBe('12 d');
    expect(ageShort('2023-01-15', '2024-03-20')).toBe('1 y 2 mo');
  });

  it('puts ticks on round values', () => {
    expect(roundTicks(4.93, 13.14, [1, 2, 3, 6, 12])).toEqual([6, 8, 10, 12]);
    expect(roundTicks(0, 60, [1, 2, 3, 6, 12, 24])).toEqual([0, 12, 24, 36, 48, 60]);
    expect(roundTicks(62.3, 88.1, [1, 2, 5, 10])).toEqual([65, 70, 75, 80, 85]);
  });

  it('fits the y axis to what is shown, on round ticks', () => {
    const rows = [{ x: 0, p3: 2.5, p15: 2.9, p50: 3.3, p85: 3.9, p97: 4.2 }, { x: 18, p3: 8.5, p15: 9.3, p50: 10.4, p85: 11.4, p97: 12.5 }];
    const point = { x: 12, value: 9.65, measured_on: '2025-01-15', percentile: 50, z: 0 };
    expect(yWindow(rows, [point])).toEqual({ domain: [2, 14], ticks: [2, 4, 6, 8, 10, 12, 14] });
  });

  it('fits a length axis to the child’s points', () => {
    const rows = [45, 60, 75, 90, 110].map((x) => ({ x, p3: 1, p15: 2, p50: 3, p85: 4, p97: 5 }));
    const point = { x: 75.7, value: 9.65, measured_on: '2025-01-15', percentile: 50, z: 0 };
    const fitted = xWindow(rows, [point], true, 5);
    expect(fitted.domain).toEqual([70, 81]);
    expect(fitted.rows.map((r) => r.x)).toEqual([75]);
    expect(xWindow(rows, [point], false, 0).domain).toEqual([45, 110]);
  });
});

describe('validation mirrors the API', () => {
  it('names, dates of birth and emails', () => {
    expect(nameProblem('  ')).toBe('Name must be 1 to 100 characters');
    expect(nameProblem('x'.repeat(101))).toBe('Name must be 1 to 100 characters');
    expect(nameProblem(' Ada ')).toBeNull();
    expect(dateOfBirthProblem('2030-01-01', '2025-01-01')).toBe('Date of birth cannot be in the future');
    expect(dateOfBirthProblem('1990-01-01', '2025-01-01')).toBe('Date of birth is more than 25 years ago');
    expect(dateOfBirthProblem('2025-01-01', '2025-01-01')).toBeNull();
    expect(emailProblem('grace@example')).toBe('Enter a valid email address');
    expect(emailProblem('grace@example.org')).toBeNull();
  });

  it('sick visits that happened need an illness type; appointments do not', () => {
    const sick = { ...visitValues(undefined, 'sick'), type: 'sick' as const, visit_date: '2025-01-10' };
    expect(visitProblems(sick, '2024-01-01', '2025-01-20').illness_types).toBe('A sick visit needs at least one illness type');
    expect(visitProblems({ ...sick, visit_date: '2025-02-10' }, '2024-01-01', '2025-01-20')).toEqual({});
    const injury = { ...sick, type: 'injury' as const };
    expect(visitProblems(injury, '2024-01-01', '2025-01-20').injury_type).toBe('An injury visit needs the type of injury');
    expect(visitProblems({ ...sick, visit_date: '2023-12-31' }, '2024-01-01', '2025-01-20').visit_date).toBe(
      "Cannot be before the child's date of birth (2024-01-01)",
    );
    expect(visitProblems({ ...sick, visit_date: '2027-06-01' }, '2024-01-01', '2025-01-20').visit_date).toBe(
      'Cannot be more than two years from today',
    );
  });

  it('checks refraction and cavities under the API’s field names', () => {
    const vision = { ...visitValues(), type: 'vision' as const, right_eye: { sphere: '-31', cylinder: '', axis: '181' } };
    expect(visitProblems(vision, '2020-01-01')).toEqual({
      'vision.right_eye.sphere': 'Must be between -30 and 30 dioptres',
      'vision.right_eye.axis': 'Must be between 0 and 180 degrees',
    });
    const dental = { ...visitValues(), type: 'dental' as const, cavities_found: '33' };
    expect(visitProblems(dental, '2020-01-01')).toEqual({ 'dental.cavities_found': 'Must be between 0 and 32' });
  });

  it('sends only the fields of the chosen visit type, vision and dental nested', () => {
    const values = { ...visitValues(), type: 'dental' as const, visit_date: '2025-01-10', cavities_found: '2', procedures: 'cleaning, x-ray', illness_types: ['flu' as const] };
    const payload = visitPayload(values);
    expect(payload).toMatchObject({ type: 'dental', dental: { cavities_found: 2, procedures: ['cleaning', 'x-ray'], cleaning: false } });
    expect(payload).not.toHaveProperty('illness_types');
    expect(payload).not.toHaveProperty('vision');
    const vision = visitPayload({ ...values, type: 'vision', right_eye: { sphere: '-1.25', cylinder: '-0.5', axis: '90' } });
    expect(vision.vision).toEqual({
      right_eye: { sphere: -1.25, cylinder: -0.5, axis: 90 },
      left_eye: { sphere: null, cylinder: null, axis: null },
      glasses_ordered: false,
      contacts_ordered: false,
    });
    expect(vision).not.toHaveProperty('dental');
  });

  it('a measurement needs a value and a date between birth and today', () => {
    const empty = measurementPayload('metric', { weight: '', height: '', head: '', measured_on: '2025-01-10', notes: '' });
    expect(measurementProblems(empty, '2024-01-01', 'metric', '2025-02-01').weight_kg).toBe(AT_LEAST_ONE);
    const early = measurementPayload('metric', { weight: '4', height: '', head: '', measured_on: '2023-12-01', notes: '' });
    expect(measurementProblems(early, '2024-01-01', 'metric', '2025-02-01').measured_on).toBe("Cannot be before the child's date of birth (2024-01-01)");
    const later = measurementPayload('metric', { weight: '4', height: '', head: '', measured_on: '2025-02-02', notes: '' });
    expect(measurementProblems(later, '2024-01-01', 'metric', '2025-02-01').measured_on).toBe('Cannot be in the future');
    const heavy = measurementPayload('imperial', { weight: '900', height: '', head: '', measured_on: '2025-01-10', notes: '' });
    expect(measurementProblems(heavy, '2024-01-01', 'imperial', '2025-02-01').weight_kg).toBe('Must be between 0.44 and 551.16 lb');
  });
});

describe('heatmap calendar', () => {
  it('lays out every day of the year in week columns, Monday first', () => {
    const cells = yearCells(2024, new Map([['2024-03-05', 2]]));
    expect(cells).toHaveLength(366);
    expect(cells[0]).toMatchObject({ date: '2024-01-01', weekday: 0, week: 0 });
    expect(cells.find((c) => c.date === '2024-03-05')?.count).toBe(2);
    expect([0, 1, 2, 5].map(level)).toEqual([0, 1, 2, 3]);
  });
});

describe('reading the health answers', () => {
  it('accepts growth curves as a list or as {axis, points}', () => {
    const curve = { x: 365, p3: 7.8, p15: 8.6, p50: 9.6, p85: 10.8, p97: 11.8 };
    const a = normaliseGrowth({ indicator: 'weight_for_age', points: [{ measured_on: '2025-01-15', age_days: 366, value: 9.65, z: 0, percentile: 50 }], curves: [curve] }, 'weight_for_age');
    const b = normaliseGrowth({ points: [{ measured_on: '2025-01-15', x: 366, value: 9.65, z: 0, percentile: 50 }], curves: { axis: 'age_days', points: [curve] } }, 'weight_for_age');
    expect(a).toEqual(b);
    expect(a.points[0]).toMatchObject({ x: 366, value: 9.65, percentile: 50 });
  });

  it('reads heatmap days as a list or a map', () => {
    expect(normaliseHeatmap([{ date: '2025-02-01', count: 1 }])).toEqual([{ date: '2025-02-01', count: 1 }]);
    expect(normaliseHeatmap({ days: [{ date: '2025-02-01', count: 2 }, { date: '2025-02-02', count: 0 }] })).toEqual([{ date: '2025-02-01', count: 2 }]);
    expect(normaliseHeatmap({ '2025-02-01': 3 })).toEqual([{ date: '2025-02-01', count: 3 }]);
  });
});
