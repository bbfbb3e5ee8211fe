import { onBeforeUnmount, onMounted, type ShallowRef, shallowRef } from 'vue'

/** A store with `getSnapshot` and `subscribe`: the core's flow binding, a session. */
export interface ExternalStore<T> {
  getSnapshot(): T
  subscribe(listener: () => void): () => void
}

/** Runs `connect` once the component is mounted, and what it returns before it unmounts. */
export function whileMounted(connect: () => () => void): void {
  let disconnect: (() => void) | undefined
  onMounted(() => {
    disconnect = connect()
  })
  onBeforeUnmount(() => disconnect?.())
}

/**
 * The store's snapshot as a ref, kept current while the component is mounted: server rendering
 * only reads it, and nothing stays subscribed after unmount.
 */
export function useStore<T>(store: ExternalStore<T>): Readonly<ShallowRef<T>> {
  const state = shallowRef(store.getSnapshot())
  const update = () => {
    state.value = store.getSnapshot()
  }
  whileMounted(() => {
    update()
    return store.subscribe(update)
  })
  return state
}
