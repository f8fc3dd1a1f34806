import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processImage, sniffImage } from './images.js';

/** A JPEG with EXIF, including GPS coordinates and an orientation that rotates it. */
async function jpegWithGps() {
  return sharp({ create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Linli' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 19/1 52/1', GPSLongitudeRef: 'E', GPSLongitude: '112/1 25/1 58/1' },
    })
    .toBuffer();
}

describe('photos', () => {
  it('strips EXIF including GPS, turns the picture upright, and makes a thumbnail', async () => {
    const input = await jpegWithGps();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    // The GPS IFD really is in the input: its EXIF block is larger than the same without GPS.
    const noGps = await sharp({ create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().withMetadata({ orientation: 6 }).withExif({ IFD0: { Make: 'TestCam', Model: 'Linli' } }).toBuffer();
    expect(before.exif!.length).toBeGreaterThan((await sharp(noGps).metadata()).exif!.length + 40);
    expect(input.includes(Buffer.from('TestCam'))).toBe(true);
    const out = await processImage(input);
    const after = await sharp(out.image).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(out.image.includes(Buffer.from('TestCam'))).toBe(false);
    expect(out.image.includes(Buffer.from('GPS'))).toBe(false);
    // Orientation 6 means "rotate 90°": the stored image is upright, 32 × 64.
    expect([out.width, out.height]).toEqual([32, 64]);
    expect((await sharp(out.thumb).metadata()).format).toBe('webp');
    expect(out.mime).toBe('image/jpeg');
  });

  it('keeps PNG and WebP in their format', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#00ff0080' } }).png().toBuffer();
    expect((await processImage(png)).mime).toBe('image/png');
    const webp = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#0000ff' } }).webp().toBuffer();
    expect((await processImage(webp)).mime).toBe('image/webp');
  });

  it('rejects other files, damaged images and oversized ones with a clear error', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    expect(sniffImage(gif)).toBeNull();
    await expect(processImage(gif)).rejects.toMatchObject({ status: 400, fields: [{ field: 'file' }] });
    await expect(processImage(Buffer.from('%PDF-1.7 fake'))).rejects.toMatchObject({ status: 400 });
    const truncated = (await jpegWithGps()).subarray(0, 40);
    await expect(processImage(truncated)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('damaged') });
    await expect(processImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024)]))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('10 MB') });
  });
});
