import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { readExampleConfig } from '../../shared/config'
import { App } from './App'
import './style.css'

const config = readExampleConfig(import.meta.env, window.location.search)
// Loaded only with ?inspect, so the inspector stays out of the main bundle.
const inspect = config.inspect ? (await import('./inspector')).connectInspector() : undefined

const root = document.getElementById('root')
if (!root) throw new Error('index.html needs a #root element')
createRoot(root).render(
  <StrictMode>
    <App config={config} inspect={inspect} />
  </StrictMode>,
)
