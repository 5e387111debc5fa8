// The orchestrator's named JSON shapes, which schema.ts and types.ts re-export whole. This
// module is the user's: `cargo xtask gen` never writes it. Transcribed from the app's own
// types (the test fixture tests/fixtures/orchestrator-json-types.json; a test keeps the two in
// agreement).

export interface BackgroundSettings {
  type:
    | "stars"
    | "bubble"
    | "gradient"
    | "gravity-stars"
    | "hole"
    | "aurora"
    | "none";
  primaryColor?: string;
  secondaryColor?: string;
  speed?: number;
  interactive?: boolean;
}

export type DisplayMode = "immersive" | "focus";

export interface WorkspaceSettings {
  prototypesPath?: string;
  storybookPort?: number;
  linearTeamId?: string;
  notionWorkspaceId?: string;
  posthogProjectId?: string;
  contextPaths?: string[];
  baseBranch?: string;
  autoCreateFeatureBranch?: boolean;
  autoCommitJobs?: boolean;
  cursorDeepLinkTemplate?: string;
  aiExecutionMode?: "cursor" | "server" | "hybrid";
  aiValidationMode?: "none" | "light" | "schema";
  aiFallbackAfterMinutes?: number;
  knowledgebaseMapping?: Record<string, string>;
  automationMode?: "manual" | "auto_to_stage" | "auto_all";
  automationStopStage?: string;
  automationNotifyStage?: string;
  workerEnabled?: boolean;
  workerMaxConcurrency?: number;
  workerPollIntervalMs?: number;
  browserNotificationsEnabled?: boolean;
  notifyOnJobComplete?: boolean;
  notifyOnJobFailed?: boolean;
  notifyOnApprovalRequired?: boolean;
  background?: BackgroundSettings;
  columnGradients?: boolean;
  compactMode?: boolean;
  displayMode?: DisplayMode;
}

export interface ProjectMetadata {
  personas?: string[];
  hypothesis?: string;
  linkedIssues?: string[];
  tags?: string[];
  gitBranch?: string;
  baseBranch?: string;
  stageConfidence?: Record<
    string,
    {
      score: number;
      summary?: string;
      strengths?: string[];
      gaps?: string[];
      updatedAt: string;
    }
  >;
}

export interface DocumentMetadata {
  generatedBy?: "user" | "ai";
  model?: string;
  promptVersion?: string;
  reviewStatus?: "draft" | "reviewed" | "approved";
}

export interface PrototypeMetadata {
  stories?: string[];
  components?: string[];
  placementAnalysis?: {
    suggestedLocation?: string;
    existingPatterns?: string[];
  };
}

export interface NotificationMetadata {
  errorDetails?: string;
  suggestedFix?: string;
  relatedEntity?: {
    type: "document" | "prototype" | "ticket" | "integration";
    id: string;
    name?: string;
  };
  context?: Record<string, unknown>;
}
