import { createApp } from 'vue'
import { readExampleConfig } from '../../shared/config'
import { inspectorFor } from '../../shared/console-inspector'
import App from './App.vue'
import './style.css'

const config = readExampleConfig(import.meta.env, window.location.search)
const inspect = await inspectorFor(config.inspect, async () =>
  (await import('./inspector')).connectInspector(),
)

createApp(App, { config, inspect }).mount('#app')
