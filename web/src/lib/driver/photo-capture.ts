import { MAX_PHOTO_BYTES } from '@dispatch/shared';
import { downscaledSize, JPEG_QUALITIES } from './photo-size';

/**
 * A camera photo made small enough to store on the phone and send over a weak connection: the
 * longest side at most 1600 px, as a JPEG under the server's size limit. EXIF orientation is
 * applied (the picture stands as the courier saw it) and the rest of the EXIF data, with its GPS
 * position, is left behind.
 */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = downscaledSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw images');
    // A transparent PNG would turn black as a JPEG.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    for (const quality of JPEG_QUALITIES) {
      const blob = await canvasBlob(canvas, 'image/jpeg', quality);
      if (blob.size <= MAX_PHOTO_BYTES) return blob;
    }
    throw new Error('the photo is too large even when made smaller');
  } finally {
    bitmap.close();
  }
}

/** A canvas's picture as an image file. */
export function canvasBlob(
  canvas: HTMLCanvasElement,
  type: string,
  quality?: number,
): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the picture could not be saved'))),
      type,
      quality,
    ),
  );
}
