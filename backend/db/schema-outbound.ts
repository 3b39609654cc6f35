// Kysely table types of migration 0007: a group's own mailbox (columns merged into the
// groups table), addresses that opted out of all mail, and admin-edited texts.
import type { ColumnType, Generated } from 'kysely';

/** Group SMTP settings (behaviour.md §2.2, §4.2), Discourse's column names. */
export interface GroupMailboxColumns {
  smtp_enabled: ColumnType<number, number | undefined, number>;
  smtp_server: ColumnType<string | null, string | null | undefined, string | null>;
  smtp_port: ColumnType<number | null, number | null | undefined, number | null>;
  /** 0 none, 1 ssl_tls, 2 starttls (Discourse's Group.smtp_ssl_modes). */
  smtp_ssl_mode: ColumnType<number, number | undefined, number>;
  email_username: ColumnType<string | null, string | null | undefined, string | null>;
  email_password: ColumnType<string | null, string | null | undefined, string | null>;
  email_from_alias: ColumnType<string | null, string | null | undefined, string | null>;
  imap_enabled: ColumnType<number, number | undefined, number>;
}

export interface EmailOptOutsTable {
  id: Generated<number>;
  /** Normalized address. */
  email: string;
  user_id: number | null;
  topic_id: number | null;
  created_at: string;
}

/** Discourse's TranslationOverride: an admin's text in place of a default. */
export interface TranslationOverridesTable {
  id: Generated<number>;
  locale: string;
  translation_key: string;
  value: string;
  created_at: string;
  updated_at: string;
}
