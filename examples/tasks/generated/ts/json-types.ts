// The app's own JSON shapes; `cargo xtask gen` imports from this module and never writes it.

export interface TaskDetails {
  checklist?: { label: string; done: boolean }[];
  links?: string[];
}
