export { parseIdentifier } from '@passage-otp/server'
export { createDevApp, type DevApp } from './app'
export { createDevServer } from './server'
export type {
  Channel,
  DevControls,
  DevServer,
  DevServerOptions,
  DevStats,
  Faults,
  OtpEndpoint,
  OutboxControls,
  OutboxMessage,
  SeedUser,
  UserControls,
  UserRecord,
  UserStatus,
} from './types'
