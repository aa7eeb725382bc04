import type { CampaignStatus, EmailStatus, Level, ModerationStatus, ResponseType } from '../../api/influenceTypes';

export const LEVEL_LABELS: Record<Level, string> = {
  federal: 'Federal',
  provincial: 'Provincial',
  municipal: 'Municipal',
  school_board: 'School board',
};

export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  archived: 'Archived',
};

export const RESPONSE_TYPE_LABELS: Record<ResponseType, string> = {
  email: 'Email',
  letter: 'Letter',
  phone_call: 'Phone call',
  meeting: 'Meeting',
  social_media: 'Social media',
  other: 'Other',
};

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  intent: 'Mail app opened',
};

export const MODERATION_LABELS: Record<ModerationStatus, string> = {
  pending: 'Waiting',
  approved: 'Approved',
  rejected: 'Rejected',
};
