/**
 * The guard's anomaly rules, over the listener's metadata records only (it never sees a payload):
 * - `malformed-record`: a record that is not `{id, seq, type, ts}` (something else writes to the feed);
 * - `unknown-type`: a type outside `allowedTypes`, deletions included (telemetry is insert-only);
 * - `future-timestamp`: a document stamped more than `maxFutureSkewMs` after it was published (a wrong clock, or forged);
 * - `document-changed`: an id seen again under another sequence: the document was changed or re-created in
 *   CouchDB, which the validation function forbids to everyone but server admins (the same id and sequence
 *   again is an at-least-once redelivery: counted, not raised);
 * - `burst`: more than `burstLimit` documents stamped within one `burstWindowMs` window (once per window).
 */
export type RuleName = 'malformed-record' | 'unknown-type' | 'future-timestamp' | 'document-changed' | 'burst';

export interface GuardRuleSettings {
  allowedTypes: readonly string[];
  maxFutureSkewMs: number;
  burstWindowMs: number;
  burstLimit: number;
  rememberIds: number;
}

export interface Alert {
  rule: RuleName;
  /** The document concerned (absent for `burst` and an unreadable record). */
  id?: string;
  seq?: string | number;
  detail: string;
}

export interface RuleStats {
  records: number;
  redelivered: number;
  alerts: Record<RuleName, number>;
}

interface FeedRecord {
  id: string;
  seq: string | number;
  type: string;
  ts: number | null;
}

function parseRecord(value: string | null): FeedRecord | null {
  try {
    const r = JSON.parse(value ?? '') as Partial<FeedRecord>;
    const valid =
      typeof r.id === 'string' &&
      (typeof r.seq === 'string' || typeof r.seq === 'number') &&
      typeof r.type === 'string' &&
      (r.ts === null || typeof r.ts === 'number');
    return valid ? (r as FeedRecord) : null;
  } catch {
    return null;
  }
}

export function createGuardRules(settings: GuardRuleSettings) {
  const seen = new Map<string, string | number>();
  const windows = new Map<number, number>();
  const stats: RuleStats = {
    records: 0,
    redelivered: 0,
    alerts: { 'malformed-record': 0, 'unknown-type': 0, 'future-timestamp': 0, 'document-changed': 0, burst: 0 },
  };
  const raise = (alert: Alert, into: Alert[]) => {
    stats.alerts[alert.rule]++;
    into.push(alert);
  };

  /** The alerts one record raises; `publishedAt` is the Kafka record's timestamp (ms). */
  function evaluate(value: string | null, publishedAt: number): Alert[] {
    stats.records++;
    const alerts: Alert[] = [];
    const record = parseRecord(value);
    if (!record) {
      raise({ rule: 'malformed-record', detail: `not a listener record: ${String(value).slice(0, 80)}` }, alerts);
      return alerts;
    }
    const { id, seq } = record;
    const previous = seen.get(id);
    if (previous !== undefined && String(previous) === String(seq)) {
      stats.redelivered++;
      return alerts;
    }
    if (previous !== undefined)
      raise(
        { rule: 'document-changed', id, seq, detail: `document ${id} changed in CouchDB (sequence ${previous} → ${seq}); telemetry is insert-only` },
        alerts,
      );
    seen.delete(id);
    seen.set(id, seq);
    if (seen.size > settings.rememberIds) seen.delete(seen.keys().next().value!);
    if (!settings.allowedTypes.includes(record.type))
      raise({ rule: 'unknown-type', id, seq, detail: `type "${record.type}" is not one of ${settings.allowedTypes.join(', ')}` }, alerts);
    if (record.ts !== null && record.ts - publishedAt > settings.maxFutureSkewMs) {
      raise(
        {
          rule: 'future-timestamp',
          id,
          seq,
          detail: `stamped ${Math.round((record.ts - publishedAt) / 1000)} s after it was published (limit ${settings.maxFutureSkewMs / 1000} s)`,
        },
        alerts,
      );
    }
    if (record.ts !== null) {
      const window = Math.floor(record.ts / settings.burstWindowMs);
      const count = (windows.get(window) ?? 0) + 1;
      windows.set(window, count);
      if (count === settings.burstLimit + 1)
        raise(
          {
            rule: 'burst',
            detail: `more than ${settings.burstLimit} documents stamped within ${settings.burstWindowMs / 1000} s from ${new Date(window * settings.burstWindowMs).toISOString()}`,
          },
          alerts,
        );
      if (windows.size > 64) windows.delete(Math.min(...windows.keys()));
    }
    return alerts;
  }

  return { evaluate, stats: (): RuleStats => ({ ...stats, alerts: { ...stats.alerts } }) };
}
