// The orchestrator app's use of its schema module, in miniature: `tsc --strict` must accept it
// next to the generated files (tests/e2e/typescript.rs copies it there). Everything comes from
// the one schema module, as in the app: tables, relations, unions and the JSON shapes.

import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pg-proxy";
import * as schema from "./schema";
import {
  accounts,
  activityLogs,
  invitations,
  projects,
  sessions,
  users,
  verificationTokens,
  workspaceMembers,
  workspaces,
  type BackgroundSettings,
  type DisplayMode,
  type DocumentMetadata,
  type NotificationMetadata,
  type ProjectMetadata,
  type ProjectStage,
  type PrototypeMetadata,
  type WorkspaceRole,
  type WorkspaceSettings,
} from "./schema";

// The database as the app builds it, over a driver that never runs here.
const db = drizzle(async () => ({ rows: [] }), { schema });

// Auth.js takes the generated tables as its own.
export const adapter = DrizzleAdapter(db, {
  usersTable: users,
  accountsTable: accounts,
  sessionsTable: sessions,
  verificationTokensTable: verificationTokens,
});

type User = typeof users.$inferSelect;
type Workspace = typeof workspaces.$inferSelect;

// Inserts: the ids of the auth tables come from `$defaultFn(() => nanoid())`.
export async function signUp(email: string): Promise<User> {
  const [user] = await db.insert(users).values({ email }).returning();
  return user;
}

export async function invite(
  workspaceId: string,
  invitedBy: string,
  email: string,
  role: WorkspaceRole = "member",
) {
  const expiresAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const [invitation] = await db
    .insert(invitations)
    .values({ workspaceId, invitedBy, email, role, token: "t", expiresAt })
    .returning({ id: invitations.id, token: invitations.token });
  const id: string = invitation.id;
  await db.insert(activityLogs).values({
    workspaceId,
    userId: invitedBy,
    action: "member.invited",
    metadata: { invitationId: id },
  });
  return invitation;
}

// The baseline tables take their ids from the app.
export async function createWorkspace(id: string, name: string) {
  const settings: WorkspaceSettings = {
    baseBranch: "main",
    background: { type: "aurora", speed: 2 },
    displayMode: "focus",
  };
  const now = new Date();
  await db
    .insert(workspaces)
    .values({ id, name, settings, createdAt: now, updatedAt: now });
}

// Relational queries with the seed's relation names.
export async function workspaceWithMembers(id: string) {
  const workspace = await db.query.workspaces.findFirst({
    where: eq(workspaces.id, id),
    with: { members: { with: { user: true } }, projects: true },
  });
  if (!workspace) return undefined;
  const emails: string[] = workspace.members.map((m) => m.user.email);
  const roles: WorkspaceRole[] = workspace.members.map((m) => m.role);
  const stages: ProjectStage[] = workspace.projects.map((p) => p.stage);
  return { emails, roles, stages };
}

export async function invitationsOf(userId: string) {
  const user = await db.query.users.findFirst({
    where: eq(users.id, userId),
    with: { invitationsSent: { with: { workspace: true } } },
  });
  return user?.invitationsSent.map((i) => i.workspace.name) ?? [];
}

// JSON fields read as the app reads them: typed, not `unknown` or `{}`.
export function appearance(workspace: Workspace) {
  const settings = workspace.settings ?? {};
  const background: BackgroundSettings | undefined = settings.background;
  const type: BackgroundSettings["type"] = background?.type ?? "none";
  const speed: number | undefined = background?.speed;
  const mode: DisplayMode = settings.displayMode ?? "immersive";
  const port: number | undefined = settings.storybookPort;
  const paths: string[] = settings.contextPaths ?? [];
  const aiMode: "cursor" | "server" | "hybrid" | undefined =
    settings.aiExecutionMode;
  const mapping: Record<string, string> = settings.knowledgebaseMapping ?? {};
  return { type, speed, mode, port, paths, aiMode, mapping };
}

export async function projectConfidence(projectId: string) {
  const [project] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.status, "active")));
  const metadata: ProjectMetadata = project?.metadata ?? {};
  const scores = Object.entries(metadata.stageConfidence ?? {}).map(
    ([stage, c]) => `${stage}: ${c.score.toFixed(1)} ${c.summary ?? ""}`,
  );
  const tags: string[] = metadata.tags ?? [];
  return { scores, tags };
}

export function describe(
  document: DocumentMetadata,
  prototype: PrototypeMetadata,
  notification: NotificationMetadata,
): string[] {
  const review: "draft" | "reviewed" | "approved" | undefined =
    document.reviewStatus;
  const placement: string | undefined =
    prototype.placementAnalysis?.suggestedLocation;
  const entity:
    "document" | "prototype" | "ticket" | "integration" | undefined =
    notification.relatedEntity?.type;
  return [review ?? "", placement ?? "", entity ?? ""];
}

export async function memberships(userId: string) {
  return db
    .select({ workspace: workspaces.name, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId));
}
