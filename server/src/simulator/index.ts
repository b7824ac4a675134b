/** What other parts of the project use from the simulator. */
export { startFleet, type SimulatedFleet, type FleetOptions, type FleetStats } from './fleet';
export { parseSimArgs, type SimOptions } from './args';
export { generateDemoCouriers, generateDemoStops, type DemoCourier, type DemoStop } from './demo';
export { createRng, type Rng } from '../lib/rng';
export { gridNetwork, type GridNetworkOptions } from '../streets/grid';
export { loadOsmNetwork, parseOsmNetwork } from '../streets/osm';
export type { StreetNetwork, StreetGeoJSON, LatLngPair, BBox } from '../streets/network';
export type { Incident, IncidentKind, IncidentRates } from './incidents';
