CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_row_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`screenshot` integer NOT NULL,
	`skipped_reason` text,
	FOREIGN KEY (`message_row_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_sha_idx` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE INDEX `attachments_message_idx` ON `attachments` (`message_row_id`);--> statement-breakpoint
CREATE TABLE `case_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`state` text NOT NULL,
	`reporter` text NOT NULL,
	`reporter_name` text,
	`committee_name` text,
	`user_id` text,
	`tender_code` text,
	`tender_name` text,
	`phone` text,
	`error_code` text,
	`symptoms` text DEFAULT '[]' NOT NULL,
	`missing` text DEFAULT '[]' NOT NULL,
	`requested` text DEFAULT '[]' NOT NULL,
	`screenshots` integer DEFAULT 0 NOT NULL,
	`priority` text,
	`assignee` text,
	`phone_confirmed_at` integer,
	`lkpp_ticket` text,
	`escalation_message_id` text,
	`outcome` text,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_ref_unique` ON `cases` (`ref`);--> statement-breakpoint
CREATE INDEX `cases_state_idx` ON `cases` (`state`);--> statement-breakpoint
CREATE INDEX `cases_reporter_idx` ON `cases` (`reporter`);--> statement-breakpoint
CREATE TABLE `clocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`step` text NOT NULL,
	`owner` text NOT NULL,
	`started_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`stopped_at` integer,
	`warned_at` integer,
	`breach_alerted_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clocks_case_step_start_uq` ON `clocks` (`case_id`,`step`,`started_at`);--> statement-breakpoint
CREATE INDEX `clocks_running_idx` ON `clocks` (`stopped_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`actor` text,
	`message_id` text,
	`detail` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_case_idx` ON `events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `mailbox_checkpoints` (
	`folder` text PRIMARY KEY NOT NULL,
	`uid_validity` text NOT NULL,
	`last_uid` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`case_id` integer,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`role` text,
	`from_addr` text NOT NULL,
	`to_addrs` text DEFAULT '[]' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`in_reply_to` text,
	`references` text DEFAULT '[]' NOT NULL,
	`date` integer,
	`raw_sha256` text NOT NULL,
	`reading` text,
	`disposition` text NOT NULL,
	`reason` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_message_id_unique` ON `messages` (`message_id`);--> statement-breakpoint
CREATE INDEX `messages_case_idx` ON `messages` (`case_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`case_id` integer,
	`kind` text NOT NULL,
	`message_id` text NOT NULL,
	`from_addr` text NOT NULL,
	`to_addrs` text NOT NULL,
	`subject` text NOT NULL,
	`raw` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`bounced_at` integer,
	`bounce_message_id` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_unique` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_to_idx` ON `outbox` (`created_at`);