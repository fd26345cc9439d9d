CREATE TABLE `outbox_recipients` (
	`outbox_id` integer NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`outbox_id`, `address`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_recipients_address_idx` ON `outbox_recipients` (`address`,`created_at`);--> statement-breakpoint
DROP INDEX `outbox_to_idx`;--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_case_idx` ON `outbox` (`case_id`);