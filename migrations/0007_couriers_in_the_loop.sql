CREATE TABLE "attempt_policies" (
	"hub_id" integer NOT NULL,
	"sla_tier" text NOT NULL,
	"retry_same_day" boolean DEFAULT true NOT NULL,
	"move_to_next_day" boolean DEFAULT true NOT NULL,
	"max_attempts" smallint DEFAULT 3 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attempt_policies_hub_id_sla_tier_pk" PRIMARY KEY("hub_id","sla_tier")
);
--> statement-breakpoint
CREATE TABLE "device_actions" (
	"courier_id" integer NOT NULL,
	"action_key" text NOT NULL,
	"kind" text NOT NULL,
	"stop_id" integer,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_actions_courier_id_action_key_pk" PRIMARY KEY("courier_id","action_key")
);
--> statement-breakpoint
CREATE TABLE "pairing_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"courier_id" integer NOT NULL,
	"code_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "pairing_codes_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "stop_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"stop_id" integer NOT NULL,
	"courier_id" integer NOT NULL,
	"kind" text NOT NULL,
	"blob_key" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stop_proofs" (
	"id" serial PRIMARY KEY NOT NULL,
	"stop_id" integer NOT NULL,
	"courier_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"attempt" smallint NOT NULL,
	"recipient_name" text,
	"note" text,
	"reason_code" text,
	"code_verified" boolean DEFAULT false NOT NULL,
	"photo_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"signature_id" integer,
	"at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"distance_meters" double precision,
	"far_from_stop" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "customer_name" text;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "customer_phone" text;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "requires_code" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "delivery_code" text;--> statement-breakpoint
ALTER TABLE "stops" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attempt_policies" ADD CONSTRAINT "attempt_policies_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_policies" ADD CONSTRAINT "attempt_policies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_actions" ADD CONSTRAINT "device_actions_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD CONSTRAINT "pairing_codes_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD CONSTRAINT "pairing_codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_photos" ADD CONSTRAINT "stop_photos_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_photos" ADD CONSTRAINT "stop_photos_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_proofs" ADD CONSTRAINT "stop_proofs_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_proofs" ADD CONSTRAINT "stop_proofs_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_actions_created_idx" ON "device_actions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "pairing_codes_courier_idx" ON "pairing_codes" USING btree ("courier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stop_photos_stop_blob_uq" ON "stop_photos" USING btree ("stop_id","kind","blob_key");--> statement-breakpoint
CREATE INDEX "stop_proofs_stop_idx" ON "stop_proofs" USING btree ("stop_id");