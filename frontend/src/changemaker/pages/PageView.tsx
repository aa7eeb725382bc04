/**
 * A landing page's blocks as visitors see them, for the public page and the
 * editor's live preview. Every field is text, rendered as text; only a text
 * block's rich text is HTML, and it goes through the allow-list first.
 */
import type { ReactNode } from 'react';
import { CampaignEmbed } from './CampaignEmbed';
import { ContactForm } from './ContactForm';
import { safeHref, sanitize } from './sanitize';
import type { BlockOf, PageBlock } from './types';
import { videoSource } from './video';
import './pages.css';

interface PageViewProps {
  blocks: PageBlock[];
  /** The page's slug, for its contact form; none in a preview of an unsaved page. */
  slug?: string;
  /** In the editor: forms are shown but not sent. */
  preview?: boolean;
}

/** A link as a button; nothing when the link is not one a page may carry. */
function ButtonLink({ label, url }: { label?: string; url?: string }) {
  const href = url ? safeHref(url) : null;
  if (!label || !href) return null;
  return (
    <a className="button primary lp-button" href={href}>
      {label}
    </a>
  );
}

function Section({ kind, children }: { kind: string; children: ReactNode }) {
  return <section className={`lp-block lp-${kind}`}>{children}</section>;
}

function Hero({ block }: { block: BlockOf<'hero'> }) {
  const image = block.image_url ? safeHref(block.image_url) : null;
  return (
    <Section kind="hero">
      {image && <img className="lp-hero-image" src={image} alt="" />}
      <h1>{block.title}</h1>
      {block.subtitle && <p className="lp-lead">{block.subtitle}</p>}
      <ButtonLink label={block.button_label} url={block.button_url} />
    </Section>
  );
}

function Video({ block }: { block: BlockOf<'video'> }) {
  const source = videoSource(block.url);
  return (
    <Section kind="video">
      {block.title && <h2>{block.title}</h2>}
      <div className="lp-video">
        {source.kind === 'embed' ? (
          <iframe
            src={source.src}
            title={block.title || 'Video'}
            allow="encrypted-media; picture-in-picture; fullscreen"
            sandbox="allow-scripts allow-same-origin allow-presentation"
            referrerPolicy="strict-origin-when-cross-origin"
          />
        ) : (
          <video src={source.src} controls preload="metadata" />
        )}
      </div>
      {block.caption && <p className="muted">{block.caption}</p>}
    </Section>
  );
}

function Block({ block, slug, preview }: { block: PageBlock; slug?: string; preview?: boolean }) {
  switch (block.type) {
    case 'hero':
      return <Hero block={block} />;
    case 'text':
      return (
        <Section kind="text">
          {block.heading && <h2>{block.heading}</h2>}
          <div className="lp-rich" dangerouslySetInnerHTML={{ __html: sanitize(block.html) }} />
        </Section>
      );
    case 'features':
      return (
        <Section kind="features">
          {block.heading && <h2>{block.heading}</h2>}
          <ul className="lp-grid">
            {block.items.map((item, i) => (
              <li key={i}>
                <h3>{item.title}</h3>
                {item.body && <p>{item.body}</p>}
              </li>
            ))}
          </ul>
        </Section>
      );
    case 'call_to_action':
      return (
        <Section kind="cta">
          <h2>{block.heading}</h2>
          {block.body && <p>{block.body}</p>}
          <ButtonLink label={block.button_label} url={block.button_url} />
        </Section>
      );
    case 'testimonials':
      return (
        <Section kind="testimonials">
          {block.heading && <h2>{block.heading}</h2>}
          {block.items.map((item, i) => (
            <figure key={i} className="lp-quote">
              <blockquote>{item.quote}</blockquote>
              <figcaption>
                {item.author}
                {item.role && <span className="muted">, {item.role}</span>}
              </figcaption>
            </figure>
          ))}
        </Section>
      );
    case 'contact_form':
      return (
        <Section kind="contact">
          <ContactForm block={block} slug={slug} preview={preview} />
        </Section>
      );
    case 'video':
      return <Video block={block} />;
    case 'campaign_embed':
      return (
        <Section kind="campaign">
          <CampaignEmbed slug={block.campaign_slug} />
        </Section>
      );
  }
}

/** Every block in order. */
export function PageView({ blocks, slug, preview }: PageViewProps) {
  return (
    <div className="lp">
      {blocks.map((block, i) => (
        <Block key={i} block={block} slug={slug} preview={preview} />
      ))}
    </div>
  );
}
