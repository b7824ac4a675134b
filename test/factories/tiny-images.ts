// Real images of 3 × 2 pixels, as a browser's canvas encodes them (colour profiles dropped), for
// tests of uploads and of reading image headers.

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** A baseline JPEG, 3 × 2. */
export const TINY_JPEG = bytes(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCeAGpH/9k=',
);

/** A PNG, 3 × 2 (what a signature canvas exports). */
export const TINY_PNG = bytes(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAEklEQVR4AWI6Y2z8H4aZGJAAAAAA///qnsSoAAAABklEQVQDAH+1BpjuJVuvAAAAAElFTkSuQmCC',
);

/** A lossy WebP (`VP8 `), 3 × 2. */
export const TINY_WEBP = bytes(
  'UklGRjQAAABXRUJQVlA4ICgAAACQAQCdASoDAAIAAsBMJaACdLoAA5gA/ujXHrz1McX/5mj9JvpN3MAA',
);

/** A lossless WebP (`VP8L`), 3 × 2. */
export const TINY_WEBP_LOSSLESS = bytes('UklGRh4AAABXRUJQVlA4TBEAAAAvAkAAAAfQmTJ3pv+BiOh/AAA=');
