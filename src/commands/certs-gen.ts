import path from 'node:path';
import { ensureSecrets, validateSecretOverrides } from '../secrets/secrets.js';
import { planMaterial } from '../tls/material-plan.js';
import { reconcileMaterial, type ReconcileResult } from '../tls/reconcile-material.js';
import { assertWritable } from '../tls/writable.js';
import type { CommandContext } from './context.js';

export interface CertsGenOptions {
  force?: boolean;
  now?: Date;
}

/** `rocketctl certs gen`: idempotent; only missing, broken, expiring or stale material is (re)issued. */
export async function certsGen(context: CommandContext, options: CertsGenOptions = {}): Promise<ReconcileResult> {
  const { config, log } = context;
  validateSecretOverrides(context.env);
  const plan = planMaterial(config);
  const folders = new Set([path.dirname(plan.ca.certFile), ...plan.leaves.map((l) => path.dirname(l.certFile))]);
  const caFolder = path.dirname(plan.ca.keyFile);
  // The CA folder holds the one key that can mint every other: owner only.
  await assertWritable([config.certsDir, ...folders], (dir) => (dir === caFolder ? 0o700 : 0o755));
  const secrets = await ensureSecrets(context);
  const result = await reconcileMaterial({
    plan,
    secrets,
    keyAlgorithm: config.tls.keyAlgorithm,
    caValidityDays: config.tls.caValidityDays,
    leafValidityDays: config.tls.leafValidityDays,
    renewWithinDays: config.tls.renewWithinDays,
    force: options.force ?? false,
    ...(options.now ? { now: options.now } : {}),
    signal: context.signal,
  });
  for (const change of result.changed) log.info(`wrote ${path.relative(config.root, change.file)} (${change.why})`);
  log.info(
    result.changed.length === 0
      ? `certs: all ${result.unchanged.length} items valid, nothing written`
      : `certs: ${result.changed.length} files written, ${result.unchanged.length} items unchanged`,
  );
  return result;
}
