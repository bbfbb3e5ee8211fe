import type { AnyStateMachine } from 'xstate'

export declare const REGENERATE: string
export declare const outputFiles: { mermaid: string; tables: string }
export declare function renderMermaid(machine: AnyStateMachine): string
export declare function renderTables(machine: AnyStateMachine): string
export declare function renderStatechart(machine?: AnyStateMachine): {
  mermaid: string
  tables: string
}
