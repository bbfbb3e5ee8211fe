import type { AnyStateMachine, AnyStateNode } from 'xstate'

export declare const REGENERATE: string
export declare const charts: { name: string; machine: AnyStateMachine }[]
export declare function outputFilesOf(name: string): { diagrams: string; tables: string }
export declare function renderOverview(machine: AnyStateMachine): string
export declare function renderCompound(stateNode: AnyStateNode): string
export declare function renderDiagrams(machine: AnyStateMachine): string
export declare function renderTables(machine: AnyStateMachine): string
export declare function renderStatechart(machine: AnyStateMachine): {
  diagrams: string
  tables: string
}
