DROP INDEX "stops_order_ref_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "stops_order_ref_kind_uq" ON "stops" USING btree ("hub_id","order_ref","kind") WHERE "stops"."order_ref" is not null;