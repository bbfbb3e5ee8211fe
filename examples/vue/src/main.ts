import { createApp } from 'vue'
import { readExampleConfig } from '../../shared/config'
import App from './App.vue'
import './style.css'

const config = readExampleConfig(import.meta.env, window.location.search)
// Loaded only with ?inspect, so the inspector stays out of the main bundle.
const inspect = config.inspect ? (await import('./inspector')).connectInspector() : undefined

createApp(App, { config, inspect }).mount('#app')
