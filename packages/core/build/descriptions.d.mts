/** The guard bundlers fold: `process.env.NODE_ENV` is not `production`. */
export declare const DEVELOPMENT: string
/** The module's `description: '…'` properties, each behind the development guard. */
export declare function guardDescriptions(source: string): string
/** Which of the core's modules hold machines with descriptions. */
export declare const describedModule: RegExp
