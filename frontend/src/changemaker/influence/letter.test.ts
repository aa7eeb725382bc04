import { describe, expect, it } from 'vitest';
import { names, preview } from './letter';
import { normalisePostalCode } from './postalCode';

describe('the message preview', () => {
  it('fills in variables and if blocks as the server does', () => {
    const template = 'Dear {{REPRESENTATIVE_NAME}},\n{{#if SUPPORTER_NAME}}From {{SUPPORTER_NAME}}{{else}}A resident{{/if}}';
    expect(preview(template, { REPRESENTATIVE_NAME: 'Avery Lee', SUPPORTER_NAME: 'Sam' })).toBe('Dear Avery Lee,\nFrom Sam');
    expect(preview(template, { REPRESENTATIVE_NAME: 'Avery Lee', SUPPORTER_NAME: '' })).toBe('Dear Avery Lee,\nA resident');
  });

  it('shows what it has no value for, and never re-reads a value', () => {
    expect(preview('Hi {{POSTAL_CODE}}', {})).toBe('Hi [Postal code]');
    expect(preview('{{SUPPORTER_NAME}}', { SUPPORTER_NAME: '{{POSTAL_CODE}}' })).toBe('{{POSTAL_CODE}}');
  });

  it('names several people in a sentence', () => {
    expect(names(['A'])).toBe('A');
    expect(names(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('postal codes', () => {
  it('are read however they are typed', () => {
    for (const typed of ['a1a1a1', 'A1A 1A1', ' a1a-1a1 ']) expect(normalisePostalCode(typed)).toBe('A1A 1A1');
  });

  it('refuse what Canada Post never issues', () => {
    for (const bad of ['', 'A1A', 'D1A 1A1', 'W1A 1A1', 'Z1A 1A1', 'A1O 1A1', '12345', 'A1A  1A1', 'A1A--1A1']) {
      expect(normalisePostalCode(bad)).toBeNull();
    }
    expect(normalisePostalCode('X0A 1W0')).toBe('X0A 1W0');
  });
});
