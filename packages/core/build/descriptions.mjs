// The machines' `description` strings serve the inspector and the generated statechart, both
// development tools. The build puts each one behind the guard that bundlers replace, so that a
// production build of an app drops them, as React and Vue drop their development messages:
//
//   description: 'Text.'   becomes   ...(DEVELOPMENT ? { description: 'Text.' } : {})
//
// with DEVELOPMENT written out at each use, where bundlers fold it once `process.env.NODE_ENV` is
// replaced, and leave nothing behind (esbuild, checked by the bench's tests, and Rolldown):
// `typeof process === 'object' && process.env.NODE_ENV !== 'production'`. The `typeof` first: a
// browser without a bundler has no `process`, and gets no descriptions. The source keeps them
// plain, next to what they describe.

export const DEVELOPMENT = "typeof process === 'object' && process.env.NODE_ENV !== 'production'"

const single = String.raw`'(?:[^'\\\n]|\\.)*'`
const double = String.raw`"(?:[^"\\\n]|\\.)*"`
const text = String.raw`(?:${single}|${double})(?:\s*\+\s*(?:${single}|${double}))*`
const property = new RegExp(String.raw`\bdescription:\s*(${text})`, 'g')

/** The module's `description: '…'` properties, each behind the development guard. */
export function guardDescriptions(source) {
  return source.replace(
    property,
    (_, value) => `...(${DEVELOPMENT} ? { description: ${value} } : {})`,
  )
}

/** Which of the core's modules hold machines with descriptions. */
export const describedModule = /[\\/]packages[\\/]core[\\/]src[\\/][^\\/]+\.ts$/
