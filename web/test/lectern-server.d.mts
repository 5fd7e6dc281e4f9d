export interface User {
  userId: number;
  name: string;
  token: string;
}
export interface Lectern {
  baseUrl: string;
  socketUrl: string;
  dataDir: string;
  logFile: string;
  stop: () => Promise<void>;
}
export function startLectern(options?: { extraOrigins?: string[]; env?: Record<string, string> }): Promise<Lectern>;
export function newUser(baseUrl: string, name: string): Promise<User>;
export function rest(baseUrl: string, user: User, method: string, path: string, body?: unknown): Promise<any>;
export function createWorkshop(baseUrl: string, host: User, attendees?: User[], title?: string): Promise<{ id: number; title: string }>;
