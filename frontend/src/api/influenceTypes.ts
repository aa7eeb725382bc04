/**
 * Names for the Influence shapes of the HTTP API (campaigns, representatives,
 * supporters' emails, the response wall), taken from the types generated from the
 * OpenAPI document (`schema.ts`). Records the server answers with a flattened
 * body (a list item with counts) are named from the page they come in.
 */
import { campaignStatusValues, governmentLevelValues, moderationStatusValues, responseTypeValues } from './schema';
import type { Schemas } from './types';

export const LEVELS = governmentLevelValues;
export type Level = Schemas['GovernmentLevel'];

export const CAMPAIGN_STATUSES = campaignStatusValues;
export type CampaignStatus = Schemas['CampaignStatus'];

export type Campaign = Schemas['Campaign'];
export type CampaignFields = Schemas['CampaignFields'];
export type CampaignPatch = Schemas['CampaignPatch'];
/** A campaign in the admins' list, with its emails by status. */
export type CampaignListItem = Schemas['PageOf_CampaignListItem']['data'][number];
export type CampaignStats = Schemas['CampaignStats'];
export type ReviewChoice = Schemas['ReviewChoice'];

export type PublicCampaign = Schemas['PublicCampaign'];
export type Representative = Schemas['Representative'];
export type LookupResult = Schemas['LookupResult'];
export type SupporterRequest = Schemas['SupporterRequest'];
export type SentEmails = Schemas['SentEmails'];
export type MailtoLink = Schemas['MailtoLink'];

/** A representative as admins manage them. */
export type RepresentativeRecord = Schemas['PageOf_RepresentativeRecord']['data'][number];
export type RepresentativeFields = Schemas['RepresentativeFields'];
export type ImportReport = Schemas['ImportReport'];

export type QueuedEmail = Schemas['QueuedEmail'];
export type EmailStatus = Schemas['CampaignEmailStatus'];

export const RESPONSE_TYPES = responseTypeValues;
export type ResponseType = Schemas['ResponseType'];
export type PublicResponse = Schemas['PublicResponse'];
/** A response as admins moderate it. */
export type ResponseRecord = Schemas['PageOf_ResponseRecord']['data'][number];
export const MODERATION_STATUSES = moderationStatusValues;
export type ModerationStatus = Schemas['ModerationStatus'];
export type NewResponse = Schemas['NewResponse'];
export type WallOrder = 'recent' | 'upvotes' | 'verified';
export type VerificationDone = Schemas['VerificationDone'];
