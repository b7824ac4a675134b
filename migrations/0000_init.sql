CREATE TABLE "hubs" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"on_time_target" real DEFAULT 0.95 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"hub_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "couriers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"vehicle" text NOT NULL,
	"capacity" integer NOT NULL,
	"hub_id" integer,
	"external_device_id" text,
	"device_token_hash" text,
	"token_issued_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"shift_start_minute" smallint DEFAULT 480 NOT NULL,
	"shift_end_minute" smallint DEFAULT 1200 NOT NULL,
	"status" text DEFAULT 'offline' NOT NULL,
	"route_version" integer DEFAULT 0 NOT NULL,
	"last_fix_at" timestamp with time zone,
	"last_lat" double precision,
	"last_lng" double precision,
	"last_speed_mps" real,
	"last_heading" real,
	"last_accuracy_meters" real,
	"last_battery" real,
	"last_cell" text,
	"last_ping_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "couriers_external_device_id_unique" UNIQUE("external_device_id"),
	CONSTRAINT "couriers_device_token_hash_unique" UNIQUE("device_token_hash")
);
--> statement-breakpoint
CREATE TABLE "stops" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer,
	"kind" text NOT NULL,
	"order_ref" text,
	"address" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"cell" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"service_seconds" integer DEFAULT 120 NOT NULL,
	"demand" integer DEFAULT 1 NOT NULL,
	"sla_tier" text DEFAULT 'same_day' NOT NULL,
	"status" text DEFAULT 'unassigned' NOT NULL,
	"courier_id" integer,
	"sequence" integer,
	"route_version" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failure_reason" text,
	"eta" timestamp with time zone,
	"tracking_token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stops_tracking_token_hash_unique" UNIQUE("tracking_token_hash")
);
--> statement-breakpoint
CREATE TABLE "pings" (
	"courier_id" integer NOT NULL,
	"seq" bigint NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"accuracy_meters" real,
	"speed_mps" real,
	"heading" real,
	"battery" real,
	"cell" text NOT NULL
) PARTITION BY RANGE ("received_at");
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" integer,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" integer,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"courier_id" integer,
	"stop_id" integer,
	"hub_id" integer,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" integer,
	"escalated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"stop_ids" integer[] NOT NULL,
	"from_courier_id" integer,
	"to_courier_id" integer,
	"from_route_version" integer,
	"to_route_version" integer,
	"insert_position" integer,
	"score" real NOT NULL,
	"explanation" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" integer
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couriers" ADD CONSTRAINT "couriers_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stops" ADD CONSTRAINT "stops_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stops" ADD CONSTRAINT "stops_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_from_courier_id_couriers_id_fk" FOREIGN KEY ("from_courier_id") REFERENCES "public"."couriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_to_courier_id_couriers_id_fk" FOREIGN KEY ("to_courier_id") REFERENCES "public"."couriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "stops_courier_seq_idx" ON "stops" USING btree ("courier_id","sequence");--> statement-breakpoint
CREATE INDEX "stops_status_idx" ON "stops" USING btree ("status");--> statement-breakpoint
CREATE INDEX "stops_window_end_idx" ON "stops" USING btree ("window_end");--> statement-breakpoint
CREATE UNIQUE INDEX "stops_order_ref_uq" ON "stops" USING btree ("hub_id","order_ref") WHERE "stops"."order_ref" is not null;--> statement-breakpoint
CREATE INDEX "pings_courier_seq_idx" ON "pings" USING btree ("courier_id","seq");--> statement-breakpoint
CREATE INDEX "pings_courier_t_idx" ON "pings" USING btree ("courier_id","t");--> statement-breakpoint
CREATE INDEX "events_subject_idx" ON "events" USING btree ("subject_type","subject_id","at");--> statement-breakpoint
CREATE INDEX "events_kind_at_idx" ON "events" USING btree ("kind","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_uq" ON "alerts" USING btree ("kind",coalesce("courier_id", 0),coalesce("stop_id", 0),coalesce("hub_id", 0)) WHERE "alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "alerts_opened_idx" ON "alerts" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "suggestions_status_idx" ON "suggestions" USING btree ("status","created_at");