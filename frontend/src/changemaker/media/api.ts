/**
 * The Media module's endpoints: the library for its admins (`/api/media/...`)
 * and the public gallery (`/api/gallery/...`), on the app's one ApiClient.
 */
import { useMemo } from 'react';
import type { ApiClient, Page } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';

export type Video = Schemas['Video'];
export type UploadStarted = Schemas['UploadStarted'];
export type PartUrl = Schemas['PartUrl'];
export type CompletedPart = Schemas['CompletedPart'];
export type GalleryVideo = Schemas['GalleryVideo'];
export type VideoPage = Schemas['VideoPage'];
export type Reactions = Schemas['Reactions'];
export type Reaction = Schemas['Reaction'];
export type Play = Schemas['Play'];
export type Totals = Schemas['Totals'];
export type Dashboard = Schemas['Dashboard'];
export type ScheduleInput = Schemas['ScheduleInput'];
export type VideoPatch = Schemas['VideoPatch'];

const id = encodeURIComponent;

export class MediaApi {
  constructor(private readonly api: ApiClient) {}

  videos(query: { q?: string; status?: string } = {}): Promise<Page<Video>> {
    return this.api.requestPage('/api/media/videos', { ...query, limit: 200 });
  }
  video(videoId: string): Promise<Video> {
    return this.api.request('GET', `/api/media/videos/${id(videoId)}`);
  }
  update(videoId: string, patch: VideoPatch): Promise<Video> {
    return this.api.request('PATCH', `/api/media/videos/${id(videoId)}`, { body: patch });
  }
  remove(videoId: string): Promise<void> {
    return this.api.request('DELETE', `/api/media/videos/${id(videoId)}`);
  }
  publish(videoId: string, publish: boolean): Promise<Video> {
    return this.api.request('POST', `/api/media/videos/${id(videoId)}/${publish ? 'publish' : 'unpublish'}`, { body: {} });
  }
  schedule(videoId: string, schedule: ScheduleInput): Promise<Video> {
    return this.api.request('PUT', `/api/media/videos/${id(videoId)}/schedule`, { body: schedule });
  }
  analytics(days = 30): Promise<Dashboard> {
    return this.api.request('GET', '/api/media/analytics', { query: { days } });
  }

  startUpload(filename: string, size: number, contentType: string): Promise<UploadStarted> {
    return this.api.request('POST', '/api/media/uploads', {
      body: { filename, size, content_type: contentType || null },
    });
  }
  freshParts(videoId: string, partNumbers: number[]): Promise<PartUrl[]> {
    return this.api.request('POST', `/api/media/uploads/${id(videoId)}/parts`, { body: { part_numbers: partNumbers } });
  }
  completeUpload(videoId: string, parts: CompletedPart[]): Promise<Video> {
    return this.api.request('POST', `/api/media/uploads/${id(videoId)}/complete`, { body: { parts } });
  }
  abortUpload(videoId: string): Promise<void> {
    return this.api.request('DELETE', `/api/media/uploads/${id(videoId)}`);
  }

  gallery(query: { q?: string; tag?: string } = {}): Promise<Page<GalleryVideo>> {
    return this.api.requestPage('/api/gallery/videos', { ...query, limit: 60 });
  }
  galleryVideo(videoId: string): Promise<VideoPage> {
    return this.api.request('GET', `/api/gallery/videos/${id(videoId)}`);
  }
  react(videoId: string, reaction: Reaction | null): Promise<Reactions> {
    const path = `/api/gallery/videos/${id(videoId)}/reaction`;
    return reaction ? this.api.request('PUT', path, { body: { reaction } }) : this.api.request('DELETE', path);
  }
  play(videoId: string): Promise<Play> {
    return this.api.request('POST', `/api/gallery/videos/${id(videoId)}/plays`, { body: {} });
  }
  progress(viewId: string, segments: { from: number; to: number }[]): Promise<unknown> {
    return this.api.request('POST', `/api/gallery/views/${id(viewId)}/progress`, { body: { segments } });
  }
}

/** The Media endpoints on the app's one API client. */
export function useMediaApi(): MediaApi {
  const { api } = useAuth();
  return useMemo(() => new MediaApi(api), [api]);
}
