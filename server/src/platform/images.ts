/** Photos in: only JPEG, PNG or WebP, re-encoded without metadata (EXIF, GPS), with a thumbnail. */
import sharp from 'sharp';
import { errors } from './errors.js';

export const IMAGE_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
export type ImageFormat = keyof typeof IMAGE_TYPES;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** The format by its magic bytes, or null. */
export function sniffImage(buf: Buffer): ImageFormat | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

export interface ProcessedImage {
  format: ImageFormat;
  mime: string;
  image: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

/**
 * Checks and re-encodes a photo. The output carries no metadata at all (sharp drops EXIF, XMP and
 * GPS unless asked to keep them); the pixels are turned upright first, since the orientation tag goes too.
 */
export async function processImage(buf: Buffer, field = 'file'): Promise<ProcessedImage> {
  if (buf.length > MAX_IMAGE_BYTES) throw errors.field(field, `照片不能超过 10 MB (at most 10 MB, got ${(buf.length / 1048576).toFixed(1)} MB)`);
  const format = sniffImage(buf);
  if (!format) throw errors.field(field, '只接受 JPEG、PNG 或 WebP 照片 (only JPEG, PNG or WebP photos)');
  try {
    const upright = () => sharp(buf, { failOn: 'error', limitInputPixels: 50_000_000 }).rotate();
    const encoded = format === 'png' ? upright().png() : format === 'webp' ? upright().webp({ quality: 85 }) : upright().jpeg({ quality: 85, mozjpeg: true });
    const { data: image, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await upright().resize(360, 360, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    return { format, mime: IMAGE_TYPES[format], image, thumb, width: info.width, height: info.height };
  } catch {
    throw errors.field(field, '照片已损坏或无法读取 (the photo is damaged or unreadable)');
  }
}
