import { strykerConfig } from '../../scripts/stryker-config.mjs'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default strykerConfig('server', { breakAt: 80 })
