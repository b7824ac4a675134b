ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "couriers" ADD COLUMN "legacy_device_id" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "couriers" ADD COLUMN "osmand_secret_hash" text;--> statement-breakpoint
ALTER TABLE "couriers" ADD COLUMN "osmand_secret_issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pings" ADD COLUMN "flag" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "hub_id" integer;--> statement-breakpoint
CREATE INDEX "events_hub_at_idx" ON "events" USING btree ("hub_id","at");--> statement-breakpoint
CREATE INDEX "events_actor_idx" ON "events" USING btree ("actor_type","actor_id","at");--> statement-breakpoint
CREATE INDEX "events_at_idx" ON "events" USING btree ("at");--> statement-breakpoint
ALTER TABLE "couriers" ADD CONSTRAINT "couriers_osmand_secret_hash_unique" UNIQUE("osmand_secret_hash");