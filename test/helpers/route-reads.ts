/**
 * A courier's route as actions leave it: without its predicted arrivals, which the server
 * refreshes on a clock of its own (a fix, the ETA refresh), so that two reads of a route nothing
 * was done to compare equal however the refresh falls between them. The route types tests read
 * do not name `eta`.
 */
export function withoutEtas<R extends { stops: object[] }>(route: R): R {
  return {
    ...route,
    stops: route.stops.map((stop) => {
      const { eta: _eta, ...rest } = stop as { eta?: unknown };
      return rest;
    }),
  };
}
