/**
 * The link that opens the phone's maps app with directions to a stop: a `geo:` URI on Android,
 * which offers every installed maps app; elsewhere Google Maps' universal directions URL, which
 * opens its app when installed and the website when not.
 */
export function navigationUrl(
  destination: { lat: number; lng: number; label?: string | null },
  userAgent: string,
): string {
  const at = `${round(destination.lat)},${round(destination.lng)}`;
  if (/android/i.test(userAgent)) {
    const label = destination.label ? `(${encodeURIComponent(destination.label)})` : '';
    return `geo:${at}?q=${at}${label}`;
  }
  return `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(at)}`;
}

/** Six decimals: about 10 cm, enough for a doorstep. */
const round = (degrees: number) => Number(degrees.toFixed(6));
