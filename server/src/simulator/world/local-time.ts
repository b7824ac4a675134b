/**
 * Offset of local solar time at a longitude, in whole hours: a fair stand-in for a city's time
 * zone, so the world's rush hours and lunch fall at the city's own clock.
 */
export function solarUtcOffsetMinutes(lng: number): number {
  return Math.round(lng / 15) * 60;
}
