DROP INDEX `clocks_running_idx`;--> statement-breakpoint
CREATE INDEX `clocks_step_started_idx` ON `clocks` (`step`,`started_at`,`case_id`);--> statement-breakpoint
CREATE INDEX `clocks_running_idx` ON `clocks` (`stopped_at`,`due_at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `archive_due` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_closed_idx` ON `cases` (`state`,`closed_at`) WHERE state = 'closed';--> statement-breakpoint
CREATE INDEX `cases_archive_due_idx` ON `cases` (`archive_due`);--> statement-breakpoint
-- Closed cases of an existing database whose archive is missing or older than their last change
-- (the rule the tick applied to every closed case before this mark existed) are due one.
UPDATE `cases` SET `archive_due` = 1 WHERE `state` = 'closed' AND NOT EXISTS (
  SELECT 1 FROM `events` e WHERE e.`case_id` = `cases`.`id` AND e.`type` = 'case_archived' AND e.`at` >= max(
    `cases`.`updated_at`,
    coalesce((SELECT max(m.`recorded_at`) FROM `messages` m WHERE m.`case_id` = `cases`.`id`), 0),
    coalesce((SELECT max(coalesce(o.`sent_at`, o.`created_at`)) FROM `outbox` o WHERE o.`case_id` = `cases`.`id`), 0)));
--> statement-breakpoint
-- A message recorded on a closed case (a late answer, an auto-reply), or moved onto one, makes its
-- archive stale unless the archive was written at or after it: whichever code records it.
CREATE TRIGGER `messages_archive_due` AFTER INSERT ON `messages` WHEN NEW.`case_id` IS NOT NULL
BEGIN
  UPDATE `cases` SET `archive_due` = 1 WHERE `id` = NEW.`case_id` AND `state` = 'closed' AND NOT EXISTS (
    SELECT 1 FROM `events` e WHERE e.`case_id` = NEW.`case_id` AND e.`type` = 'case_archived' AND e.`at` >= NEW.`recorded_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_moved_archive_due` AFTER UPDATE OF `case_id` ON `messages` WHEN NEW.`case_id` IS NOT NULL
BEGIN
  UPDATE `cases` SET `archive_due` = 1 WHERE `id` = NEW.`case_id` AND `state` = 'closed' AND NOT EXISTS (
    SELECT 1 FROM `events` e WHERE e.`case_id` = NEW.`case_id` AND e.`type` = 'case_archived' AND e.`at` >= NEW.`recorded_at`);
END;
--> statement-breakpoint
-- Likewise a mail queued for a closed case, and its sending (the archive lists its status).
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
