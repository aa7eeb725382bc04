import { describe, expect, it } from 'vitest';
import { safeHref, sanitize } from './sanitize';

describe('sanitize', () => {
  it('keeps what an editor writes', () => {
    expect(sanitize('<h2>Why</h2><p>We <strong>need</strong> you</p><ul><li>One</li></ul>')).toBe(
      '<h2>Why</h2><p>We <strong>need</strong> you</p><ul><li>One</li></ul>',
    );
    expect(sanitize('<a href="https://example.org">go</a>')).toBe(
      '<a href="https://example.org" rel="noopener noreferrer nofollow">go</a>',
    );
  });

  it('removes whatever could run or restyle', () => {
    expect(sanitize('<script>alert(1)</script><p>ok</p>')).toBe('<p>ok</p>');
    expect(sanitize('<p onclick="x()" style="color:red">hi</p>')).toBe('<p>hi</p>');
    expect(sanitize('<img src=x onerror=alert(1)>')).toBe('');
    expect(sanitize('<a href="javascript:alert(1)">x</a>')).toBe('<a rel="noopener noreferrer nofollow">x</a>');
    expect(sanitize('<div><span>kept text</span></div>')).toBe('kept text');
    expect(sanitize('<svg><script>alert(1)</script></svg><iframe src="https://evil.test"></iframe>')).toBe('');
  });

  it('accepts web, mail and site links only', () => {
    expect(safeHref('/p/join')).toBe('/p/join');
    expect(safeHref('mailto:a@b.org')).toBe('mailto:a@b.org');
    for (const bad of ['//evil.test', 'javascript:alert(1)', 'data:text/html,x', 'nonsense']) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});
