ALTER TABLE `mailbox_checkpoints` ADD `taking_uid` integer;--> statement-breakpoint
ALTER TABLE `mailbox_checkpoints` ADD `taking_attempts` integer DEFAULT 0 NOT NULL;