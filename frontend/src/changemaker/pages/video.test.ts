import { describe, expect, it } from 'vitest';
import { videoSource } from './video';

describe('videoSource', () => {
  it('embeds YouTube and Vimeo links in their players', () => {
    for (const url of ['https://www.youtube.com/watch?v=abc_1-2', 'https://youtu.be/abc_1-2', 'https://youtube.com/shorts/abc_1-2']) {
      expect(videoSource(url)).toEqual({ kind: 'embed', src: 'https://www.youtube-nocookie.com/embed/abc_1-2' });
    }
    expect(videoSource('https://vimeo.com/12345')).toEqual({ kind: 'embed', src: 'https://player.vimeo.com/video/12345' });
  });

  it('plays anything else as a file', () => {
    expect(videoSource('https://cdn.example.org/v.mp4')).toEqual({ kind: 'file', src: 'https://cdn.example.org/v.mp4' });
    expect(videoSource('https://www.youtube.com/watch?v="><script>')).toEqual({
      kind: 'file',
      src: 'https://www.youtube.com/watch?v="><script>',
    });
  });
});
