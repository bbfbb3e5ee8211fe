import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { readExampleConfig } from '../../shared/config'
import { inspectorFor } from '../../shared/console-inspector'
import { App } from './App'
import './style.css'

const config = readExampleConfig(import.meta.env, window.location.search)
const inspect = await inspectorFor(config.inspect, async () =>
  (await import('./inspector')).connectInspector(),
)

const root = document.getElementById('root')
if (!root) throw new Error('index.html needs a #root element')
createRoot(root).render(
  <StrictMode>
    <App config={config} inspect={inspect} />
  </StrictMode>,
)
