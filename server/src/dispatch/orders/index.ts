/** Shop orders (a pickup and its delivery) as moves, re-sequencing and suggestions treat them. */
export {
  expandToOrders,
  isPickupThenDelivery,
  orderKey,
  orderLabel,
  pairState,
  pairsById,
  partnerIn,
  pickupsFirst,
  precedenceBreaks,
  precedenceMessage,
  refusalMessage,
  type CarriedRefusal,
  type Expansion,
  type OrderMove,
  type OrderPair,
  type PairState,
  type PairableStop,
  type PrecedenceBreak,
} from './order-pairs';
export { moveSummary, stopName, type ReceivedStops } from './move-summary';
export { joinHeldOrders } from './held-orders';
