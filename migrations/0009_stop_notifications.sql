-- The transactional outbox's writer: every change to a stop that a customer or a shop cares about
-- appends a row to notification_events in the transaction of the change, whichever code path made
-- it (an import, a plan, a move, a courier's visit, a re-attempt, a customer's reschedule). The
-- sender (server/src/notifications/) fans the rows out to webhooks, email and SMS.
--
-- Types: stop.created, stop.assigned, stop.out_for_delivery, stop.eta_changed (the ETA moved by
-- 10 minutes or more from the one last told, at most once per 15 minutes), stop.arriving (the ETA
-- is within 10 minutes while out for delivery, once per run), stop.delivered, stop.failed,
-- stop.rescheduled (the window changed), stop.returned, stop.cancelled.
CREATE OR REPLACE FUNCTION stop_notification_data(s stops) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'kind', s.kind,
    'status', s.status,
    'orderRef', s.order_ref,
    'windowStart', s.window_start,
    'windowEnd', s.window_end,
    'eta', s.eta,
    'courierId', s.courier_id,
    'attempts', s.attempts,
    'failureCode', s.failure_code,
    'completedAt', s.completed_at,
    'collectAtHub', s.collect_at_hub
  )
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stop_notify(s stops, event_type text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO notification_events (stop_id, hub_id, shop_id, type, data)
  VALUES (s.id, s.hub_id, s.shop_id, event_type, stop_notification_data(s))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stops_notify_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stop_notify(NEW, 'stop.created');
  IF NEW.courier_id IS NOT NULL THEN
    PERFORM stop_notify(NEW, 'stop.assigned');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stops_notify_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  open_now boolean := NEW.status IN ('assigned', 'en_route');
  underway boolean;
BEGIN
  -- Off a route (moved back to unassigned, rescheduled): the next run tells the customer again.
  IF NEW.courier_id IS NULL AND OLD.courier_id IS NOT NULL THEN
    NEW.out_for_delivery_at := NULL;
    NEW.arriving_notified_at := NULL;
    NEW.notified_eta := NULL;
    NEW.notified_eta_at := NULL;
  END IF;

  IF NEW.window_start IS DISTINCT FROM OLD.window_start
     OR NEW.window_end IS DISTINCT FROM OLD.window_end THEN
    NEW.arriving_notified_at := NULL;
    NEW.notified_eta := NULL;
    NEW.notified_eta_at := NULL;
    PERFORM stop_notify(NEW, 'stop.rescheduled');
  END IF;

  IF NEW.courier_id IS NOT NULL AND NEW.courier_id IS DISTINCT FROM OLD.courier_id AND open_now THEN
    NEW.out_for_delivery_at := NULL;
    NEW.arriving_notified_at := NULL;
    NEW.notified_eta := NULL;
    NEW.notified_eta_at := NULL;
    PERFORM stop_notify(NEW, 'stop.assigned');
    -- Onto a route already under way: the parcel is out with that courier from now on.
    SELECT EXISTS (
      SELECT 1 FROM stops o
      WHERE o.courier_id = NEW.courier_id AND o.id <> NEW.id
        AND o.out_for_delivery_at > now() - interval '16 hours'
    ) INTO underway;
    IF underway THEN
      NEW.out_for_delivery_at := now();
    END IF;
  END IF;

  -- The courier set off on the route: the first visit of a run marks every stop on it.
  IF NEW.courier_id IS NOT NULL AND NEW.status IS DISTINCT FROM OLD.status
     AND NEW.status IN ('en_route', 'arrived', 'delivered', 'failed') THEN
    IF NEW.out_for_delivery_at IS NULL THEN
      NEW.out_for_delivery_at := now();
    END IF;
    UPDATE stops SET out_for_delivery_at = now()
    WHERE courier_id = NEW.courier_id AND id <> NEW.id AND out_for_delivery_at IS NULL
      AND status IN ('assigned', 'en_route');
  END IF;

  IF NEW.out_for_delivery_at IS NOT NULL AND OLD.out_for_delivery_at IS NULL
     AND NEW.status IN ('assigned', 'en_route', 'arrived') THEN
    PERFORM stop_notify(NEW, 'stop.out_for_delivery');
  END IF;

  -- The ETA: told first with nothing, then when it moves 10 minutes, at most every 15.
  IF NEW.eta IS NOT NULL AND NEW.eta IS DISTINCT FROM OLD.eta AND open_now THEN
    IF NEW.notified_eta IS NULL THEN
      NEW.notified_eta := NEW.eta;
      NEW.notified_eta_at := now();
    ELSIF abs(extract(epoch FROM NEW.eta - NEW.notified_eta)) >= 600
          AND now() - NEW.notified_eta_at >= interval '15 minutes' THEN
      NEW.notified_eta := NEW.eta;
      NEW.notified_eta_at := now();
      PERFORM stop_notify(NEW, 'stop.eta_changed');
    END IF;
  END IF;

  IF open_now AND NEW.out_for_delivery_at IS NOT NULL AND NEW.arriving_notified_at IS NULL
     AND NEW.eta IS NOT NULL AND NEW.eta <= now() + interval '10 minutes' THEN
    NEW.arriving_notified_at := now();
    PERFORM stop_notify(NEW, 'stop.arriving');
  END IF;

  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NEW.status = 'delivered' THEN
      PERFORM stop_notify(NEW, 'stop.delivered');
    ELSIF NEW.status = 'failed' THEN
      PERFORM stop_notify(NEW, 'stop.failed');
    ELSIF NEW.status = 'returned' THEN
      PERFORM stop_notify(NEW, 'stop.returned');
    ELSIF NEW.status = 'cancelled' THEN
      PERFORM stop_notify(NEW, 'stop.cancelled');
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stops_notify_insert AFTER INSERT ON stops
  FOR EACH ROW EXECUTE FUNCTION stops_notify_insert();
--> statement-breakpoint
CREATE TRIGGER stops_notify_update BEFORE UPDATE ON stops
  FOR EACH ROW EXECUTE FUNCTION stops_notify_update();
