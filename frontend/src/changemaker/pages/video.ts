/** How a video block plays: YouTube and Vimeo in their players, anything else as a file. */
export type VideoSource = { kind: 'embed'; src: string } | { kind: 'file'; src: string };

/** The player for `url`; YouTube plays from its no-cookie domain. */
export function videoSource(url: string): VideoSource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'file', src: url };
  }
  const host = parsed.hostname.replace(/^www\.|^m\./, '');
  const youtube =
    host === 'youtu.be'
      ? parsed.pathname.slice(1)
      : host === 'youtube.com' || host === 'youtube-nocookie.com'
        ? parsed.searchParams.get('v') ?? parsed.pathname.match(/^\/(?:embed|shorts)\/([\w-]+)/)?.[1]
        : undefined;
  if (youtube && /^[\w-]+$/.test(youtube)) {
    return { kind: 'embed', src: `https://www.youtube-nocookie.com/embed/${youtube}` };
  }
  const vimeo = host === 'vimeo.com' ? parsed.pathname.match(/^\/(\d+)/)?.[1] : undefined;
  if (vimeo) return { kind: 'embed', src: `https://player.vimeo.com/video/${vimeo}` };
  return { kind: 'file', src: url };
}
