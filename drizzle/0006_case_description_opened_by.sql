ALTER TABLE `cases` ADD `description` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `opened_by_staff` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `opened_via` text;