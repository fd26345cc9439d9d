DROP INDEX `cases_state_idx`;--> statement-breakpoint
CREATE INDEX `cases_state_opened_idx` ON `cases` (`state`,`opened_at`);--> statement-breakpoint
CREATE INDEX `cases_opened_idx` ON `cases` (`opened_at`);--> statement-breakpoint
CREATE INDEX `cases_assignee_idx` ON `cases` (`assignee`,`opened_at`);