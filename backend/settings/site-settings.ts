// Reads and writes site settings: defaults from definitions.ts, overrides in the
// site_settings table, validated by type before they are stored.
import type { Db } from '../db/database';
import { DomainError } from '../../shared/domain/errors';
import { isSettingName, settingDefinitions, type SettingDefinition, type SettingName } from './definitions';

export type SettingValue = string | number | boolean;

export class SiteSettings {
  private overrides = new Map<SettingName, string>();

  constructor(private readonly db: Db) {}

  /** Loads overrides; call once at start and after another process may have written. */
  async load(): Promise<void> {
    const rows = await this.db.selectFrom('site_settings').select(['name', 'value']).execute();
    this.overrides.clear();
    for (const r of rows) if (isSettingName(r.name)) this.overrides.set(r.name, r.value);
  }

  definition(name: SettingName): SettingDefinition {
    return settingDefinitions[name];
  }

  raw(name: SettingName): string {
    return this.overrides.get(name) ?? String(settingDefinitions[name].default);
  }

  bool(name: SettingName): boolean {
    return this.raw(name) === 'true';
  }

  int(name: SettingName): number {
    return Number.parseInt(this.raw(name), 10);
  }

  str(name: SettingName): string {
    return this.raw(name);
  }

  /** Group ids of a group_list setting ("1|2|14"). */
  groupIds(name: SettingName): number[] {
    return this.raw(name)
      .split('|')
      .map((x) => Number.parseInt(x, 10))
      .filter((x) => Number.isInteger(x));
  }

  value(name: SettingName): SettingValue {
    const def = settingDefinitions[name];
    if (def.type === 'bool') return this.bool(name);
    if (def.type === 'integer') return this.int(name);
    if (def.type === 'float') return Number.parseFloat(this.raw(name));
    return this.raw(name);
  }

  /** Validates and stores a value given as text (as Discourse's admin API sends it). */
  async set(name: string, input: unknown): Promise<void> {
    if (!isSettingName(name)) throw new DomainError('setting_not_found', { name });
    const stored = normalise(name, settingDefinitions[name], input);
    const now = new Date().toISOString();
    await this.db
      .insertInto('site_settings')
      .values({ name, value: stored, updated_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: stored, updated_at: now }))
      .execute();
    this.overrides.set(name, stored);
  }
}

function normalise(name: string, def: SettingDefinition, input: unknown): string {
  const bad = (detail: string) => new DomainError('setting_invalid_value', { name, detail });
  if (input === undefined || input === null) throw bad(`send the new value in a field called "${name}".`);
  if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'boolean')
    throw bad('the value must be text.');
  const text = String(input).trim();
  switch (def.type) {
    case 'bool':
      if (text === 'true' || text === 'false') return text;
      throw bad('use true or false.');
    case 'integer': {
      if (!/^-?\d+$/.test(text)) throw bad('use a whole number.');
      const n = Number.parseInt(text, 10);
      if (def.min !== undefined && n < def.min) throw bad(`the smallest allowed value is ${def.min}.`);
      if (def.max !== undefined && n > def.max) throw bad(`the largest allowed value is ${def.max}.`);
      return String(n);
    }
    case 'float':
      if (Number.isNaN(Number.parseFloat(text))) throw bad('use a number.');
      return text;
    case 'group_list':
      if (text !== '' && !/^\d+(\|\d+)*$/.test(text))
        throw bad('use group ids separated by "|", e.g. 1|2|14.');
      return text;
    case 'enum':
      if (!def.choices?.includes(text)) throw bad(`choose one of ${def.choices?.join(', ')}.`);
      return text;
    case 'email':
      if (text !== '' && !/^[^\s@]+@[^\s@]+$/.test(text)) throw bad('use an email address.');
      return text;
    case 'string':
      return String(input);
  }
}
