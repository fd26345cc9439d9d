CREATE INDEX `cases_opened_idx` ON `cases` (`opened_at`);--> statement-breakpoint
CREATE INDEX `cases_assignee_idx` ON `cases` (`assignee`,`opened_at`);