/**
 * Names for the Pages module's shapes of the HTTP API (landing pages, their
 * blocks, contact messages, email templates), taken from the generated `schema.ts`.
 */
import type { Schemas } from '../../api/types';

export type PageBlock = Schemas['PageBlock'];
export type BlockKind = PageBlock['type'];
/** The block of kind `K`. */
export type BlockOf<K extends BlockKind> = Extract<PageBlock, { type: K }>;
export type PageStatus = Schemas['PageStatus'];
export type PageSeo = Schemas['PageSeo'];
export type LandingPage = Schemas['LandingPage'];
export type PageSummary = Schemas['PageSummary'];
export type PublicPage = Schemas['PublicPage'];
export type NewPage = Schemas['NewPage'];
export type PagePatch = Schemas['PagePatch'];
export type ContactInput = Schemas['ContactInput'];
export type ContactSubmission = Schemas['ContactSubmission'];

export type TemplateCategory = Schemas['TemplateCategory'];
export type TemplateVariable = Schemas['TemplateVariable'];
export type TemplateSource = Schemas['TemplateSource'];
export type TemplateSummary = Schemas['EmailTemplateSummary'];
export type EmailTemplate = Schemas['EmailTemplate'];
export type TemplateVersion = Schemas['TemplateVersion'];
export type NewTemplateVersion = Schemas['NewTemplateVersion'];
export type TemplatePreview = Schemas['TemplatePreview'];
export type TemplateDiff = Schemas['TemplateDiff'];
export type DiffLine = Schemas['DiffLine'];
export type TemplateTestSent = Schemas['TemplateTestSent'];
