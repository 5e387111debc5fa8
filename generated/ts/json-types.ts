// The named JSON shapes that schema.ts and types.ts import. This module is the user's:
// `cargo xtask gen` never writes it. A shape left open (`[key: string]: unknown`) takes any
// JSON object; write its fields down here to narrow it.

export interface WorkspaceSettings {
  [key: string]: unknown;
}

export interface ProjectMetadata {
  [key: string]: unknown;
}

export interface DocumentMetadata {
  [key: string]: unknown;
}

export interface PrototypeMetadata {
  [key: string]: unknown;
}

export interface NotificationMetadata {
  [key: string]: unknown;
}
