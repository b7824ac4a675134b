import type { ReassignRequest } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import {
  movedLabel,
  originalPlace,
  type MoveUndo,
  type ReassignOutcome,
} from './reassignment.svelte';

/** What sending a move with an undo reads (before the move) and how it sends it. */
export interface UndoableMoveIo {
  /** The courier a stop is on now (null: unassigned; undefined: not known here). */
  ownerOf(stopId: number): number | null | undefined;
  /** A courier's open stops in visiting order. */
  routeOf(courierId: number): readonly number[];
  orderRefOf(stopId: number): string | null;
  nameOf(courierId: number): string;
  /** Words the undo toast's label is made of. */
  t: Translate;
  /** Sends the reassignment; null when another one is still in flight. */
  send(request: ReassignRequest): Promise<ReassignOutcome | null>;
}

/**
 * Sends a move through the conflict-safe reassignment; once applied, `undo` offers to put the
 * stops back where they were. Where they were is read before sending, while the routes still
 * hold them.
 */
export async function sendUndoableMove(
  request: ReassignRequest,
  io: UndoableMoveIo,
  undo: MoveUndo,
): Promise<ReassignOutcome | null> {
  const from = originalPlace(
    request.stopIds,
    (id) => io.ownerOf(id),
    (id) => io.routeOf(id),
  );
  const refs = request.stopIds.map((id) => io.orderRefOf(id));
  const outcome = await io.send(request);
  if (outcome?.state === 'applied' && from) {
    undo.offer({
      label: movedLabel(refs, io.nameOf(request.toCourierId), io.t),
      stopIds: [...request.stopIds],
      from,
      toCourierId: request.toCourierId,
    });
  }
  return outcome;
}
