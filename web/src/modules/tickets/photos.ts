/** Photo upload: the raw image as the body (POST /ticket-photos), through XHR for a progress bar. */
import { uploadRaw } from '../../api';
import type { Photo } from './tickets.api';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 9;

/** Why a file cannot be sent, before sending it: 'type', 'size' or null. */
export function photoProblem(file: File): 'type' | 'size' | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'type';
  if (file.size > MAX_PHOTO_BYTES) return 'size';
  return null;
}

/** Uploads one photo; `onProgress` gets 0..100. Rejects with an ApiError like api() does. */
export function uploadPhoto(file: File, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<Photo> {
  return uploadRaw<Photo>('/api/v1/ticket-photos', file, file.type, onProgress, signal);
}
