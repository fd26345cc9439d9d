-- Outgoing rows keep their parts (envelope, thread headers, text, HTML, file references) instead
-- of the whole MIME; `raw` stays, nullable, for rows queued before. Migrations run inside one
-- transaction with foreign keys on, where PRAGMA foreign_keys cannot be turned off: the
-- recipients (which reference outbox) are parked in a plain table while outbox is rebuilt.
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`case_id` integer,
	`kind` text NOT NULL,
	`message_id` text NOT NULL,
	`from_addr` text NOT NULL,
	`to_addrs` text NOT NULL,
	`cc_addrs` text DEFAULT '[]' NOT NULL,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`sent_copy_at` integer,
	`bounced_at` integer,
	`bounce_message_id` text,
	`in_reply_to` text,
	`references` text DEFAULT '[]' NOT NULL,
	`auto_submitted` text,
	`files` text DEFAULT '[]' NOT NULL,
	`text` text,
	`html` text,
	`raw` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "idempotency_key", "case_id", "kind", "message_id", "from_addr", "to_addrs", "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at", "sent_copy_at", "bounced_at", "bounce_message_id", "raw") SELECT "id", "idempotency_key", "case_id", "kind", "message_id", "from_addr", "to_addrs", "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at", "sent_at", "bounced_at", "bounce_message_id", "raw" FROM `outbox`;--> statement-breakpoint
CREATE TABLE `__parked_outbox_recipients` AS SELECT * FROM `outbox_recipients`;--> statement-breakpoint
DROP TABLE `outbox_recipients`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
CREATE TABLE `outbox_recipients` (
	`outbox_id` integer NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`outbox_id`, `address`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `outbox_recipients` SELECT `outbox_id`, `address`, `created_at` FROM `__parked_outbox_recipients`;--> statement-breakpoint
DROP TABLE `__parked_outbox_recipients`;--> statement-breakpoint
CREATE INDEX `outbox_recipients_address_idx` ON `outbox_recipients` (`address`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_unique` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_case_idx` ON `outbox` (`case_id`);--> statement-breakpoint
CREATE INDEX `outbox_sent_copy_idx` ON `outbox` (`sent_at`) WHERE sent_copy_at IS NULL AND status = 'sent';--> statement-breakpoint
ALTER TABLE `cases` ADD `files_pruned_at` integer;--> statement-breakpoint
CREATE INDEX `cases_unpruned_idx` ON `cases` (`closed_at`) WHERE state = 'closed' AND files_pruned_at IS NULL;--> statement-breakpoint
CREATE INDEX `messages_raw_sha_idx` ON `messages` (`raw_sha256`);--> statement-breakpoint
-- The triggers of migration 0008 on outbox went with the old table.
CREATE TRIGGER `outbox_archive_due` AFTER INSERT ON `outbox` WHEN NEW.`case_id` IS NOT NULL
BEGIN
  UPDATE `cases` SET `archive_due` = 1 WHERE `id` = NEW.`case_id` AND `state` = 'closed' AND NOT EXISTS (
    SELECT 1 FROM `events` e WHERE e.`case_id` = NEW.`case_id` AND e.`type` = 'case_archived' AND e.`at` >= coalesce(NEW.`sent_at`, NEW.`created_at`));
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_sent_archive_due` AFTER UPDATE OF `sent_at` ON `outbox` WHEN NEW.`case_id` IS NOT NULL AND NEW.`sent_at` IS NOT NULL
BEGIN
  UPDATE `cases` SET `archive_due` = 1 WHERE `id` = NEW.`case_id` AND `state` = 'closed' AND NOT EXISTS (
    SELECT 1 FROM `events` e WHERE e.`case_id` = NEW.`case_id` AND e.`type` = 'case_archived' AND e.`at` >= NEW.`sent_at`);
END;
