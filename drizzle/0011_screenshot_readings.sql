CREATE TABLE `screenshot_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`files` text NOT NULL,
	`held` text DEFAULT '[]' NOT NULL,
	`staff_told` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screenshot_jobs_message_id_unique` ON `screenshot_jobs` (`message_id`);--> statement-breakpoint
CREATE INDEX `screenshot_jobs_waiting_idx` ON `screenshot_jobs` (`id`) WHERE done_at IS NULL;--> statement-breakpoint
CREATE INDEX `screenshot_jobs_case_done_idx` ON `screenshot_jobs` (`case_id`,`done_at`);--> statement-breakpoint
CREATE TABLE `screenshot_readings` (
	`sha256` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`error_code` text,
	`headline` text,
	`exception` text,
	`page` text,
	`notification` integer NOT NULL,
	`details_hidden` integer NOT NULL,
	`confidence` integer NOT NULL,
	`ms` integer NOT NULL,
	`reason` text,
	`detail` text,
	`read_at` integer NOT NULL,
	`text` text NOT NULL
);
