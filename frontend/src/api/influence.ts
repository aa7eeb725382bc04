import type { ApiClient, Page } from './client';
import type {
  Campaign,
  CampaignFields,
  CampaignListItem,
  CampaignPatch,
  CampaignStats,
  CampaignStatus,
  EmailStatus,
  ImportReport,
  Level,
  LookupResult,
  MailtoLink,
  ModerationStatus,
  NewResponse,
  PublicCampaign,
  PublicResponse,
  QueuedEmail,
  RepresentativeFields,
  RepresentativeRecord,
  ResponseRecord,
  ReviewChoice,
  SentEmails,
  SupporterRequest,
  VerificationDone,
  WallOrder,
} from './influenceTypes';
import type { Schemas } from './types';

type UploadTicket = Schemas['UploadTicket'];

const id = encodeURIComponent;

/** The Influence endpoints, on top of the one ApiClient (tokens, refresh, errors). */
export class InfluenceApi {
  constructor(private readonly api: ApiClient) {}

  // ---- public: what a supporter's phone asks for ----

  publicCampaigns(page = 1): Promise<Page<PublicCampaign>> {
    return this.api.requestPage('/api/public/campaigns', { page, limit: 20 });
  }

  publicCampaign(slug: string): Promise<PublicCampaign> {
    return this.api.request('GET', `/api/public/campaigns/${id(slug)}`);
  }

  lookup(campaign: string, postalCode: string): Promise<LookupResult> {
    return this.api.request('POST', '/api/public/representatives/lookup', {
      body: { campaign, postal_code: postalCode },
    });
  }

  send(slug: string, request: SupporterRequest): Promise<SentEmails> {
    return this.api.request('POST', `/api/public/campaigns/${id(slug)}/send`, { body: request });
  }

  mailto(slug: string, request: SupporterRequest): Promise<MailtoLink> {
    return this.api.request('POST', `/api/public/campaigns/${id(slug)}/mailto`, { body: request });
  }

  wall(slug: string, query: { sort: WallOrder; level?: Level; page?: number }): Promise<Page<PublicResponse>> {
    return this.api.requestPage(`/api/public/campaigns/${id(slug)}/responses`, { ...query, limit: 20 });
  }

  postResponse(slug: string, response: NewResponse): Promise<{ id: string }> {
    return this.api.request('POST', `/api/public/campaigns/${id(slug)}/responses`, { body: response });
  }

  upvote(responseId: string): Promise<{ upvotes: number }> {
    return this.api.request('POST', `/api/public/responses/${id(responseId)}/upvote`, { body: {} });
  }

  answerVerification(token: string, action: 'verify' | 'report'): Promise<VerificationDone> {
    return this.api.request('POST', '/api/public/responses/verify', { body: { token, action } });
  }

  // ---- campaigns (admins; a user's own submissions) ----

  campaigns(query: { status?: CampaignStatus; review?: 'pending'; q?: string; page?: number } = {}): Promise<Page<CampaignListItem>> {
    return this.api.requestPage('/api/campaigns', { ...query });
  }

  campaign(campaignId: string): Promise<Campaign> {
    return this.api.request('GET', `/api/campaigns/${id(campaignId)}`);
  }

  createCampaign(fields: CampaignFields): Promise<Campaign> {
    return this.api.request('POST', '/api/campaigns', { body: fields });
  }

  submitCampaign(fields: CampaignFields): Promise<Campaign> {
    return this.api.request('POST', '/api/campaigns/submissions', { body: fields });
  }

  myCampaigns(): Promise<Page<Campaign>> {
    return this.api.requestPage('/api/campaigns/mine', { limit: 200 });
  }

  updateCampaign(campaignId: string, patch: CampaignPatch): Promise<Campaign> {
    return this.api.request('PATCH', `/api/campaigns/${id(campaignId)}`, { body: patch });
  }

  deleteCampaign(campaignId: string): Promise<void> {
    return this.api.request('DELETE', `/api/campaigns/${id(campaignId)}`);
  }

  moveCampaign(campaignId: string, status: CampaignStatus): Promise<Campaign> {
    return this.api.request('POST', `/api/campaigns/${id(campaignId)}/status`, { body: { status } });
  }

  reviewCampaign(campaignId: string, decision: ReviewChoice, note: string): Promise<Campaign> {
    return this.api.request('POST', `/api/campaigns/${id(campaignId)}/review`, { body: { decision, note } });
  }

  duplicateCampaign(campaignId: string): Promise<Campaign> {
    return this.api.request('POST', `/api/campaigns/${id(campaignId)}/duplicate`, { body: {} });
  }

  coverUpload(campaignId: string, contentType: string, size: number): Promise<UploadTicket> {
    return this.api.request('POST', `/api/campaigns/${id(campaignId)}/cover/upload`, {
      body: { content_type: contentType, size },
    });
  }

  confirmCover(campaignId: string, key: string): Promise<Campaign> {
    return this.api.request('PUT', `/api/campaigns/${id(campaignId)}/cover`, { body: { key } });
  }

  removeCover(campaignId: string): Promise<void> {
    return this.api.request('DELETE', `/api/campaigns/${id(campaignId)}/cover`);
  }

  stats(campaignId: string): Promise<CampaignStats> {
    return this.api.request('GET', `/api/campaigns/${id(campaignId)}/stats`);
  }

  // ---- the email queue ----

  emails(query: { campaign_id?: string; status?: EmailStatus; page?: number }): Promise<Page<QueuedEmail>> {
    return this.api.requestPage('/api/campaigns/emails', { ...query });
  }

  retryEmails(target: { campaign_id?: string; ids?: string[] }): Promise<{ retried: number }> {
    return this.api.request('POST', '/api/campaigns/emails/retry', { body: target });
  }

  // ---- representatives ----

  representatives(query: { q?: string; level?: Level; page?: number } = {}): Promise<Page<RepresentativeRecord>> {
    return this.api.requestPage('/api/representatives', { ...query });
  }

  updateRepresentative(repId: string, patch: Partial<RepresentativeFields>): Promise<RepresentativeRecord> {
    return this.api.request('PATCH', `/api/representatives/${id(repId)}`, { body: patch });
  }

  deleteRepresentative(repId: string): Promise<void> {
    return this.api.request('DELETE', `/api/representatives/${id(repId)}`);
  }

  /** Imports representatives (`representatives`) or postal codes (`postal-codes`). */
  importCsv(kind: 'representatives' | 'postal-codes', csv: string, dryRun: boolean): Promise<ImportReport> {
    const path = kind === 'representatives' ? '/api/representatives/import' : '/api/representatives/postal-codes/import';
    return this.api.request('POST', path, { body: { csv, dry_run: dryRun } });
  }

  // ---- moderation ----

  responses(query: { status?: ModerationStatus; campaign_id?: string; page?: number }): Promise<Page<ResponseRecord>> {
    return this.api.requestPage('/api/responses', { ...query });
  }

  moderate(responseId: string, patch: { status?: ModerationStatus; text?: string; moderation_note?: string }): Promise<ResponseRecord> {
    return this.api.request('PATCH', `/api/responses/${id(responseId)}`, { body: patch });
  }

  deleteResponse(responseId: string): Promise<void> {
    return this.api.request('DELETE', `/api/responses/${id(responseId)}`);
  }

  requestVerification(responseId: string): Promise<ResponseRecord> {
    return this.api.request('POST', `/api/responses/${id(responseId)}/verification`, { body: {} });
  }
}
