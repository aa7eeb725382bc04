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
export type Day = Schemas['Day'];
export type TopVideo = Schemas['TopVideo'];
export type VideoUpvotes = Schemas['VideoUpvotes'];
export type Comment = Schemas['Comment'];
export type CommentRecord = Schemas['CommentRecord'];
export type CommentStatus = Schemas['CommentStatus'];
/** How the gallery is ordered (the `sort` of `GET /api/gallery/videos`). */
export type GalleryOrder = 'recent' | 'popular' | 'upvoted';
export type Playlist = Schemas['Playlist'];
export type PlaylistDetail = Schemas['PlaylistDetail'];
export type PlaylistFields = Schemas['PlaylistFields'];
export type PlaylistPatch = Schemas['PlaylistPatch'];
export type PublicPlaylist = Schemas['PublicPlaylist'];
export type PlaylistPage = Schemas['PlaylistPage'];
export type PreviewLink = Schemas['PreviewLink'];
export type CreatedPreviewLink = Schemas['CreatedPreviewLink'];
export type VideoPreview = Schemas['VideoPreview'];

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
  videoAnalytics(videoId: string, days = 30): Promise<Totals> {
    return this.api.request('GET', `/api/media/videos/${id(videoId)}/analytics`, { query: { days } });
  }

  comments(query: { status?: CommentStatus; video_id?: string; page?: number } = {}): Promise<Page<CommentRecord>> {
    return this.api.requestPage('/api/media/comments', { ...query, limit: 50 });
  }
  moderate(commentId: string, action: 'approve' | 'reject'): Promise<CommentRecord> {
    return this.api.request('POST', `/api/media/comments/${id(commentId)}/${action}`, { body: {} });
  }
  removeComment(commentId: string): Promise<void> {
    return this.api.request('DELETE', `/api/media/comments/${id(commentId)}`);
  }

  playlists(): Promise<Page<Playlist>> {
    return this.api.requestPage('/api/media/playlists', { limit: 200 });
  }
  playlist(playlistId: string): Promise<PlaylistDetail> {
    return this.api.request('GET', `/api/media/playlists/${id(playlistId)}`);
  }
  createPlaylist(fields: PlaylistFields): Promise<PlaylistDetail> {
    return this.api.request('POST', '/api/media/playlists', { body: fields });
  }
  updatePlaylist(playlistId: string, patch: PlaylistPatch): Promise<PlaylistDetail> {
    return this.api.request('PATCH', `/api/media/playlists/${id(playlistId)}`, { body: patch });
  }
  removePlaylist(playlistId: string): Promise<void> {
    return this.api.request('DELETE', `/api/media/playlists/${id(playlistId)}`);
  }
  addToPlaylist(playlistId: string, videoId: string): Promise<PlaylistDetail> {
    return this.api.request('POST', `/api/media/playlists/${id(playlistId)}/videos`, { body: { video_id: videoId } });
  }
  takeFromPlaylist(playlistId: string, videoId: string): Promise<PlaylistDetail> {
    return this.api.request('DELETE', `/api/media/playlists/${id(playlistId)}/videos/${id(videoId)}`);
  }
  reorderPlaylist(playlistId: string, videoIds: string[]): Promise<PlaylistDetail> {
    return this.api.request('PUT', `/api/media/playlists/${id(playlistId)}/order`, { body: { video_ids: videoIds } });
  }

  previewLinks(videoId: string): Promise<PreviewLink[]> {
    return this.api.request('GET', `/api/media/videos/${id(videoId)}/preview-links`);
  }
  createPreviewLink(videoId: string): Promise<CreatedPreviewLink> {
    return this.api.request('POST', `/api/media/videos/${id(videoId)}/preview-links`, { body: {} });
  }
  revokePreviewLink(videoId: string, linkId: string): Promise<void> {
    return this.api.request('DELETE', `/api/media/videos/${id(videoId)}/preview-links/${id(linkId)}`);
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

  gallery(query: { q?: string; tag?: string; sort?: GalleryOrder } = {}): Promise<Page<GalleryVideo>> {
    return this.api.requestPage('/api/gallery/videos', { ...query, limit: 60 });
  }
  publicPlaylists(): Promise<Page<PublicPlaylist>> {
    return this.api.requestPage('/api/gallery/playlists', { limit: 50 });
  }
  publicPlaylist(playlistId: string): Promise<PlaylistPage> {
    return this.api.request('GET', `/api/gallery/playlists/${id(playlistId)}`);
  }
  preview(token: string): Promise<VideoPreview> {
    return this.api.request('GET', `/api/gallery/preview/${id(token)}`);
  }
  upvote(videoId: string, upvoted: boolean): Promise<VideoUpvotes> {
    return this.api.request(upvoted ? 'PUT' : 'DELETE', `/api/gallery/videos/${id(videoId)}/upvote`);
  }
  videoComments(videoId: string, page = 1): Promise<Page<Comment>> {
    return this.api.requestPage(`/api/gallery/videos/${id(videoId)}/comments`, { page, limit: 20 });
  }
  comment(videoId: string, body: string): Promise<Comment> {
    return this.api.request('POST', `/api/gallery/videos/${id(videoId)}/comments`, { body: { body } });
  }
  deleteOwnComment(commentId: string): Promise<void> {
    return this.api.request('DELETE', `/api/gallery/comments/${id(commentId)}`);
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
