import { useMemo } from 'react';
import type { ApiClient, Page } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import type {
  ContactInput,
  ContactSubmission,
  EmailTemplate,
  LandingPage,
  NewPage,
  NewTemplateVersion,
  PagePatch,
  PageSummary,
  PublicPage,
  TemplateDiff,
  TemplatePreview,
  TemplateSource,
  TemplateSummary,
  TemplateTestSent,
  TemplateVersion,
} from './types';

const id = encodeURIComponent;

/** Largest page the API serves; the module's lists fit in one. */
const MAX_LIMIT = 200;

/** The Pages endpoints (landing pages, email templates) on the app's one ApiClient. */
export class PagesApi {
  constructor(private readonly api: ApiClient) {}

  // ---- landing pages ----

  pages(query: { q?: string; status?: string } = {}): Promise<Page<PageSummary>> {
    return this.api.requestPage('/api/pages', { ...query, limit: MAX_LIMIT });
  }

  page(pageId: string): Promise<LandingPage> {
    return this.api.request('GET', `/api/pages/${id(pageId)}`);
  }

  createPage(page: NewPage): Promise<LandingPage> {
    return this.api.request('POST', '/api/pages', { body: page });
  }

  updatePage(pageId: string, patch: PagePatch): Promise<LandingPage> {
    return this.api.request('PATCH', `/api/pages/${id(pageId)}`, { body: patch });
  }

  deletePage(pageId: string): Promise<void> {
    return this.api.request('DELETE', `/api/pages/${id(pageId)}`);
  }

  submissions(pageId: string): Promise<Page<ContactSubmission>> {
    return this.api.requestPage(`/api/pages/${id(pageId)}/submissions`, { limit: MAX_LIMIT });
  }

  // ---- public ----

  publicPage(slug: string): Promise<PublicPage> {
    return this.api.request('GET', `/api/public/pages/${id(slug)}`);
  }

  sendContact(slug: string, message: ContactInput): Promise<void> {
    return this.api.request('POST', `/api/public/pages/${id(slug)}/contact`, { body: message });
  }

  // ---- email templates ----

  templates(): Promise<Page<TemplateSummary>> {
    return this.api.requestPage('/api/email-templates', { limit: MAX_LIMIT });
  }

  template(templateId: string): Promise<EmailTemplate> {
    return this.api.request('GET', `/api/email-templates/${id(templateId)}`);
  }

  versions(templateId: string): Promise<Page<TemplateVersion>> {
    return this.api.requestPage(`/api/email-templates/${id(templateId)}/versions`, { limit: MAX_LIMIT });
  }

  saveVersion(templateId: string, version: NewTemplateVersion): Promise<TemplateVersion> {
    return this.api.request('POST', `/api/email-templates/${id(templateId)}/versions`, { body: version });
  }

  restore(templateId: string, version: number): Promise<TemplateVersion> {
    return this.api.request('POST', `/api/email-templates/${id(templateId)}/versions/${version}/restore`, { body: {} });
  }

  diff(templateId: string, from: number, to: number): Promise<TemplateDiff> {
    return this.api.request('GET', `/api/email-templates/${id(templateId)}/diff`, { query: { from, to } });
  }

  preview(templateId: string, source: TemplateSource): Promise<TemplatePreview> {
    return this.api.request('POST', `/api/email-templates/${id(templateId)}/preview`, { body: source });
  }

  sendTest(templateId: string, version?: number): Promise<TemplateTestSent> {
    return this.api.request('POST', `/api/email-templates/${id(templateId)}/test`, { body: { version } });
  }
}

/** The Pages endpoints on the app's one API client. */
export function usePagesApi(): PagesApi {
  const { api } = useAuth();
  return useMemo(() => new PagesApi(api), [api]);
}
