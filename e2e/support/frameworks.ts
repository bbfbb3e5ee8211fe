export const frameworks = ['react', 'vue'] as const
export type Framework = (typeof frameworks)[number]
