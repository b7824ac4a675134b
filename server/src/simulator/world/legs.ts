import { haversineMeters, type Vehicle } from '@dispatch/shared';
import type { Rng } from '../../lib/rng';
import type { LatLngPair, StreetNetwork, StreetRoute } from '../../streets/network';
import {
  chooseRoute,
  cutShort,
  joinRoutes,
  parksAway,
  planParking,
  type CourierBehaviour,
} from './route-choice';
import type { Segment } from './types';

/**
 * How a piece of a leg is travelled: `access` between a position and the nearest street node,
 * `drive` along a street, `walk` between a parked vehicle and a door.
 */
export type PieceKind = 'access' | 'drive' | 'walk';

/** A stop the courier goes to and dwells at. */
export interface LegStop {
  id: number;
  lat: number;
  lng: number;
  serviceSeconds: number;
}

/** One leg to a stop, split into pieces between consecutive points. */
export interface Leg<S extends LegStop = LegStop> {
  stop: S;
  points: LatLngPair[];
  /** Distance from the leg's start to each point. */
  cumMeters: number[];
  kinds: PieceKind[];
  /** The street of each `drive` piece as the world sees it (null for the others). */
  segments: (Segment | null)[];
  /** Road speed factor of each piece (the network's, for a world without traffic). */
  factors: number[];
  /** Piece index at which the courier is back at its parked vehicle (0: it starts there). */
  pickUpIndex: number;
  /** Piece index where the vehicle is parked for the walk to the door; null: rides to the door. */
  parkIndex: number | null;
  progressMeters: number;
  segment: number;
  /** Standing at a junction until this instant. */
  holdUntilMs: number;
}

export interface LegContext {
  network: StreetNetwork;
  vehicle: Vehicle;
  /** Habits (detours, parking); null drives the shortest path to the door. */
  behaviour: CourierBehaviour | null;
  rng: Rng;
  /** Streets meeting at a point, to tell junctions from bends (only with traffic). */
  degreeAt?: (point: LatLngPair) => number;
}

/** Factor for the bits between a stop or start position and the nearest street node. */
export const ACCESS_FACTOR = 0.6;

interface RawPiece {
  to: LatLngPair;
  kind: PieceKind;
  factor: number;
  roadClass?: Segment['roadClass'];
  /** The whole street a piece lies on, when the piece is only part of it (a cut-short end). */
  street?: [LatLngPair, LatLngPair];
}

/**
 * Lays out a leg from `from` to a stop: back to the parked vehicle on foot if there is one,
 * to the street, along the chosen route (to a parking spot near the stop for a motorised
 * courier with habits), then to the door on foot or by the access path.
 */
export function buildLeg<S extends LegStop>(
  ctx: LegContext,
  from: LatLngPair,
  parked: LatLngPair | null,
  stop: S,
): Leg<S> {
  const { network, vehicle, behaviour, rng } = ctx;
  const raw: RawPiece[] = [];
  let start = from;
  if (parked) {
    raw.push({ to: parked, kind: 'walk', factor: 1 });
    start = parked;
  }
  const pickUpRaw = raw.length;
  const door: LatLngPair = [stop.lat, stop.lng];
  const fromNode = network.nearestNode(start[0], start[1]);
  const parking = behaviour && parksAway(vehicle) ? planParking(network, stop, vehicle, rng) : null;
  const toNode = network.nearestNode(stop.lat, stop.lng);
  let route: StreetRoute | null;
  let lastStreet: [LatLngPair, LatLngPair] | null = null;
  if (behaviour) {
    const firstTarget = parking?.circleVia ?? toNode;
    route = chooseRoute(network, fromNode, firstTarget, rng, behaviour.detourPropensity).route;
    if (firstTarget !== toNode) route = joinRoutes(route, network.route(firstTarget, toNode));
    if (route && parking) {
      const cut = cutShort(route, parking.walkMeters);
      route = cut;
      lastStreet = cut.lastStreet;
    }
  } else {
    route = network.route(fromNode, toNode);
  }
  let parkRaw: number | null = null;
  if (!route) {
    raw.push({ to: door, kind: 'access', factor: 1 });
  } else {
    raw.push({ to: route.points[0]!, kind: 'access', factor: ACCESS_FACTOR });
    const drives = route.points.length - 1;
    route.points.slice(1).forEach((to, i) => {
      raw.push({
        to,
        kind: 'drive',
        factor: route.segmentSpeedFactors[i]!,
        roadClass: route.segmentRoadClasses[i]!,
        ...(i === drives - 1 && lastStreet ? { street: lastStreet } : {}),
      });
    });
    if (parking) parkRaw = raw.length;
    raw.push({ to: door, kind: parking ? 'walk' : 'access', factor: ACCESS_FACTOR });
  }
  return layOut(ctx, from, raw, stop, pickUpRaw, parkRaw);
}

/** Turns raw pieces into a leg, merging duplicate points (no zero-length pieces). */
function layOut<S extends LegStop>(
  ctx: LegContext,
  from: LatLngPair,
  raw: RawPiece[],
  stop: S,
  pickUpRaw: number,
  parkRaw: number | null,
): Leg<S> {
  const leg: Leg<S> = {
    stop,
    points: [from],
    cumMeters: [0],
    kinds: [],
    segments: [],
    factors: [],
    pickUpIndex: 0,
    parkIndex: null,
    progressMeters: 0,
    segment: 0,
    holdUntilMs: 0,
  };
  raw.forEach((piece, i) => {
    if (i === pickUpRaw) leg.pickUpIndex = leg.kinds.length;
    if (i === parkRaw) leg.parkIndex = leg.kinds.length;
    const last = leg.points[leg.points.length - 1]!;
    const meters = haversineMeters(last[0], last[1], piece.to[0], piece.to[1]);
    if (meters < 0.5) return;
    leg.points.push(piece.to);
    leg.cumMeters.push(leg.cumMeters[leg.cumMeters.length - 1]! + meters);
    leg.kinds.push(piece.kind);
    leg.factors.push(piece.factor);
    leg.segments.push(
      piece.kind === 'drive' && piece.roadClass
        ? {
            from: piece.street?.[0] ?? last,
            to: piece.street?.[1] ?? piece.to,
            roadClass: piece.roadClass,
            lengthMeters: meters,
            ...(ctx.degreeAt ? { endDegree: ctx.degreeAt(piece.to) } : {}),
          }
        : null,
    );
  });
  if (pickUpRaw >= raw.length) leg.pickUpIndex = leg.kinds.length;
  // A walk merged away (parked at the door) leaves nothing to walk.
  if (leg.parkIndex !== null && leg.kinds[leg.parkIndex] !== 'walk') leg.parkIndex = null;
  return leg;
}
