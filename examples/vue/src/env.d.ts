/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_PASSAGE_APP_ID?: string
  readonly VITE_PASSAGE_BASE_URL?: string
  readonly VITE_PASSAGE_RESEND_COOLDOWN?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
