ALTER TABLE "stops" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "stops_completed_idx" ON "stops" USING btree ("completed_at");