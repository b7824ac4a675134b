import { PHOTO_MAX_SIDE_PX } from '@dispatch/shared';

/**
 * The size a photo is downscaled to before it is stored and sent: its longest side at most
 * `maxSidePx`, proportions kept, never enlarged, never below one pixel.
 */
export function downscaledSize(
  width: number,
  height: number,
  maxSidePx: number = PHOTO_MAX_SIDE_PX,
): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSidePx) return { width, height };
  const scale = maxSidePx / longest;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** JPEG qualities tried in turn until the photo fits the upload limit. */
export const JPEG_QUALITIES = [0.85, 0.7, 0.55, 0.4] as const;
