/** The public surface config files import as 'rocketctl'. */
export { defineConfig } from './config/define-config.js';
export type { UserConfig, ServiceConfig, ImageProfile, TlsConfig, KafkaSettings, TopicConfig, WorkersConfig, TelemetryWorkerConfig } from './config/types.js';
export { SERVICE_NAMES, type ServiceName } from './services/descriptors.js';
