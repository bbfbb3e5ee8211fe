export { createDevApp, type DevApp } from './app'
export { normalizeIdentifier } from './identifier'
export { createDevServer } from './server'
export type {
  Channel,
  DevControls,
  DevServer,
  DevServerOptions,
  DevStats,
  Faults,
  OtpIntent,
  OutboxControls,
  OutboxMessage,
  SeedUser,
  UserControls,
  UserRecord,
  UserStatus,
} from './types'
